// The documents of a workspace and what is known about them: projects, bibliographies, segments.
// Open editors' contents override the disk; bibliographies are re-read only after a change and
// parsed once per content; a Markdown root's front matter `references:` is read again only when its
// front matter changes, and merged over the files; manuscripts are segmented incrementally, and again
// after a bibliography change only where one of their citations now prints differently. What is kept
// of a file is dropped once it is deleted, or closed and no open document's project reads it. Knows no
// protocol: the server and the CLI both drive it.
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { FileCitations } from '../core/render/index.ts';
import type { InlineReferences } from '../core/bib/inline-references.ts';
import type { BibEntry, Bibliography, CitationOccurrence, CitationRenderer, SourceProblem, Span } from '../core/types.ts';
import { OverlayFileSystem, nodeFileSystem, type AnalysisFileSystem } from './file-system.ts';
import { LineIndex } from './line-index.ts';
import type { AnalysisOptions, CorePorts, ManuscriptLanguage, MissingFile, ProjectCitationLabels, ProjectInfo, ReadText, SegmentedFile, Segmenter } from './ports.ts';

export interface FileAnalysis extends SegmentedFile {
  file: string;
  text: string;
  language: ManuscriptLanguage;
  lines: LineIndex;
}

/** One bibliography file of a project as last read. */
export interface BibFileState {
  file: string;
  /** False when the file could not be read. */
  exists: boolean;
  /** The file exists but cannot be read (no permission, a folder): `exists` is false. */
  unreadable?: true;
  text: string;
  lines: LineIndex;
  /** The entries this file defines that the merged bibliography uses (a duplicate key's later copies are left out). */
  entries: BibEntry[];
  problems: SourceProblem[];
  /**
   * True for a Markdown manuscript's front matter (`references:`, pandoc's inline bibliography): a
   * source of entries, read-only, never one of `ProjectSnapshot.bibFiles` nor a write target; `text`
   * is the front matter alone (offsets are the manuscript's), `problems` are reported with the manuscript.
   */
  frontMatter?: true;
}

const MANUSCRIPT_EXTENSIONS = new Map<string, ManuscriptLanguage>([
  ['.tex', 'latex'], ['.ltx', 'latex'], ['.latex', 'latex'],
  ['.md', 'markdown'], ['.markdown', 'markdown'], ['.rmd', 'rmd'], ['.qmd', 'quarto'], ['.rmarkdown', 'rmd'], ['.pandoc', 'markdown'],
]);

export function manuscriptLanguage(path: string): ManuscriptLanguage | undefined {
  return MANUSCRIPT_EXTENSIONS.get(extname(path).toLowerCase());
}

export function isBibliographyFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.bib' || ext === '.bibtex' || ext === '.biblatex' || ext === '.json';
}

/** Everything known about one project at one moment. */
export class ProjectSnapshot {
  constructor(
    private readonly workspace: Workspace,
    readonly info: ProjectInfo,
    readonly options: AnalysisOptions,
    readonly bibliography: Bibliography,
    readonly bibFiles: BibFileState[],
    readonly renderer: CitationRenderer,
    /**
     * Changes whenever the bibliography, the options or a printed citation label (a number that a
     * citation elsewhere in the project shifts) change: snapshots and renderers are only reused under the same key.
     */
    readonly renderKey: string,
    /**
     * What segmentation depends on besides how citations print (options, project declarations): a
     * file's segments are kept across a new renderer that prints the file's citations as before.
     */
    readonly segmentKey: string,
    /** The root manuscript's front matter when its `references:` define entries (see BibFileState.frontMatter). */
    readonly frontMatterReferences?: BibFileState,
  ) {}

  get root(): string {
    return this.info.root;
  }

  /** The analysis of one manuscript in this project's context. */
  file(path: string): Promise<FileAnalysis | undefined> {
    return this.workspace.analyzeManuscript(path, this);
  }

  /** Every manuscript of the project that can be read, root first. */
  async files(): Promise<FileAnalysis[]> {
    const out: FileAnalysis[] = [];
    for (const path of this.info.files) {
      const analysis = await this.file(path);
      if (analysis) out.push(analysis);
      // Let other messages through between the files of a big project.
      await new Promise<void>((done) => setImmediate(done));
    }
    return out;
  }

  /** The bibliography file at `path`, or the manuscript whose front matter defines entries (where `entry.file` points). */
  bibFile(path: string): BibFileState | undefined {
    return this.bibFiles.find((bib) => bib.file === path) ?? (this.frontMatterReferences?.file === path ? this.frontMatterReferences : undefined);
  }

