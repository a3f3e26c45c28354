// crossref and xdata inheritance across a whole bibliography, as BibTeX/biber do it: a child
// entry gets the fields it lacks from its parent (`@proceedings` title → child's booktitle).
// Entries are copied, never changed in place: parse results may be cached and shared.
import type { BibEntry } from '../types.ts';
import { deriveDisplayFields } from './entry.ts';

const NOT_INHERITED = new Set([
  'ids', 'crossref', 'xref', 'xdata', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort',
  'related', 'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);
const COLLECTION_TYPES = new Set([
  'proceedings', 'book', 'collection', 'reference', 'mvbook', 'mvcollection', 'mvproceedings', 'mvreference', 'periodical',
]);

export interface InheritanceProblem {
  entry: BibEntry;
  message: string;
}

function inherit(child: BibEntry, parent: BibEntry, viaCrossref: boolean): BibEntry {
  const fields = { ...child.fields };
  const out: BibEntry = { ...child, fields };
  const mapsTitle = viaCrossref && COLLECTION_TYPES.has(parent.type) && parent.fields.title !== undefined;
  if (mapsTitle && fields.booktitle === undefined) fields.booktitle = parent.fields.title;
  for (const [name, value] of Object.entries(parent.fields)) {
    if (NOT_INHERITED.has(name) || fields[name] !== undefined) continue;
    if (mapsTitle && name === 'title') continue;
    fields[name] = value;
  }
  if (child.authors.length === 0 && parent.authors.length > 0 && child.fields.author === undefined) {
    out.authors = parent.authors;
    if (parent.authorsTruncated) out.authorsTruncated = true;
  }
  if (!child.editors?.length && parent.editors?.length) out.editors = parent.editors;
  return deriveDisplayFields(out);
}

/**
 * Applies xdata then crossref inheritance to every entry of `entries` (keyed by lower-cased key).
 * Returns a new map; problems name missing parents and cycles.
 */
export function applyInheritance(entries: Map<string, BibEntry>): { entries: Map<string, BibEntry>; problems: InheritanceProblem[] } {
  const done = new Map<string, BibEntry>();
  const visiting = new Set<string>();
  const problems: InheritanceProblem[] = [];

  const resolve = (lower: string): BibEntry | undefined => {
    const cached = done.get(lower);
    if (cached) return cached;
    const entry = entries.get(lower);
    if (!entry) return undefined;
    if (visiting.has(lower)) {
      problems.push({ entry, message: `${entry.key}: crossref/xdata cycle` });
      return entry;
    }
    visiting.add(lower);
    let result = entry;
    const xdata = entry.fields.xdata;
    if (xdata) {
      for (const key of xdata.split(',').map((k) => k.trim()).filter(Boolean)) {
        const parent = resolve(key.toLowerCase());
        if (parent) result = inherit(result, parent, false);
        else problems.push({ entry, message: `${entry.key}: xdata entry '${key}' is not defined` });
      }
    }
    const crossref = entry.fields.crossref?.trim();
    if (crossref) {
      const parent = resolve(crossref.toLowerCase());
      if (parent) result = inherit(result, parent, true);
      else problems.push({ entry, message: `${entry.key}: crossref entry '${crossref}' is not defined` });
    }
    visiting.delete(lower);
    done.set(lower, result);
    return result;
  };

  const out = new Map<string, BibEntry>();
  for (const lower of entries.keys()) out.set(lower, resolve(lower)!);
  return { entries: out, problems };
}
