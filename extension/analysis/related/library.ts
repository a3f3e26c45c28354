// Local library entries (every bibliography the manuscript reads, plus the extra files from settings)
// as ranking candidates.
import type { RelatedCandidate } from '../../core/related/types.ts';
import type { BibEntry, PersonName } from '../../core/types.ts';

export function personName(name: PersonName): string {
  return name.literal ?? [name.given, name.particle, name.family, name.suffix].filter(Boolean).join(' ');
}

export function libraryCandidate(entry: BibEntry): RelatedCandidate {
  const candidate: RelatedCandidate = {
    id: `bib:${entry.key}`,
    key: entry.key,
    libraryFile: entry.file,
    title: entry.title ?? entry.key,
    authors: (entry.authors.length > 0 ? entry.authors : (entry.editors ?? [])).map(personName),
    sources: ['library'],
  };
  const year = entry.year ? Number.parseInt(entry.year, 10) : Number.NaN;
  if (Number.isFinite(year)) candidate.year = year;
  if (entry.venue) candidate.venue = entry.venue;
  const abstract = entry.fields.abstract;
  if (abstract) candidate.abstract = abstract;
  const keywords = entry.fields.keywords ?? entry.fields.keyword;
  if (keywords) candidate.keywords = keywords;
  if (entry.doi) candidate.doi = entry.doi;
  if (entry.arxiv) candidate.arxiv = entry.arxiv;
  if (entry.url) candidate.url = entry.url;
  return candidate;
}

/** One candidate per entry (the bibliography already keeps the first definition of a key). */
export function libraryCandidates(entries: Iterable<BibEntry>): RelatedCandidate[] {
  const out: RelatedCandidate[] = [];
  for (const entry of entries) {
    // Cross-referenced parents (proceedings volumes) are not papers to cite.
    if (entry.type === 'proceedings' || entry.type === 'xdata' || entry.type === 'set') continue;
    out.push(libraryCandidate(entry));
  }
  return out;
}
