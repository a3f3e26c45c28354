// A project from its root file, as TeX and LaTeX Workshop see it: the root plus every file it
// \input/\include/\subfile/\import/\subimport(s), recursively (cycles guarded); the bibliographies
// named by \bibliography, \addbibresource, pandoc's YAML `bibliography:` (and Quarto's
// _quarto.yml), plus extra files from settings; user citation macros and the citation style. A
// Markdown project is its root plus the files it includes (Quarto includes, knitr children) or, for a
// bookdown book, the chapters bookdown merges after index.Rmd.
//
// Paths: TeX resolves \input and \bibliography against the root file's folder; a file reached by
// \import{dir}{file} resolves its own \input against `dir`; \subimport and \subfile are relative to
// the including file. Each include tries those folders in turn, with `.tex` added when needed.
import { basename, dirname, extname, isAbsolute, join, normalize } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AcronymDefinition } from '../latex/acronyms.ts';
import { scanLatexStructure, type CitationMacro, type UserCommand } from '../latex/structure.ts';
import { readMarkdownFrontMatter } from '../markdown/frontmatter.ts';
import { markdownIncludes } from '../markdown/includes.ts';
import { cslStyleByName, readCslStyle } from '../markdown/csl-style.ts';
import type { CitationSorting, Span } from '../types.ts';
import type { ProjectFileSystem } from './file-system.ts';

export type ProjectKind = 'latex' | 'markdown';

/** Where a bibliography was named, and the file it resolved to (undefined when none exists). */
export interface BibliographyReference {
  /** The manuscript file that names it. */
  file: string;
  command: string;
  /** As written, e.g. `references` or `../refs.bib`. */
  path: string;
  resolved?: string;
  /** Where it was looked for (absolute paths), when none exists. */
  candidates?: string[];
  /** Span of the command in `file` (LaTeX) or of the front matter (Markdown). */
  span?: Span;
}

export interface MissingInclude {
  file: string;
  command: string;
  path: string;
  span: Span;
  /** The file exists but could not be read (no permission). */
  unreadable?: true;
}

export interface Project {
  kind: ProjectKind;
  root: string;
  /** The root first, then included files in the order TeX reads them. */
  files: string[];
  /** Bibliography files that exist, in order, without duplicates (extra files from settings last). */
  bibFiles: string[];
  bibReferences: BibliographyReference[];
  missingIncludes: MissingInclude[];
  citationMacros: CitationMacro[];
  /** Acronyms declared in any file of the project (acronym, acro, glossaries), in reading order. */
  acronyms: AcronymDefinition[];
  /** Per file, the file each of its includes (in source order) resolved to; undefined where it was not found. */
  includeTargets: Record<string, (string | undefined)[]>;
  /** Macros defined in any file of the project whose prose reading is known (`\newcommand` in the root's preamble, read in every chapter), in reading order. */
  userCommands: UserCommand[];
  citationStyle?: 'author-year' | 'numeric';
  /** natbib author-year: `\cite` is textual (see LatexStructure). */
  textualCite?: true;
  /** The citation package of the first file that loads one (the root first, so a chapter gets its root's). */
  citationPackage?: 'natbib' | 'biblatex';
  /** A numeric style's bibliography order when the project says it outside its manuscripts (a pandoc `csl:` file). */
  citationSorting?: CitationSorting;
}

export interface CollectOptions {
  /** `sciwrite.bibliography.extraFiles`: absolute, or relative to the root file's folder. */
  extraBibFiles?: readonly string[];
}

const MARKDOWN = /\.(md|markdown|rmd|qmd)$/i;

export function isMarkdownFile(path: string): boolean {
  return MARKDOWN.test(path);
}

async function firstExisting(fs: ProjectFileSystem, candidates: string[]): Promise<string | undefined> {
  for (const c of candidates) if (await fs.exists(c)) return c;
  return undefined;
}

