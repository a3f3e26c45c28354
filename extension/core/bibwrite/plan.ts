// Plans adding one paper to a .bib: refuse an export another tool regenerates, find a duplicate (DOI,
// then normalised title) anywhere in the bibliography, pick a key in the file's style that no entry
// uses, and produce the text to append. The plan never changes existing bytes: the new file is always
// `text + plan.text` (the caller writes it atomically, or as a workspace edit at `offset`).
import { resolveBibSyntax } from '../bib/parse-bibtex.ts';
import { readBibSyntax, type ChunkMemo } from '../bib/syntax.ts';
import { IdentityIndex, normalizeDoi } from '../related/identity.ts';
import type { BibEntry } from '../types.ts';
import type { BibEngine } from './engine.ts';
import { entryFields, entryType, formatEntry } from './format.ts';
import { applyKeyTemplate, DEFAULT_KEY_TEMPLATE, detectKeyTemplate, uniqueKey, type KeyTemplate } from './key-style.ts';
import { PARTICLES, type PaperMetadata } from './metadata.ts';
import { rawEntriesOf } from './raw-entries.ts';
import { detectBibStyle, type BibFileStyle } from './style.ts';

export type BibInsertPlan =
  | { kind: 'append'; key: string; offset: number; text: string; entry: string; style: BibFileStyle; template: KeyTemplate }
  | { kind: 'duplicate'; key: string; file: string; match: 'doi' | 'title' }
  | { kind: 'refused'; reason: string };

export interface PlanOptions {
  /** The path of the file (for messages and parsing). */
  file: string;
  /** Every entry the manuscript's bibliography already has (all files): duplicates and key collisions are checked against them. */
  bibliography?: readonly BibEntry[];
  /** biblatex or BibTeX, as the manuscript declares it (bibwrite/engine.ts): decides the field names; undefined: the file's habit. */
  bibEngine?: BibEngine;
  /** Older spelling of `bibEngine: 'biblatex'`. */
  biblatexProject?: boolean;
  /** Write to an auto-export anyway (the user was asked and said yes). */
  allowAutoExport?: boolean;
  /** Use this key (when free) instead of generating one. */
  key?: string;
}

export function planBibInsertion(text: string, paper: PaperMetadata, options: PlanOptions): BibInsertPlan {
  // A large file the caller's bibliography has parsed already (the server's, off its main loop) is
  // not parsed again: its structure is scanned, its style and key habit read from its first entries.
  const parsed = text.length >= LARGE_FILE ? options.bibliography?.filter((entry) => entry.file === options.file) : undefined;
  const reuse = parsed !== undefined && parsed.length > 0;
  const syntax = readBibSyntax(text, reuse ? STRUCTURE_ONLY : undefined);
  const unclosed = syntax.problems.find((problem) => problem.unclosed);
  if (unclosed) {
    return { kind: 'refused', reason: `${options.file}, line ${unclosed.line + 1}: ${unclosed.message}, so BibTeX would read a new entry as part of it. Close that entry first; nothing was written.` };
  }
  const sample = reuse ? readBibSyntax(text.slice(0, sampleEnd(text))) : syntax;
  const style = detectBibStyle(text, { entries: rawEntriesOf(sample).entries, ...(options.bibEngine ? { bibEngine: options.bibEngine } : {}), ...(options.biblatexProject ? { biblatexProject: true } : {}) });
  if (style.autoExport && !options.allowAutoExport) return { kind: 'refused', reason: `${options.file} is not written to: ${style.autoExport}.` };
  const own = reuse ? [...parsed, ...entriesAfter(parsed, text, options.file)] : resolveBibSyntax(options.file, syntax).entries;
  const all = [...own, ...(options.bibliography ?? []).filter((entry) => entry.file !== options.file)];
  const duplicate = findDuplicate(paper, all);
  if (duplicate) return { kind: 'duplicate', key: duplicate.entry.key, file: duplicate.entry.file, match: duplicate.match };
  const taken = new Set([...all.map((entry) => entry.key.toLowerCase()), ...headerKeys(text)]);
  const habit = reuse ? resolveBibSyntax(options.file, sample).entries : own;
  const template = habit.length > 0 ? detectKeyTemplate(habit).template : DEFAULT_KEY_TEMPLATE;
  const family = paper.authors[0]?.family ?? '';
  const base = options.key ?? applyKeyTemplate(template, { family, year: paper.year ? String(paper.year) : paper.date, title: paper.title })
    ?? applyKeyTemplate({ ...template, titleWords: template.titleWords || 1 }, { family: 'anon', year: paper.year ? String(paper.year) : undefined, title: paper.title }) ?? 'anon';
  const key = uniqueKey(base, taken);
  const entry = formatEntry(entryType(paper), key, entryFields(paper, style), style);
  return { kind: 'append', key, offset: text.length, text: appendix(text, entry, style), entry, style, template };
}

