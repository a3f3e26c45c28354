// A project's bibliography from its files (.bib and CSL-JSON), in the order the manuscript names
// them: @string macros carry over from earlier files (and a file that uses macros defined only in a
// later one is read again with them), keys match case-insensitively (first definition wins),
// crossref/xdata resolved across files, big files parsed on a worker thread, results cached.
import type { BibEntry, Bibliography, SourceProblem } from '../types.ts';
import { BibCache, contentKey } from './cache.ts';
import { parseCslJson } from './csl-json.ts';
import { applyInheritance } from './inheritance.ts';
import { createLineIndex, positionAt, type LineIndex } from './line-index.ts';
import type { BibWorker } from './off-thread.ts';
import { parseBibTeX, type BibParseOptions, type BibParseResult } from './parse-bibtex.ts';

/** A bibliography file as read: its text; undefined when it does not exist; `{ unreadable: true }` when it exists but cannot be read. */
export type BibFileText = string | undefined | { unreadable: true };

/**
 * Reads a file's current text (an open editor's buffer or the disk). A reader may also throw, as
 * `readFileSync` does: a `code` other than ENOENT or ENOTDIR says "cannot be read".
 */
export type ReadBibFile = (path: string) => Promise<BibFileText> | BibFileText;

export interface LoadBibliographyOptions {
  /** Parse files of at least `offThreadFromChars` characters on this worker. */
  worker?: BibWorker;
  /** Default 1,000,000 characters (about 2 s of parsing on a slow machine would otherwise block). */
  offThreadFromChars?: number;
  cache?: BibCache;
}

export interface LoadedBibliography extends Bibliography {
  /** All @string macros, lower-cased name → raw LaTeX. */
  strings: Record<string, string>;
}

/** True for CSL-JSON files: a `.json` name, or content that starts with `[`. */
export function isCslJson(file: string, text: string): boolean {
  return /\.json$/i.test(file) || /^\s*\[/.test(text);
}

async function parseOne(file: string, text: string, options: BibParseOptions, load: LoadBibliographyOptions): Promise<BibParseResult> {
  if (isCslJson(file, text)) return { ...parseCslJson(file, text), strings: {}, undefinedMacros: [] };
  const key = load.cache ? contentKey(text, options.strings) : '';
  const cached = load.cache?.get(file, key);
  if (cached) return cached;
  const threshold = load.offThreadFromChars ?? 1_000_000;
  let result: BibParseResult | undefined;
  if (load.worker && text.length >= threshold) {
    try {
      result = await load.worker.parse(file, text, options);
    } catch {
      // No worker (missing bundle, crash): parse here rather than lose the bibliography.
      result = undefined;
    }
  }
  result ??= parseBibTeX(file, text, load.cache ? { ...options, memo: load.cache.memo(file) } : options);
  load.cache?.set(file, key, result);
  return result;
}

/** Loads and merges bibliography files. Never throws for bad content; unreadable files become problems. */
export async function loadBibliography(files: readonly string[], readFile: ReadBibFile, options: LoadBibliographyOptions = {}): Promise<LoadedBibliography> {
  const problems: SourceProblem[] = [];
  const texts = new Map<string, string>();
  const results = new Map<string, BibParseResult>();
  const strings: Record<string, string> = {};
  const order: string[] = [];
  for (const file of files) {
    if (results.has(file)) continue;
    let text: string | undefined;
    let unreadable = false;
    try {
      const read = await readFile(file);
      if (typeof read === 'object') unreadable = true;
      else text = read;
    } catch (error) {
      text = undefined;
      const code = (error as { code?: unknown } | undefined)?.code;
      unreadable = code !== 'ENOENT' && code !== 'ENOTDIR';
    }
    if (text === undefined) {
      const message = unreadable ? `Bibliography file cannot be read: ${file}` : `Bibliography file not found: ${file}`;
      problems.push({ file, line: 0, column: 0, message, severity: 'error' });
      continue;
    }
    texts.set(file, text);
    order.push(file);
    const result = await parseOne(file, text, { strings: { ...strings } }, options);
    results.set(file, result);
    Object.assign(strings, result.strings);
  }
  // A file may use macros that only a later file defines (biber allows it): read it again with all of them.
  for (const file of order) {
    const result = results.get(file)!;
    if (result.undefinedMacros.some((m) => strings[m] !== undefined)) {
      results.set(file, await parseOne(file, texts.get(file)!, { strings: { ...strings } }, options));
    }
  }

  const lineIndexes = new Map<string, LineIndex>();
  const locate = (entry: BibEntry) => {
    let index = lineIndexes.get(entry.file);
    if (!index) {
      index = createLineIndex(texts.get(entry.file) ?? '');
      lineIndexes.set(entry.file, index);
    }
    return positionAt(index, entry.keySpan.start);
  };

  const merged = new Map<string, BibEntry>();
  const shadowed: BibEntry[] = [];
  for (const file of order) {
    const result = results.get(file)!;
    problems.push(...result.problems);
    for (const entry of result.entries) {
      const lower = entry.key.toLowerCase();
      const first = merged.get(lower);
      if (!first) {
        merged.set(lower, entry);
      } else if (first.file !== entry.file) {
        shadowed.push(entry);
        const { line, column } = locate(entry);
        problems.push({
          file, line, column, severity: 'warning',
          message: `Duplicate key '${entry.key}': already defined in ${first.file} (line ${locate(first).line + 1}); that entry is used`,
        });
      }
    }
  }
  const inherited = applyInheritance(merged);
  for (const p of inherited.problems) {
    const { line, column } = locate(p.entry);
    problems.push({ file: p.entry.file, line, column, message: p.message, severity: 'warning' });
  }
  return { files: order, entries: inherited.entries, problems, strings, shadowed };
}
