// Questions the editor and the CLI ask about a project: what is cited where, what is defined,
// what is missing, what is never cited.
import { uncitedEntries as uncitedInBibliography } from '../core/bib/uncited.ts';
import type { BibEntry, CitationKey, CitationOccurrence, Span } from '../core/types.ts';
import type { BibFileState, FileAnalysis, ProjectSnapshot } from './workspace.ts';

export interface CitationHit {
  occurrence: CitationOccurrence;
  /** The key under the cursor; undefined when the cursor is on the command or its brackets. */
  key?: CitationKey;
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** The citation at an offset (a cursor just after a key still counts as on it). */
export function citationAt(file: FileAnalysis, offset: number): CitationHit | undefined {
  for (const occurrence of file.citations) {
    if (!within(occurrence.span, offset)) continue;
    const key = occurrence.keys.find((candidate) => within(candidate.span, offset));
    return key ? { occurrence, key } : { occurrence };
  }
  return undefined;
}

/** The bibliography entry whose key sits at an offset of a .bib file. */
export function entryAt(bib: BibFileState, offset: number): BibEntry | undefined {
  return bib.entries.find((entry) => within(entry.keySpan, offset));
}

export interface KeyReference {
  file: string;
  span: Span;
  key: CitationKey;
  occurrence: CitationOccurrence;
}

/** Every citation of `key` (case-insensitive, as BibTeX matches) across the project's files. */
export async function referencesOf(project: ProjectSnapshot, key: string): Promise<KeyReference[]> {
  const lower = key.toLowerCase();
  const out: KeyReference[] = [];
  for (const file of await project.files()) {
    for (const occurrence of file.citations) {
      for (const cited of occurrence.keys) {
        if (cited.key.toLowerCase() === lower) out.push({ file: file.file, span: cited.span, key: cited, occurrence });
      }
    }
  }
  return out;
}

export interface UnresolvedKey {
  occurrence: CitationOccurrence;
  key: CitationKey;
  /** Defined only with a different letter case: BibTeX accepts it, biber does not. */
  caseMismatch?: BibEntry;
}

/** Keys that no bibliography defines exactly, in one file. `*` (as in `\nocite{*}`) is never unresolved. */
export function unresolvedKeys(project: ProjectSnapshot, file: FileAnalysis): UnresolvedKey[] {
  const out: UnresolvedKey[] = [];
  for (const occurrence of file.citations) {
    for (const key of occurrence.keys) {
      if (key.key === '*') continue;
      const found = project.lookup(key.key);
      if (!found) out.push({ occurrence, key });
      else if (!found.exactCase) out.push({ occurrence, key, caseMismatch: found.entry });
    }
  }
  return out;
}

/** Keys of a citation that no bibliography defines, even ignoring case. */
export function missingKeys(project: ProjectSnapshot, occurrence: CitationOccurrence): string[] {
  return occurrence.keys.filter((key) => key.key !== '*' && !project.lookup(key.key)).map((key) => key.key);
}

/**
 * Entries of the project's bibliographies that no file cites; none when `\nocite{*}` cites them all.
 * Crossref/xdata parents of cited entries count as used (core/bib/uncited.ts).
 */
export async function uncitedEntries(project: ProjectSnapshot): Promise<BibEntry[]> {
  const cited: string[] = [];
  for (const file of await project.files()) {
    for (const occurrence of file.citations) for (const key of occurrence.keys) cited.push(key.key);
  }
  return uncitedInBibliography(project.bibliography, cited);
}

/** Every key the project can cite, as completion candidates. */
export function completionCandidates(project: ProjectSnapshot): BibEntry[] {
  return [...project.bibliography.entries.values()];
}

/** "Smith, Jones and Lee" / "Smith et al." for labels. */
export function authorLabel(entry: BibEntry, max = 2): string {
  const names = entry.authors.map((author) => author.literal ?? author.family).filter((name) => name !== '');
  if (names.length === 0) return entry.fields.editor ?? '';
  if (names.length > max) return `${names[0]} et al.`;
  return names.join(' and ');
}
