// One .bib file → BibEntry[]: @string macros (the file's own, plus those of files read before it),
// `#` concatenation, month macros, LaTeX decoded to Unicode, names split, duplicate keys reported.
// Crossref/xdata inheritance needs the whole bibliography: see bibliography.ts.
import type { BibEntry, SourceProblem } from '../types.ts';
import { deriveDisplayFields, NAME_FIELDS, VERBATIM_FIELDS } from './entry.ts';
import { latexToUnicode, unescapeVerbatim } from './latex-to-unicode.ts';
import { positionAt } from './line-index.ts';
import { parseNameList } from './names.ts';
import { parseEntryChunk, readBibSyntax, type BibSyntax, type RawEntry, type RawPart } from './syntax.ts';

export interface BibParseOptions {
  /** @string macros defined by files read earlier: lower-cased name → raw LaTeX value. */
  strings?: Readonly<Record<string, string>>;
  /**
   * Results of the previous parse of the same file: entries whose text (and the macros they use)
   * did not change are reused instead of parsed again. Keep one memo per file.
   */
  memo?: BibParseMemo;
}

export interface BibParseResult {
  entries: BibEntry[];
  problems: SourceProblem[];
  /** This file's own @string macros: lower-cased name → raw LaTeX value. */
  strings: Record<string, string>;
  /** Macros used but defined nowhere this parse could see (another file may define them). */
  undefinedMacros: string[];
}

interface MemoProblem {
  /** Offset relative to the entry's start. */
  offset: number;
  message: string;
  severity: SourceProblem['severity'];
}

interface MemoEntry {
  /** The entry with spans relative to its start. */
  entry: BibEntry;
  problems: MemoProblem[];
  /** Every macro the entry used, with the value it had (undefined: not defined). */
  macros: [string, string | undefined][];
}

/**
 * What an incremental re-parse of one file reuses: resolved entries keyed by their source text.
 * Only the entries of the latest parse are kept, so the memo never outgrows one copy of the file.
 */
export class BibParseMemo {
  entries = new Map<string, MemoEntry>();
  /** Entries reused by the latest parse (for tests and logs). */
  reused = 0;

  has(chunk: string): boolean {
    return this.entries.has(chunk);
  }
}

function shiftEntry(entry: BibEntry, by: number, file: string): BibEntry {
  return {
    ...entry,
    file,
    span: { start: entry.span.start + by, end: entry.span.end + by },
    keySpan: { start: entry.keySpan.start + by, end: entry.keySpan.end + by },
  };
}

function shiftRaw(raw: RawEntry, by: number): RawEntry {
  return {
    ...raw,
    start: raw.start + by, end: raw.end + by, keyStart: raw.keyStart + by, keyEnd: raw.keyEnd + by,
    fields: raw.fields.map((f) => ({ ...f, start: f.start + by, end: f.end + by })),
  };
}

