// The editor features on the server: entities published per document version as paragraphs finish,
// citation intents, model status, dismissals, abbreviation diagnostics, and the hover parts.
// `installEditorFeatures` wires them to the connection; server.ts calls it once.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, sep } from 'node:path';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { entityTypesByWord } from '../../core/abbreviations/index.ts';
import { citedAuthorNames, type CitedNames } from '../../core/entities/cited-authors.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import { softwareNames, statedSoftwareNames } from '../../core/entities/software-names.ts';
import { dismissalMatcher, readDismissals, recordDismissal, type Dismissals } from '../../core/entities/dismissals.ts';
import { isProjectConfigFile } from '../../core/project/collect.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';
import type { BibEntry } from '../../core/types.ts';
import {
  composeEntities, definitionsElsewhere, deleteDownloadedModel, modelNote, EntityScheduler, IntentAnalyzer, listDownloadedModels, ModelRegistry, namesRead, readsAsDeveloperDocument, undefinedAbbreviations, UnopenedFileVotes, yieldToLoop,
  type CitationIntentRecord, type DocumentEntity, type EntityTagger, type VoteInputs, type IntentModels, type ModelChoice, type PassProgress, type ReferenceSummary, type RoleState,
} from '../../analysis/editor/index.ts';
import type { IntentClassifier } from '../../analysis/editor/index.ts';
import {
  AllowedDownloadsNotification, CancelModelDownloadNotification, CitationIntentsRequest, DeleteModelRequest, DownloadedModelsRequest, DismissEntityCommand, EntitiesNotification, EntityTypesRequest, IntentsNotification,
  ModelStatusNotification, VisibleRangesNotification, normalizeEditorSettings,
  type DismissEntityArguments, type EditorSettings, type ModelRole, type ModelRoleStatus, type WireCitationIntent, type WireEntity,
} from '../../protocol/editor.ts';
import type { FileAnalysis } from '../../analysis/index.ts';
import { notificationType, requestType } from '../protocol.ts';
import type { DocumentContext, Session } from '../session.ts';
import type { DocumentEditorState } from './state.ts';
import { citationIntentsView } from './intents-view.ts';
import { ModelDownloadProgress } from './model-progress.ts';
import { ProgressThrottle } from '../progress-throttle.ts';
import { ProjectIntents } from './project-intents.ts';
import { ProjectVotes, type VotingProject } from './project-votes.ts';
import { bibliographyInputs, readProject, type ProjectRead } from './bibliography-inputs.ts';

/** Why the built-in model runs while the requested one is fetched from the Hub, or built from a folder (an absolute path: a Hub id never is). */
export function meanwhileReason(requested: string, note?: string): string {
  return `${isAbsolute(requested) ? 'building' : 'downloading'} ${requested}${note ? ` (${note})` : ''}; using the built-in model meanwhile`;
}

export interface EditorFeatureOptions {
  /** Milliseconds between an edit and the pass it starts (coalesces fast typing). */
  delay?: number;
  /** Overrides of the models folder and the Hub store (tests, benchmarks). */
  registry?: ModelRegistry;
  /** How many citations of a project's files not classified yet a hover classifies before answering (default: a chapter's worth). */
  inlineIntents?: number;
}

const features = new WeakMap<Session, EditorFeatures>();

/** What every report of one tagging pass composes with. */
interface EntityPass {
  project: VotingProject;
  /** The names of the authors the file cites, read once per pass. */
  citedNames: CitedNames;
  /** The software names the project and the titles the file cites give (with why), read once per pass. */
  softwareNames: ReadonlyMap<string, string>;
  /** The file's own type votes, once the pass is done. */
  own?: TypeVotes;
}

/** The editor features installed on a session, for the hover and code-action hooks. */
export function editorFeaturesOf(session: Session): EditorFeatures | undefined {
  return features.get(session);
}

function toWire(file: Pick<FileAnalysis, 'lines'>, e: DocumentEntity): WireEntity {
  const out: WireEntity = {
    range: file.lines.rangeOf(e.span), pieces: e.pieces.map((p) => file.lines.rangeOf(p)),
    text: e.text, prose: e.prose, type: e.type, score: e.score, model: e.model,
  };
  if (e.longForm !== undefined) out.longForm = e.longForm;
  return out;
}

export function intentToWire(file: Pick<FileAnalysis, 'lines'>, r: CitationIntentRecord): WireCitationIntent {
  const out: WireCitationIntent = { range: file.lines.rangeOf(r.span), keys: r.keys, sentence: r.sentence };
  if (r.scicite) out.scicite = r.scicite;
  if (r.aclarc) out.aclarc = r.aclarc;
  return out;
}

