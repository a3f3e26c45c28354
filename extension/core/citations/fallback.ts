// The renderer used when no bibliography-aware renderer is given: numeric, in order of first
// citation ("[1]", "[2, 3]"), like an unsorted numeric style. Keys are matched case-insensitively,
// as BibTeX does. \nocite renders as nothing. The numbering lives in the returned closure, so a
// DocumentSegmenter keeps numbers stable across edits.
import type { CitationOccurrence, CitationRenderer } from '../types.ts';

export function createFallbackRenderer(): CitationRenderer {
  const numbers = new Map<string, number>();
  return (occ: CitationOccurrence): string => {
    if (occ.form === 'invisible') return '';
    const ns = occ.keys.map((k) => {
      const key = k.key.toLowerCase();
      let n = numbers.get(key);
      if (n === undefined) {
        n = numbers.size + 1;
        numbers.set(key, n);
      }
      return n;
    });
    return `[${ns.join(', ')}]`;
  };
}
