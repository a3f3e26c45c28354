// How a .bib file is written, read from the file itself: byte-order mark, line endings, indentation,
// `=` spacing and alignment, delimiters, entry-type case, BibLaTeX or BibTeX field names, whether it
// ends in a newline, and whether another tool regenerates it (then we must not write to it).
import type { RawEntry } from '../bib/syntax.ts';
import type { BibEngine } from './engine.ts';
import { rawEntries } from './raw-entries.ts';

export interface BibFileStyle {
  bom: boolean;
  eol: '\n' | '\r\n';
  /** Indentation of field lines, e.g. "  ", "\t". */
  indent: string;
  /** Field names padded so the `=` signs line up (to this width), or 0. */
  alignWidth: number;
  /** Text around `=`: " = " or "=". */
  equals: string;
  /** Value delimiters. */
  quotes: boolean;
  /** `@article` / `@Article` / `@ARTICLE`. */
  typeCase: 'lower' | 'capital' | 'upper';
  /** `title` / `Title` / `TITLE`. */
  fieldCase: 'lower' | 'capital' | 'upper';
  /** Comma after the last field. */
  trailingComma: boolean;
  /** Field names of BibLaTeX (`journaltitle`, `date`) rather than BibTeX (`journal`, `year`). */
  biblatex: boolean;
  /** Blank lines between entries. */
  blankLines: number;
  endsWithNewline: boolean;
  /** True when every character is ASCII: non-ASCII then goes in as LaTeX accents. */
  ascii: boolean;
  /** Why the file must not be written to (an export another tool regenerates), if so. */
  autoExport?: string;
}

const AUTO_EXPORT_MARKERS: { pattern: RegExp; reason: string }[] = [
  { pattern: /Better\s*Bib(?:La)?TeX/i, reason: 'it is a Zotero Better BibTeX export, which Zotero regenerates: add the paper to your Zotero library instead' },
  { pattern: /Mendeley/i, reason: 'it is a Mendeley Desktop export, which Mendeley regenerates: add the paper in Mendeley instead' },
  { pattern: /auto-?export/i, reason: 'its header says it is an automatic export, which its tool regenerates' },
  { pattern: /(?:generated|exported)\s+(?:automatically|by)\b/i, reason: 'its header says another tool generates it' },
  { pattern: /changes[^\n]{0,40}will be (?:lost|overwritten)/i, reason: 'its header says changes to it will be lost when it is regenerated' },
  { pattern: /do\s+not\s+edit/i, reason: 'its header says not to edit it' },
];

/** The comment text before the first entry (what a tool writes as a header). */
export function headerOf(text: string, entries: RawEntry[]): string {
  const end = entries.length > 0 ? entries[0].start : Math.min(text.length, 4000);
  return text.slice(0, Math.min(end, 4000));
}

export function detectAutoExport(text: string, entries: RawEntry[] = rawEntries(text).entries): string | undefined {
  const header = headerOf(text, entries);
  for (const { pattern, reason } of AUTO_EXPORT_MARKERS) if (pattern.test(header)) return reason;
  return undefined;
}

function caseOf(word: string): 'lower' | 'capital' | 'upper' {
  if (word.length > 1 && word === word.toUpperCase()) return 'upper';
  if (word[0] === word[0]?.toUpperCase() && word.slice(1) === word.slice(1).toLowerCase() && word[0] !== word[0]?.toLowerCase()) return 'capital';
  return 'lower';
}

function mostCommon<T>(values: T[], fallback: T): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

export interface StyleOptions {
  /**
   * The program the manuscript's bibliography is read by (see engine.ts): it decides the field names,
   * since BibTeX does not know `journaltitle`/`date`. Undefined (Markdown, nothing declared): the file's habit.
   */
  bibEngine?: BibEngine;
  /** Older spelling of `bibEngine: 'biblatex'`. */
  biblatexProject?: boolean;
  /** The file's raw entries, when the caller has read them already. */
  entries?: RawEntry[];
}

function engineOf(options: StyleOptions): BibEngine | undefined {
  return options.bibEngine ?? (options.biblatexProject ? 'biblatex' : undefined);
}

