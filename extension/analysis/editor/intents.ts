// Citation intents: the SciCite and ACL-ARC label of each citation, from the rendered sentence that
// holds it, and per reference how the manuscript cites it ("cited 4×: 3 background, 1 method (SciCite)").
// A citation in a footnote or sidenote is read in the sentence that carries the note's mark; citations
// in headings and back matter (acknowledgements, funding) are not read at all.
import { namesInParentheses, yearAfterItsAuthor } from '../../core/render/after-author.ts';
import { datasetCitation, datasetCitationAfter } from '../../core/render/dataset-form.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import { looksEnglish } from '../../core/prose/language.ts';
import type { SegmentRole } from '../../core/prose/types.ts';
import type { ProseSegment, SegmentCitation, Span } from '../../core/types.ts';
import type { IntentClassifier, IntentResult, IntentTask } from './models.ts';
import { LruCache, yieldToLoop } from './scheduler.ts';

export interface LabelledIntent extends IntentResult {
  model: string;
}

/**
 * Why the models do not read a citation: it sits in a heading or title, in back matter (`core/prose/back-matter.ts`),
 * or alone in a note whose mark is in no sentence (a table's `\footnotemark`): "[2]" alone says nothing of intent.
 */
export type UnreadReason = 'heading' | 'back matter' | 'bare note';

export interface CitationIntentRecord {
  file: string;
  /** The citation occurrence's source span. */
  span: Span;
  keys: string[];
  /** The rendered sentence the models read, as the user is shown it. */
  sentence: string;
  /** What the models are given where it differs from `sentence`: its citations as the datasets print them ("[3-5]", `core/render/dataset-form.ts`). */
  input?: string;
  /** Where this citation's rendering sits in `sentence`. */
  cited?: Span;
  /** How many other citations `sentence` holds: the models label the sentence, not one reference in it. */
  others?: number;
  /** False when the paragraph is not in English: the models read English only, and leave it unlabelled. */
  english: boolean;
  /** Set when the models do not read the citation (and it has no labels). */
  unread?: UnreadReason;
  scicite?: LabelledIntent;
  aclarc?: LabelledIntent;
}

export interface IntentModels {
  scicite?: IntentClassifier;
  aclarc?: IntentClassifier;
}

export const INTENT_TASK_NAMES: Record<IntentTask, string> = { scicite: 'SciCite', aclarc: 'ACL-ARC' };

export interface ReferenceSummary {
  /** The key as first written. */
  key: string;
  /** Citations of the reference in the project's prose. */
  count: number;
  /** How many of them the models read (English sentences outside headings and back matter). */
  read: number;
  /** SciCite label → how many citations of the reference have it. */
  scicite: Record<string, number>;
  aclarc: Record<string, number>;
}

/** What the intents read of a segment: its prose, sentences and citations, where it is and what it is. */
export type IntentSegment = Pick<ProseSegment, 'prose' | 'sentences' | 'citations' | 'span'> & { role?: SegmentRole };

type SentenceRecord = Omit<CitationIntentRecord, 'scicite' | 'aclarc'>;

/** The sentence span of a segment that holds prose offset `at` (the mark of a note belongs to the text before it). */
function sentenceAt(segment: IntentSegment, at: number): Span {
  return segment.sentences.filter((sp) => sp.start < at).at(-1) ?? segment.sentences[0] ?? { start: 0, end: segment.prose.text.length };
}

/** `text` without its leading and trailing white space, and how many characters went at the start. */
function trimmed(text: string): { text: string; shift: number } {
  const shift = text.length - text.trimStart().length;
  return { text: text.trim(), shift };
}

/**
 * Where a note's mark is: the segment that carries it and the prose offset of the mark there. A LaTeX
 * note (`\footnote{…}`, `\sidenote{…}`) or a pandoc inline note (`^[…]`) sits inside the source span of
 * the segment around it, whose prose skips it: the mark is before the first prose character after
 * the note. A pandoc note defined apart (`[^1]: …`) is found by its label in the source text.
 */
