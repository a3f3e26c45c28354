// The structure of a .bib file: entries, @string definitions and syntax problems, with offsets.
// A fast scanner splits the file into `@type{...}` chunks (brace matching, as BibTeX reads them);
// each chunk is parsed by latex-utensils' BibTeX grammar. A broken entry costs only itself: the scan
// resumes at the next line that starts an entry, so the entries around the damage still load.
import { bibtexParser } from 'latex-utensils';
import { createLineIndex, positionAt, type LineIndex } from './line-index.ts';

/** One piece of a field value: a braced/quoted string or number, or a macro name (`jan`, `@string` names). */
export type RawPart = { kind: 'text'; value: string } | { kind: 'macro'; name: string };

export interface RawField {
  /** Lower-cased field name. */
  name: string;
  parts: RawPart[];
  start: number;
  end: number;
}

export interface RawEntry {
  /** Lower-cased entry type. */
  type: string;
  key: string;
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  fields: RawField[];
}

export interface RawStringDefinition {
  /** Lower-cased macro name (BibTeX macro names are case-insensitive). */
  name: string;
  parts: RawPart[];
  start: number;
}

export interface BibSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /** An entry left open up to the end of the file: text appended to the file would be read inside it. */
  unclosed?: true;
}

/**
 * An entry as the syntax pass found it: parsed (`raw`, with the chunk text it came from when the
 * chunk held only this entry), or `deferred` when a memo says the chunk was seen before and
 * resolution may reuse its result without parsing it again.
 */
export type EntrySlot =
  | { raw: RawEntry; chunk?: string; problems: BibSyntaxProblem[] }
  | { deferred: string; start: number };

/** Answers whether an unchanged entry chunk may be skipped (see BibParseMemo). */
export interface ChunkMemo {
  has(chunk: string): boolean;
}

export interface BibSyntax {
  /** Line starts of the text, to place later problems (undefined macros, duplicates). */
  lines: LineIndex;
  /** The parsed entries, in file order (without the deferred ones when a memo was given). */
  entries: RawEntry[];
  /** Every entry in file order, parsed or deferred: what resolution walks. */
  slots: EntrySlot[];
  strings: RawStringDefinition[];
  problems: BibSyntaxProblem[];
}

