// Pandoc's inline bibliography: CSL items in YAML under `references:` in a Markdown manuscript's
// front matter, read as entries located in the manuscript (go-to-definition lands on the item's id),
// and merged over the bibliography files. Pandoc uses both; for an id in both, "the inline references
// will take precedence" (pandoc's manual, "Specifying bibliographic data"). These entries are
// read-only for SciWrite: nothing plans writes into a manuscript's YAML.
import { findFrontMatter, readMarkdownFrontMatter } from '../markdown/frontmatter.ts';
import type { BibEntry, Bibliography, SourceProblem } from '../types.ts';
import { cslItemEntry } from './csl-json.ts';
import { createLineIndex, positionAt, type LineIndex } from './line-index.ts';

export interface InlineReferences {
  /** The manuscript. */
  file: string;
  /** The items that can be cited, in order; a repeated id's later items are left out. */
  entries: BibEntry[];
  /** Items that cannot be cited (no id, not a mapping), repeated ids, a field that is not a list. */
  problems: SourceProblem[];
  /** Lines of the front matter (offsets are the manuscript's). */
  lines: LineIndex;
}

const REFERENCES_KEY = /^["']?references["']?[ \t]*:/m;

function id(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The entries of a Markdown manuscript's front matter `references:`; undefined when it has no front
 * matter or no such field. Only the front matter is read: the result depends on nothing after it.
 */
export function readInlineReferences(file: string, text: string): InlineReferences | undefined {
  const where = findFrontMatter(text);
  if (!where || !REFERENCES_KEY.test(text.slice(where.body.start, where.body.end))) return undefined;
  const front = readMarkdownFrontMatter(text.slice(0, where.block.end), { references: true });
  const references = front?.references;
  if (!references) return undefined;
  const lines = createLineIndex(text.slice(0, where.block.end));
  const entries: BibEntry[] = [];
  const problems: SourceProblem[] = [];
  const problem = (offset: number, message: string, severity: SourceProblem['severity'] = 'error') => {
    const { line, column } = positionAt(lines, offset);
    problems.push({ file, line, column, message, severity });
  };
  if (!references.list) {
    problem(references.span.start, 'Front matter `references:` should be a list of CSL items (`- id: key` …); to name a bibliography file, use `bibliography:`');
    return { file, entries, problems, lines };
  }
  const seen = new Set<string>();
  for (const item of references.items) {
    if (!item.value || typeof item.value !== 'object' || Array.isArray(item.value)) {
      problem(item.span.start, 'Front matter `references:` item is not a CSL item (`id: key`, `title: …`): it cannot be cited');
      continue;
    }
    const value = item.value as Record<string, unknown>;
    const key = id(value.id);
    if (!key || !item.idSpan) {
      problem(item.span.start, 'Front matter `references:` item without an "id": it cannot be cited');
      continue;
    }
    const lower = key.toLowerCase();
    if (seen.has(lower)) {
      problem(item.idSpan.start, `Duplicate id '${key}' in the front matter's references; the first item is used`, 'warning');
      continue;
    }
    seen.add(lower);
    entries.push(cslItemEntry(key, value, file, item.span, { start: item.idSpan.start, end: item.idSpan.start + key.length }));
  }
  return { file, entries, problems, lines };
}

/**
 * The files' bibliography with the front matter's entries over it: an inline entry replaces a file's
 * entry of the same id (case-insensitively, in its place), the others come after the files' entries.
 * `bibliography` is not changed. `problems` are notices located in the manuscript (an id that
 * overrides a file's entry); they are not added to the bibliography's problems, which are the files'.
 */
export function withInlineReferences(bibliography: Bibliography, inline: InlineReferences): { bibliography: Bibliography; problems: SourceProblem[] } {
  const entries = new Map(bibliography.entries);
  const problems: SourceProblem[] = [];
  const overridden: BibEntry[] = [];
  for (const entry of inline.entries) {
    const lower = entry.key.toLowerCase();
    const shadowed = entries.get(lower);
    if (shadowed) {
      overridden.push(shadowed);
      const name = shadowed.file.split(/[\\/]/).pop() ?? shadowed.file;
      problems.push({
        file: inline.file, ...positionAt(inline.lines, entry.keySpan.start), severity: 'information',
        message: `'${entry.key}' is also defined in ${name}; this front matter entry is used, as pandoc does`,
      });
    }
    entries.set(lower, entry);
  }
  return { bibliography: { files: bibliography.files, entries, problems: bibliography.problems, shadowed: [...(bibliography.shadowed ?? []), ...overridden] }, problems };
}
