// `sciwrite/analyzeDocument`: the same data `sciwrite analyze --json` prints, for one document's project.
// Later issues add `entities` and, on each citation, an `intent` (see README, "JSON output").
import { request } from './messages.ts';
import type { WireRange } from './ranges.ts';

export interface AnalyzeDocumentParams {
  uri: string;
  /** Analyse the whole project the document belongs to (default) or only the document. */
  scope?: 'project' | 'document';
}

export interface AnalyzedCitationEntry {
  key: string;
  title?: string;
  authors: string[];
  year?: string;
  venue?: string;
  doi?: string;
  url?: string;
  file: string;
  range: WireRange;
}

export interface AnalyzedCitation {
  file: string;
  range: WireRange;
  command: string;
  form: string;
  /** Keys as written in the manuscript. */
  keys: string[];
  /** Keys that no bibliography of the project defines. */
  unresolved: string[];
  /** The citation as the paper prints it, e.g. "(Smith et al., 2020)". */
  rendered: string;
  /** The rendered prose sentence holding the citation. */
  sentence: string;
  entries: AnalyzedCitationEntry[];
}

export interface AnalyzedSegment {
  file: string;
  range: WireRange;
  text: string;
  sentences: string[];
}

export interface AnalyzedBibliography {
  file: string;
  entries: number;
  problems: number;
}

export interface AnalyzedDiagnostic {
  file: string;
  range: WireRange;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface DocumentAnalysis {
  version: 1;
  root: string;
  files: string[];
  citations: AnalyzedCitation[];
  segments: AnalyzedSegment[];
  bibliographies: AnalyzedBibliography[];
  diagnostics: AnalyzedDiagnostic[];
}

export const AnalyzeDocumentRequest = request<AnalyzeDocumentParams, DocumentAnalysis>('sciwrite/analyzeDocument');