const HEADER = /@[ \t\r\n]*([A-Za-z][\w:.-]*)[ \t\r\n]*([{(])/y;
const LINE_START_HEADER = /[ \t]*@[ \t]*[A-Za-z][\w:.-]*[ \t]*[{(]/y;

interface Extent {
  end: number;
  closed: boolean;
  /** Unclosed up to the end of the file (not ended early by the next entry's line). */
  toEndOfFile?: true;
}

/**
 * Where the entry whose delimiter is at `open` ends. A line that starts a new entry while the
 * current one is at its top level (between fields) ends it too: the closing brace was forgotten.
 */
function matchEntry(text: string, open: number): Extent {
  const paren = text.charCodeAt(open) === 40; // (
  let depth = paren ? 0 : 1;
  const top = depth;
  let inQuote = false;
  const n = text.length;
  for (let j = open + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (!paren && depth === 0) return { end: j + 1, closed: true };
      if (depth < 0) return { end: j + 1, closed: false };
    } else if (c === 41 /* ) */ && paren && depth === 0 && !inQuote) return { end: j + 1, closed: true };
    else if (c === 34 /* " */ && depth === top) inQuote = !inQuote;
    else if ((c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) && depth === top && !inQuote) {
      LINE_START_HEADER.lastIndex = j + 1;
      if (LINE_START_HEADER.test(text)) return { end: j + 1, closed: false };
    }
  }
  return { end: n, closed: false, toEndOfFile: true };
}

/** The offset of a `}` in [start, end) outside `%` comment lines, or -1. */
function strayBrace(text: string, start: number, end: number): number {
  let i = text.indexOf('}', start);
  while (i >= 0 && i < end) {
    if (!inLineComment(text, i)) return i;
    i = text.indexOf('}', i + 1);
  }
  return -1;
}

// Lines end at \n, \r\n or a lone \r (old Mac files), as in the editor.
const LINE_BREAK = /\r\n?|\n/g;

/** The first line inside (start, end) that starts an entry, if any. */
function nextLineStartHeader(text: string, start: number, end: number): number | undefined {
  LINE_BREAK.lastIndex = start;
  for (let m = LINE_BREAK.exec(text); m && m.index < end; m = LINE_BREAK.exec(text)) {
    LINE_START_HEADER.lastIndex = m.index + m[0].length;
    if (LINE_START_HEADER.test(text)) return m.index + m[0].length;
  }
  return undefined;
}

function atLineStart(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** True when the character at `at` sits on a line commented out with `%` (the line starts with it). */
function inLineComment(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k--;
  for (let i = k + 1; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 37) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return false;
}

type Value = bibtexParser.FieldValue;

function toParts(value: Value): RawPart[] {
  switch (value.kind) {
    case 'text_string':
    case 'number':
      return [{ kind: 'text', value: value.content }];
    case 'abbreviation':
      return [{ kind: 'macro', name: value.content.toLowerCase() }];
    case 'concat':
      return value.content.flatMap((v) => toParts(v));
    default:
      return [];
  }
}

/**
 * latex-utensils' grammar rejects two things BibTeX reads: space between `@` and the type
 * (`@ article{…}`) and an entry with a key and no fields (`@misc{key}`). Such a chunk is parsed in
 * the form the grammar takes, its offsets mapped back to the chunk's own.
 */
function parseChunk(chunk: string): bibtexParser.BibtexAst {
  const spaced = /^@([ \t\r\n]+)([A-Za-z][\w:.-]*)/.exec(chunk);
  // the same length: "@ article{" is parsed as "@article {"
  const text = spaced ? `@${spaced[2]}${spaced[1]}${chunk.slice(spaced[0].length)}` : chunk;
  const keyOnly = /^(@[A-Za-z][\w:.-]*[ \t\r\n]*[{(][ \t\r\n]*[^,\s{}()]+[ \t\r\n]*)[})][ \t\r\n]*$/.exec(text);
  if (!keyOnly) return bibtexParser.parse(text);
  const at = keyOnly[1].length;
  const ast = bibtexParser.parse(`${text.slice(0, at)},${text.slice(at)}`);
  for (const item of ast.content) if (item.location.end.offset > at) item.location.end.offset -= 1;
  return ast;
}

/** Parses one entry chunk on its own (offsets relative to the chunk); undefined when it does not parse. */
export function parseEntryChunk(chunk: string): { entries: RawEntry[]; problems: BibSyntaxProblem[] } | undefined {
  let ast: bibtexParser.BibtexAst;
  try {
    ast = parseChunk(chunk);
  } catch {
    return undefined;
  }
  const lines = createLineIndex(chunk);
  const out: BibSyntax = { lines, entries: [], slots: [], strings: [], problems: [] };
  const problem = (offset: number, message: string, severity: 'error' | 'warning' = 'error') => {
    const { line, column } = positionAt(lines, offset);
    out.problems.push({ offset, line, column, message, severity });
  };
  for (const item of ast.content) addItem(item, 0, chunk, out, problem);
  return { entries: out.entries, problems: out.problems };
}

/**
 * Reads the structure of a .bib file. Never throws. With `memo`, closed entry chunks the memo
 * knows are not parsed again but handed on as deferred slots.
 */
export function readBibSyntax(text: string, memo?: ChunkMemo): BibSyntax {
  const lines = createLineIndex(text);
  const out: BibSyntax = { lines, entries: [], slots: [], strings: [], problems: [] };
  const problem = (offset: number, message: string, severity: 'error' | 'warning' = 'error') => {
    const { line, column } = positionAt(lines, offset);
    out.problems.push({ offset, line, column, message, severity });
  };

  let pos = 0;
  const n = text.length;
  // After an entry ends, a `}` before the next entry means a brace closed the entry too early.
  let lastEntry: { key: string; end: number } | undefined;
  const checkGap = (until: number) => {
    if (!lastEntry) return;
    const stray = strayBrace(text, lastEntry.end, until);
    if (stray >= 0) problem(stray, `Text after the end of entry '${lastEntry.key}': a '}' closed it too early?`, 'warning');
    lastEntry = undefined;
  };
  while (pos < n) {
    const at = text.indexOf('@', pos);
    if (at < 0) {
      checkGap(n);
      break;
    }
    HEADER.lastIndex = at;
    const m = HEADER.exec(text);
    if (!m || inLineComment(text, at)) {
      if (!m && atLineStart(text, at)) {
        const word = /^@\s*([A-Za-z][\w:.-]*)/.exec(text.slice(at, at + 100));
        if (word) problem(at, `@${word[1]} is not followed by '{' or '(': the entry is skipped`);
      }
      pos = at + 1;
      continue;
    }
    checkGap(at);
    const type = m[1].toLowerCase();
    const open = HEADER.lastIndex - 1;
    const extent = matchEntry(text, open);
    if (type === 'comment' || type === 'preamble') {
      pos = extent.closed ? extent.end : open + 1;
      continue;
    }
    const chunk = text.slice(at, extent.end);
    if (extent.closed && type !== 'string' && memo?.has(chunk)) {
      out.slots.push({ deferred: chunk, start: at });
      pos = extent.end;
      lastEntry = { key: /^@[^{(]*[{(]\s*([^,\s{}()]*)/.exec(chunk)?.[1] ?? '', end: extent.end };
      continue;
    }
    let ast: bibtexParser.BibtexAst | undefined;
    let error: { offset: number; message: string; unclosed?: true } | undefined;
    if (extent.closed) {
      try {
        ast = parseChunk(chunk);
      } catch (e) {
        const loc = (e as { location?: { start?: { offset?: number } } }).location?.start?.offset;
        error = { offset: at + (typeof loc === 'number' ? loc : 0), message: `BibTeX syntax error: ${(e as Error).message}` };
      }
    } else {
      const key = /^[^,\s]*/.exec(text.slice(open + 1, open + 200).trimStart())?.[0] ?? '';
      error = { offset: at, message: `@${m[1]}{${key}: the entry is not closed (a '${text[open] === '(' ? ')' : '}'}' is missing)`, ...(extent.toEndOfFile ? { unclosed: true as const } : {}) };
    }
    if (ast) {
      const firstSlot = out.slots.length;
      for (const item of ast.content) addItem(item, at, text, out, problem);
      pos = extent.end;
      const last = out.slots[out.slots.length - 1];
      if (last && 'raw' in last && last.raw.start === at) {
        lastEntry = { key: last.raw.key, end: extent.end };
        // A chunk holding exactly this one entry can be remembered by its text.
        if (firstSlot === out.slots.length - 1 && ast.content.length === 1) last.chunk = chunk;
      }
      continue;
    }
    problem(error!.offset, error!.message);
    if (error!.unclosed) out.problems[out.problems.length - 1].unclosed = true;
    // Resume at the next line that starts an entry inside the damaged region, else after it.
    const resume = nextLineStartHeader(text, at + 1, extent.end);
    pos = resume ?? Math.max(extent.end, at + 1);
  }
  return out;
}

function addItem(
  item: bibtexParser.Entry | bibtexParser.StringEntry | bibtexParser.PreambleEntry,
  base: number,
  text: string,
  out: BibSyntax,
  problem: (offset: number, message: string, severity?: 'error' | 'warning') => void,
): void {
  const start = base + item.location.start.offset;
  const end = base + item.location.end.offset;
  if (bibtexParser.isStringEntry(item)) {
    if (typeof item.abbreviation === 'string' && item.value) {
      out.strings.push({ name: item.abbreviation.toLowerCase(), parts: toParts(item.value as Value), start });
      return;
    }
    // `@string{a = "x", b = "y",}` reads as a list of fields: each one is a definition (biber allows it).
    const fields = (item as unknown as { content?: bibtexParser.Field[] }).content;
    if (Array.isArray(fields)) {
      for (const f of fields) out.strings.push({ name: f.name.toLowerCase(), parts: toParts(f.value), start: base + f.location.start.offset });
    }
    return;
  }
  if (!bibtexParser.isEntry(item)) return;
  const type = item.entryType.toLowerCase();
  const key = item.internalKey;
  if (key === undefined || key.length === 0) {
    problem(start, `@${item.entryType} entry without a key: it cannot be cited`);
    return;
  }
  let keyStart = text.indexOf(key, start);
  if (keyStart < 0 || keyStart > end) keyStart = start;
  const fields: RawField[] = [];
  const seen = new Set<string>();
  const problemsBefore = out.problems.length;
  for (const f of item.content) {
    const name = f.name.toLowerCase();
    const fStart = base + f.location.start.offset;
    if (seen.has(name)) {
      problem(fStart, `${key}: field '${f.name}' appears twice; the first one is used`, 'warning');
      continue;
    }
    seen.add(name);
    fields.push({ name, parts: toParts(f.value), start: fStart, end: base + f.location.end.offset });
  }
  const raw: RawEntry = { type, key, start, end, keyStart, keyEnd: keyStart + key.length, fields };
  out.entries.push(raw);
  out.slots.push({ raw, problems: out.problems.slice(problemsBefore) });
}