function noteMark(segments: readonly IntentSegment[], note: number, text: string | undefined): { host: number; at: number } | undefined {
  const span = segments[note].span;
  let at = -1;
  let host = -1;
  const inside = (j: number, start: number, end: number) => j !== note && segments[j].role !== 'footnote' && segments[j].span.start <= start && end <= segments[j].span.end;
  const innermost = (start: number, end: number): number => {
    let best = -1;
    segments.forEach((s, j) => {
      if (inside(j, start, end) && (best < 0 || s.span.end - s.span.start < segments[best].span.end - segments[best].span.start)) best = j;
    });
    return best;
  };
  const before = text?.slice(Math.max(0, span.start - 200), span.start) ?? '';
  if (/\\footnotetext\s*(\[[^\]]*\]\s*)?\{?\s*$/.test(before)) {
    // `\footnotetext` prints the text of the last `\footnotemark` before it: the mark is there, wherever the text is.
    const mark = text!.lastIndexOf('\\footnotemark', span.start);
    if (mark < 0) return undefined;
    host = innermost(mark, mark + '\\footnotemark'.length);
    at = mark;
  } else if ((host = innermost(span.start, span.end)) >= 0) at = span.start;
  else if (text !== undefined) {
    const label = /\[\^([^\]\s]+)\]:\s*$/.exec(before)?.[1];
    if (label === undefined) return undefined;
    const mark = new RegExp(`\\[\\^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\](?!:)`, 'g');
    for (const m of text.matchAll(mark)) {
      host = segments.findIndex((_, j) => inside(j, m.index, m.index + m[0].length));
      if (host >= 0) {
        at = m.index;
        break;
      }
    }
  }
  if (host < 0) return undefined;
  const starts = segments[host].prose.sourceStart;
  let k = 0;
  while (k < starts.length && starts[k] < at) k++;
  return { host, at: k };
}

/** Whether the sentence of citation `c` in `note` has words besides the citation. */
function hasWords(note: IntentSegment, c: SegmentCitation): boolean {
  const sp = note.sentences[c.sentence] ?? { start: 0, end: note.prose.text.length };
  return /\p{L}{2,}/u.test(note.prose.text.slice(sp.start, c.proseSpan.start) + note.prose.text.slice(c.proseSpan.end, sp.end));
}

/** The segment's prose from `from` to `to` with each citation there as the datasets print it. */
function datasetProse(segment: IntentSegment, from: number, to: number): string {
  let out = '';
  let at = from;
  for (const c of segment.citations) {
    if (c.proseSpan.start < at || c.proseSpan.end > to) continue;
    out += segment.prose.text.slice(at, c.proseSpan.start);
    out += datasetCitationAfter(out, segment.prose.text.slice(c.proseSpan.start, c.proseSpan.end));
    at = c.proseSpan.end;
  }
  return out + segment.prose.text.slice(at, to);
}

/** How many citations of a segment have their rendering inside prose span `sp`. */
function citationsWithin(segment: IntentSegment, sp: Span): number {
  return segment.citations.filter((c) => c.proseSpan.start >= sp.start && c.proseSpan.end <= sp.end).length;
}

