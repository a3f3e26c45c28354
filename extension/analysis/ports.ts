// What the analysis layer needs from the manuscript model and the bibliography/project modules.
// `core-adapter.ts` fills these in from extension/core; the workspace depends only on this shape.
import type { BibFileText } from '../core/bib/bibliography.ts';
import type { InlineReferences } from '../core/bib/inline-references.ts';
import type { CitationLabels, FileCitations } from '../core/render/index.ts';
import type { BibEntry, Bibliography, CitationOccurrence, CitationSorting, CitationRenderer, LatexStructure, ProseSegment, SourceProblem, Span } from '../core/types.ts';
import type { AnalysisFileSystem } from './file-system.ts';

/** Language ids the segmenter knows; R Markdown and Quarto are pandoc Markdown with their own chunks. */
export type ManuscriptLanguage = 'latex' | 'markdown' | 'rmd' | 'quarto';

/** Settings that change what the analysis finds. */
export interface AnalysisOptions {
  /** Bibliographies every manuscript may cite (`sciwrite.bibliography.extraFiles`): absolute, or relative to `workspaceFolder`, else to the manuscript's folder. */
  extraBibliographies: string[];
  /** Extra citation command names, without the backslash. */
  extraCitationCommands: string[];
  skipCommands: string[];
  skipEnvironments: string[];
  /** The workspace folder holding the file, where the root-file search looks for includers. */
  workspaceFolder?: string;
  /** Every workspace folder (a multi-root workspace): the root-file search looks in all of them, `workspaceFolder` first. */
  workspaceFolders?: string[];
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
  textualCite?: LatexStructure['textualCite'];
  /** natbib or biblatex, as the project's first file that loads one does (Cite here's command). */
  citationPackage?: LatexStructure['citationPackage'];
  /** The bibliography order the project declares outside its manuscripts (a pandoc `csl:` file); a manuscript's own declaration wins. */
  citationSorting?: CitationSorting;
  /** User citation macros defined anywhere in the project (opaque to the workspace, passed to the segmenter). */
  citationMacros: unknown[];
  /** Acronyms declared anywhere in the project (opaque to the workspace, passed to the segmenter). */
  acronyms: unknown[];
  /** Macros defined anywhere in the project with a known prose reading (opaque to the workspace, passed to the segmenter). */
  userCommands: unknown[];
  /** Per file, the file each of its includes (in source order) resolved to, as project discovery found them. */
  includeTargets: Record<string, (string | undefined)[]>;
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
  /** Where it was looked for (absolute paths): a bibliography's candidates, which the server watches. */
  candidates?: string[];
  /** It exists but could not be read (an include without permission). */
  unreadable?: true;
}

/** Reads a bibliography file's current text (open editor or disk): undefined when it does not exist, `{ unreadable: true }` when it exists but cannot be read. */
export type ReadText = (path: string) => Promise<BibFileText>;

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

/** The labels a project's style prints for its cited entries (numbers, 2020a/b). */
export interface ProjectCitationLabels {
  labels: CitationLabels;
  /** Changes whenever any printed label does: part of the render cache key. */
  fingerprint: string;
}

export interface CorePorts {
  collectProject(file: string, fs: AnalysisFileSystem, options: AnalysisOptions): Promise<ProjectInfo>;
  /**
   * Loads and merges bibliography files in order (@string macros carry over, first definition of a
   * key wins, crossref/xdata resolved, big files parsed off the main thread, parses cached by content).
   */
  loadBibliography(files: readonly string[], readText: ReadText): Promise<Bibliography>;
  /**
   * The part of a Markdown manuscript that may define entries: its front matter block, from the start
   * of the text; undefined when it has none. The inline references are read again only when it changes.
   */
  frontMatterText(text: string): string | undefined;
  /** The entries a front matter's `references:` defines (pandoc's inline bibliography); undefined when it has none. */
  readInlineReferences(file: string, frontMatter: string): InlineReferences | undefined;
  /** The files' bibliography with the inline entries over it (they win for the same id, as in pandoc), and notices about that. */
  withInlineReferences(bibliography: Bibliography, inline: InlineReferences): { bibliography: Bibliography; problems: SourceProblem[] };
  /**
   * What one manuscript contributes to its project's citation order: cited keys and includes in
   * source order, the bibliography order it declares. `previous` (the file's last scan) lends what is unchanged.
   */
  scanCitations(file: string, text: string, language: ManuscriptLanguage, project: ProjectInfo, options: AnalysisOptions, previous?: FileCitations): FileCitations;
  /** Numbers/labels as the project's style prints them, from every file's scan (walked from the root). */
  citationLabels(bibliography: Bibliography, project: ProjectInfo, scans: ReadonlyMap<string, FileCitations>): ProjectCitationLabels;
  /**
   * A renderer that prints an occurrence from its command, form, keys and notes alone, the same each
   * time: the workspace keeps a file's segments when a new renderer prints its citations as the old one did.
   */
  createRenderer(bibliography: Bibliography, project: ProjectInfo, labels?: CitationLabels): CitationRenderer;
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
