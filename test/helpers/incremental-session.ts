// An editing session against the real language server, and the same final texts opened in a fresh
// one: everything a client sees of the manuscript (entity highlights, diagnostics of the manuscript
// and its .bib, hovers on citations and entities, citation intents pushed and asked for, the analysis)
// taken from both, for tests that the incremental state equals the state computed from scratch.
// Waits on the server's own notifications, never on time.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChangeType, type Diagnostic, type Position, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf } from './lsp-client.ts';
import { positionAt, TextEditor, type Edit } from './random-edits.ts';
import { entityTypesByWord } from '../../extension/core/abbreviations/index.ts';
import type { EntitiesParams, IntentsParams } from '../../extension/protocol/editor.ts';
import type { DocumentAnalysis } from '../../extension/protocol/analysis.ts';

/** Diagnostics at once after an edit: the test waits for them, not for a timer. */
const SETTINGS = { diagnostics: { delay: 0 } };

/** The server's pushed state as a client keeps it: the latest of each notification, numbered in the order received. */
class Observed {
  readonly entities = new Map<string, { params: EntitiesParams; seq: number }>();
  readonly intents = new Map<string, { params: IntentsParams; seq: number }>();
  readonly diagnostics = new Map<string, { params: PublishDiagnosticsParams; seq: number }>();
  /** How many of these notifications came so far. */
  seq = 0;
  /**
   * Per document, the last finished pass whose entity types by word changed (`entityTypesByWord`, what
   * abbreviation diagnostics read): the server publishes the document's diagnostics again after it.
   */
  private readonly typesChangedAt = new Map<string, number>();
  private readonly types = new Map<string, Map<string, string>>();
  private waiters: (() => void)[] = [];

  /** `signal`: the test's, aborted when it times out; a wait then fails, and the servers are stopped. */
  constructor(readonly client: LspTestClient, private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.record(() => undefined));
    client.connection.onNotification('sciwrite/entities', (p: EntitiesParams) => this.record(() => {
      this.entities.set(p.uri, { params: p, seq: ++this.seq });
      if (!p.done) return;
      const types = entityTypesByWord(p.entities);
      const before = this.types.get(p.uri) ?? new Map<string, string>();
      this.types.set(p.uri, types);
      if (before.size !== types.size || [...types].some(([word, type]) => before.get(word) !== type)) this.typesChangedAt.set(p.uri, this.seq);
    }));
    client.connection.onNotification('sciwrite/intents', (p: IntentsParams) => this.record(() => this.intents.set(p.uri, { params: p, seq: ++this.seq })));
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.record(() => this.diagnostics.set(p.uri, { params: p, seq: ++this.seq })));
  }

  private record(update: () => void): void {
    update();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** A document closed: the server forgets its entity types, as it does. */
  closed(uri: string): void {
    this.types.delete(uri);
  }

  /** Resolves once `ready()` holds, checked at every notification. */
  async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.signal?.aborted) throw new Error('the server never sent what the test waits for');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /**
   * A manuscript's pass of `version` finished after notification number `opened`, and its diagnostics of
   * that version were published after number `since` and after the last pass that changed its entity types.
   */
  async settled(uri: string, version: number, since: number, opened = 0): Promise<void> {
    await this.until(() => {
      const entities = this.entities.get(uri);
      const diagnostics = this.diagnostics.get(uri);
      return entities !== undefined && entities.params.done && entities.params.version === version && entities.seq > opened
        && diagnostics?.params.version === version && diagnostics.seq > Math.max(since, this.typesChangedAt.get(uri) ?? 0);
    });
  }

  /** Resolves with true at the next notification after number `seq`, with false when the test timed out. */
  async after(seq: number): Promise<boolean> {
    try {
      await this.until(() => this.seq > seq);
      return true;
    } catch {
      return false;
    }
  }

  /** The intents a pass pushes after its entities: those of `version`, after its last entities. */
  async intentsPushed(uri: string, version: number): Promise<void> {
    await this.until(() => {
      const intents = this.intents.get(uri);
      return intents?.params.version === version && intents.seq > (this.entities.get(uri)?.seq ?? 0);
    });
  }
}