const MODEL_ROLES: readonly ModelRole[] = ['entities', 'scicite', 'aclarc'];

export class EditorFeatures {
  readonly scheduler = new EntityScheduler();
  readonly intents = new IntentAnalyzer();
  /** Each project's citation intents, computed once per file segmentation and models (hovers, the intents view, passes). */
  readonly intentRecords: ProjectIntents;
  readonly registry: ModelRegistry;
  private readonly docs = new Map<string, DocumentEditorState>();
  readonly projectVotes = new ProjectVotes();
  /**
   * Per unopened project file, what its votes are read from, its cited authors and software names per
   * inputs, and, per open file whose pass recorded them, the votes it recorded last (two open files whose settings read the bibliography differently must
   * not record in turn for ever).
   */
  private readonly unopened = new Map<string, { votes: UnopenedFileVotes; inputs: Map<string, VoteInputs>; recorded: Map<string, TypeVotes> }>();
  private readonly dismissals = new Map<string, { at: number; list: Promise<Dismissals> }>();
  /** Each role's Hub download in progress, with the model it is for (a quick switch leaves another's bytes behind). */
  private readonly downloads = new Map<ModelRole, { spec: string; bytes: number; total?: number; note?: string }>();
  /** When each role's download progress goes out in the status (every chunk would flood the client). */
  private readonly statusThrottles = new Map<ModelRole, { spec: string; throttle: ProgressThrottle }>();
  /** What stops a model's downloads outside the editor roles (related work's) before it is deleted. */
  private readonly otherDownloads: ((repo: string) => Promise<void>)[] = [];
  /** Told once a model's files are deleted. */
  private readonly deletedListeners: ((repo: string) => void)[] = [];
  private readonly loading = new Set<ModelRole>();
  /** Told of a document whose entity types changed: its abbreviation diagnostics depend on them. */
  private readonly evidenceListeners: ((uri: string) => void)[] = [];
  /** The loads whose end analyses the open documents again (a role downloading runs the built-in model meanwhile). */
  private readonly watched = new Map<ModelRole, Promise<RoleState<EntityTagger | IntentClassifier>>>();
  private lastStates: RoleState<EntityTagger | IntentClassifier>[] = [];
  /** The models asked for last: what the registry loads now. */
  private choice?: ModelChoice;
  /** Work-done progress of the downloads, for an editor that does not show them from the status (not VS Code). */
  private readonly downloadProgress: ModelDownloadProgress;
  private running = 0;
  /** Hub ids the client's user agreed to download; undefined while the client never said (downloads allowed). */
  private allowed?: Set<string>;
  private taxonomyCache?: Taxonomy;
  private readonly delay: number;
  /**
   * Per open manuscript, at its last finished pass: how its project printed citations
   * (`ProjectSnapshot.renderKey`), the software it stated, and its project's files.
   */
  private readonly lastShared = new Map<string, { printedAs: string; software: string; files: ReadonlySet<string> }>();

  constructor(readonly session: Session, options: EditorFeatureOptions = {}) {
    this.delay = options.delay ?? 30;
    this.intentRecords = new ProjectIntents(this.intents, options.inlineIntents);
    this.downloadProgress = new ModelDownloadProgress(session, (role) => this.cancelDownload(role));
    this.registry = options.registry ?? new ModelRegistry({
      allowDownload: (spec) => !this.awaitingConsent(spec),
      proxy: () => this.session.proxy,
      onProgress: (role, spec, bytes, total, note) => {
        const progress = { bytes, ...(total !== undefined ? { total } : {}), ...(note ? { note } : {}) };
        this.downloads.set(role, { spec, ...progress });
        this.downloadProgress.report(role, spec, bytes, total, note);
        let throttled = this.statusThrottles.get(role);
        if (throttled?.spec !== spec) {
          throttled?.throttle.stop();
          throttled = { spec, throttle: new ProgressThrottle(() => this.sendStatus()) };
          this.statusThrottles.set(role, throttled);
        }
        throttled.throttle.report(progress);
      },
    });
  }

  get taxonomy(): Taxonomy {
    this.taxonomyCache ??= loadTaxonomy();
    return this.taxonomyCache;
  }

  private state(uri: string): DocumentEditorState {
    let s = this.docs.get(uri);
    if (!s) {
      s = { generation: 0, visible: [], entities: [], done: false };
      this.docs.set(uri, s);
    }
    return s;
  }

  /** Entities and intents of the document as last published (for hovers and code actions). */
  current(uri: string): DocumentEditorState | undefined {
    return this.docs.get(uri);
  }

