// Response shapes of the Semantic Scholar Academic Graph and Recommendations APIs (the fields we ask for).
// Source: api.semanticscholar.org/graph/v1/swagger.json and the recommendations spec (see /work/shared/apis).

export interface S2Author {
  authorId?: string | null;
  name: string;
}

export interface S2Paper {
  paperId: string;
  corpusId?: number;
  url?: string;
  title?: string | null;
  abstract?: string | null;
  venue?: string | null;
  publicationVenue?: { id?: string; name?: string; type?: string } | null;
  year?: number | null;
  publicationDate?: string | null;
  authors?: S2Author[];
  citationCount?: number;
  externalIds?: Record<string, string | number | undefined> | null;
  journal?: { name?: string; volume?: string; pages?: string } | null;
  publicationTypes?: string[] | null;
  openAccessPdf?: { url?: string; status?: string } | null;
  tldr?: { model?: string; text?: string } | null;
  citationStyles?: { bibtex?: string } | null;
  embedding?: { model?: string; vector?: number[] } | null;
}

export interface S2SearchResponse {
  total?: number | string;
  offset?: number;
  next?: number;
  data?: S2Paper[];
}

export interface S2RecommendationsResponse {
  recommendedPapers?: S2Paper[];
}

export interface CrossrefWork {
  DOI?: string;
  title?: string[];
  author?: { given?: string; family?: string; name?: string }[];
  'container-title'?: string[];
  issued?: { 'date-parts'?: (number | null)[][] };
  published?: { 'date-parts'?: (number | null)[][] };
  volume?: string;
  issue?: string;
  page?: string;
  publisher?: string;
  type?: string;
  URL?: string;
  abstract?: string;
}