export interface Paper {
  name: string;
  /** The paper's folder, copied into a temp folder. */
  folder: string;
  /** The manuscript opened first, and the .bib, in the folder. */
  manuscript: string;
  bib: string;
  languageId: string;
  /** Where a client hovers on the final text: citation keys, group 1 of each match. */
  citation: RegExp;
}

function comparable(d: Diagnostic): unknown {
  return { range: d.range, severity: d.severity, code: d.code, message: d.message, related: d.relatedInformation, data: d.data };
}

function pickEvenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

/** The first path where two values differ, with both sides: a short message instead of two whole states. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  // a model's scores depend in their last digits on which inputs share a batch: no state of ours
  if (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-6) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}:\n  after edits: ${JSON.stringify(a)?.slice(0, 600)}\n  fresh:       ${JSON.stringify(b)?.slice(0, 600)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const inner = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (inner) return `${inner}\n  (lengths: ${a.length} after edits, ${b.length} fresh)`;
    }
    return `${path}: lengths ${a.length} after edits, ${b.length} fresh; extra: ${JSON.stringify(a.length > b.length ? a.slice(b.length) : b.slice(a.length)).slice(0, 600)}`;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const inner = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (inner) return inner;
  }
  return undefined;
}

/** Everything a client sees of a manuscript and its project, comparable between two servers. */
async function seen(observed: Observed, uri: string, bibUri: string, hoverAt: readonly Position[]): Promise<Record<string, unknown>> {
  const { client } = observed;
  const entities = observed.entities.get(uri)?.params.entities ?? [];
  const diagnostics = (of: string) => (observed.diagnostics.get(of)?.params.diagnostics ?? []).map(comparable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const hovers = [];
  for (const position of hoverAt) hovers.push({ position, hover: await client.hover(uri, position) });
  const entityHovers = [];
  for (const entity of pickEvenly(entities, 4)) entityHovers.push({ entity: entity.text, hover: await client.hover(uri, entity.pieces[0].start) });
  return {
    entities,
    // a client shows the citations of the last intents pushed, none before any
    intentsPushed: observed.intents.get(uri)?.params.citations ?? [],
    diagnostics: diagnostics(uri),
    bibDiagnostics: diagnostics(bibUri),
    hovers,
    entityHovers,
    intentsView: await client.connection.sendRequest('sciwrite/citationIntents', { uri }),
    uncited: await client.connection.sendRequest('sciwrite/uncitedEntries', { uri }),
    analysis: await client.connection.sendRequest('sciwrite/analyzeDocument', { uri }),
  };
}

interface OpenManuscript {
  path: string;
  uri: string;
  version: number;
  editor: TextEditor;
  /** How many notifications had come when it was opened: what came before is of an earlier opening. */
  openedAt: number;
}

/** A paper's manuscripts and its .bib edited through one server; `compareWithFresh` checks the result. */
export class EditingSession {
  readonly bib: TextEditor;
  /** What happened, for the failure message. */
  readonly log: string[] = [];
  /** The open manuscripts, in the order they were opened (the paper's manuscript first). */
  private readonly open: OpenManuscript[] = [];
  /** How many notifications had come when the last manuscript edit was sent. */
  private lastEdit = 0;
  private bibOpen?: { uri: string };
  private readonly bibPath: string;
  private readonly bibUri: string;

  private constructor(
    readonly paper: Paper,
    private readonly root: string,
    private readonly dir: string,
    private readonly observed: Observed,
    private readonly random: () => number,
    private readonly signal?: AbortSignal,
  ) {
    this.bibPath = join(dir, paper.bib);
    this.bib = new TextEditor(readFileSync(this.bibPath, 'utf8'), random);
    this.bibUri = uriOf(this.bibPath);
  }

  /** Copies the paper's folder into a temp folder, starts a server and opens the manuscript. */
  static async open(paper: Paper, random: () => number, signal?: AbortSignal): Promise<EditingSession> {
    const root = mkdtempSync(join(tmpdir(), `sciwrite-incremental-${paper.name}-`));
    process.env.XDG_CACHE_HOME = join(root, '.cache');
    const dir = join(root, 'paper');
    cpSync(paper.folder, dir, { recursive: true });
    const observed = new Observed(await LspTestClient.start({ rootDir: dir, settings: SETTINGS }), signal);
    const session = new EditingSession(paper, root, dir, observed, random, signal);
    try {
      await session.openManuscript(paper.manuscript);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** The mirror of the paper's manuscript. */
  get manuscript(): TextEditor {
    return this.open[0].editor;
  }

  get bibIsOpen(): boolean {
    return this.bibOpen !== undefined;
  }

  /** Opens another manuscript of the paper's folder (`name` relative to it) and waits for its analysis; returns its mirror. */
  async openManuscript(name: string): Promise<TextEditor> {
    const path = join(this.dir, name);
    const editor = new TextEditor(readFileSync(path, 'utf8'), this.random);
    this.log.push(`open ${name}`);
    this.lastEdit = this.observed.seq;
    const uri = await this.observed.client.open(path, editor.text, this.paper.languageId);
    this.open.push({ path, uri, version: 1, editor, openedAt: this.lastEdit });
    await this.settled();
    return editor;
  }

  /** Saves the paper's manuscript (the client's watcher tells), closes it and opens it again. */
  async saveCloseAndReopen(): Promise<void> {
    const m = this.open[0];
    this.log.push('save, close and reopen the manuscript');
    await this.settled();
    writeFileSync(m.path, m.editor.text);
    await this.observed.client.filesChanged([{ uri: m.uri, type: FileChangeType.Changed }]);
    await this.observed.client.close(m.uri);
    this.observed.closed(m.uri);
    this.lastEdit = this.observed.seq;
    await this.observed.client.open(m.path, m.editor.text, this.paper.languageId);
    m.version = 1;
    m.openedAt = this.lastEdit;
    await this.settled();
  }

  private opened(editor: TextEditor): OpenManuscript {
    const found = this.open.find((m) => m.editor === editor);
    assert.ok(found, 'an open manuscript');
    return found;
  }

  /**
   * Waits until the server finished with the manuscripts' current texts: each one's pass of its
   * version, and its diagnostics of that version published after the last edit (an edit re-checks the
   * project's other open files, which must be of the same project). Not a promise that nothing else
   * follows: a pass may start another file's again (their type votes), which `compareWithFresh` waits out.
   */
  async settled(): Promise<void> {
    for (const m of this.open) await this.observed.settled(m.uri, m.version, this.lastEdit, m.openedAt);
  }

  /** Sends an edit made with a manuscript's mirror (`this.manuscript` by default; already applied to it). */
  async editManuscript(edit: Edit, editor = this.manuscript): Promise<void> {
    const m = this.opened(editor);
    this.log.push(`${edit.kind}${m === this.open[0] ? '' : ` in ${m.path.slice(this.dir.length + 1)}`} (${edit.didChanges.length} didChange)`);
    this.lastEdit = this.observed.seq;
    for (const changes of edit.didChanges) m.version = await this.observed.client.change(m.uri, changes);
  }

  /**
   * A change on disk or to the .bib leaves the open manuscripts' versions as they were: their next
   * diagnostics are the sign the server took it in.
   */
  private async afterFileChange(change: () => Promise<void>): Promise<void> {
    await this.settled();
    this.lastEdit = this.observed.seq;
    await change();
    await this.settled();
  }

  /** A reference manager rewrites the .bib on disk (made with `this.bib`), and the client's watcher tells. */
  async rewriteBib(edit: Edit): Promise<void> {
    this.log.push(`${edit.kind} on disk`);
    await this.afterFileChange(async () => {
      writeFileSync(this.bibPath, this.bib.text);
      await this.observed.client.filesChanged([{ uri: this.bibUri, type: FileChangeType.Changed }]);
    });
  }

  /** Another program rewrites a manuscript of the paper that is not open (a `git pull`), and the client's watcher tells. */
  async rewriteOnDisk(name: string, rewrite: (text: string) => string): Promise<void> {
    this.log.push(`rewrite ${name} on disk`);
    const path = join(this.dir, name);
    await this.afterFileChange(async () => {
      writeFileSync(path, rewrite(readFileSync(path, 'utf8')));
      await this.observed.client.filesChanged([{ uri: uriOf(path), type: FileChangeType.Changed }]);
    });
  }

  async openBib(): Promise<void> {
    this.log.push('open the .bib');
    this.bibOpen = { uri: await this.observed.client.open(this.bibPath, this.bib.text, 'bibtex') };
  }

  /** Types in the open .bib (made with `this.bib`), the server taking in each keystroke. */
  async editBib(edit: Edit): Promise<void> {
    const open = this.bibOpen;
    assert.ok(open, 'the .bib is open');
    this.log.push(`${edit.kind} in the editor (${edit.didChanges.length} didChange)`);
    for (const changes of edit.didChanges) await this.afterFileChange(() => this.observed.client.change(open.uri, changes).then(() => undefined));
  }

  /** Saved, the .bib on disk is what the editor showed: closing it changes nothing the server reads. */
  async saveAndCloseBib(): Promise<void> {
    const open = this.bibOpen;
    assert.ok(open, 'the .bib is open');
    this.log.push('save and close the .bib');
    this.bibOpen = undefined;
    await this.afterFileChange(async () => {
      writeFileSync(this.bibPath, this.bib.text);
      await this.observed.client.filesChanged([{ uri: this.bibUri, type: FileChangeType.Changed }]);
      await this.observed.client.close(open.uri);
    });
  }

  /** Everything a client sees of each open manuscript. */
  private async seenByClient(observed: Observed, uris: readonly string[]): Promise<Record<string, unknown>[]> {
    const out = [];
    for (const [i, m] of this.open.entries()) {
      const text = m.editor.text;
      const hoverAt = pickEvenly([...text.matchAll(this.paper.citation)].map((match) => positionAt(text, match.index + match[0].indexOf(match[1]) + 1)), 5);
      out.push({ file: m.path.slice(this.dir.length + 1), ...(await seen(observed, uris[i], this.bibUri, hoverAt)) });
    }
    return out;
  }

  /**
   * Waits until the server settled, then opens the final texts in a fresh server (they are written to
   * disk first, so that it reads each file of the project as the first one read them) until both show
   * the same: a server that is still working (another file's pass it started) gets the notifications it
   * sends to catch up; one that stays different fails the test when it times out, with the last
   * difference, the edits and where the final texts were left.
   */
  async compareWithFresh(label: string): Promise<void> {
    await this.settled();
    if (this.bibOpen) await this.observed.until(() => this.observed.diagnostics.has(this.bibUri));
    await this.intentsPushed(this.observed, this.open.map((m) => ({ uri: m.uri, version: m.version })));
    for (const m of this.open) writeFileSync(m.path, m.editor.text);
    writeFileSync(this.bibPath, this.bib.text);
    const fresh = new Observed(await LspTestClient.start({ rootDir: this.dir, settings: SETTINGS }), this.signal);
    try {
      if (this.bibOpen) await fresh.client.open(this.bibPath, this.bib.text, 'bibtex');
      const uris: string[] = [];
      for (const m of this.open) {
        const since = fresh.seq;
        uris.push(await fresh.client.open(m.path, m.editor.text, this.paper.languageId));
        for (const uri of uris) await fresh.settled(uri, 1, since);
      }
      await this.intentsPushed(fresh, uris.map((uri) => ({ uri, version: 1 })));
      for (;;) {
        const seen = [this.observed.seq, fresh.seq];
        const difference = firstDifference(await this.seenByClient(this.observed, this.open.map((m) => m.uri)), await this.seenByClient(fresh, uris));
        if (!difference) return;
        const more = await Promise.race([this.observed.after(seen[0]), fresh.after(seen[1])]);
        if (more) continue;
        const message = `${label}: what the server shows after the edits differs from a fresh server's (final texts in ${this.dir})\n${difference}\nedits:\n${this.log.map((line, i) => `${i}: ${line}`).join('\n')}`;
        // the runner reports a timed-out test as such, without the failure it ends with
        process.stderr.write(`${message}\n`);
        assert.fail(message);
      }
    } finally {
      await fresh.client.stop();
    }
  }

  /** Pushed intents follow a pass's entities: waited for when the text cites anything. */
  private async intentsPushed(observed: Observed, docs: readonly { uri: string; version: number }[]): Promise<void> {
    for (const { uri, version } of docs) {
      const citations = (await observed.client.connection.sendRequest('sciwrite/analyzeDocument', { uri, scope: 'document' }) as DocumentAnalysis).citations;
      if (citations.length > 0) await observed.intentsPushed(uri, version);
    }
  }

  async close(): Promise<void> {
    await this.observed.client.stop();
  }

  /** Removes the temp folder (left behind after a failure, for a look at the final texts). */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