  /** The entities the user sees in a document: those of types hidden by `sciwrite.entities.hiddenTypes` get no hover or quick fix. */
  shownEntities(state: DocumentEditorState): DocumentEditorState['entities'] {
    const hidden = new Set(state.settings?.entities.hiddenTypes ?? []);
    return hidden.size === 0 ? state.entities : state.entities.filter((e) => !hidden.has(e.type));
  }

  /** Read through the session's settings reader: an editor without `workspace/configuration` pushes them. */
  async settings(uri: string): Promise<EditorSettings> {
    return normalizeEditorSettings(await this.session.settings.section(uri));
  }

  private folderOf(path: string): string {
    return this.session.workspaceFolderOf(path) ?? dirname(path);
  }

  private dismissalList(folder: string): Promise<Dismissals> {
    const cached = this.dismissals.get(folder);
    // re-read at most every 2 s: a teammate's edit or a pull shows up without a watcher
    if (cached && Date.now() - cached.at < 2000) return cached.list;
    const list = readDismissals(folder);
    this.dismissals.set(folder, { at: Date.now(), list });
    return list;
  }

  /** A background task's failure, logged to the client's output under `what`. */
  private logFailure(what: string): (error: unknown) => void {
    return (error) => this.session.connection.console.error(`${what}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  /** A manuscript changed (or opened): analyse it again shortly, cancelling the pass in progress. */
  schedule(uri: string): void {
    const s = this.state(uri);
    const generation = ++s.generation;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.pass(uri, generation).catch(this.logFailure(`entities for ${uri}`));
    }, this.delay);
  }

  /** Every open manuscript again (settings or dismissals changed). */
  refreshAll(): void {
    for (const { uri } of this.session.openManuscripts()) this.schedule(uri);
  }

  /**
   * After a bibliography re-read: the open manuscripts whose pass reads something of it that changed
   * (bibliography-inputs.ts). The open files of one project (same `renderKey`) share one analysis of its
   * files and of what each reads, so a thesis with every chapter open analyses its chapters once, not once per chapter.
   */
  async refreshBibliographyReaders(): Promise<void> {
    const projects = new Map<string, Promise<ProjectRead>>();
    await Promise.all(this.session.openManuscripts().map(({ uri }) => this.refreshIfInputsChanged(uri, projects)));
  }

  /**
   * Analyses an open manuscript again when what its pass reads of the bibliography and the project's other
   * files changed since that pass; `projects`: the project analyses this round shares, by `renderKey`.
   */
  private async refreshIfInputsChanged(uri: string, projects = new Map<string, Promise<ProjectRead>>()): Promise<void> {
    const s = this.docs.get(uri);
    // a pass waiting to start reads the new bibliography; one that started may have read the old one
    if (s?.timer !== undefined) return;
    const last = s?.bibliographyInputs;
    if (!s || last?.generation !== s.generation) {
      this.schedule(uri);
      return;
    }
    // a pass with entities off reads nothing of the bibliography (a settings change runs it again)
    if (last.key === undefined) return;
    const generation = s.generation;
    const context = await this.session.context(uri);
    if (s.generation !== generation) return;
    const file = context?.file;
    if (!context || !file) {
      this.schedule(uri);
      return;
    }
    const snapshot = context.project;
    const lookup = (key: string) => snapshot.lookup(key)?.entry;
    let shared = projects.get(snapshot.renderKey);
    if (!shared) projects.set(snapshot.renderKey, (shared = snapshot.files().then((files) => readProject(files, lookup))));
    const { files, reads } = await shared;
    if (s.generation !== generation) return;
    // as the pass reads them: a file its root does not include reads no other file
    const others = snapshot.info.files.length > 1 ? files.filter((f) => f.file !== file.file) : [];
    if (bibliographyInputs(file, lookup, others, reads).key !== last.key) this.schedule(uri);
  }

  close(uri: string): void {
    const s = this.docs.get(uri);
    if (s) {
      s.generation++;
      clearTimeout(s.timer);
    }
    this.docs.delete(uri);
    this.lastShared.delete(uri);
    const path = this.session.uris.toPath(uri);
    if (path) this.scheduler.forget(path);
    const open = new Set(this.session.openManuscripts().flatMap((m) => (m.uri === uri ? [] : [m.path])));
    this.intentRecords.keepOpen(open);
    this.projectVotes.keepOpen(open);
    const voting = new Set(this.projectVotes.files());
    for (const path of this.unopened.keys()) if (!voting.has(path)) this.unopened.delete(path);
  }

  setVisible(uri: string, ranges: { start: { line: number; character: number }; end: { line: number; character: number } }[]): void {
    const document = this.session.documents.get(uri);
    if (!document) return;
    const s = this.state(uri);
    s.visible = ranges.map((r) => ({ start: document.offsetAt(r.start), end: document.offsetAt(r.end) }));
    // paragraphs still waiting are reordered by a fresh pass (finished ones come from the cache)
    if (!s.done) this.schedule(uri);
  }

  private async pass(uri: string, generation: number): Promise<void> {
    const s = this.state(uri);
    const document = this.session.documents.get(uri);
    if (!document) return;
    const version = document.version;
    const isCurrent = () => s.generation === generation && this.session.documents.get(uri)?.version === version;
    const settings = await this.settings(uri);
    s.settings = settings;
    const context = await this.session.context(uri);
    if (!isCurrent() || !context?.file) return;
    const file = context.file;
    if (!settings.entities.enabled) {
      s.bibliographyInputs = { generation };
      s.version = version;
      s.entities = [];
      s.done = true;
      this.keepEntityTypes(uri, s, []);
      await this.session.connection.sendNotification(notificationType(EntitiesNotification), { uri, version, paragraphs: [], entities: [], done: true });
      return;
    }
    const choice: ModelChoice = { entities: settings.models.entities, scicite: settings.models.scicite, aclarc: settings.models.aclarc };
    const states = await this.loadModels(choice);
    if (!isCurrent()) return;
    const tagger = states.entities.model;
    const dismissed = dismissalMatcher(await this.dismissalList(this.folderOf(context.path)));
    if (tagger) {
      const snapshot = context.project;
      const lookup = (key: string) => snapshot.lookup(key)?.entry;
      // the software the project's other files state is software here too
      const others = snapshot.info.files.length > 1 ? (await snapshot.files()).filter((f) => f.file !== file.file) : [];
      if (!isCurrent()) return;
      const inputs = bibliographyInputs(file, lookup, others);
      s.bibliographyInputs = { generation, key: inputs.key };
      const entityPass: EntityPass = {
        project: { root: snapshot.root, tagger: tagger.id, files: new Set(snapshot.info.files) },
        citedNames: inputs.citedNames,
        softwareNames: inputs.softwareNames,
      };
      this.running++;
      this.sendStatus();
      try {
        const finished = await this.scheduler.run(context.path, file.segments, tagger, {
          visible: s.visible,
          isCurrent,
          report: (progress) => this.publishEntities(uri, version, file, entityPass, progress, settings, dismissed),
        });
        if (!finished) return;
      } finally {
        this.running--;
        this.sendStatus();
      }
      this.peersIfShareChanged(uri, file, snapshot, lookup);
      await this.publishIntents(uri, version, context, states, isCurrent);
      await this.voteFromUnopened(file, entityPass.own, others, tagger, entityPass.project, { lookup, renderKey: snapshot.renderKey }, isCurrent);
      return;
    }
    await this.publishIntents(uri, version, context, states, isCurrent);
  }

  /**
   * After a finished pass, the project's other open files are analysed again when what they read of this
   * file changed: how the project prints citations (a numeric style numbers a chapter's citations after
   * the root's) or the software this file names (software in one file is software in all); each only
   * when its own inputs differ from its last pass's (a bibliography change ran those already).
   */
  private peersIfShareChanged(uri: string, file: FileAnalysis, snapshot: DocumentContext['project'], lookup: (key: string) => BibEntry | undefined): void {
    const software = JSON.stringify([...statedSoftwareNames(file, lookup).keys()].sort());
    const files = new Set(snapshot.info.files);
    // compared with this file's own last pass: a key that differs between the project's files (each has
    // its own workspace folder in it) would otherwise have two open files re-run each other for ever
    const last = this.lastShared.get(uri);
    this.lastShared.set(uri, { printedAs: snapshot.renderKey, software, files });
    if (!last || (last.printedAs === snapshot.renderKey && last.software === software)) return;
    const projects = new Map<string, Promise<ProjectRead>>();
    for (const m of this.session.openManuscripts()) {
      if (m.uri !== uri && files.has(m.path)) this.refreshIfInputsChanged(m.uri, projects).catch(this.logFailure(`entities for ${m.uri}`));
    }
  }

  /** Analyses again the open manuscripts whose project reads one of `paths` (changed on disk), or lives in the folder of a changed `_quarto.yml` / `_bookdown.yml`. */
  refreshReadersOf(paths: readonly string[]): void {
    const folders = paths.filter(isProjectConfigFile).map((p) => dirname(p));
    for (const m of this.session.openManuscripts()) {
      const files = this.lastShared.get(m.uri)?.files;
      const reads = files !== undefined && paths.some((p) => p !== m.path && files.has(p));
      if (reads || folders.some((folder) => m.path.startsWith(folder + sep))) this.schedule(m.uri);
    }
  }

  /**
   * After the open file's own pass, the project's files that no pass has tagged (or whose text changed
   * since) vote (`analysis/editor/definition-votes.ts`): their paragraphs that define an abbreviation or
   * mention a name whose votes the open file reads are tagged in the background and composed as
   * `analyze` composes them. A chapter's ITD takes the type of chapter 1's "interaural time difference
   * (ITD)", paper.tex's SciBERT that of sections/methods.tex, neither opened. The project's open files
   * are composed again once, after all of them, if any vote changed: an open chapter whose tagger missed
   * ITD has no vote of its own for it.
   */
  private async voteFromUnopened(file: FileAnalysis, own: TypeVotes | undefined, others: readonly FileAnalysis[], tagger: EntityTagger, project: VotingProject, bibliography: { lookup: (key: string) => BibEntry | undefined; renderKey: string }, isCurrent: () => boolean): Promise<void> {
    const open = new Set(this.session.openManuscripts().map((m) => m.path));
    // a closed file whose own pass voted keeps those votes, all its paragraphs'
    const unopened = others.filter((other) => !open.has(other.file) && (this.unopened.has(other.file) || !this.projectVotes.current(other, project)));
    if (unopened.length === 0) return;
    const { lookup } = bibliography;
    const projectSoftware = new Map([file, ...others].flatMap((f) => [...statedSoftwareNames(f, lookup)]));
    const inputs = `${bibliography.renderKey}\u0000${[...projectSoftware.keys()].sort().join('\u0000')}`;
    const tag = (text: string) => this.scheduler.tagParagraph(tagger, text);
    let changed = false;
    // the abbreviations other files define are known after the first round: the second looks for those the file writes
    let searched: Set<string> | undefined;
    for (let round = 0; round < 2; round++) {
      const names = namesRead(file, own ?? new Map(), this.projectVotes.peers(file.file, project));
      if (searched && [...names].every((name) => searched?.has(name))) break;
      searched = names;
      for (const other of unopened) {
        let entry = this.unopened.get(other.file);
        if (!entry?.votes.holds(other, tagger.id)) this.unopened.set(other.file, (entry = { votes: new UnopenedFileVotes(other, tagger.id), inputs: new Map(), recorded: new Map() }));
        if (!(await entry.votes.extend(names, tag, isCurrent))) return;
        // the file's cited authors and software names are read again only when the inputs change
        let read = entry.inputs.get(inputs);
        if (!read) {
          if (entry.inputs.size >= 4) entry.inputs.clear();
          entry.inputs.set(inputs, (read = { key: inputs, citedNames: citedAuthorNames(other.segments, lookup), softwareNames: softwareNames(other, lookup, projectSoftware) }));
        }
        // the same object while no paragraph was tagged and the inputs are the same
        const votes = entry.votes.votes(read);
        if (entry.recorded.get(file.file) === votes) continue;
        entry.recorded.set(file.file, votes);
        if (this.projectVotes.record(other.file, project, votes, other.text).changed.length > 0) changed = true;
        await yieldToLoop();
        if (!isCurrent()) return;
      }
    }
    if (!changed) return;
    for (const m of this.session.openManuscripts()) if (project.files.has(m.path)) this.schedule(m.uri);
  }

  private publishEntities(uri: string, version: number, file: FileAnalysis, pass: EntityPass, progress: PassProgress, settings: EditorSettings, dismissed: (text: string, type: string) => boolean): void {
    const { project, citedNames, softwareNames: software } = pass;
    const s = this.state(uri);
    const elsewhere = this.projectVotes.peers(file.file, project);
    let own: TypeVotes | undefined;
    const entities = composeEntities(file.segments, file.text, progress.tagged, { dismissed, citedNames, softwareNames: software, elsewhere, onVotes: (v) => (own = v) })
      .filter((e) => e.score >= settings.entities.minScore);
    if (progress.done && own) {
      pass.own = own;
      this.recordVotes(uri, file, project, own);
    }
    s.version = version;
    s.entities = entities;
    s.done = progress.done;
    if (progress.done) this.keepEntityTypes(uri, s, entities);
    void this.session.connection.sendNotification(notificationType(EntitiesNotification), {
      uri,
      version,
      paragraphs: progress.fresh.map((i) => file.lines.rangeOf(file.segments[i].span)),
      entities: entities.map((e) => toWire(file, e)),
      done: progress.done,
    });
  }

  /** Calls `listener` with each document whose entity types changed. */
  onAbbreviationEvidence(listener: (uri: string) => void): void {
    this.evidenceListeners.push(listener);
  }

  /** The word types of a finished pass; when they changed, the document's abbreviation diagnostics are published again. */
  private keepEntityTypes(uri: string, s: DocumentEditorState, entities: readonly DocumentEntity[]): void {
    const types = entityTypesByWord(entities);
    const before = s.entityTypes ?? new Map<string, string>();
    s.entityTypes = types;
    if (before.size === types.size && [...types].every(([word, type]) => before.get(word) === type)) return;
    for (const listener of this.evidenceListeners) listener(uri);
  }

  /** Keeps an open file's votes; the project's other open files that mention a name whose votes changed are composed again with them. */
  private recordVotes(uri: string, file: FileAnalysis, project: VotingProject, votes: TypeVotes): void {
    // all its paragraphs vote now
    this.unopened.delete(file.file);
    const { peers } = this.projectVotes.record(file.file, project, votes, file.text);
    for (const open of this.session.openManuscripts()) {
      // every paragraph of a peer is in the tagger's cache: its pass only composes and publishes again
      if (open.uri !== uri && peers.has(open.path)) this.schedule(open.uri);
    }
  }

  private async publishIntents(uri: string, version: number, context: DocumentContext, states: Awaited<ReturnType<EditorFeatures['loadModels']>>, isCurrent: () => boolean): Promise<void> {
    const file = context.file;
    if (!file) return;
    if (file.citations.length === 0) {
      // the client's view still lists the citations pushed last: the file has none now
      const s = this.state(uri);
      if (!s.intents || s.intents.records.length === 0) return;
      s.intents = { version, records: [] };
      await this.session.connection.sendNotification(notificationType(IntentsNotification), { uri, version, citations: [] });
      return;
    }
    const records = (await this.intentRecords.file(file, { scicite: states.scicite.model, aclarc: states.aclarc.model }, isCurrent))?.records;
    if (!records || !isCurrent()) return;
    this.state(uri).intents = { version, records };
    await this.session.connection.sendNotification(notificationType(IntentsNotification), { uri, version, citations: records.map((r) => intentToWire(file, r)) });
  }

  /**
   * The models of a choice, without waiting for a Hub download: a role downloading runs the built-in
   * model meanwhile, and the open documents are analysed again when the download ends.
   */
  async loadModels(choice: ModelChoice): Promise<{ entities: RoleState<EntityTagger>; scicite: RoleState<IntentClassifier>; aclarc: RoleState<IntentClassifier> }> {
    this.choice = choice;
    const pending = MODEL_ROLES.filter((r) => !this.lastStates.some((st) => st.role === r && st.requested === choice[r]));
    if (pending.length > 0) {
      for (const r of pending) this.loading.add(r);
      this.sendStatus(choice);
    }
    const states = await this.registry.all(choice, { background: true });
    for (const r of MODEL_ROLES) this.loading.delete(r);
    const changed = this.keep([states.entities, states.scicite, states.aclarc]);
    // VS Code's client warns of a fallback itself, from the status
    if (!this.session.showsModelDownloads) {
      for (const st of changed) if (st.reason && !st.loading && !this.awaitingConsent(st.requested)) void this.session.connection.window.showWarningMessage(`SciWrite: ${st.reason}`);
    }
    if (changed.length > 0 || pending.length > 0) this.sendStatus();
    return states;
  }

  /**
   * Keeps the states of the models asked for now: not a superseded load's, nor those of a choice the
   * user has moved on from, which would overwrite the newer status. Returns the states that changed.
   */
  private keep(states: readonly RoleState<EntityTagger | IntentClassifier>[]): RoleState<EntityTagger | IntentClassifier>[] {
    const changed: RoleState<EntityTagger | IntentClassifier>[] = [];
    const kept = states.flatMap((st) => {
      const old = this.lastStates.find((x) => x.role === st.role);
      if (st.superseded || st.requested !== this.choice?.[st.role]) return old ? [old] : [];
      if (!old || st.requested !== old.requested || st.model !== old.model || st.reason !== old.reason || st.loading !== old.loading) changed.push(st);
      if (st.loading) this.watch(st.role);
      return [st];
    });
    this.lastStates = kept;
    return changed;
  }

  /** When a role's download ends, its state is read again and every open document analysed with its model. */
  private watch(role: ModelRole): void {
    const load = this.registry.pending(role);
    if (!load || this.watched.get(role) === load) return;
    this.watched.set(role, load);
    void load.then(async (settled) => {
      if (this.watched.get(role) !== load) return;
      this.watched.delete(role);
      if (this.downloads.get(role)?.spec === settled.requested) this.downloads.delete(role);
      const throttled = this.statusThrottles.get(role);
      if (throttled?.spec === settled.requested) {
        throttled.throttle.stop();
        this.statusThrottles.delete(role);
      }
      this.downloadProgress.end(role, settled.requested);
      if (this.choice) await this.loadModels(this.choice);
      this.refreshAll();
    }).catch(this.logFailure('models'));
  }

  /** True for a Hub id the client's user has not agreed to download yet (folders never need it). */
  awaitingConsent(spec: string): boolean {
    return spec !== 'builtin' && this.allowed !== undefined && !this.allowed.has(spec) && /^[\w.-]+\/[\w.-]+$/.test(spec) && !existsSync(spec);
  }

  /** The client's list of Hub models the user agreed to download: newly allowed ones load now. */
  setAllowedDownloads(repos: readonly string[]): void {
    const before = this.allowed;
    this.allowed = new Set(repos);
    const added = repos.filter((r) => !before?.has(r));
    for (const r of added) this.registry.reload(r);
    if (before !== undefined && added.length > 0) this.refreshAll();
  }

  /** VS Code's proxy setting changed: Hub models that failed on the network are tried again now. */
  proxyChanged(): void {
    if (this.registry.retryNetworkFailures()) this.refreshAll();
  }

  /** Stops the downloads of a model outside the editor roles (related work's) and waits for their end; called before it is deleted. */
  stopOtherDownloads(stop: (repo: string) => Promise<void>): void {
    this.otherDownloads.push(stop);
  }

  /** Calls `listener` once a model is deleted from the cache (the related-work panel ranks again without it). */
  onModelDeleted(listener: (repo: string) => void): void {
    this.deletedListeners.push(listener);
  }

  /**
   * Deletes a downloaded model from the cache, first stopping the roles and the related-work downloads
   * that are fetching it (deleting under a running download failed it with ENOENT and left a new
   * unfinished copy behind).
   */
  async deleteModel(repo: string): Promise<void> {
    // a role asking for it that does not run it yet is downloading it (or about to)
    const roles = MODEL_ROLES.filter((role) => {
      const state = this.lastStates.find((st) => st.role === role);
      return this.choice?.[role] === repo && !(state?.requested === repo && state.model && !state.loading);
    });
    for (const role of roles) this.registry.cancel(role);
    await Promise.all([
      ...roles.map((role) => this.registry.pending(role)?.catch(() => undefined)),
      ...this.otherDownloads.map((stop) => stop(repo).catch(() => undefined)),
    ]);
    await deleteDownloadedModel(repo);
    for (const listener of this.deletedListeners) listener(repo);
  }

  /** Cancels a Hub download in progress: the role falls back to the built-in model (with that reason). */
  cancelDownload(role: ModelRole): void {
    this.registry.cancel(role);
  }

  modelStatus(choice?: ModelChoice): ModelRoleStatus[] {
    return MODEL_ROLES.map((role) => {
      const st = this.lastStates.find((x) => x.role === role);
      const requested = choice?.[role] ?? this.choice?.[role] ?? st?.requested ?? 'builtin';
      const d = this.downloads.get(role);
      const download = d?.spec === requested ? d : undefined;
      if (this.loading.has(role) || !st || st.requested !== requested || st.loading) {
        const out: ModelRoleStatus = { role, requested, state: 'loading' };
        if (st?.loading && st.requested === requested && st.model) {
          out.active = st.model.id;
          out.reason = meanwhileReason(requested, download?.note);
        }
        if (download) out.download = { bytes: download.bytes, ...(download.total !== undefined ? { total: download.total } : {}), ...(download.note ? { note: download.note } : {}) };
        return out;
      }
      const out: ModelRoleStatus = { role, requested, state: st.model ? (st.reason ? 'fallback' : 'ready') : 'unavailable' };
      if (st.model) out.active = st.model.id;
      const note = st.model ? modelNote(st.model) : undefined;
      if (note) out.note = note;
      if (st.reason) out.reason = this.awaitingConsent(requested) ? `waiting for your agreement to download ${requested}; using the built-in model meanwhile` : st.reason;
      return out;
    });
  }

  private sendStatus(choice?: ModelChoice): void {
    void this.session.connection.sendNotification(notificationType(ModelStatusNotification), { roles: this.modelStatus(choice), analysing: this.running > 0 });
  }

  /** Records a dismissal in the workspace's .vscode/sciwrite.json and re-publishes at once. */
  async dismiss(args: DismissEntityArguments): Promise<void> {
    const path = this.session.uris.toPath(args.uri);
    if (!path) return;
    const folder = this.folderOf(path);
    const list = args.kind === 'never' ? recordDismissal(folder, { kind: 'never', text: args.text }) : recordDismissal(folder, { kind: 'notType', text: args.text, type: args.type ?? '' });
    this.dismissals.set(folder, { at: Date.now(), list });
    await list;
    this.refreshAll();
  }

  /**
   * Information diagnostics for abbreviations the document never defines (server's diagnostics add
   * them); the project's earlier files define them too.
   */
  async abbreviationDiagnostics(context: DocumentContext): Promise<Diagnostic[]> {
    const file = context.file;
    if (!file) return [];
    const settings = this.docs.get(context.uri)?.settings;
    if ((settings && !settings.abbreviations.diagnostics) || readsAsDeveloperDocument(file)) return [];
    const files = context.project.info.files.length > 1 ? await context.project.files() : [];
    const elsewhere = files.length > 0 ? definitionsElsewhere(files, file.file) : undefined;
    // what the file and its project show to be software is a name, not an abbreviation to spell out
    const lookup = (key: string) => context.project.lookup(key)?.entry;
    const names = softwareNames(file, lookup, new Map(files.filter((f) => f.file !== file.file).flatMap((f) => [...statedSoftwareNames(f, lookup)])));
    // the entity pass's types: a disease cited at its mentions, "E2" typed a chemical, are abbreviations;
    // a cited title that names the word makes it a name
    const evidence = { entityTypes: this.docs.get(context.uri)?.entityTypes, acronyms: context.project.info.acronyms, citedTitle: (key: string) => lookup(key)?.title };
    return undefinedAbbreviations(file, elsewhere, names, evidence).map((f) => ({
      range: f.range, severity: DiagnosticSeverity.Information, source: 'sciwrite', code: 'undefined-abbreviation', message: f.message,
    }));
  }

  /**
   * The intent models of a document's settings as they are now: not those of its last pass, which a
   * change of `sciwrite.models.*` leaves behind until the pass it schedules has read them.
   */
  async intentModels(uri: string): Promise<IntentModels> {
    const settings = await this.settings(uri);
    const states = await this.loadModels({ entities: settings.models.entities, scicite: settings.models.scicite, aclarc: settings.models.aclarc });
    return { scicite: states.scicite.model, aclarc: states.aclarc.model };
  }

  /** Intents of every citation in the project's manuscripts, and how the project cites each reference (computed once per file version, see project-intents.ts). */
  async projectIntents(context: DocumentContext): Promise<{ files: { file: FileAnalysis; records: CitationIntentRecord[] }[]; summaries: ReadonlyMap<string, ReferenceSummary> }> {
    const models = await this.intentModels(context.uri);
    const files = await context.project.files();
    const { summaries } = await this.intentRecords.summary(context.project.root, files, models, 'always');
    const out: { file: FileAnalysis; records: CitationIntentRecord[] }[] = [];
    for (const file of files) out.push({ file, records: (await this.intentRecords.file(file, models))?.records ?? [] });
    return { files: out, summaries: summaries ?? new Map() };
  }
}

/** Wires the editor features to the connection. Call once from server.ts's wire(), after documents.listen(). */
export function installEditorFeatures(connection: Connection, session: Session, options: EditorFeatureOptions = {}): EditorFeatures {
  const editor = new EditorFeatures(session, options);
  features.set(session, editor);
  session.documents.onDidChangeContent(({ document }) => {
    const path = session.uris.toPath(document.uri);
    if (path && session.languageOf(document.uri, path)) editor.schedule(document.uri);
  });
  session.documents.onDidClose(({ document }) => editor.close(document.uri));
  connection.onNotification(notificationType(VisibleRangesNotification), (params) => editor.setVisible(params.uri, params.ranges));
  connection.onNotification(notificationType(AllowedDownloadsNotification), (params) => editor.setAllowedDownloads(params.repos));
  connection.onNotification(notificationType(CancelModelDownloadNotification), (params) => editor.cancelDownload(params.role));
  connection.onRequest(requestType(EntityTypesRequest), () => editor.taxonomy.types.map((t) => ({ id: t.id, label: t.label, colorRole: t.colorRole })));
  connection.onRequest(requestType(CitationIntentsRequest), (params) => citationIntentsView(editor, params.uri));
  connection.onRequest(requestType(DownloadedModelsRequest), async () => (await listDownloadedModels()).map(({ folder: _folder, ...m }) => m));
  connection.onRequest(requestType(DeleteModelRequest), (params) => editor.deleteModel(params.repo));
  connection.onExecuteCommand(async (params) => {
    if (params.command !== DismissEntityCommand) return null;
    const args = params.arguments?.[0] as DismissEntityArguments | undefined;
    if (args && typeof args.uri === 'string' && typeof args.text === 'string' && (args.kind === 'never' || args.kind === 'notType')) await editor.dismiss(args);
    return null;
  });
  return editor;
}

/** The commands the server executes (its executeCommandProvider). */
export const EDITOR_COMMANDS = [DismissEntityCommand];
