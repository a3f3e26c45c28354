// Papers the user marked "Not relevant" for one manuscript: hidden from its suggestions on this machine
// (never sent to Semantic Scholar). Stored as plain JSON by the caller.
import { normalizeDoi, normalizeTitle } from './identity.ts';

export interface NotRelevantMark {
  /** The candidate id at the time (`bib:key` / `s2:id`). */
  id: string;
  s2Id?: string;
  doi?: string;
  title?: string;
}

export class NotRelevantList {
  private readonly marks: NotRelevantMark[] = [];
  private readonly keys = new Set<string>();

  constructor(marks: Iterable<NotRelevantMark> = []) {
    for (const mark of marks) this.add(mark);
  }

  private static keysOf(mark: Partial<NotRelevantMark>): string[] {
    const out: string[] = [];
    if (mark.id) out.push(`id:${mark.id}`);
    if (mark.s2Id) out.push(`s2:${mark.s2Id}`);
    const doi = normalizeDoi(mark.doi);
    if (doi) out.push(`doi:${doi}`);
    const title = normalizeTitle(mark.title);
    if (title) out.push(`title:${title}`);
    return out;
  }

  add(mark: NotRelevantMark): void {
    if (this.has(mark)) return;
    this.marks.push({ ...mark });
    for (const key of NotRelevantList.keysOf(mark)) this.keys.add(key);
  }

  /** Takes a mark back ("Undo"). */
  remove(id: string): void {
    const index = this.marks.findIndex((mark) => mark.id === id);
    if (index < 0) return;
    this.marks.splice(index, 1);
    this.keys.clear();
    for (const mark of this.marks) for (const key of NotRelevantList.keysOf(mark)) this.keys.add(key);
  }

  has(paper: Partial<NotRelevantMark>): boolean {
    return NotRelevantList.keysOf(paper).some((key) => this.keys.has(key));
  }

  toJSON(): NotRelevantMark[] {
    return this.marks.map((mark) => ({ ...mark }));
  }
}