/** BibTeX's predefined month macros. */
export const MONTH_MACROS: Readonly<Record<string, string>> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Journal macros every standard .bst (plain, unsrt, alpha, abbrv, natbib's) defines. */
export const STYLE_MACROS: Readonly<Record<string, string>> = {
  acmcs: 'ACM Computing Surveys', acta: 'Acta Informatica', cacm: 'Communications of the ACM',
  ibmjrd: 'IBM Journal of Research and Development', ibmsj: 'IBM Systems Journal',
  ieeese: 'IEEE Transactions on Software Engineering', ieeetc: 'IEEE Transactions on Computers',
  ieeetcad: 'IEEE Transactions on Computer-Aided Design of Integrated Circuits', ipl: 'Information Processing Letters',
  jacm: 'Journal of the ACM', jcss: 'Journal of Computer and System Sciences', scp: 'Science of Computer Programming',
  sicomp: 'SIAM Journal on Computing', tocs: 'ACM Transactions on Computer Systems', tods: 'ACM Transactions on Database Systems',
  tog: 'ACM Transactions on Graphics', toms: 'ACM Transactions on Mathematical Software', toois: 'ACM Transactions on Office Information Systems',
  toplas: 'ACM Transactions on Programming Languages and Systems', tcs: 'Theoretical Computer Science',
};

/** Parses one BibTeX/BibLaTeX file. Never throws: damage becomes problems, other entries still load. */
export function parseBibTeX(file: string, text: string, options: BibParseOptions = {}): BibParseResult {
  return resolveBibSyntax(file, readBibSyntax(text, options.memo), options);
}

/** Turns a file's syntax into entries (see parseBibTeX). */
export function resolveBibSyntax(file: string, syntax: BibSyntax, options: BibParseOptions = {}): BibParseResult {
  const problems: SourceProblem[] = syntax.problems.map((p) => ({
    file, line: p.line, column: p.column, message: p.message, severity: p.severity,
  }));
  const at = (offset: number, message: string, severity: SourceProblem['severity']) => {
    const { line, column } = positionAt(syntax.lines, offset);
    problems.push({ file, line, column, message, severity });
  };
  const external = options.strings ?? {};
  const own: Record<string, string> = {};
  const undefinedMacros = new Set<string>();
  const lookup = (name: string): string | undefined => own[name] ?? external[name] ?? MONTH_MACROS[name] ?? STYLE_MACROS[name];

  // Per entry: the macros it used and the problems it caused, for the memo.
  let used: Map<string, string | undefined> | undefined;
  let entryProblems: MemoProblem[] | undefined;
  let entryStart = 0;
  const warn = (offset: number, message: string) => {
    at(offset, message, 'warning');
    entryProblems?.push({ offset: offset - entryStart, message, severity: 'warning' });
  };
  const resolve = (parts: RawPart[], offset: number, where: string): string => {
    if (parts.length === 1 && parts[0].kind === 'text') return parts[0].value;
    let out = '';
    for (const part of parts) {
      if (part.kind === 'text') {
        out += part.value;
        continue;
      }
      const value = lookup(part.name);
      used?.set(part.name, value);
      if (value === undefined) {
        if (!undefinedMacros.has(part.name)) warn(offset, `${where}: @string macro '${part.name}' is not defined`);
        undefinedMacros.add(part.name);
      } else out += value;
    }
    return out;
  };

  for (const s of syntax.strings) own[s.name] = resolve(s.parts, s.start, `@string{${s.name}}`);

  const build = (raw: RawEntry): BibEntry => {
    const fields: Record<string, string> = {};
    const entry: BibEntry = {
      key: raw.key,
      type: raw.type,
      fields,
      authors: [],
      file,
      span: { start: raw.start, end: raw.end },
      keySpan: { start: raw.keyStart, end: raw.keyEnd },
    };
    for (const f of raw.fields) {
      const latex = resolve(f.parts, f.start, raw.key);
      if (VERBATIM_FIELDS.has(f.name)) fields[f.name] = unescapeVerbatim(latex);
      else fields[f.name] = latexToUnicode(latex);
      if (NAME_FIELDS.has(f.name)) {
        const list = parseNameList(latex);
        if (f.name === 'author') {
          entry.authors = list.names;
          if (list.others) entry.authorsTruncated = true;
        } else entry.editors = list.names;
      }
    }
    return deriveDisplayFields(entry);
  };

  const memo = options.memo;
  const nextMemo = new Map<string, MemoEntry>();
  let reused = 0;
  const entries: BibEntry[] = [];
  for (const slot of syntax.slots) {
    if ('deferred' in slot) {
      const hit = memo?.entries.get(slot.deferred);
      if (hit && hit.macros.every(([name, value]) => lookup(name) === value)) {
        entries.push(shiftEntry(hit.entry, slot.start, file));
        for (const p of hit.problems) {
          const name = /@string macro '([^']+)'/.exec(p.message)?.[1];
          if (name !== undefined) {
            if (undefinedMacros.has(name)) continue;
            undefinedMacros.add(name);
          }
          at(p.offset + slot.start, p.message, p.severity);
        }
        nextMemo.set(slot.deferred, hit);
        reused++;
        continue;
      }
      // The macros it used changed: parse the chunk again.
      const parsed = parseEntryChunk(slot.deferred);
      for (const raw of parsed?.entries ?? []) entries.push(build(shiftRaw(raw, slot.start)));
      continue;
    }
    const remember = memo !== undefined && slot.chunk !== undefined;
    used = remember ? new Map() : undefined;
    entryProblems = remember ? slot.problems.map((p) => ({ offset: p.offset - slot.raw.start, message: p.message, severity: p.severity })) : undefined;
    entryStart = slot.raw.start;
    const entry = build(slot.raw);
    entries.push(entry);
    if (remember) nextMemo.set(slot.chunk!, { entry: shiftEntry(entry, -slot.raw.start, file), problems: entryProblems!, macros: [...used!] });
    used = undefined;
    entryProblems = undefined;
  }
  if (memo) {
    memo.entries = nextMemo;
    memo.reused = reused;
  }

  const firstByKey = new Map<string, BibEntry>();
  for (const entry of entries) {
    const lower = entry.key.toLowerCase();
    const first = firstByKey.get(lower);
    if (first) {
      const line = positionAt(syntax.lines, first.keySpan.start).line + 1;
      const same = first.key === entry.key ? '' : ` (as '${first.key}': BibTeX keys ignore case)`;
      at(entry.keySpan.start, `Duplicate key '${entry.key}': already defined on line ${line}${same}; the first entry is used`, 'warning');
    } else firstByKey.set(lower, entry);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { entries, problems, strings: own, undefinedMacros: [...undefinedMacros] };
}