/** Files this long (about 1 MB) are parsed by the server off its main loop: the plan reuses that parse. */
const LARGE_FILE = 1_000_000;

/** Hands every closed entry on unparsed: what is left is the file's structure (and its unclosed entries). */
const STRUCTURE_ONLY: ChunkMemo = { has: () => true };

/**
 * Entries after the end of those parsed earlier: what adds queued before this one appended since
 * (the caller's parse predates them), so the same paper is not added twice.
 */
function entriesAfter(parsed: readonly BibEntry[], text: string, file: string): BibEntry[] {
  let end = 0;
  for (const entry of parsed) end = Math.max(end, entry.span.end);
  return end < text.length ? resolveBibSyntax(file, readBibSyntax(text.slice(end))).entries : [];
}

/** The text before the 300th entry: enough to read a file's style and key habit. */
function sampleEnd(text: string): number {
  const headers = /^[ \t]*@/gm;
  for (let i = 0; i < 300; i++) if (!headers.exec(text)) return text.length;
  return headers.lastIndex - 1;
}

/**
 * The key of every entry header, lower-cased, those of entries that do not parse too: BibTeX still
 * defines them, so a new entry must not take one.
 */
function headerKeys(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(/@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()"#%'=]+)\s*,/g)) {
    if (!/^(comment|string|preamble)$/i.test(m[1])) keys.push(m[2].toLowerCase());
  }
  return keys;
}

/** What goes after the existing text: a line ending if the file lacks a final one, the file's blank lines, the entry. */
function appendix(text: string, entry: string, style: BibFileStyle): string {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim().length === 0) return `${text.length > 0 && !style.endsWithNewline ? style.eol : ''}${entry}${style.eol}`;
  let prefix = style.endsWithNewline ? '' : style.eol;
  const trailingBlank = (/(?:[ \t]*\r?\n)*$/.exec(body)?.[0].match(/\n/g) ?? []).length - (style.endsWithNewline ? 1 : 0);
  for (let i = Math.max(0, trailingBlank); i < style.blankLines; i++) prefix += style.eol;
  return `${prefix}${entry}${style.eol}`;
}

/**
 * The entry that is the same paper: same DOI first, then the same normalised title (and year ±1 when
 * both have one) where the DOIs do not differ and the first authors share a name word ("Introduction"
 * by Smith is not "Introduction" by Jones; "van Dijk" is BibTeX's "Dijk").
 */
export function findDuplicate(paper: Pick<PaperMetadata, 'doi' | 'title' | 'year' | 'arxiv' | 'authors'>, entries: readonly BibEntry[]): { entry: BibEntry; match: 'doi' | 'title' } | undefined {
  const doi = normalizeDoi(paper.doi);
  if (doi) {
    const byDoi = entries.find((entry) => normalizeDoi(entry.doi ?? entry.fields.doi) === doi);
    if (byDoi) return { entry: byDoi, match: 'doi' };
  }
  const newNames = nameTokens(paper.authors[0]?.family);
  const index = new IdentityIndex(entries.map((entry) => ({ entry, title: entry.title, year: entry.year, arxiv: entry.arxiv, doi: entry.doi ?? entry.fields.doi })));
  const hit = index.find({ title: paper.title, year: paper.year, arxiv: paper.arxiv, doi: paper.doi }, (candidate) => {
    const first = candidate.entry.authors[0];
    const known = nameTokens([first?.particle, first?.family, first?.suffix, first?.literal].filter(Boolean).join(' '));
    return newNames.size === 0 || known.size === 0 || [...newNames].some((token) => known.has(token));
  });
  return hit ? { entry: hit.entry, match: 'title' } : undefined;
}

/**
 * The words of a first author's name, compared without case, accents, particles or suffixes: "van
 * Dijk" and BibTeX's "Dijk" (particle apart) share "dijk", "King Jr." and "King" share "king", "World
 * Health Organization" and "Organization" share "organization".
 */
function nameTokens(name: string | undefined): Set<string> {
  const words = (name ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}]+/u);
  return new Set(words.filter((w) => w.length > 1 && !NAME_PARTICLES.has(w)));
}

const NAME_PARTICLES = new Set([...PARTICLES, 'jr', 'sr', 'ii', 'iii', 'iv']);
