// `analyzeFile`: the whole analysis of a manuscript's project as plain JSON-ready data, for the
// `sciwrite analyze` command and the `sciwrite/analyzeDocument` request. The shape is documented
// in README.md ("JSON output") and kept stable: add fields, never rename or remove them.
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { BibEntry } from '../core/types.ts';
import { bibliographyDiagnostics, manuscriptDiagnostics, type AnalysisDiagnostic } from './diagnostics.ts';
import type { LineRange } from './line-index.ts';
import { defaultAnalysisOptions, type AnalysisOptions } from './ports.ts';
import { missingKeys } from './queries.ts';
import { isBibliographyFile, manuscriptLanguage, type FileAnalysis, type ProjectSnapshot, type Workspace } from './workspace.ts';

export interface AnalyzedEntry {
  key: string;
  title?: string;
  authors: string[];
  year?: string;
  venue?: string;
  doi?: string;
  url?: string;
  file: string;
  range: LineRange;
}

export interface AnalyzedCitation {
  file: string;
  range: LineRange;
  command: string;
  form: string;
  keys: string[];
  unresolved: string[];
  rendered: string;
  sentence: string;
  entries: AnalyzedEntry[];
}

export interface AnalyzedSegment {
  file: string;
  range: LineRange;
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
  range: LineRange;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface AnalyzeResult {
  version: 1;
  root: string;
  files: string[];
  citations: AnalyzedCitation[];
  segments: AnalyzedSegment[];
  bibliographies: AnalyzedBibliography[];
  diagnostics: AnalyzedDiagnostic[];
}

export interface AnalyzeOptions {
  /** Analyse the project the file belongs to (default) or only the file itself. */
  scope?: 'project' | 'document';
  analysis?: Partial<AnalysisOptions>;
}

/** The manuscript extensions SciWrite reads, as users write them (workspace.ts maps them to languages). */
export const MANUSCRIPT_EXTENSIONS_HELP = '.tex, .ltx, .latex (LaTeX), .md, .markdown, .pandoc (pandoc Markdown), .Rmd, .rmarkdown (R Markdown), .qmd (Quarto)';

/** Why `file` cannot be analysed when its extension is not a manuscript's (a .bib, a .docx), else undefined. */
export function notManuscriptReason(file: string): string | undefined {
  if (manuscriptLanguage(file)) return undefined;
  if (isBibliographyFile(file)) {
    return `${file} is a bibliography, not a manuscript: analyse a manuscript that cites it (its entries and problems are reported with that manuscript's project)`;
  }
  const ext = extname(file);
  return `${file}: ${ext ? `${ext} files are not manuscripts` : 'a file without an extension is not a manuscript'} SciWrite reads; it reads ${MANUSCRIPT_EXTENSIONS_HELP}`;
}

/** What to say when a folder is given where a manuscript is expected (`given` as the user wrote it). */
export function manuscriptFolderReason(given: string): string {
  return `${given} is a folder: give the manuscript's root .tex or .md file`;
}

/** Analyses a manuscript and, unless `scope` is 'document', every file of its project. */
export async function analyzeFile(workspace: Workspace, path: string, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const file = resolve(path);
  const analysisOptions: AnalysisOptions = { ...defaultAnalysisOptions, ...options.analysis };
  const project = await workspace.project(file, analysisOptions);
  const files = options.scope === 'document' ? [file] : project.info.files.includes(file) ? project.info.files : [file, ...project.info.files];
  const analyses: FileAnalysis[] = [];
  for (const name of files) {
    const analysis = await project.file(name);
    if (analysis) analyses.push(analysis);
  }
  if (analyses.length === 0) {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new Error(manuscriptFolderReason(file));
    throw new Error(notManuscriptReason(file) ?? `cannot read ${file}`);
  }

  const diagnostics: AnalysisDiagnostic[] = [];
  for (const analysis of analyses) diagnostics.push(...manuscriptDiagnostics(project, analysis));
  for (const list of bibliographyDiagnostics(project).values()) diagnostics.push(...list);

  return {
    version: 1,
    root: project.root,
    files: analyses.map((analysis) => analysis.file),
    citations: analyses.flatMap((analysis) => citationsOf(project, analysis)),
    segments: analyses.flatMap((analysis) => segmentsOf(analysis)),
    bibliographies: project.bibFiles.map((bib) => ({
      file: bib.file,
      entries: bib.entries.length,
      // a missing file's one problem: "Bibliography file not found"
      problems: bib.exists ? bib.problems.length : 1,
    })),
    diagnostics: diagnostics.map(({ file, range, severity, code, message }) => ({ file, range, severity, code, message })),
  };
}

function citationsOf(project: ProjectSnapshot, analysis: FileAnalysis): AnalyzedCitation[] {
  // The rendered form and sentence come from the segment holding the citation; citations outside prose have neither.
  const inProse = new Map<number, { rendered: string; sentence: string }>();
  for (const segment of analysis.segments) {
    for (const citation of segment.citations) {
      const sentenceSpan = segment.sentences[citation.sentence];
      inProse.set(citation.occurrence.span.start, {
        rendered: segment.prose.text.slice(citation.proseSpan.start, citation.proseSpan.end),
        sentence: sentenceSpan ? segment.prose.text.slice(sentenceSpan.start, sentenceSpan.end).trim() : '',
      });
    }
  }
  return analysis.citations.map((occurrence) => {
    const prose = inProse.get(occurrence.span.start);
    const entries: AnalyzedEntry[] = [];
    for (const key of occurrence.keys) {
      const found = project.lookup(key.key);
      if (found) entries.push(entryOf(project, found.entry));
    }
    return {
      file: analysis.file,
      range: analysis.lines.rangeOf(occurrence.span),
      command: occurrence.command,
      form: occurrence.form,
      keys: occurrence.keys.map((key) => key.key),
      unresolved: missingKeys(project, occurrence),
      rendered: prose?.rendered ?? project.renderer(occurrence),
      sentence: prose?.sentence ?? '',
      entries,
    };
  });
}

function entryOf(project: ProjectSnapshot, entry: BibEntry): AnalyzedEntry {
  const bib = project.bibFile(entry.file);
  const out: AnalyzedEntry = {
    key: entry.key,
    authors: entry.authors.map((author) => author.literal ?? [author.given, author.particle, author.family, author.suffix].filter(Boolean).join(' ')),
    file: entry.file,
    range: bib ? bib.lines.rangeOf(entry.keySpan) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
  if (entry.title !== undefined) out.title = entry.title;
  if (entry.year !== undefined) out.year = entry.year;
  if (entry.venue !== undefined) out.venue = entry.venue;
  if (entry.doi !== undefined) out.doi = entry.doi;
  if (entry.url !== undefined) out.url = entry.url;
  return out;
}

function segmentsOf(analysis: FileAnalysis): AnalyzedSegment[] {
  return analysis.segments.map((segment) => ({
    file: analysis.file,
    range: analysis.lines.rangeOf(segment.span),
    text: segment.prose.text,
    sentences: segment.sentences.map((span) => segment.prose.text.slice(span.start, span.end).trim()),
  }));
}