/** The sentence a note's citation is read in: the one that carries the note's mark, with the citation (or the note's words around it) where the mark is. */
function markedSentence(host: IntentSegment, at: number, note: IntentSegment, c: SegmentCitation): Pick<SentenceRecord, 'sentence' | 'input' | 'cited' | 'others'> {
  const noteSpan = note.sentences[c.sentence] ?? { start: 0, end: note.prose.text.length };
  const rendered = note.prose.text.slice(c.proseSpan.start, c.proseSpan.end);
  const words = note.prose.text.slice(noteSpan.start, c.proseSpan.start) + note.prose.text.slice(c.proseSpan.end, noteSpan.end);
  const sp = sentenceAt(host, at);
  const cut = Math.min(Math.max(at, sp.start), sp.end);
  const before = host.prose.text.slice(sp.start, cut);
  const gap = /\S$/.test(before) ? ' ' : '';
  let insert = rendered;
  let shown = rendered;
  let renderedAt = 0;
  let others = citationsWithin(host, sp);
  // what the models are given in the insert's place: its citations as the datasets print them
  let input = (citation: string) => citation;
  if (/\p{L}{2,}/u.test(words)) {
    const own = trimmed(note.prose.text.slice(noteSpan.start, noteSpan.end));
    const inNote = (text: string) => `${gap}(${text.trim().replace(/[.;:,]+$/, '')})`;
    insert = inNote(own.text);
    input = () => inNote(datasetProse(note, noteSpan.start, noteSpan.end));
    renderedAt = gap.length + 1 + c.proseSpan.start - noteSpan.start - own.shift;
    others += citationsWithin(note, noteSpan) - 1;
  } else if (!/[[(]/.test(rendered)) {
    // a citation printed bare in the note ("Jones and Lee, 2019.") reads as the datasets show it in a sentence: in parentheses
    insert = `${gap}(${rendered})`;
    input = (citation) => `${gap}(${citation})`;
    renderedAt = gap.length + 1;
  } else if (!/^[[(]/.test(rendered)) {
    // "Jones and Lee (2019)": a word of its own after the mark
    insert = `${gap}${rendered}`;
    input = (citation) => `${gap}${citation}`;
    renderedAt = gap.length;
  } else if (namesInParentheses(rendered)) {
    // "(Young, 2000)" after the mark: a space before it, and "Young (2000)" when the mark sits on Young
    const single = c.occurrence.form === 'parenthetical' && c.occurrence.keys.length === 1;
    shown = (single ? yearAfterItsAuthor(rendered, before) : undefined) ?? rendered;
    insert = `${gap}${shown}`;
    input = (citation) => `${gap}${citation}`;
    renderedAt = gap.length;
  }
  const { text: sentence, shift } = trimmed(before + insert + host.prose.text.slice(cut, sp.end));
  const start = before.length + renderedAt - shift;
  const hostBefore = datasetProse(host, sp.start, cut);
  const form = input(datasetCitation(shown));
  // a prenote moved out of a bracket glued to its word ("Kinetics[see 3]") is a word of its own
  const space = shown.startsWith('[') && /^\p{L}/u.test(form) && /\S$/u.test(hostBefore) ? ' ' : '';
  const read = trimmed(hostBefore + space + form + datasetProse(host, cut, sp.end)).text;
  return { sentence, ...(read !== sentence ? { input: read } : {}), cited: { start, end: start + shown.length }, others };
}

/** What `citationSentences` reads once per file: which segments are back matter, and why a segment's citations go unread. */
function sentenceReader(file: string, segments: readonly IntentSegment[], text: string | undefined): (i: number, out: SentenceRecord[]) => void {
  const backMatter = backMatterParagraphs(segments);
  const unread = (i: number): UnreadReason | undefined => (segments[i].role === 'title' ? 'heading' : backMatter.has(i) ? 'back matter' : undefined);
  return (i, out) => {
    const s = segments[i];
    if (s.citations.length === 0) return;
    const mark = s.role === 'footnote' ? noteMark(segments, i, text) : undefined;
    const reader = mark ? segments[mark.host] : s;
    const english = looksEnglish(reader.prose.text);
    const why = unread(i) ?? (mark ? unread(mark.host) : undefined);
    for (const c of s.citations) {
      const record: SentenceRecord = { file, span: c.occurrence.span, keys: c.occurrence.keys.map((k) => k.key).filter((k) => k !== '*'), sentence: '', english };
      if (mark) Object.assign(record, markedSentence(reader, mark.at, s, c));
      else {
        const sp = s.sentences[c.sentence] ?? { start: 0, end: s.prose.text.length };
        const { text: sentence, shift } = trimmed(s.prose.text.slice(sp.start, sp.end));
        const start = c.proseSpan.start - sp.start - shift;
        Object.assign(record, { sentence, cited: { start, end: start + c.proseSpan.end - c.proseSpan.start }, others: citationsWithin(s, sp) - 1 });
        const input = datasetProse(s, sp.start, sp.end).trim();
        if (input !== sentence) record.input = input;
        if (s.role === 'footnote' && !hasWords(s, c)) record.unread = 'bare note';
      }
      if (why) record.unread = why;
      out.push(record);
    }
  };
}

/**
 * The sentence the models read for each citation of the segments (in reading order), and whether
 * they read it at all. `text` is the file's source: it finds the marks of pandoc notes defined apart.
 */
export function citationSentences(file: string, segments: readonly IntentSegment[], text?: string): SentenceRecord[] {
  const out: SentenceRecord[] = [];
  const read = sentenceReader(file, segments, text);
  for (let i = 0; i < segments.length; i++) read(i, out);
  return out;
}

/** How many citations (or sentences) are handled between two turns of the event loop: a big file never holds up the server's other messages for long. */
const SLICE = 2000;

/** `citationSentences`, the same records, handing control back to the event loop every few thousand citations; undefined when `isCurrent` turned false on the way. */
export async function citationSentencesYielding(file: string, segments: readonly IntentSegment[], text: string | undefined, isCurrent: () => boolean): Promise<SentenceRecord[] | undefined> {
  const out: SentenceRecord[] = [];
  const read = sentenceReader(file, segments, text);
  let since = 0;
  for (let i = 0; i < segments.length; i++) {
    since += segments[i].citations.length;
    if (since > SLICE) {
      since = 0;
      await yieldToLoop();
      if (!isCurrent()) return undefined;
    }
    read(i, out);
  }
  return out;
}

/**
 * Classifies sentences with one model, through a cache keyed by model and sentence, a batch of 32 new
 * sentences at a time; each distinct sentence is looked up once (a big file repeats many).
 */
async function classifyAll(model: IntentClassifier, sentences: readonly string[], cache: LruCache<IntentResult>, isCurrent: () => boolean): Promise<(IntentResult | undefined)[] | undefined> {
  const found = new Map<string, IntentResult | undefined>();
  const missing: string[] = [];
  for (const s of sentences) {
    if (found.has(s)) continue;
    const hit = cache.get(`${model.id}\u0000${s}`);
    found.set(s, hit);
    if (hit === undefined) missing.push(s);
    if (found.size % SLICE === 0) {
      await yieldToLoop();
      if (!isCurrent()) return undefined;
    }
  }
  for (let k = 0; k < missing.length; k += 32) {
    await yieldToLoop();
    if (!isCurrent()) return undefined;
    const batch = missing.slice(k, k + 32);
    const results = await model.classify(batch);
    batch.forEach((s, j) => {
      cache.set(`${model.id}\u0000${s}`, results[j]);
      found.set(s, results[j]);
    });
  }
  return sentences.map((s) => found.get(s));
}

export class IntentAnalyzer {
  readonly cache = new LruCache<IntentResult>(20_000);

  /** Intents of every citation in the given files; undefined when `isCurrent` turned false on the way. */
  async classify(files: readonly { file: string; segments: readonly IntentSegment[]; text?: string }[], models: IntentModels, isCurrent: () => boolean = () => true): Promise<CitationIntentRecord[] | undefined> {
    const records: CitationIntentRecord[] = [];
    for (const f of files) {
      const read = await citationSentencesYielding(f.file, f.segments, f.text, isCurrent);
      if (!read) return undefined;
      for (const r of read) records.push(r);
    }
    return this.label(records, models, isCurrent);
  }

  /** Labels citation records (from `citationSentences`) in place with each model's intent; undefined when `isCurrent` turned false on the way. */
  async label(records: CitationIntentRecord[], models: IntentModels, isCurrent: () => boolean = () => true): Promise<CitationIntentRecord[] | undefined> {
    const english = records.filter((r) => r.english && !r.unread);
    const sentences = english.map((r) => r.input ?? r.sentence);
    for (const task of ['scicite', 'aclarc'] as const) {
      const model = models[task];
      if (!model) continue;
      const results = await classifyAll(model, sentences, this.cache, isCurrent);
      if (!results) return undefined;
      // one labelled intent per distinct result: the citations of a repeated sentence share it (nobody changes it)
      const labelled = new Map<IntentResult, LabelledIntent>();
      english.forEach((r, i) => {
        const res = results[i];
        if (!res) return;
        let l = labelled.get(res);
        if (!l) labelled.set(res, (l = { ...res, model: model.id }));
        r[task] = l;
      });
    }
    return records;
  }
}

/** How each reference (by lower-cased key, as BibTeX matches keys) is cited across the records. */
export function referenceSummaries(records: readonly CitationIntentRecord[]): Map<string, ReferenceSummary> {
  const out = new Map<string, ReferenceSummary>();
  for (const r of records) {
    for (const key of new Set(r.keys.map((k) => k.toLowerCase()))) {
      let s = out.get(key);
      if (!s) {
        s = { key: r.keys.find((k) => k.toLowerCase() === key) ?? key, count: 0, read: 0, scicite: {}, aclarc: {} };
        out.set(key, s);
      }
      s.count++;
      if (r.english && !r.unread) s.read++;
      if (r.scicite) s.scicite[r.scicite.label] = (s.scicite[r.scicite.label] ?? 0) + 1;
      if (r.aclarc) s.aclarc[r.aclarc.label] = (s.aclarc[r.aclarc.label] ?? 0) + 1;
    }
  }
  return out;
}

/** "3 background, 1 method": how many of a reference's citations have each label of a task, most frequent first. */
export function labelCounts(summary: ReferenceSummary, task: IntentTask): string {
  const counts = Object.entries(summary[task]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return counts.map(([label, n]) => `${n} ${label}`).join(', ');
}

/**
 * "cited 4×: 3 background, 1 method (SciCite) · 2 Background, 2 Uses (ACL-ARC)", and how many of the
 * citations the models read when they did not read all ("cited 16×, 10 of them in sentences the models
 * read: …"). `total`: the count to start from when the caller counts citations more widely (every
 * occurrence of the key, also in tables and figure bodies).
 */
export function summaryLine(summary: ReferenceSummary, tasks: readonly IntentTask[] = ['scicite', 'aclarc'], total = summary.count): string {
  const cited = `cited ${total}×`;
  if (summary.read === 0) return `${cited}, none in a sentence the models read`;
  const labels = tasks.map((t) => [labelCounts(summary, t), INTENT_TASK_NAMES[t]]).filter(([counts]) => counts).map(([counts, name]) => `${counts} (${name})`).join(' · ');
  const head = summary.read < total ? `${cited}, ${summary.read} of them in sentences the models read` : cited;
  return labels ? `${head}: ${labels}` : head;
}
