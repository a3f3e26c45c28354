// Shapes of the related-work ranking: candidates from any source, and the ranked result the panel,
// the server and `sciwrite related` show.

export type CandidateSource = 'library' | 'semantic-scholar' | 'recommendations';

/** A paper that could be suggested, from a local library and/or Semantic Scholar (merged when they match). */
export interface RelatedCandidate {
  /** Stable id: `bib:<key>` for library entries, `s2:<paperId>` otherwise. */
  id: string;
  title: string;
  authors: string[];
  year?: number;
  venue?: string;
  abstract?: string;
  tldr?: string;
  keywords?: string;
  doi?: string;
  arxiv?: string;
  /** Semantic Scholar paper id (40 hex). */
  s2Id?: string;
  url?: string;
  pdfUrl?: string;
  citationCount?: number;
  /** The key, when the paper is in one of the project's or the user's libraries. */
  key?: string;
  /** The library file holding `key`. */
  libraryFile?: string;
  sources: CandidateSource[];
  /** A SPECTER2 proximity embedding (Semantic Scholar's `specter_v2` or computed locally), any length. */
  vector?: Float32Array;
  /** BibTeX as Semantic Scholar gave it (`citationStyles.bibtex`), unchecked. */
  bibtex?: string;
}

export interface RankedPaper {
  id: string;
  key?: string;
  title: string;
  authors: string[];
  year?: number;
  venue?: string;
  abstract?: string;
  tldr?: string;
  doi?: string;
  arxiv?: string;
  s2Id?: string;
  url?: string;
  pdfUrl?: string;
  citationCount?: number;
  /** Combined score in [0, 1], higher is better. */
  score: number;
  /** The first source the paper came from, e.g. "library". */
  source: CandidateSource;
  sources: CandidateSource[];
  /** Why it is suggested, in words: "similarity 0.83", "shared terms: alignment, genome". */
  reasons: string[];
  similarity?: number;
  lexicalScore?: number;
  sharedTerms: string[];
  /** The paper is in a bibliography the manuscript reads. */
  inBibliography: boolean;
  /** The manuscript already cites it. */
  cited: boolean;
}

/** Which rankers ran, so the panel can say what is off. */
export type RankerKind = 'bm25' | 'specter2' | 'bm25+specter2';
