// People are not entities, but a tagger trained on abstracts has seen few names and reads "the
// Suzuki-Kasahara formulation" or "the library by P. Dierckx" as chemicals, and "Paul Dubois" as a
// material. The authors a file cites tell names apart: a highlight whose every word is a cited
// author's family name (eponyms joined by hyphens or dashes, possessives), or that reads "Given
// [Middle] Family" with a cited author's given name first, is dropped. Only the file's own citations
// count, so a large .bib library does not turn common words into names.
import type { BibEntry, ProseSegment } from '../types.ts';

/** Lower-cased given and family names of the authors (and editors) a file cites. */
export interface CitedNames {
  families: Set<string>;
  givens: Set<string>;
}

/** The entries cited in `segments` that `lookup` finds, each once. */
export function citedEntries(segments: readonly Pick<ProseSegment, 'citations'>[], lookup: (key: string) => BibEntry | undefined): BibEntry[] {
  const seen = new Set<string>();
  const entries: BibEntry[] = [];
  for (const segment of segments) {
    for (const citation of segment.citations) {
      for (const { key } of citation.occurrence.keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = lookup(key);
        if (entry) entries.push(entry);
      }
    }
  }
  return entries;
}

/** The names of the authors (and editors) of the entries cited in `segments`. */
export function citedAuthorNames(segments: readonly Pick<ProseSegment, 'citations'>[], lookup: (key: string) => BibEntry | undefined): CitedNames {
  const names: CitedNames = { families: new Set(), givens: new Set() };
  for (const entry of citedEntries(segments, lookup)) {
    for (const person of [...entry.authors, ...(entry.editors ?? [])]) {
      if (person.literal !== undefined) continue; // {The SciPy Community}: a corporate name may well be an entity
      for (const word of nameWords(person.family)) names.families.add(word.toLowerCase());
      const given = person.given?.split(/\s+/)[0];
      if (given !== undefined && !isInitial(given)) names.givens.add(given.toLowerCase());
    }
  }
  return names;
}

/** Words of a name, as written: "Suzuki-Kasahara" → Suzuki, Kasahara; "Needleman–Wunsch's" → Needleman, Wunsch; "Steinberg's and Snow" → Steinberg, Snow. */
function nameWords(text: string): string[] {
  return text
    .split(/[\s\-‐‑–—/]+/u)
    .map((w) => w.replace(/['’]s?$/u, ''))
    .filter((w) => w !== '' && !/^(et|al\.?|and)$/.test(w));
}

/** "P.", "J.-M." (split at the hyphen), "E". */
function isInitial(word: string): boolean {
  return /^\p{Lu}\.?$/u.test(word) || /^(\p{L}\.)+$/u.test(word);
}

/** Capitalised, not all capitals: an all-capital word is an acronym or a gene symbol, whoever is cited ("CAT", "WANG"). */
function isCapitalisedName(word: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(word);
}

/** One edit apart (a letter added, dropped, changed, or two neighbours swapped): "Zhabotinksy" for "Zhabotinsky". */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const [ra, rb] = [a.slice(i), b.slice(i)];
  return ra.slice(1) === rb.slice(1) || ra.slice(1) === rb || ra === rb.slice(1) || (ra.length > 1 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2));
}

/** A cited family name, or a misspelling of a long one (seven letters or more, one edit apart: "Suzuka" is a city). */
function isCitedFamily(word: string, families: ReadonlySet<string>): boolean {
  const w = word.toLowerCase();
  if (families.has(w)) return true;
  if (w.length < 7 || !/^\p{L}+$/u.test(w)) return false;
  for (const family of families) if (family.length >= 7 && oneEditApart(w, family)) return true;
  return false;
}

/**
 * True when a highlighted span is a person: only capitalised family names of cited authors
 * (initials allowed: "P. Dierckx"; a long name misspelt by one letter: "Miller and Zhabotinksy"), or
 * two or three capitalised words of which the first is a cited author's given name ("Paul Dubois").
 * "rice" stays an organism when a Rice is cited.
 */
export function isCitedAuthorName(text: string, names: CitedNames): boolean {
  if (names.families.size === 0) return false;
  const words = nameWords(text);
  const surnames = words.filter((w) => !isInitial(w));
  if (surnames.length > 0 && surnames.every((w) => isCapitalisedName(w) && isCitedFamily(w, names.families))) return true;
  const spaced = text.trim().split(/\s+/u);
  return spaced.length >= 2 && spaced.length <= 3 && names.givens.has(spaced[0].toLowerCase())
    && spaced.every((w, i) => (i > 0 && isInitial(w)) || isCapitalisedName(w));
}
