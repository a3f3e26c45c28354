// The keys a project cites, in the order TeX reads them: the root file from the top, each
// \input/\include/\subfile/\import read where it stands, `*` where \nocite{*} stands. BibTeX numbers
// an unsorted bibliography in this order; sorted styles need the set. Each file is scanned on its
// own (a scan is reused while its text is unchanged), then the scans are walked from the root, each
// include leading to the file project discovery resolved it to.
import { citationContext, visitLatexCitations, type LatexCitationOptions } from '../latex/citations.ts';
import { readMandatory } from '../latex/scan.ts';
import { scanLatexStructure } from '../latex/structure.ts';
import { splitMarkdownChunks } from '../markdown/chunks.ts';
import { findFrontMatter, readMarkdownFrontMatter } from '../markdown/frontmatter.ts';
import { markdownIncludes } from '../markdown/includes.ts';
import { outlineMarkdown } from '../markdown/prose.ts';
import type { CitationOccurrence, CitationSorting } from '../types.ts';

/** A cited key, or where the file's next \input/\include (in source order) stands. */
export type CitationOrderItem = { key: string } | { include: true };

/** What one manuscript contributes to its project's citation order. */
export interface FileCitations {
  /** Cited keys as written (`*` for \nocite{*}) and includes, in source order. */
  items: CitationOrderItem[];
  /** The bibliography order the file declares (LaTeX), if any. */
  sorting?: CitationSorting;
  /** Markdown: the keys and includes of each chunk's text, so that an edit re-reads only its own chunk. */
  chunks?: Map<string, CitationOrderItem[]>;
}

/** The citations, \nocite{*} and includes of a LaTeX file (comments and verbatim ignored). */
export function scanLatexCitations(file: string, text: string, options: LatexCitationOptions = {}): FileCitations {
  const ctx = citationContext(options);
  const found: { at: number; item: CitationOrderItem }[] = [];
  const citation = (occurrence: CitationOccurrence) => {
    for (const key of occurrence.keys) found.push({ at: key.span.start, item: { key: key.key } });
  };
  visitLatexCitations(text, file, ctx, citation, (name, _start, nameEnd) => {
    if (name !== 'nocite') return;
    const g = readMandatory(text, nameEnd);
    const star = g ? text.slice(g.innerStart, g.innerEnd).search(/(?<=^|,)\s*\*\s*(?=,|$)/) : -1;
    if (g && star >= 0) found.push({ at: g.innerStart + star, item: { key: '*' } });
  });
  const structure = scanLatexStructure(text);
  for (const inc of structure.includes) found.push({ at: inc.span.start, item: { include: true } });
  found.sort((a, b) => a.at - b.at);
  const scan: FileCitations = { items: found.map((f) => f.item) };
  if (structure.citationSorting) scan.sorting = structure.citationSorting;
  return scan;
}

/** The pandoc citations and includes of a Markdown file, chunk by chunk; `previous` lends the chunks it already read. */
export function scanMarkdownCitations(file: string, text: string, previous?: FileCitations): FileCitations {
  const chunks = new Map<string, CitationOrderItem[]>();
  const items: CitationOrderItem[] = [];
  for (const span of splitMarkdownChunks(text)) {
    const chunk = text.slice(span.start, span.end);
    let found = chunks.get(chunk) ?? previous?.chunks?.get(chunk);
    if (!found) {
      const at: { at: number; item: CitationOrderItem }[] = outlineMarkdown(chunk, file).citations
        .flatMap((c) => c.keys.map((k) => ({ at: k.span.start, item: { key: k.key } })));
      for (const include of markdownIncludes(chunk)) at.push({ at: include.span.start, item: { include: true } });
      found = at.sort((a, b) => a.at - b.at).map((f) => f.item);
    }
    chunks.set(chunk, found);
    items.push(...found);
  }
  for (const key of nociteKeys(text)) items.push({ key });
  return { items, chunks };
}

/**
 * The keys of pandoc's `nocite:` front-matter field (`@*` for every entry), which citeproc lists as
 * if they were cited after the document's last citation.
 */
function nociteKeys(text: string): string[] {
  const where = findFrontMatter(text);
  if (!where || !/^nocite\s*:/m.test(text.slice(where.body.start, where.body.end))) return [];
  const nocite = readMarkdownFrontMatter(text)?.data.nocite;
  const values = typeof nocite === 'string' ? [nocite] : Array.isArray(nocite) ? nocite.filter((v): v is string => typeof v === 'string') : [];
  return values.flatMap((v) => [...v.matchAll(/@(\*|[\p{L}\p{N}_][^\s,;\]]*)/gu)].map((m) => m[1].replace(/[.:]+$/, '')));
}

/**
 * The cited keys of a project in reading order (repeats kept, `*` for \nocite{*}), and the first
 * bibliography order a file declares. Files no include reaches are read after the rest, in `files` order.
 */
export function projectCitationOrder(
  root: string,
  files: readonly string[],
  scans: ReadonlyMap<string, FileCitations>,
  includeTargets: Readonly<Record<string, readonly (string | undefined)[]>>,
): { keys: string[]; sorting?: CitationSorting } {
  const keys: string[] = [];
  const visited = new Set<string>();
  let sorting: CitationSorting | undefined;
  const visit = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    const scan = scans.get(file);
    if (!scan) return;
    sorting ??= scan.sorting;
    const targets = includeTargets[file] ?? [];
    let includes = 0;
    for (const item of scan.items) {
      if ('key' in item) keys.push(item.key);
      else {
        const included = targets[includes++];
        if (included) visit(included);
      }
    }
  };
  visit(root);
  for (const file of files) visit(file);
  return sorting ? { keys, sorting } : { keys };
}
