// Fills the analysis layer's ports (ports.ts) from extension/core: the incremental segmenter, the
// bibliography loader (and a Markdown front matter's inline references), project discovery and the
// citation renderer.
import { dirname, sep } from 'node:path';
import { loadBibliography } from '../core/bib/bibliography.ts';
import { BibCache } from '../core/bib/cache.ts';
import { closestKeys } from '../core/bib/closest-keys.ts';
import { readInlineReferences, withInlineReferences } from '../core/bib/inline-references.ts';
import { BibWorker } from '../core/bib/off-thread.ts';
import { citationContext, isCitationCommand } from '../core/latex/citations.ts';
import type { AcronymDefinition } from '../core/latex/acronyms.ts';
import { scanLatexStructure, type CitationMacro, type UserCommand } from '../core/latex/structure.ts';
import { findFrontMatter, readMarkdownFrontMatter } from '../core/markdown/frontmatter.ts';
import { markdownIncludes } from '../core/markdown/includes.ts';
import { collectProject, findRootFile, isMarkdownFile, listManuscriptFiles, type ProjectFileSystem } from '../core/project/index.ts';
import { DocumentSegmenter } from '../core/prose/segmenter.ts';
import {
  computeCitationLabels, createCitationRenderer, formatEntryMarkdown, labelsFingerprint, projectCitationOrder, scanLatexCitations,
  scanMarkdownCitations, type CitationStyle,
} from '../core/render/index.ts';
import type { AnalysisFileSystem } from './file-system.ts';
import type { AnalysisOptions, CorePorts, MissingFile, ProjectInfo, SegmenterOptions } from './ports.ts';

