// When two records are the same paper: same DOI, same arXiv id, same Semantic Scholar id, or the same
// normalised title (and, when both have one, the same year ±1).
import { foldText } from './terms.ts';

/** `https://doi.org/10.1/X` → `10.1/x` (DOIs are case-insensitive). */
export function normalizeDoi(doi: string | undefined): string | undefined {
  if (!doi) return undefined;
  const m = /(10\.\d{3,9}\/\S+)/.exec(doi.trim());
  return m ? m[1].replace(/[.,;]+$/, '').toLowerCase() : undefined;
}

/** `arXiv:2101.00001v2` → `2101.00001`. */
export function normalizeArxiv(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?/i.exec(id.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** LaTeX's text-accent commands (`\"o`, `\'{e}`, `\c{c}`, `\v s`): the letter stays, the accent goes (as foldText does to "ö"). */
const LATEX_ACCENT = /\\(?:[`'^"~=.]\s*|[uvHckrbd](?:\s+|(?=\{)))\{?\\?([a-zA-Z])\}?/g;
/** Letters written as commands (`\ss`, `\o`, `\ae`). */
const LATEX_LETTER = /\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![a-zA-Z])\s*/g;
/** Commands that only format their argument (`\emph{Drosophila}` reads "Drosophila"). */
const LATEX_FORMAT = /\\(?:emph|text(?:it|bf|sc|rm|tt|sf|up|sl|normal)?|math(?:rm|it|bf|sf|tt|cal|bb|frak)|mbox|textsuperscript|textsubscript)\b\s*/g;

/** Title folded to letters and digits: braces, LaTeX accents and formatting, accents, case and punctuation do not matter. */
export function normalizeTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const plain = title.replace(LATEX_ACCENT, '$1').replace(LATEX_LETTER, '$1').replace(LATEX_FORMAT, '');
  const folded = foldText(plain.replace(/[{}\\]/g, '')).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return folded.length > 0 ? folded : undefined;
}

/** Whether two titles are the same once normalised (the manuscript's own title against a candidate's). */
export function sameTitle(a: string | undefined, b: string | undefined): boolean {
  const left = normalizeTitle(a);
  return left !== undefined && left === normalizeTitle(b);
}

export interface PaperIdentity {
  doi?: string;
  arxiv?: string;
  s2Id?: string;
  title?: string;
  year?: number | string;
}

export function samePaper(a: PaperIdentity, b: PaperIdentity): boolean {
  const doiA = normalizeDoi(a.doi);
  const doiB = normalizeDoi(b.doi);
  if (doiA && doiB) return doiA === doiB;
  if (a.s2Id && b.s2Id && a.s2Id === b.s2Id) return true;
  const arA = normalizeArxiv(a.arxiv);
  const arB = normalizeArxiv(b.arxiv);
  if (arA && arB && arA === arB) return true;
  const titleA = normalizeTitle(a.title);
  if (!titleA || titleA !== normalizeTitle(b.title)) return false;
  const yearA = Number(a.year);
  const yearB = Number(b.year);
  return !Number.isFinite(yearA) || !Number.isFinite(yearB) || !a.year || !b.year || Math.abs(yearA - yearB) <= 1;
}

/** Lookup tables over a list of papers, for matching many candidates quickly. */
export class IdentityIndex<T extends PaperIdentity> {
  private readonly byDoi = new Map<string, T>();
  private readonly byArxiv = new Map<string, T>();
  private readonly byS2 = new Map<string, T>();
  private readonly byTitle = new Map<string, T[]>();

  constructor(items: Iterable<T>) {
    for (const item of items) this.add(item);
  }

  add(item: T): void {
    const doi = normalizeDoi(item.doi);
    if (doi && !this.byDoi.has(doi)) this.byDoi.set(doi, item);
    const arxiv = normalizeArxiv(item.arxiv);
    if (arxiv && !this.byArxiv.has(arxiv)) this.byArxiv.set(arxiv, item);
    if (item.s2Id && !this.byS2.has(item.s2Id)) this.byS2.set(item.s2Id, item);
    const title = normalizeTitle(item.title);
    if (title) {
      const list = this.byTitle.get(title);
      if (list) list.push(item);
      else this.byTitle.set(title, [item]);
    }
  }

  /**
   * The first known paper that is the same as `query`: by DOI, then S2 id, arXiv id, normalised title
   * (a title match only where `accept` agrees, when given).
   */
  find(query: PaperIdentity, accept: (candidate: T) => boolean = () => true): T | undefined {
    const doi = normalizeDoi(query.doi);
    if (doi) {
      const hit = this.byDoi.get(doi);
      if (hit) return hit;
    }
    if (query.s2Id) {
      const hit = this.byS2.get(query.s2Id);
      if (hit) return hit;
    }
    const arxiv = normalizeArxiv(query.arxiv);
    if (arxiv) {
      const hit = this.byArxiv.get(arxiv);
      if (hit) return hit;
    }
    const title = normalizeTitle(query.title);
    if (!title) return undefined;
    return this.byTitle.get(title)?.find((item) => samePaper(item, query) && accept(item));
  }
}
