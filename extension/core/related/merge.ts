// Merges candidates from several sources into one list: a Semantic Scholar paper that is already in a
// local library becomes that entry (keeping the key) enriched with S2's fields and vector.
import { IdentityIndex } from './identity.ts';
import type { RelatedCandidate } from './types.ts';

export function mergeCandidates(lists: readonly (readonly RelatedCandidate[])[]): RelatedCandidate[] {
  const merged: RelatedCandidate[] = [];
  const index = new IdentityIndex<RelatedCandidate>([]);
  for (const list of lists) {
    for (const candidate of list) {
      const known = index.find(candidate);
      if (!known) {
        const copy = { ...candidate, sources: [...candidate.sources] };
        merged.push(copy);
        index.add(copy);
        continue;
      }
      for (const source of candidate.sources) if (!known.sources.includes(source)) known.sources.push(source);
      const fill = ['abstract', 'tldr', 'doi', 'arxiv', 's2Id', 'url', 'pdfUrl', 'citationCount', 'venue', 'year', 'bibtex', 'vector', 'key', 'libraryFile'] as const;
      for (const name of fill) {
        if (known[name] === undefined && candidate[name] !== undefined) (known as unknown as Record<string, unknown>)[name] = candidate[name];
      }
      if (known.authors.length === 0) known.authors = candidate.authors;
      index.add(known);
    }
  }
  return merged;
}