export function detectBibStyle(text: string, options: StyleOptions = {}): BibFileStyle {
  const all = options.entries ?? rawEntries(text).entries;
  const entries = all.filter((entry) => !['comment', 'string', 'preamble'].includes(entry.type));
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const indents: string[] = [];
  const equals: string[] = [];
  const quotes: boolean[] = [];
  const fieldCases: ('lower' | 'capital' | 'upper')[] = [];
  const typeCases: ('lower' | 'capital' | 'upper')[] = [];
  const trailing: boolean[] = [];
  const aligned: boolean[] = [];
  const alignWidths: number[] = [];
  let biblatexVotes = 0;
  let bibtexVotes = 0;
  for (const entry of entries.slice(0, 200)) {
    const typeWord = /@\s*([A-Za-z]+)/.exec(text.slice(entry.start, entry.start + 40))?.[1] ?? entry.type;
    typeCases.push(caseOf(typeWord));
    const starts: number[] = [];
    for (const field of entry.fields) {
      const lineStart = text.lastIndexOf('\n', field.start - 1) + 1;
      const before = text.slice(lineStart, field.start);
      if (/^[ \t]*$/.test(before) && lineStart > entry.start) {
        indents.push(before);
        starts.push(field.start);
      }
      const m = /^([A-Za-z][\w:.-]*)([ \t]*=[ \t]*)(["{]?)/.exec(text.slice(field.start, field.end + 1));
      if (m) {
        fieldCases.push(caseOf(m[1]));
        equals.push(m[2].replace(/^[ \t]+/, (s) => (s.length > 0 ? ' ' : '')).replace(/[ \t]+$/, (s) => (s.length > 0 ? ' ' : '')));
        if (m[3]) quotes.push(m[3] === '"');
        const eqColumn = m[1].length + m[2].indexOf('=');
        alignWidths.push(eqColumn);
      }
      if (['journaltitle', 'date', 'location', 'eprinttype'].includes(field.name)) biblatexVotes++;
      if (['journal', 'year', 'address'].includes(field.name)) bibtexVotes++;
    }
    if (entry.fields.length >= 2) {
      const widths = entry.fields.map((field) => /^([A-Za-z][\w:.-]*)([ \t]*)=/.exec(text.slice(field.start, field.end + 1))).filter((m) => m !== null);
      const columns = new Set(widths.map((m) => m[1].length + m[2].length));
      aligned.push(columns.size === 1 && new Set(widths.map((m) => m[1].length)).size > 1);
    }
    const last = entry.fields[entry.fields.length - 1];
    if (last) trailing.push(/^\s*,/.test(text.slice(last.end, entry.end)));
  }
  const isAligned = aligned.length > 0 && aligned.filter(Boolean).length > aligned.length / 2;
  let blankLines = 1;
  if (entries.length >= 2) {
    const gaps = entries.slice(1, 50).map((entry, i) => {
      const between = text.slice(entries[i].end, entry.start);
      return Math.max(0, (between.match(/\n/g) ?? []).length - 1);
    });
    blankLines = mostCommon(gaps, 1);
  }
  const autoExport = detectAutoExport(text, all);
  const jabrefBiblatex = /@comment\{jabref-meta:\s*databaseType:biblatex;\}/i.test(text);
  return {
    bom: text.charCodeAt(0) === 0xfeff,
    eol: crlf > lf ? '\r\n' : '\n',
    indent: mostCommon(indents, '  '),
    alignWidth: isAligned ? Math.max(...alignWidths, 0) : 0,
    equals: mostCommon(equals, ' = '),
    quotes: mostCommon(quotes, false),
    typeCase: mostCommon(typeCases, 'lower'),
    fieldCase: mostCommon(fieldCases, 'lower'),
    trailingComma: mostCommon(trailing, false),
    biblatex: engineOf(options) ? engineOf(options) === 'biblatex' : jabrefBiblatex || biblatexVotes > bibtexVotes,
    blankLines,
    endsWithNewline: text.length === 0 || /\n$/.test(text),
    ascii: /^[\x00-\x7f]*$/.test(text.replace(/^\uFEFF/, '')) && text.length > 0,
    ...(autoExport ? { autoExport } : {}),
  };
}