/** `chapter` → chapter.tex when `chapter` itself does not exist. */
function withTex(path: string): string[] {
  return extname(path).toLowerCase() === '.tex' ? [path] : [path, `${path}.tex`];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function bibCandidates(path: string, command: string, dirs: string[]): string[] {
  const names = command === 'bibliography' || command === 'nobibliography'
    ? (/\.bib$/i.test(path) ? [path] : [`${path}.bib`, path])
    : [path];
  const out: string[] = [];
  for (const name of names) {
    if (isAbsolute(name)) out.push(normalize(name));
    else for (const dir of dirs) out.push(normalize(join(dir, name)));
  }
  return unique(out);
}

/** Collects the project rooted at `root` (an absolute path). Never throws; missing files are reported. */
export async function collectProject(root: string, fs: ProjectFileSystem, options: CollectOptions = {}): Promise<Project> {
  const rootDir = dirname(root);
  if (isMarkdownFile(root)) return collectMarkdown(root, rootDir, fs, options);

  const project: Project = {
    kind: 'latex', root, files: [], bibFiles: [], bibReferences: [], missingIncludes: [], citationMacros: [], acronyms: [], userCommands: [], includeTargets: {},
  };
  const visited = new Set<string>();
  const macros: CitationMacro[] = [];

  /** False when the file exists but cannot be read. */
  const visit = async (file: string, baseDir: string): Promise<boolean> => {
    if (visited.has(file)) return true;
    visited.add(file);
    const text = await fs.readFile(file);
    if (text === undefined) return false;
    project.files.push(file);
    const structure = scanLatexStructure(text, macros);
    project.acronyms.push(...structure.acronyms);
    project.userCommands.push(...structure.userCommands);
    for (const m of structure.citationMacros) {
      if (!macros.some((k) => k.name === m.name)) macros.push(m);
    }
    if (project.citationStyle === undefined && structure.citationStyle !== undefined) project.citationStyle = structure.citationStyle;
    if (structure.textualCite) project.textualCite = true;
    if (project.citationPackage === undefined && structure.citationPackage) project.citationPackage = structure.citationPackage;
    const fileDir = dirname(file);
    for (const bib of structure.bibliographies) {
      for (const path of bib.paths) {
        const candidates = bibCandidates(path, bib.command, unique([rootDir, baseDir, fileDir]));
        const resolved = await firstExisting(fs, candidates);
        const ref: BibliographyReference = { file, command: bib.command, path, span: bib.span };
        if (resolved) ref.resolved = resolved;
        else ref.candidates = candidates;
        project.bibReferences.push(ref);
      }
    }
    const targets: (string | undefined)[] = [];
    project.includeTargets[file] = targets;
    for (const inc of structure.includes) {
      let candidates: string[];
      let nextBase: (found: string) => string = () => baseDir;
      if (inc.dir !== undefined) {
        const dir = isAbsolute(inc.dir) ? inc.dir
          : inc.command.startsWith('sub') ? join(fileDir, inc.dir) : join(rootDir, inc.dir);
        candidates = withTex(join(dir, inc.path)).map((p) => normalize(p));
        nextBase = () => normalize(dir);
      } else {
        const dirs = isAbsolute(inc.path) ? [''] : inc.command === 'subfile' || inc.command === 'subfileinclude'
          ? unique([fileDir, baseDir, rootDir])
          : unique([baseDir, rootDir, fileDir]);
        candidates = unique(dirs.flatMap((d) => withTex(d ? join(d, inc.path) : inc.path)).map((p) => normalize(p)));
        if (inc.command === 'subfile' || inc.command === 'subfileinclude') nextBase = (found) => dirname(found);
      }
      const found = await firstExisting(fs, candidates);
      targets.push(found);
      if (!found) {
        project.missingIncludes.push({ file, command: inc.command, path: inc.path, span: inc.span });
        continue;
      }
      if (!(await visit(found, nextBase(found)))) project.missingIncludes.push({ file, command: inc.command, path: inc.path, span: inc.span, unreadable: true });
    }
    return true;
  };
  await visit(normalize(root), rootDir);
  project.citationMacros = macros;
  await finishBibFiles(project, fs, rootDir, options);
  return project;
}

async function collectMarkdown(root: string, rootDir: string, fs: ProjectFileSystem, options: CollectOptions): Promise<Project> {
  const project: Project = {
    kind: 'markdown', root, files: [root], bibFiles: [], bibReferences: [], missingIncludes: [], citationMacros: [], acronyms: [], userCommands: [], includeTargets: {},
  };
  const text = await fs.readFile(root);
  if (text !== undefined) await collectMarkdownIncludes(project, root, text, fs, new Set([root]));
  for (const chapter of await bookdownChapters(root, fs)) if (!project.files.includes(chapter)) project.files.push(chapter);
  const front = text === undefined ? undefined : readMarkdownFrontMatter(text);
  const named: { path: string; file: string; span?: Span; command: string }[] =
    (front?.bibliography ?? []).map((path, i) => ({ path, file: root, span: front?.bibliographySpans[i] ?? front?.span, command: 'yaml' }));
  let csl = front?.csl === undefined ? undefined : { path: front.csl, file: root };
  const quarto = named.length === 0 || csl === undefined ? await findQuartoProject(rootDir, fs) : undefined;
  if (quarto) {
    // A Quarto project names its bibliography and style once, in the _quarto.yml above its documents.
    const data = await readQuartoProject(quarto, fs);
    if (named.length === 0) for (const path of data.bibliography) named.push({ path, file: quarto, command: 'yaml' });
    if (csl === undefined && data.csl !== undefined) csl = { path: data.csl, file: quarto };
  }
  if (csl !== undefined) {
    const path = normalize(isAbsolute(csl.path) ? csl.path : join(dirname(csl.file), csl.path));
    const xml = (await fs.exists(path)) ? await fs.readFile(path) : undefined;
    const style = (xml === undefined ? undefined : readCslStyle(xml)) ?? cslStyleByName(csl.path);
    if (style) {
      project.citationStyle = style.style;
      if (style.sorting) project.citationSorting = style.sorting;
    }
  }
  for (const n of named) {
    const candidates = bibCandidates(n.path, n.command, [dirname(n.file)]);
    const resolved = await firstExisting(fs, candidates);
    const ref: BibliographyReference = { file: n.file, command: n.command, path: n.path };
    if (n.span) ref.span = n.span;
    if (resolved) ref.resolved = resolved;
    else ref.candidates = candidates;
    project.bibReferences.push(ref);
  }
  await finishBibFiles(project, fs, rootDir, options);
  return project;
}

/** Follows Quarto includes and knitr children depth-first, in the order pandoc reads them. */
async function collectMarkdownIncludes(project: Project, file: string, text: string, fs: ProjectFileSystem, seen: Set<string>): Promise<void> {
  const targets: (string | undefined)[] = [];
  for (const include of markdownIncludes(text)) {
    const path = normalize(isAbsolute(include.path) ? include.path : join(dirname(file), include.path));
    if (!(await fs.exists(path))) {
      targets.push(undefined);
      project.missingIncludes.push({ file, command: include.command, path: include.path, span: include.span });
      continue;
    }
    targets.push(path);
    if (seen.has(path)) continue;
    seen.add(path);
    project.files.push(path);
    const child = await fs.readFile(path);
    if (child !== undefined) await collectMarkdownIncludes(project, path, child, fs, seen);
    else project.missingIncludes.push({ file, command: include.command, path: include.path, span: include.span, unreadable: true });
  }
  if (targets.length > 0) project.includeTargets[file] = targets;
}

/** Whether a path is a project file that names a Quarto project's bibliography or a bookdown book's chapters. */
export function isProjectConfigFile(path: string): boolean {
  return /(^|[\\/])_(quarto|bookdown)\.yml$/.test(path);
}

/** The folder's bookdown file (`_bookdown.yml`) when there is one. */
async function bookdownConfig(dir: string, fs: ProjectFileSystem): Promise<string | undefined> {
  const path = join(dir, '_bookdown.yml');
  return (await fs.exists(path)) ? path : undefined;
}

/** A bookdown book's root: the index.Rmd of the folder holding `_bookdown.yml`; undefined elsewhere. */
export async function bookdownRoot(file: string, fs: ProjectFileSystem): Promise<string | undefined> {
  const dir = dirname(file);
  if (!(await bookdownConfig(dir, fs))) return undefined;
  return firstExisting(fs, ['index.Rmd', 'index.rmd', 'index.md'].map((name) => join(dir, name)));
}

/**
 * The chapters bookdown merges after a book's index.Rmd: `rmd_files` of `_bookdown.yml`, else every
 * .Rmd/.md file of the folder not starting with `_`, by name. Empty for other documents.
 */
async function bookdownChapters(root: string, fs: ProjectFileSystem): Promise<string[]> {
  const dir = dirname(root);
  const config = await bookdownConfig(dir, fs);
  if (!config || (await bookdownRoot(root, fs)) !== root) return [];
  let listed: unknown;
  try {
    listed = (parseYaml((await fs.readFile(config)) ?? '') as { rmd_files?: unknown } | null)?.rmd_files;
  } catch {
    listed = undefined;
  }
  if (Array.isArray(listed)) {
    const named = listed.filter((x): x is string => typeof x === 'string').map((name) => normalize(join(dir, name)));
    const existing: string[] = [];
    for (const path of named) if (await fs.exists(path)) existing.push(path);
    return existing;
  }
  const files = (await fs.listFiles()).map((f) => normalize(f)).filter((f) => dirname(f) === dir && /\.(rmd|md)$/i.test(f) && !basename(f).startsWith('_'));
  return files.sort((a, b) => basename(a).localeCompare(basename(b)));
}

/** The `_quarto.yml` in the document's folder or up to two folders above (a book's chapters folder). */
async function findQuartoProject(dir: string, fs: ProjectFileSystem): Promise<string | undefined> {
  for (let d = dir, up = 0; up <= 2; up++, d = dirname(d)) {
    const path = join(d, '_quarto.yml');
    if (await fs.exists(path)) return path;
    if (dirname(d) === d) break;
  }
  return undefined;
}

/** The `bibliography:` and `csl:` of a Quarto project file; nothing when it is missing or broken. */
async function readQuartoProject(path: string, fs: ProjectFileSystem): Promise<{ bibliography: string[]; csl?: string }> {
  const yamlText = (await fs.exists(path)) ? await fs.readFile(path) : undefined;
  if (yamlText === undefined) return { bibliography: [] };
  try {
    const data = parseYaml(yamlText) as { bibliography?: unknown; csl?: unknown } | null;
    const b = data?.bibliography;
    const bibliography = typeof b === 'string' ? [b] : Array.isArray(b) ? b.filter((x): x is string => typeof x === 'string') : [];
    return typeof data?.csl === 'string' ? { bibliography, csl: data.csl } : { bibliography };
  } catch {
    return { bibliography: [] };
  }
}

async function finishBibFiles(project: Project, fs: ProjectFileSystem, rootDir: string, options: CollectOptions): Promise<void> {
  const files: string[] = project.bibReferences.map((r) => r.resolved).filter((r): r is string => r !== undefined);
  for (const extra of options.extraBibFiles ?? []) {
    const path = normalize(isAbsolute(extra) ? extra : join(rootDir, extra));
    if (await fs.exists(path)) files.push(path);
    else project.bibReferences.push({ file: project.root, command: 'setting', path: extra, candidates: [path] });
  }
  project.bibFiles = unique(files);
}
