// What the analysis layer needs from the manuscript model and the bibliography/project modules.
// `core-adapter.ts` fills these in from extension/core; the workspace depends only on this shape.
import type { BibEntry, Bibliography, CitationOccurrence, CitationRenderer, LatexStructure, ProseSegment, SourceProblem, Span } from '../core/types.ts';
import type { AnalysisFileSystem } from './file-system.ts';

/** Language ids the segmenter knows; R Markdown and Quarto are pandoc Markdown with their own chunks. */
export type ManuscriptLanguage = 'latex' | 'markdown' | 'rmd' | 'quarto';

/** Settings that change what the analysis finds. */
export interface AnalysisOptions {
  /** Absolute paths of bibliographies every manuscript may cite (`sciwrite.bibliography.extraFiles`). */
  extraBibliographies: string[];
  /** Extra citation command names, without the backslash. */
  extraCitationCommands: string[];
  skipCommands: string[];
  skipEnvironments: string[];
  /** The workspace folder holding the file, where the root-file search looks for includers. */
  workspaceFolder?: string;
}

export const defaultAnalysisOptions: AnalysisOptions = {
  extraBibliographies: [],
  extraCitationCommands: [],
  skipCommands: [],
  skipEnvironments: [],
};

/** A project as discovery finds it: the root file, every included file, the bibliographies. */
export interface ProjectInfo {
  root: string;
  /** Every manuscript file of the project, root first. */
  files: string[];
  /** Absolute paths of the bibliography files the project declares (existing or not). */
  bibliographies: string[];
  citationStyle?: LatexStructure['citationStyle'];
  /** User citation macros defined anywhere in the project (opaque to the workspace, passed to the segmenter). */
  citationMacros: unknown[];
  /** Acronyms declared anywhere in the project (opaque to the workspace, passed to the segmenter). */
  acronyms: unknown[];
  /** Bibliographies the manuscripts name that do not exist, where they are named. */
  missingBibliographies: MissingFile[];
  /** Included files that do not exist, where they are included. */
  missingIncludes: MissingFile[];
}

export interface MissingFile {
  /** The manuscript (or settings, for extra files) that names it. */
  file: string;
  /** As written. */
  path: string;
  command: string;
  span?: Span;
}

/** Reads a bibliography file's current text (open editor or disk); undefined when it does not exist. */
export type ReadText = (path: string) => Promise<string | undefined>;

/** One file cut into prose segments, with every citation occurrence in it (in prose or not). */
export interface SegmentedFile {
  segments: ProseSegment[];
  citations: CitationOccurrence[];
  problems: SourceProblem[];
}

export interface Segmenter {
  /** Segments the new text, reusing the work for unchanged paragraphs. */
  update(text: string): SegmentedFile;
}

export interface SegmenterOptions {
  file: string;
  language: ManuscriptLanguage;
  renderer: CitationRenderer;
  options: AnalysisOptions;
  project: ProjectInfo;
}

export interface CorePorts {
  collectProject(file: string, fs: AnalysisFileSystem, options: AnalysisOptions): Promise<ProjectInfo>;
  /**
   * Loads and merges bibliography files in order (@string macros carry over, first definition of a
   * key wins, crossref/xdata resolved, big files parsed off the main thread, parses cached by content).
   */
  loadBibliography(files: readonly string[], readText: ReadText): Promise<Bibliography>;
  createRenderer(bibliography: Bibliography, project: ProjectInfo): CitationRenderer;
  createSegmenter(options: SegmenterOptions): Segmenter;
  formatEntryMarkdown(entry: BibEntry): string;
  closestKeys(key: string, keys: readonly string[], limit: number): string[];
  /** True when `name` (without backslash) is a citation command in this project. */
  isCitationCommand(name: string, project: ProjectInfo, options: AnalysisOptions): boolean;
  /** Stops background work (the bibliography worker thread). */
  dispose(): Promise<void>;
  /** Fingerprint of what a manuscript declares about its project (includes, bibliographies, root, macros). */
  structureFingerprint(file: string, text: string): string;
}