  /** The entry for a key, matched case-insensitively as BibTeX does; `exactCase` tells whether the case matches too. */
  lookup(key: string): { entry: BibEntry; exactCase: boolean } | undefined {
    const entry = this.bibliography.entries.get(key.toLowerCase());
    if (!entry) return undefined;
    return { entry, exactCase: entry.key === key };
  }

  /** Defined keys closest to `key`, best first, for "did you mean". */
  closestKeys(key: string, keys: readonly string[], limit: number): string[] {
    return this.workspace.core.closestKeys(key, keys, limit);
  }

  formatEntryMarkdown(entry: BibEntry): string {
    return this.workspace.core.formatEntryMarkdown(entry);
  }

  /** True when `name` (no backslash) is a citation command here: built in, a user macro, or from the settings. */
  isCitationCommand(name: string): boolean {
    return this.workspace.core.isCitationCommand(name, this.info, this.options);
  }
}

interface LoadedBibliography {
  bibliography: Bibliography;
  id: number;
}

interface BibText {
  text: string | undefined;
  lines: LineIndex;
  /** `text` is undefined because the file exists but cannot be read. */
  unreadable: boolean;
}

/** A root manuscript's front matter references as last read. */
interface FrontMatterRead {
  /** The manuscript version it was read at. */
  version: number;
  /** The front matter block's text; undefined when the manuscript has none. */
  text: string | undefined;
  read: InlineReferences | undefined;
  /** Changes only when the entries' content does (not when typing elsewhere in the front matter moves them). */
  contentId: number;
  content: string;
}

/** A bibliography with a front matter's references over it. */
interface MergedBibliography {
  base: LoadedBibliography;
  /** The files `base` was read from. */
  bibPaths: string[];
  read: InlineReferences;
  contentId: number;
  id: number;
  bibliography: Bibliography;
  source: BibFileState;
}

interface SegmenterEntry {
  /** What the segmentation depends on besides the renderer (options, project declarations, language). */
  key: string;
  segmenter: Segmenter;
  /** The renderer the segmenter's citations go through; replaced when a new one prints them all the same. */
  renderer: CitationRenderer;
  /** Each citation the segmenter rendered (by what the renderer reads of it), with what it printed. */
  rendered: Map<string, { occurrence: CitationOccurrence; text: string }>;
  /** Those rendered while the segmenter was made (acronyms declared with a citation): no text holds them, they stay. */
  renderedAtStart: ReadonlySet<string>;
  text?: string;
  result?: SegmentedFile;
}

interface ProjectEntry {
  generation: number;
  optionsKey: string;
  info: Promise<ProjectInfo>;
  /** `info` once it resolved: what closing a document reads to tell which files open projects still need. */
  settled?: ProjectInfo;
  /** The text of each file naming a missing bibliography or include, as the spans of `settled` read it. */
  naming?: Map<string, string>;
}

/** A cache kept per manuscript path or project root, as forgetting a file sees it. */
interface PathCache {
  has(path: string): boolean;
  delete(path: string): boolean;
  keys(): IterableIterator<string>;
}

/**
 * Where a span of `before` stands in `after`, one edit apart: the same before the edit, moved by its
 * length change after it; undefined for a span the edit touches.
 */
function spanShift(before: string, after: string): (span: Span) => Span | undefined {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const changedEnd = before.length - suffix;
  const delta = after.length - before.length;
  return (span) => {
    if (span.end <= prefix) return span;
    if (span.start >= changedEnd) return { start: span.start + delta, end: span.end + delta };
    return undefined;
  };
}

/** Past this many distinct citations rendered, a new renderer re-segments the file rather than checking them all. */
const MAX_RENDERED_CHECKED = 5000;

/**
 * Drops the citations the text no longer holds (each half-typed key was one) once they outnumber those it
 * does: they would only make a bibliography change re-segment the file for a citation nobody sees.
 */
function forgetRenderedGone(entry: SegmenterEntry, citations: readonly CitationOccurrence[]): void {
  if (entry.rendered.size <= 2 * (citations.length + entry.renderedAtStart.size) + 100) return;
  const present = new Set(citations.map(renderSignature));
  for (const signature of entry.rendered.keys()) if (!present.has(signature) && !entry.renderedAtStart.has(signature)) entry.rendered.delete(signature);
}

/** What a renderer reads of an occurrence: two occurrences with the same signature print the same. */
function renderSignature(occurrence: CitationOccurrence): string {
  return JSON.stringify([occurrence.command, occurrence.form, occurrence.prefix, occurrence.suffix, occurrence.keys.map((k) => [k.key, k.prefix, k.suffix])]);
}

