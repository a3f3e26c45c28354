// CSL-JSON bibliographies (Zotero / Better BibTeX exports, pandoc): an array of items.
// Each item is located in the text (for go-to-definition) and parsed on its own, so one broken
// item does not lose the others.
import type { BibEntry, PersonName, SourceProblem, Span } from '../types.ts';
import { deriveDisplayFields } from './entry.ts';
import { createLineIndex, positionAt } from './line-index.ts';

export interface CslParseResult {
  entries: BibEntry[];
  problems: SourceProblem[];
}

interface CslName {
  family?: string;
  given?: string;
  literal?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  suffix?: string;
}

const TYPE_TO_BIBTEX: Record<string, string> = {
  'article-journal': 'article', 'article-magazine': 'article', 'article-newspaper': 'article', article: 'article',
  'paper-conference': 'inproceedings', chapter: 'incollection', book: 'book', thesis: 'phdthesis',
  report: 'techreport', webpage: 'online', 'post-weblog': 'online', dataset: 'dataset', software: 'software',
  manuscript: 'unpublished', patent: 'patent', standard: 'standard',
};

/** Top-level array elements: the span of each `{...}` and, inside it, the span of the `"id"` value. */
function locateItems(text: string): { start: number; end: number; closed: boolean }[] {
  const items: { start: number; end: number; closed: boolean }[] = [];
  let i = text.indexOf('[');
  if (i < 0) return items;
  const n = text.length;
  i++;
  while (i < n) {
    const c = text[i];
    if (c === ']') break;
    if (c !== '{') {
      i++;
      continue;
    }
    const start = i;
    let depth = 0;
    let closed = false;
    for (; i < n; i++) {
      const d = text[i];
      if (d === '"') {
        for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) {
          closed = true;
          i++;
          break;
        }
      }
    }
    items.push({ start, end: i, closed });
  }
  return items;
}

/** A name part; CSL YAML written for pandoc-citeproc may give one as a list (`given: [John, F.]`). */
function namePart(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map((part) => str(part)).filter((part) => part !== undefined).join(' ') || undefined;
  return str(value);
}

function names(value: unknown): PersonName[] {
  // One name written as a mapping rather than a list of them (CSL YAML for pandoc-citeproc).
  const list: unknown[] = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  const out: PersonName[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const given = namePart((item as Record<string, unknown>).given);
    const raw: CslName = { ...(item as CslName), given: given ?? undefined };
    if (raw.literal) {
      out.push({ family: raw.literal, literal: raw.literal });
      continue;
    }
    if (!raw.family && !raw.given) continue;
    const name: PersonName = { family: raw.family ?? raw.given ?? '' };
    if (raw.family && raw.given) name.given = raw.given;
    const particle = raw['non-dropping-particle'] ?? raw['dropping-particle'];
    if (particle) name.particle = particle;
    if (raw.suffix) name.suffix = raw.suffix;
    out.push(name);
  }
  return out;
}

function dateText(value: unknown): string | undefined {
  // CSL YAML: `issued: 2020` (a number) and `issued: [{year: 2018}]` (pandoc-citeproc's older form).
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return dateText(value[0]);
  if (!value || typeof value !== 'object') return typeof value === 'string' ? value : undefined;
  const v = value as { 'date-parts'?: unknown[][]; raw?: string; literal?: string; year?: unknown };
  const parts = v['date-parts']?.[0];
  if (Array.isArray(parts) && parts.length > 0 && parts[0] !== undefined && parts[0] !== null) {
    return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-');
  }
  return v.raw ?? v.literal ?? (typeof v.year === 'number' || typeof v.year === 'string' ? String(v.year) : undefined);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * One CSL item (from CSL-JSON, or CSL YAML in a Markdown front matter's `references:`) as a bib entry
 * whose whole item is `span` and whose id is `keySpan` in `file`.
 */
export function cslItemEntry(id: string, item: Record<string, unknown>, file: string, span: Span, keySpan: Span): BibEntry {
  const cslType = str(item.type) ?? 'document';
  const fields: Record<string, string> = {};
  const set = (name: string, value: unknown) => {
    const s = str(value);
    if (s !== undefined) fields[name] = s;
  };
  set('title', item.title);
  const container = str(item['container-title']);
  if (container) fields[cslType === 'paper-conference' || cslType === 'chapter' ? 'booktitle' : 'journal'] = container;
  set('doi', item.DOI);
  set('url', item.URL);
  set('volume', item.volume);
  set('number', item.issue);
  set('pages', item.page);
  set('publisher', item.publisher);
  set('abstract', item.abstract);
  set('note', item.note);
  set('isbn', item.ISBN);
  set('issn', item.ISSN);
  set('language', item.language);
  set('keywords', item.keyword);
  const date = dateText(item.issued);
  if (date) {
    fields.date = date;
    const y = /^-?\d{1,4}/.exec(date);
    if (y) fields.year = y[0];
  }
  const authors = names(item.author);
  const editors = names(item.editor);
  const entry: BibEntry = {
    key: id,
    type: TYPE_TO_BIBTEX[cslType] ?? cslType,
    fields,
    authors,
    file,
    span,
    keySpan,
  };
  if (editors.length > 0) entry.editors = editors;
  deriveDisplayFields(entry);
  return entry;
}

/** Parses a CSL-JSON bibliography. Never throws. */
export function parseCslJson(file: string, text: string): CslParseResult {
  const lines = createLineIndex(text);
  const entries: BibEntry[] = [];
  const problems: SourceProblem[] = [];
  const problem = (offset: number, message: string, severity: SourceProblem['severity'] = 'error') => {
    const { line, column } = positionAt(lines, offset);
    problems.push({ file, line, column, message, severity });
  };
  const first = text.search(/\S/);
  if (first < 0) return { entries, problems };
  if (text[first] !== '[') {
    problem(first, 'CSL-JSON: expected an array of items');
    return { entries, problems };
  }
  const seen = new Map<string, BibEntry>();
  const items = locateItems(text);
  for (const loc of items) {
    if (!loc.closed) {
      problem(loc.start, 'CSL-JSON: this item is not closed');
      continue;
    }
    const slice = text.slice(loc.start, loc.end);
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(slice) as Record<string, unknown>;
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      problem(loc.start + (m ? Number(m[1]) : 0), `CSL-JSON: ${(e as Error).message}`);
      continue;
    }
    const id = str(item.id);
    if (!id) {
      problem(loc.start, 'CSL-JSON item without an "id": it cannot be cited');
      continue;
    }
    const idMatch = new RegExp(`"id"\\s*:\\s*"?`, 'y');
    let keyStart = slice.indexOf('"id"');
    if (keyStart >= 0) {
      idMatch.lastIndex = keyStart;
      const m = idMatch.exec(slice);
      keyStart = loc.start + keyStart + (m ? m[0].length : 0);
    } else keyStart = loc.start;
    const entry = cslItemEntry(id, item, file, { start: loc.start, end: loc.end }, { start: keyStart, end: keyStart + id.length });
    const lower = id.toLowerCase();
    if (seen.has(lower)) problem(keyStart, `Duplicate id '${id}'; the first item is used`, 'warning');
    else seen.set(lower, entry);
    entries.push(entry);
  }
  return { entries, problems };
}
