// Numbers for numeric citation styles, in order of first citation (unsrt, IEEEtran, Nature,
// biblatex numeric with sorting=none): the first key cited is [1]. `\nocite{*}` numbers every
// remaining entry at that point, in bibliography order. Keys are lower-cased, as BibTeX matches them.
import type { Bibliography, CitationOccurrence } from '../types.ts';

/** Lower-cased key → citation number. */
export type CitationNumbering = ReadonlyMap<string, number>;

/**
 * Numbers the keys of `occurrences`, given in document order. With `bib`, keys no bibliography
 * defines get no number (BibTeX leaves them out of the list).
 */
export function buildNumbering(occurrences: Iterable<CitationOccurrence>, bib?: Bibliography): Map<string, number> {
  const numbering = new Map<string, number>();
  const add = (lower: string) => {
    if (numbering.has(lower)) return;
    if (bib && !bib.entries.has(lower)) return;
    numbering.set(lower, numbering.size + 1);
  };
  for (const occurrence of occurrences) {
    for (const { key } of occurrence.keys) {
      if (key === '*') {
        if (bib) for (const lower of bib.entries.keys()) add(lower);
        continue;
      }
      add(key.toLowerCase());
    }
  }
  return numbering;
}