export class Workspace {
  readonly fs: OverlayFileSystem;
  /** Bumped when a manuscript's declarations (includes, bibliographies, root, macros) may have changed. */
  private generation = 0;
  /** Bumped at every close: an analysis that ran meanwhile forgets what it stored of closed files. */
  private closes = 0;
  /** Files closed and not opened again, until an analysis of one has checked that its project still needs it. */
  private readonly closedRecently = new Set<string>();
  private readonly projects = new Map<string, ProjectEntry>();
  /** Bumped per bibliography file when it may have changed. */
  private readonly bibVersions = new Map<string, number>();
  private readonly bibTexts = new Map<string, BibText>();
  private readonly bibliographies = new Map<string, { key: string; loaded: Promise<LoadedBibliography> }>();
  /** The last bibliography that finished loading, per set of files, for answers that may use it while a newer one loads. */
  private readonly lastLoaded = new Map<string, LoadedBibliography>();
  private nextBibliographyId = 1;
  private readonly frontMatterReads = new Map<string, FrontMatterRead>();
  private readonly merged = new Map<string, MergedBibliography>();
  private readonly snapshots = new Map<string, ProjectSnapshot>();
  private readonly segmenters = new Map<string, SegmenterEntry>();
  private readonly fingerprints = new Map<string, string>();
  /**
   * Set per manuscript when its text may have changed (editor change, close, disk change), from one
   * counter: a file forgotten and seen again never comes back to a version a stale cache entry has.
   */
  private readonly manuscriptVersions = new Map<string, number>();
  private nextManuscriptVersion = 1;
  /** Each manuscript's cited keys and includes, for the project-wide citation order. */
  private readonly citationScans = new Map<string, { version: number; context: string; language: ManuscriptLanguage; scan: FileCitations }>();
  /** The labels last computed per project root, reused while bibliography, files and scans are the same. */
  private readonly citationLabels = new Map<string, { bibliography: number; files: string; scans: (FileCitations | undefined)[]; result: ProjectCitationLabels }>();
  private readonly languages = new Map<string, ManuscriptLanguage>();
  private readonly lineIndexes = new Map<string, { text: string; index: LineIndex }>();
  private readonly changeListeners = new Set<(paths: string[]) => void>();
  private readonly staleListeners = new Set<(path: string) => void>();
  private readonly loadListeners = new Set<(path: string) => void>();
  private readonly missingListeners = new Set<(paths: string[]) => void>();
  /** Per manuscript a project was asked for, the paths its bibliographies were looked for at and not read. */
  private readonly missingBibliographies = new Map<string, string[]>();
  private missingTold = '[]';

  constructor(
    readonly core: CorePorts,
    base: AnalysisFileSystem = nodeFileSystem,
  ) {
    this.fs = new OverlayFileSystem(base);
  }

  /** Stops background work; the workspace can still be used (a worker restarts on demand). */
  dispose(): Promise<void> {
    return this.core.dispose();
  }

