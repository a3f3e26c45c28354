// Semantic Scholar / Crossref records → ranking candidates and .bib metadata.
import { cleanS2Bibtex } from '../../core/bibwrite/clean-s2.ts';
import { splitPersonName, type PaperMetadata } from '../../core/bibwrite/metadata.ts';
import type { CandidateSource, RelatedCandidate } from '../../core/related/types.ts';
import type { CrossrefWork, S2Paper } from './types.ts';

/** The venue: the journal unless it is only "ArXiv" (S2 names preprints so), else the venue fields. */
function venueOf(paper: S2Paper): string | undefined {
  const journal = paper.journal?.name && !/^arxiv/i.test(paper.journal.name) ? paper.journal.name : undefined;
  return journal || paper.venue || paper.publicationVenue?.name || undefined;
}

function externalId(paper: S2Paper, name: string): string | undefined {
  const value = paper.externalIds?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

export function s2Candidate(paper: S2Paper, source: CandidateSource): RelatedCandidate {
  const vector = paper.embedding?.vector;
  const candidate: RelatedCandidate = {
    id: `s2:${paper.paperId}`,
    title: paper.title ?? '(untitled)',
    authors: (paper.authors ?? []).map((a) => a.name).filter((name) => typeof name === 'string'),
    sources: [source],
    s2Id: paper.paperId,
  };
  if (typeof paper.year === 'number') candidate.year = paper.year;
  const venue = venueOf(paper);
  if (venue) candidate.venue = venue;
  if (paper.abstract) candidate.abstract = paper.abstract;
  if (paper.tldr?.text) candidate.tldr = paper.tldr.text;
  const doi = externalId(paper, 'DOI');
  if (doi) candidate.doi = doi;
  const arxiv = externalId(paper, 'ArXiv');
  if (arxiv) candidate.arxiv = arxiv;
  if (paper.url) candidate.url = paper.url;
  if (paper.openAccessPdf?.url) candidate.pdfUrl = paper.openAccessPdf.url;
  if (typeof paper.citationCount === 'number') candidate.citationCount = paper.citationCount;
  if (Array.isArray(vector) && vector.length > 0 && vector.every((x) => typeof x === 'number' && Number.isFinite(x))) candidate.vector = Float32Array.from(vector);
  if (paper.citationStyles?.bibtex) candidate.bibtex = paper.citationStyles.bibtex;
  return candidate;
}

/** Metadata for a .bib entry: from the JSON fields, with the venue details of S2's BibTeX when it parses. */
export function s2Metadata(paper: S2Paper): PaperMetadata {
  const types = paper.publicationTypes ?? [];
  const metadata: PaperMetadata = {
    title: paper.title ?? '(untitled)',
    authors: (paper.authors ?? []).map((a) => splitPersonName(a.name)),
  };
  if (typeof paper.year === 'number') metadata.year = paper.year;
  if (paper.publicationDate) metadata.date = paper.publicationDate;
  const venue = venueOf(paper);
  const preprint = !paper.journal?.name || /^arxiv/i.test(paper.journal.name);
  if (types.includes('Conference') && venue) {
    metadata.type = 'inproceedings';
    metadata.booktitle = venue;
  } else if (venue && !/^arxiv/i.test(venue)) {
    metadata.type = 'article';
    metadata.journal = venue;
  }
  if (!preprint && paper.journal?.volume) metadata.volume = paper.journal.volume.trim();
  if (!preprint && paper.journal?.pages) metadata.pages = paper.journal.pages.trim();
  const doi = externalId(paper, 'DOI');
  if (doi) metadata.doi = doi;
  const arxiv = externalId(paper, 'ArXiv');
  if (arxiv) metadata.arxiv = arxiv;
  if (!doi && paper.url) metadata.url = paper.url;
  return cleanS2Bibtex(paper.citationStyles?.bibtex ?? undefined, metadata).metadata;
}

export function crossrefMetadata(work: CrossrefWork): PaperMetadata {
  const parts = work.issued?.['date-parts']?.[0] ?? work.published?.['date-parts']?.[0] ?? [];
  const metadata: PaperMetadata = {
    title: (work.title?.[0] ?? '(untitled)').replace(/<[^>]+>/g, ''),
    authors: (work.author ?? []).map((a) => (a.family ? { family: a.family, ...(a.given ? { given: a.given } : {}) } : splitPersonName(a.name ?? ''))).filter((a) => a.family),
  };
  if (typeof parts[0] === 'number') {
    metadata.year = parts[0];
    if (typeof parts[1] === 'number') metadata.date = `${parts[0]}-${String(parts[1]).padStart(2, '0')}${typeof parts[2] === 'number' ? `-${String(parts[2]).padStart(2, '0')}` : ''}`;
  }
  const container = work['container-title']?.[0];
  if (work.type === 'proceedings-article' && container) {
    metadata.type = 'inproceedings';
    metadata.booktitle = container;
  } else if (work.type === 'journal-article' && container) {
    metadata.type = 'article';
    metadata.journal = container;
  } else if (work.type === 'book') metadata.type = 'book';
  else if (container) metadata.journal = container;
  if (work.volume) metadata.volume = work.volume;
  if (work.issue) metadata.number = work.issue;
  if (work.page) metadata.pages = work.page;
  if (work.publisher) metadata.publisher = work.publisher;
  if (work.DOI) metadata.doi = work.DOI;
  return metadata;
}
