// Semantic Scholar / Crossref records → ranking candidates and .bib metadata. Their text fields carry the
// publishers' markup (`&amp;`, `<i>…</i>`, `<sub>2</sub>`): it is turned into plain text here (./plain-text.ts),
// for the panel and for the .bib writer, which escapes plain text itself.
import { cleanS2Bibtex } from '../../core/bibwrite/clean-s2.ts';
import { splitPersonName, type PaperMetadata } from '../../core/bibwrite/metadata.ts';
import type { CandidateSource, RelatedCandidate } from '../../core/related/types.ts';
import { plainText } from './plain-text.ts';
import type { CrossrefWork, S2Paper } from './types.ts';

/** A one-line field (title, name, venue) as plain text. */
const line = (text: string): string => plainText(text, { singleLine: true });

/** The venue: the journal unless it is only "ArXiv" (S2 names preprints so), else the venue fields. */
function venueOf(paper: S2Paper): string | undefined {
  const journal = paper.journal?.name && !/^arxiv/i.test(paper.journal.name) ? paper.journal.name : undefined;
  const venue = journal || paper.venue || paper.publicationVenue?.name || undefined;
  return venue ? line(venue) || undefined : undefined;
}

function externalId(paper: S2Paper, name: string): string | undefined {
  const value = paper.externalIds?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

export function s2Candidate(paper: S2Paper, source: CandidateSource): RelatedCandidate {
  const vector = paper.embedding?.vector;
  const candidate: RelatedCandidate = {
    id: `s2:${paper.paperId}`,
    title: typeof paper.title === 'string' ? line(paper.title) : '(untitled)',
    authors: (paper.authors ?? []).map((a) => a.name).filter((name) => typeof name === 'string').map(line),
    sources: [source],
    s2Id: paper.paperId,
  };
  if (typeof paper.year === 'number') candidate.year = paper.year;
  const venue = venueOf(paper);
  if (venue) candidate.venue = venue;
  if (paper.abstract) candidate.abstract = plainText(paper.abstract);
  if (paper.tldr?.text) candidate.tldr = plainText(paper.tldr.text);
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
    title: typeof paper.title === 'string' ? line(paper.title) : '(untitled)',
    authors: (paper.authors ?? []).filter((a) => typeof a.name === 'string').map((a) => splitPersonName(line(a.name))),
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
  const cleaned = cleanS2Bibtex(paper.citationStyles?.bibtex ?? undefined, metadata).metadata;
  // S2's BibTeX carries the same markup as its JSON (`Journal of X &amp; Y`).
  for (const field of ['journal', 'booktitle', 'publisher'] as const) if (cleaned[field]) cleaned[field] = line(cleaned[field]);
  return cleaned;
}

export function crossrefMetadata(work: CrossrefWork): PaperMetadata {
  const parts = work.issued?.['date-parts']?.[0] ?? work.published?.['date-parts']?.[0] ?? [];
  const metadata: PaperMetadata = {
    title: typeof work.title?.[0] === 'string' ? line(work.title[0]) : '(untitled)',
    authors: (work.author ?? []).map((a) => (a.family ? { family: line(a.family), ...(a.given ? { given: line(a.given) } : {}) } : splitPersonName(line(a.name ?? '')))).filter((a) => a.family),
  };
  if (typeof parts[0] === 'number') {
    metadata.year = parts[0];
    if (typeof parts[1] === 'number') metadata.date = `${parts[0]}-${String(parts[1]).padStart(2, '0')}${typeof parts[2] === 'number' ? `-${String(parts[2]).padStart(2, '0')}` : ''}`;
  }
  const container = work['container-title']?.[0] ? line(work['container-title'][0]) : undefined;
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
  if (work.publisher) metadata.publisher = line(work.publisher);
  if (work.DOI) metadata.doi = work.DOI;
  return metadata;
}