  /** Called with the bibliography files whose text changed since they were last read. */
  onBibliographyChanged(listener: (paths: string[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called when a bibliography file may have changed (its editor text, a file-watch event), before it is read again. */
  onBibliographyStale(listener: (path: string) => void): () => void {
    this.staleListeners.add(listener);
    return () => this.staleListeners.delete(listener);
  }

  /** Called with each bibliography file read (the standalone server watches them). */
  onBibliographyLoaded(listener: (path: string) => void): () => void {
    this.loadListeners.add(listener);
    return () => this.loadListeners.delete(listener);
  }

  /**
   * Called with every path where a project looks for a bibliography and reads none (not there yet,
   * deleted, cannot be read), over the projects asked for and not closed since, whenever that set
   * changes: the standalone server watches them, to read each when it appears.
   */
  onMissingBibliographies(listener: (paths: string[]) => void): () => void {
    this.missingListeners.add(listener);
    return () => this.missingListeners.delete(listener);
  }

  private setMissingBibliographies(path: string, paths: string[]): void {
    // Called at every project() (each keystroke and hover): unchanged for this path, the union is unchanged.
    const before = this.missingBibliographies.get(path) ?? [];
    if (before.length === paths.length && before.every((p, i) => p === paths[i])) return;
    if (paths.length > 0) this.missingBibliographies.set(path, paths);
    else this.missingBibliographies.delete(path);
    const all = [...new Set([...this.missingBibliographies.values()].flat())];
    const told = JSON.stringify(all);
    if (told === this.missingTold) return;
    this.missingTold = told;
    this.missingListeners.forEach((listener) => listener(all));
  }

  /** An editor opened or changed a document: its text overrides the disk. */
  setDocument(path: string, text: string, language?: ManuscriptLanguage): void {
    this.fs.set(path, text);
    this.closedRecently.delete(path);
    if (language) this.languages.set(path, language);
    if (isBibliographyFile(path) && !language) {
      if (this.bibTexts.get(path)?.text !== text) this.bumpBib(path);
      return;
    }
    this.bumpManuscript(path);
    const fingerprint = this.core.structureFingerprint(path, text);
    if (this.fingerprints.get(path) !== fingerprint) {
      this.fingerprints.set(path, fingerprint);
      this.generation++;
    }
  }

  /**
   * An editor closed a document: the disk is the truth again. What is kept of every file that no open
   * document's project needs any more (this one, the chapters of a project now closed) is dropped.
   */
  closeDocument(path: string): void {
    this.fs.delete(path);
    this.languages.delete(path);
    this.invalidate([path]);
    this.setMissingBibliographies(path, []);
    this.closedRecently.add(path);
    this.closes++;
    this.sweepIfClosedSince(-1);
  }

  /**
   * Forgets what is held of files no open document's project reads, when a document closed since `closes`:
   * an analysis that was running when its file closed would otherwise keep what it stored until the next close.
   */
  private sweepIfClosedSince(closes: number): void {
    if (closes === this.closes) return;
    const needed = this.neededPaths();
    this.forget([...this.heldPaths()].filter((held) => !needed.has(held)));
  }

  /** Files changed, appeared or disappeared on disk. Open documents keep their editor text. */
  filesChanged(paths: string[]): void {
    this.invalidate(paths.filter((path) => !this.fs.has(path)));
  }

  /** Files deleted on disk: changed, and nothing kept of them. Open documents keep their editor text. */
  filesDeleted(paths: string[]): void {
    const gone = paths.filter((path) => !this.fs.has(path));
    this.invalidate(gone);
    this.forget(gone);
    for (const path of gone) this.fs.forget(path);
  }

  /** How many citation forms the segmenter of `path` keeps what it printed of (for tests and memory audits). */
  renderedCitationForms(path: string): number {
    return this.segmenters.get(path)?.rendered.size ?? 0;
  }

  /** The caches holding something of `path` (for tests and memory audits). */
  cachesHolding(path: string): string[] {
    return Object.entries(this.pathCaches()).filter(([, cache]) => cache.has(path)).map(([name]) => name);
  }

  private pathCaches(): Record<string, PathCache> {
    return {
      projects: this.projects, snapshots: this.snapshots, segmenters: this.segmenters, lineIndexes: this.lineIndexes,
      citationScans: this.citationScans, fingerprints: this.fingerprints, manuscriptVersions: this.manuscriptVersions,
      frontMatterReads: this.frontMatterReads, merged: this.merged, citationLabels: this.citationLabels, missingBibliographies: this.missingBibliographies,
    };
  }

  private heldPaths(): Set<string> {
    const held = new Set<string>();
    for (const cache of Object.values(this.pathCaches())) for (const path of cache.keys()) held.add(path);
    return held;
  }

  /**
   * The open documents and every file of their projects (an unopened chapter keeps its segments, or
   * each pass over the project would segment it again), from the projects and snapshots known now.
   */
  private neededPaths(): Set<string> {
    const open = new Set(this.fs.openPaths());
    const needed = new Set(open);
    const known: { path: string; info: ProjectInfo; bibPaths: readonly string[] }[] = [];
    for (const [path, project] of this.projects) if (project.settled) known.push({ path, info: project.settled, bibPaths: project.settled.bibliographies });
    for (const [path, snapshot] of this.snapshots) known.push({ path, info: snapshot.info, bibPaths: snapshot.bibFiles.map((bib) => bib.file) });
    for (const { path, info, bibPaths } of known) {
      if (!open.has(path) && !info.files.some((file) => open.has(file)) && !bibPaths.some((bib) => open.has(bib))) continue;
      needed.add(path);
      for (const file of info.files) needed.add(file);
    }
    return needed;
  }

  /** Drops everything kept per path (or per project root) for these files; bibliography versions stay. */
  private forget(paths: string[]): void {
    const caches = Object.values(this.pathCaches());
    for (const path of paths) {
      this.setMissingBibliographies(path, []);
      for (const cache of caches) cache.delete(path);
    }
  }

  private invalidate(paths: string[]): void {
    for (const path of paths) {
      if (isBibliographyFile(path)) this.bumpBib(path);
      else {
        this.fingerprints.delete(path);
        this.bumpManuscript(path);
      }
    }
    // A file that appeared or vanished can change any project (a missing bibliography or include now exists).
    if (paths.length > 0) this.generation++;
  }

  private bumpManuscript(path: string): void {
    this.manuscriptVersions.set(path, this.nextManuscriptVersion++);
  }

  private bumpBib(path: string): void {
    this.bibVersions.set(path, (this.bibVersions.get(path) ?? 0) + 1);
    // A closed file's snapshot holds the old bibliography and is never asked for again before its
    // next project() builds a new one; an open document's is replaced at its next pass (and while the
    // new bibliography loads, a hover may still use it).
    for (const [file, snapshot] of this.snapshots) {
      if (!this.fs.has(file) && snapshot.bibFiles.some((bib) => bib.file === path)) this.snapshots.delete(file);
    }
    for (const [root, merged] of this.merged) {
      if (!this.fs.has(root) && merged.bibPaths.includes(path)) this.merged.delete(root);
    }
    this.staleListeners.forEach((listener) => listener(path));
  }

  /** True when a project has read this file as a bibliography. */
  isKnownBibliography(path: string): boolean {
    return this.bibTexts.has(path);
  }

  languageOf(path: string): ManuscriptLanguage | undefined {
    return this.languages.get(path) ?? manuscriptLanguage(path);
  }

  /** Line index of any file's current text. */
  async lines(path: string): Promise<LineIndex | undefined> {
    const text = await this.fs.readFile(path);
    if (text === undefined) {
      this.lineIndexes.delete(path);
      return undefined;
    }
    const cached = this.lineIndexes.get(path);
    if (cached && cached.text === text) return cached.index;
    const index = new LineIndex(text);
    this.lineIndexes.set(path, { text, index });
    return index;
  }

  /**
   * The project a manuscript belongs to, with its bibliography loaded. With `allowStale`, while a
   * changed bibliography is being re-read (a 50 MB Zotero export takes a while), the previous one
   * answers instead of waiting: for hover and completion, never for edits.
   */
  async project(path: string, options: AnalysisOptions, allowStale = false): Promise<ProjectSnapshot> {
    const closes = this.closes;
    const snapshot = await this.buildProject(path, options, allowStale);
    this.sweepIfClosedSince(closes);
    return snapshot;
  }

  private async buildProject(path: string, options: AnalysisOptions, allowStale: boolean): Promise<ProjectSnapshot> {
    const info = await this.projectInfo(path, options);
    const bibPaths = [...new Set([...info.bibliographies, ...options.extraBibliographies.map((p) => resolve(options.workspaceFolder ?? dirname(path), p))])];
    const loading = this.loadBibliography(bibPaths);
    const previous = allowStale ? this.lastLoaded.get(JSON.stringify(bibPaths)) : undefined;
    const files = previous ? await Promise.race([loading, Promise.resolve().then(() => previous)]) : await loading;
    const unread = bibPaths.filter((file) => {
      const read = this.bibTexts.get(file);
      return read !== undefined && read.text === undefined;
    });
    this.setMissingBibliographies(path, [...info.missingBibliographies.flatMap((missing) => missing.candidates ?? []), ...unread]);
    const { bibliography, id, source } = this.withFrontMatter(info.root, bibPaths, files, await this.readFrontMatter(info.root));
    const labels = this.projectLabels(info, id, bibliography, await this.scanCitations(info, options));
    const segmentKey = JSON.stringify([options, info.root, info.files, info.citationStyle, info.textualCite, info.citationSorting, info.citationMacros, info.acronyms, info.userCommands]);
    const renderKey = JSON.stringify([id, segmentKey, labels.fingerprint]);
    const cached = this.snapshots.get(path);
    if (cached && cached.info === info && cached.renderKey === renderKey && cached.bibliography === bibliography) return cached;
    const byFile = new Map<string, BibEntry[]>();
    for (const entry of bibliography.entries.values()) {
      const list = byFile.get(entry.file);
      if (list) list.push(entry);
      else byFile.set(entry.file, [entry]);
    }
    const bibFiles = bibPaths.map((file) => this.bibFileState(file, bibliography, byFile.get(file) ?? []));
    // Only the front matter's offsets moved (typing in its title): what is printed is the same.
    const renderer = cached && cached.info === info && cached.renderKey === renderKey ? cached.renderer : this.core.createRenderer(bibliography, info, labels.labels);
    const snapshot = new ProjectSnapshot(this, info, options, bibliography, bibFiles, renderer, renderKey, segmentKey, source);
    this.snapshots.set(path, snapshot);
    return snapshot;
  }

  /**
   * A Markdown root's front matter `references:`, read again only when the front matter's text changes
   * (a keystroke in the body compares one string); the root's text is not read while its version stays.
   */
  private async readFrontMatter(root: string): Promise<FrontMatterRead | undefined> {
    const language = this.languageOf(root);
    if (language === undefined || language === 'latex') return undefined;
    const version = this.manuscriptVersions.get(root) ?? 0;
    const cached = this.frontMatterReads.get(root);
    if (cached && cached.version === version) return cached;
    const text = await this.fs.readFile(root);
    const front = text === undefined ? undefined : this.core.frontMatterText(text);
    if (cached && cached.text === front) {
      cached.version = version;
      return cached;
    }
    const read = front === undefined ? undefined : this.core.readInlineReferences(root, front);
    // The entries without where they are: typing elsewhere in the front matter keeps what is printed.
    const content = read ? JSON.stringify(read.entries.map((entry) => ({ ...entry, file: '', span: undefined, keySpan: undefined }))) : '';
    const contentId = cached && cached.content === content ? cached.contentId : this.nextBibliographyId++;
    const state: FrontMatterRead = { version, text: front, read, content, contentId };
    this.frontMatterReads.set(root, state);
    return state;
  }

  /** The files' bibliography with the root's front matter references over it, rebuilt only when either changes. */
  private withFrontMatter(root: string, bibPaths: string[], files: LoadedBibliography, front: FrontMatterRead | undefined): LoadedBibliography & { source?: BibFileState } {
    const read = front?.read;
    if (!front || !read) return files;
    const cached = this.merged.get(root);
    if (cached && cached.base === files && cached.read === read) return { bibliography: cached.bibliography, id: cached.id, source: cached.source };
    const { bibliography, problems } = this.core.withInlineReferences(files.bibliography, read);
    const text = front.text ?? '';
    const source: BibFileState = { file: root, exists: true, text, lines: new LineIndex(text), entries: read.entries, problems: [...read.problems, ...problems], frontMatter: true };
    // Same files and same entries (only their offsets moved): the same id, so nothing is rendered again.
    const id = cached && cached.base === files && cached.contentId === front.contentId ? cached.id : this.nextBibliographyId++;
    this.merged.set(root, { base: files, bibPaths, read, contentId: front.contentId, id, bibliography, source });
    return { bibliography, id, source };
  }

  /** Every manuscript's citation scan, re-read only for files that changed since their last scan. */
  private async scanCitations(info: ProjectInfo, options: AnalysisOptions): Promise<Map<string, FileCitations>> {
    const context = JSON.stringify([info.citationMacros, options.extraCitationCommands]);
    const scans = new Map<string, FileCitations>();
    for (const file of info.files) {
      const version = this.manuscriptVersions.get(file) ?? 0;
      const language = this.languageOf(file);
      const cached = this.citationScans.get(file);
      if (cached && cached.version === version && cached.context === context && cached.language === language) {
        scans.set(file, cached.scan);
        continue;
      }
      const text = await this.fs.readFile(file);
      if (text === undefined || language === undefined) {
        this.citationScans.delete(file);
        continue;
      }
      const scan = this.core.scanCitations(file, text, language, info, options, cached?.scan);
      this.citationScans.set(file, { version, context, language, scan });
      scans.set(file, scan);
    }
    return scans;
  }

  private projectLabels(info: ProjectInfo, bibliographyId: number, bibliography: Bibliography, scans: Map<string, FileCitations>): ProjectCitationLabels {
    const files = info.files.join('\n');
    const list = info.files.map((file) => scans.get(file));
    const cached = this.citationLabels.get(info.root);
    if (cached && cached.bibliography === bibliographyId && cached.files === files && cached.scans.every((scan, i) => scan === list[i])) return cached.result;
    const result = this.core.citationLabels(bibliography, info, scans);
    this.citationLabels.set(info.root, { bibliography: bibliographyId, files, scans: list, result });
    return result;
  }

  /** Projects already discovered that read `bibPath`. */
  async projectsUsing(bibPath: string, options: AnalysisOptions): Promise<ProjectSnapshot[]> {
    const starts: string[] = [];
    const roots = new Set<string>();
    for (const [file, cached] of this.projects) {
      const info = await cached.info.catch(() => undefined);
      if (!info || roots.has(info.root)) continue;
      const extra = options.extraBibliographies.some((p) => resolve(options.workspaceFolder ?? dirname(file), p) === bibPath);
      if (info.bibliographies.includes(bibPath) || extra) {
        roots.add(info.root);
        starts.push(file);
      }
    }
    if (starts.length === 0 && options.workspaceFolder) starts.push(...(await this.discoverProjectsUsing(bibPath, options)));
    const snapshots: ProjectSnapshot[] = [];
    for (const file of starts) {
      const snapshot = await this.project(file, options);
      if (!snapshots.some((known) => known.root === snapshot.root)) snapshots.push(snapshot);
    }
    return snapshots;
  }

  /** A .bib file opened before any manuscript: finds the root manuscripts of the workspace folder that read it. */
  private async discoverProjectsUsing(bibPath: string, options: AnalysisOptions): Promise<string[]> {
    const found: string[] = [];
    for (const file of await this.manuscriptsUnder(options.workspaceFolder ?? '', 4, 400)) {
      const text = await this.fs.readFile(file);
      const mentions = text !== undefined && text.includes(basename(bibPath).replace(/\.bib$/i, ''));
      if (!mentions) continue;
      const info = await this.projectInfo(file, options).catch(() => undefined);
      if (info?.bibliographies.includes(bibPath) && !found.includes(info.root)) found.push(info.root);
    }
    return found;
  }

  private async manuscriptsUnder(dir: string, depth: number, limit: number, out: string[] = []): Promise<string[]> {
    if (depth < 0 || out.length >= limit || dir === '') return out;
    for (const name of await this.fs.readDirectory(dir)) {
      if (out.length >= limit) break;
      if (name.endsWith('/')) {
        if (!name.startsWith('.') && name !== 'node_modules/') await this.manuscriptsUnder(join(dir, name.slice(0, -1)), depth - 1, limit, out);
      } else if (manuscriptLanguage(name)) out.push(join(dir, name));
    }
    return out;
  }

  private projectInfo(path: string, options: AnalysisOptions): Promise<ProjectInfo> {
    const optionsKey = JSON.stringify([options.workspaceFolder, options.workspaceFolders, options.extraCitationCommands]);
    const cached = this.projects.get(path);
    if (cached && cached.generation === this.generation && cached.optionsKey === optionsKey) {
      return cached.naming && cached.naming.size > 0 ? this.moveMissing(cached, path, options) : cached.info;
    }
    return this.collect(path, options, optionsKey);
  }

  private collect(path: string, options: AnalysisOptions, optionsKey: string): Promise<ProjectInfo> {
    const read = new Map<string, string>();
    const fs = this.fs;
    // what collection reads of each file: the texts the missing files' spans point into
    const recording: AnalysisFileSystem = {
      readFile: async (file) => {
        const text = await fs.readFile(file);
        if (text !== undefined) read.set(file, text);
        return text;
      },
      access: (file) => fs.access(file),
      stat: (file) => fs.stat(file),
      readDirectory: (file) => fs.readDirectory(file),
    };
    const info = this.core.collectProject(path, recording, options);
    const entry: ProjectEntry = { generation: this.generation, optionsKey, info };
    this.projects.set(path, entry);
    info.then((settled) => {
      entry.settled = settled;
      const naming = new Map<string, string>();
      for (const missing of [...settled.missingBibliographies, ...settled.missingIncludes]) {
        const text = read.get(missing.file);
        if (missing.span !== undefined && text !== undefined) naming.set(missing.file, text);
      }
      entry.naming = naming;
    }, () => {
      if (this.projects.get(path) === entry) this.projects.delete(path);
    });
    return info;
  }

  /**
   * The project with the spans of its missing bibliographies and includes moved to where the files
   * name them now: an edit that keeps a file's structure (or the generation would have changed) moves
   * them by what it inserted or deleted before them; one that touches a span collects the project again.
   */
  private async moveMissing(entry: ProjectEntry, path: string, options: AnalysisOptions): Promise<ProjectInfo> {
    const collect = () => this.collect(path, options, entry.optionsKey);
    const texts = new Map<string, string | undefined>();
    for (const file of entry.naming?.keys() ?? []) texts.set(file, await this.fs.readFile(file));
    if (this.projects.get(path) !== entry) return this.projectInfo(path, options);
    // synchronous from here: what the entry holds is what a call running beside this one left
    const info = entry.settled;
    const naming = entry.naming;
    if (!info || !naming) return entry.info;
    const shifts = new Map<string, (span: Span) => Span | undefined>();
    for (const [file, text] of texts) {
      const before = naming.get(file);
      if (text === undefined || before === undefined) return collect();
      if (text !== before) shifts.set(file, spanShift(before, text));
    }
    if (shifts.size === 0) return info;
    let touched = false;
    const move = (list: readonly MissingFile[]) => list.map((missing) => {
      const shift = shifts.get(missing.file);
      if (!shift || missing.span === undefined) return missing;
      const span = shift(missing.span);
      if (!span) touched = true;
      return { ...missing, span: span ?? missing.span };
    });
    const moved: ProjectInfo = { ...info, missingBibliographies: move(info.missingBibliographies), missingIncludes: move(info.missingIncludes) };
    if (touched) return collect();
    entry.settled = moved;
    entry.info = Promise.resolve(moved);
    entry.naming = new Map([...texts].map(([file, text]) => [file, text ?? '']));
    return moved;
  }

  private loadBibliography(paths: string[]): Promise<LoadedBibliography> {
    const setKey = JSON.stringify(paths);
    const key = JSON.stringify(paths.map((path) => this.bibVersions.get(path) ?? 0));
    const cached = this.bibliographies.get(setKey);
    if (cached && cached.key === key) return cached.loaded;
    const readText: ReadText = async (path) => {
      const text = await this.fs.readFile(path);
      const unreadable = text === undefined && (await this.fs.access(path)) === 'unreadable';
      const previous = this.bibTexts.get(path);
      if (!previous || previous.text !== text) {
        this.bibTexts.set(path, { text, lines: new LineIndex(text ?? ''), unreadable });
        if (previous) this.changeListeners.forEach((listener) => listener([path]));
      } else previous.unreadable = unreadable;
      if (text !== undefined) this.loadListeners.forEach((listener) => listener(path));
      return unreadable ? { unreadable: true as const } : text;
    };
    const loaded = this.core.loadBibliography(paths, readText).then((bibliography) => {
      const result = { bibliography, id: this.nextBibliographyId++ };
      this.lastLoaded.set(setKey, result);
      return result;
    });
    this.bibliographies.set(setKey, { key, loaded });
    loaded.catch(() => this.bibliographies.delete(setKey));
    return loaded;
  }

  /** Bibliography files loaded on their own (no project), for a .bib file opened alone. */
  async bibliographyFiles(paths: string[]): Promise<BibFileState[]> {
    const { bibliography } = await this.loadBibliography(paths);
    return paths.map((file) => this.bibFileState(file, bibliography, [...bibliography.entries.values()].filter((entry) => entry.file === file)));
  }

  private bibFileState(file: string, bibliography: Bibliography, entries: BibEntry[]): BibFileState {
    const read = this.bibTexts.get(file);
    const text = read?.text;
    return {
      file,
      exists: text !== undefined,
      ...(read?.unreadable ? { unreadable: true as const } : {}),
      text: text ?? '',
      lines: read?.lines ?? new LineIndex(''),
      entries,
      problems: bibliography.problems.filter((problem) => problem.file === file),
    };
  }

  /** Segments a manuscript in the context of a project, reusing unchanged paragraphs. */
  async analyzeManuscript(path: string, project: ProjectSnapshot): Promise<FileAnalysis | undefined> {
    const closes = this.closes;
    const analysis = await this.segmentManuscript(path, project);
    this.sweepIfClosedSince(closes);
    // a pass that began before its file closed, with a project snapshot taken then
    if (this.closedRecently.delete(path) && !this.fs.has(path) && !this.neededPaths().has(path)) this.forget([path]);
    return analysis;
  }

  private async segmentManuscript(path: string, project: ProjectSnapshot): Promise<FileAnalysis | undefined> {
    const text = await this.fs.readFile(path);
    const language = this.languageOf(path);
    if (text === undefined || language === undefined) {
      this.segmenters.delete(path);
      return undefined;
    }
    const key = `${project.segmentKey}\u0000${language}`;
    let entry = this.segmenters.get(path);
    if (entry && entry.key === key && entry.renderer !== project.renderer) {
      // A bibliography edit or a label shifted elsewhere: the file is segmented again only when one of its citations prints differently.
      if (this.printsTheSame(entry, project.renderer)) entry.renderer = project.renderer;
      else entry = undefined;
    }
    if (!entry || entry.key !== key) entry = this.newSegmenter(path, language, key, project);
    if (entry.text !== text || !entry.result) {
      entry.result = entry.segmenter.update(text);
      entry.text = text;
      forgetRenderedGone(entry, entry.result.citations);
    }
    const lines = (await this.lines(path)) ?? new LineIndex(text);
    return { ...entry.result, file: path, text, language, lines };
  }

  private newSegmenter(path: string, language: ManuscriptLanguage, key: string, project: ProjectSnapshot): SegmenterEntry {
    // The segmenter may render while it is made (an acronym declared with a citation): the entry exists first.
    const state = { key, renderer: project.renderer, rendered: new Map<string, { occurrence: CitationOccurrence; text: string }>() };
    const render: CitationRenderer = (occurrence) => {
      const text = state.renderer(occurrence);
      state.rendered.set(renderSignature(occurrence), { occurrence, text });
      return text;
    };
    const segmenter = this.core.createSegmenter({ file: path, language, renderer: render, options: project.options, project: project.info });
    const entry: SegmenterEntry = Object.assign(state, { segmenter, renderedAtStart: new Set(state.rendered.keys()) });
    this.segmenters.set(path, entry);
    return entry;
  }

  /** True when `renderer` prints every citation the entry's segmenter rendered as it was printed then. */
  private printsTheSame(entry: SegmenterEntry, renderer: CitationRenderer): boolean {
    if (entry.rendered.size > MAX_RENDERED_CHECKED) return false;
    for (const { occurrence, text } of entry.rendered.values()) if (renderer(occurrence) !== text) return false;
    return true;
  }
}