function isMacro(value: unknown): value is CitationMacro {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

function isAcronym(value: unknown): value is AcronymDefinition {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && typeof (value as { short?: unknown }).short === 'string';
}

function isUserCommand(value: unknown): value is UserCommand {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && typeof (value as { action?: unknown }).action === 'object';
}

function macrosOf(project: ProjectInfo): CitationMacro[] {
  return project.citationMacros.filter(isMacro);
}

/**
 * Project discovery's file access over the analysis file system (open editors first). The root of a
 * chapter is searched in its own workspace folder (else its folder) and every other workspace folder:
 * a root in one folder may include a chapter of another. Listed once per discovery, only when needed.
 */
function projectFileSystem(fs: AnalysisFileSystem, options: AnalysisOptions, file: string): ProjectFileSystem {
  const own = options.workspaceFolder ?? dirname(file);
  const folders = [own, ...new Set((options.workspaceFolders ?? []).filter((folder) => !within(folder, own)))];
  let listing: Promise<string[]> | undefined;
  return {
    readFile: (path) => fs.readFile(path),
    exists: async (path) => (await fs.stat(path)) !== undefined,
    listFiles: () => (listing ??= listManuscriptFiles(folders).then((files) => [...new Set(files)])),
  };
}

/** True when `path` is `folder` or lies inside it. */
function within(path: string, folder: string): boolean {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  return path === folder || path.startsWith(prefix);
}

async function discoverProject(file: string, fs: AnalysisFileSystem, options: AnalysisOptions): Promise<ProjectInfo> {
  const projectFs = projectFileSystem(fs, options, file);
  const root = await findRootFile(file, projectFs);
  const project = await collectProject(root, projectFs);
  const missingBibliographies: MissingFile[] = project.bibReferences
    .filter((ref) => ref.resolved === undefined)
    .map((ref) => ({ file: ref.file, path: ref.path, command: ref.command, ...(ref.span ? { span: ref.span } : {}), ...(ref.candidates ? { candidates: ref.candidates } : {}) }));
  return {
    root: project.root,
    files: project.files.length > 0 ? project.files : [root],
    bibliographies: project.bibFiles,
    citationStyle: project.citationStyle,
    ...(project.textualCite ? { textualCite: true } : {}),
    ...(project.citationPackage ? { citationPackage: project.citationPackage } : {}),
    ...(project.citationSorting ? { citationSorting: project.citationSorting } : {}),
    citationMacros: project.citationMacros,
    acronyms: project.acronyms,
    userCommands: project.userCommands,
    includeTargets: project.includeTargets,
    missingBibliographies,
    missingIncludes: project.missingIncludes.map((missing) => ({ file: missing.file, path: missing.path, command: missing.command, span: missing.span, ...(missing.unreadable ? { unreadable: true as const } : {}) })),
  };
}

/** The style the paper prints citations in: what the project declares, else numeric for LaTeX, author-year for pandoc. */
function styleOf(project: ProjectInfo): CitationStyle {
  return project.citationStyle ?? (isMarkdownFile(project.root) ? 'author-year' : 'numeric');
}

export interface CorePortsOptions {
  /** Parse bibliography files of at least this many characters on a worker thread (default 1,000,000). */
  offThreadFromChars?: number;
}

export function createCorePorts(portsOptions: CorePortsOptions = {}): CorePorts {
  const cache = new BibCache();
  let worker: BibWorker | undefined;
  return {
    collectProject: (file, fs, options) => discoverProject(file, fs, options),
    loadBibliography: (files, readText) => {
      worker ??= new BibWorker();
      return loadBibliography(files, readText, { cache, worker, offThreadFromChars: portsOptions.offThreadFromChars });
    },
    frontMatterText: (text) => {
      const where = findFrontMatter(text);
      return where && text.slice(0, where.block.end);
    },
    readInlineReferences: (file, frontMatter) => readInlineReferences(file, frontMatter),
    withInlineReferences: (bibliography, inline) => withInlineReferences(bibliography, inline),
    scanCitations: (file, text, language, project, options, previous) => (language === 'latex'
      ? scanLatexCitations(file, text, { citationMacros: macrosOf(project), extraCitationCommands: options.extraCitationCommands })
      : scanMarkdownCitations(file, text, previous)),
    citationLabels: (bibliography, project, scans) => {
      const order = projectCitationOrder(project.root, project.files, scans, project.includeTargets);
      // A numeric style whose order is unknown numbers by first citation, as unsorted styles do.
      const labels = computeCitationLabels(bibliography, order.keys, order.sorting ?? project.citationSorting);
      return { labels, fingerprint: labelsFingerprint(labels) };
    },
    // Without labels, numbers follow the order the renderer meets citations.
    createRenderer: (bibliography, project, labels) => createCitationRenderer(bibliography, styleOf(project), labels?.numbers, {
      ...(labels?.yearSuffixes ? { yearSuffixes: labels.yearSuffixes } : {}),
      ...(project.textualCite ? { textualCite: true } : {}),
    }),
    createSegmenter: (options: SegmenterOptions) => new DocumentSegmenter(options.file, options.language, {
      renderCitation: options.renderer,
      citationMacros: macrosOf(options.project),
      acronyms: options.project.acronyms.filter(isAcronym),
      userCommands: options.project.userCommands.filter(isUserCommand),
      extraCitationCommands: options.options.extraCitationCommands,
      skipCommands: options.options.skipCommands,
      skipEnvironments: options.options.skipEnvironments,
    }),
    formatEntryMarkdown: (entry) => formatEntryMarkdown(entry),
    dispose: async () => {
      const running = worker;
      worker = undefined;
      await running?.dispose();
    },
    closestKeys: (key, keys, limit) => closestKeys(key, keys, limit),
    isCitationCommand: (name: string, project: ProjectInfo, options: AnalysisOptions) =>
      isCitationCommand(name, citationContext({ citationMacros: macrosOf(project), extraCitationCommands: options.extraCitationCommands })),
    structureFingerprint: (file, text) => {
      if (/\.(tex|ltx|latex)$/i.test(file)) {
        const s = scanLatexStructure(text);
        return JSON.stringify([s.magicRoot, s.subfilesMain, s.hasDocumentEnvironment, s.includes.map((i) => [i.command, i.dir, i.path]), s.bibliographies.map((b) => b.paths), s.citationMacros, s.citationStyle, s.textualCite, s.citationPackage, s.acronyms, s.userCommands]);
      }
      const front = readMarkdownFrontMatter(text);
      return JSON.stringify([front === undefined, front?.bibliography ?? [], front?.csl, markdownIncludes(text).map((i) => i.path)]);
    },
  };
}
