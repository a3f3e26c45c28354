// A cited author's name is not an entity: "the Suzuki-Kasahara formulation" or "the library by
// P. Dierckx \cite{...}" reads to a tagger like a chemical name (capitalised, hyphenated, unknown
// word). The family names of the authors a file cites tell it apart: a highlight whose every word is
// one of them (eponyms joined by hyphens or dashes, possessives) is dropped. Only the file's own
// citations count, so a large .bib library does not turn common names into non-entities.
import type { BibEntry, ProseSegment } from '../types.ts';

/** Lower-cased family names of the authors (and editors) of the entries cited in `segments`. */
export function citedAuthorNames(segments: readonly Pick<ProseSegment, 'citations'>[], lookup: (key: string) => BibEntry | undefined): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  for (const segment of segments) {
    for (const citation of segment.citations) {
      for (const { key } of citation.occurrence.keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = lookup(key);
        for (const person of [...(entry?.authors ?? []), ...(entry?.editors ?? [])]) {
          if (person.literal !== undefined) continue; // {The SciPy Community}: a corporate name may well be an entity
          for (const word of nameWords(person.family)) names.add(word.toLowerCase());
        }
      }
    }
  }
  return names;
}

/** Words of a name, as written: "Suzuki-Kasahara" → Suzuki, Kasahara; "Needleman–Wunsch's" → Needleman, Wunsch. */
function nameWords(text: string): string[] {
  return text
    .replace(/['’]s$/u, '')
    .split(/[\s\-‐‑–—/]+/u)
    .filter((w) => w !== '' && !/^(et|al\.?|and)$/.test(w));
}

/**
 * True when every word of `text` (a highlighted span) is a capitalised cited author's family name:
 * "rice" stays an organism when a Rice is cited, "Rice" mid-sentence reads as the author.
 */
export function isCitedAuthorName(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  // initials ("P.", "J.-M.") may precede the surname
  const words = nameWords(text).filter((w) => !/^(\p{L}\.)+$/u.test(w));
  // an all-capital word is an acronym or a gene symbol, whoever is cited ("CAT", "WANG")
  return words.length > 0 && words.every((w) => /^\p{Lu}/u.test(w) && w !== w.toUpperCase() && names.has(w.toLowerCase()));
}
