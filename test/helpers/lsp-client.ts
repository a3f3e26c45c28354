// A JSON-RPC test client that drives the SciWrite language server over stdio, with no VS Code.
// It answers the server's workspace/configuration requests from `settings` (or, as an editor without
// that capability, pushes them with didChangeConfiguration), and records
// textDocument/publishDiagnostics so tests can wait for them as events.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  CodeActionRequest,
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  ErrorCodes,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PrepareRenameRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  ShutdownRequest,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type Location,
  type LocationLink,
  type LogMessageParams,
  type Position,
  type PrepareRenameResult,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { InitializationOptions } from '../../extension/protocol/index.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface StartOptions {
  /** The workspace folder the server is told about (the first one, with `workspaceFolders`). */
  rootDir: string;
  /** More workspace folders after `rootDir` (a multi-root workspace). */
  workspaceFolders?: string[];
  /** The `sciwrite` settings section, answered to every workspace/configuration request. */
  settings?: unknown;
  /**
   * Whether the client declares `workspace.configuration` (default true). Without it the client pushes
   * `settings` with didChangeConfiguration after initialisation, and refuses configuration requests.
   */
  pullSettings?: boolean;
  initializationOptions?: InitializationOptions;
  /** Whether the client offers to watch files for the server (default true); without it the server watches .bib files itself. */
  dynamicWatchers?: boolean;
  /** Run dist/server.cjs instead of the TypeScript sources (set SCIWRITE_LSP_BUNDLE=1 to force it). */
  bundle?: boolean;
  /** Declare `window.workDoneProgress`, as VS Code does: the server may then create progress (recorded in `progress`). */
  workDoneProgress?: boolean;
}

/** One `$/progress` the server sent for a work-done progress it created. */
export interface ProgressEvent {
  token: string | number;
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

type ProgressWaiter = { accept: (event: ProgressEvent) => boolean; resolve: (event: ProgressEvent) => void; reject: (error: Error) => void };

type DiagnosticsWaiter = {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
  reject: (error: Error) => void;
};

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export function languageIdOf(path: string): string {
  if (/\.(tex|sty|cls|ltx)$/i.test(path)) return 'latex';
  if (/\.rmd$/i.test(path)) return 'rmd';
  if (/\.qmd$/i.test(path)) return 'quarto';
  if (/\.bib$/i.test(path)) return 'bibtex';
  if (/\.json$/i.test(path)) return 'json';
  return 'markdown';
}

export class LspTestClient {
  settings: unknown;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly stderr: string[] = [];
  /** The window/logMessage notifications the server sent (type 1 is an error). */
  readonly logMessages: LogMessageParams[] = [];
  private readonly waiters: DiagnosticsWaiter[] = [];
  /** Work-done progress tokens the server created, and every `$/progress` it sent for them (with `workDoneProgress`). */
  readonly progressTokens: (string | number)[] = [];
  readonly progress: ProgressEvent[] = [];
  private readonly progressWaiters: ProgressWaiter[] = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: unknown,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    const useBundle = options.bundle ?? process.env.SCIWRITE_LSP_BUNDLE === '1';
    const args = useBundle
      ? [`${repoRoot}dist/server.cjs`, '--stdio']
      : ['--import', 'tsx', `${repoRoot}extension/server/main.ts`, '--stdio'];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    if (!child.stdout || !child.stdin || !child.stderr) throw new Error('server process has no stdio');
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection, options.settings ?? {});
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => client.stderr.push(chunk));
    child.once('exit', (code, signal) => {
      if (client.stopping) return;
      // a server that dies mid-test fails the test's pending requests and waits at once, with its last words
      const error = new Error(`sciwrite-lsp exited during the test (code ${code}, signal ${signal}); its stderr:\n${client.stderr.join('')}`);
      process.stderr.write(`${error.message}\n`);
      connection.dispose();
      for (const waiter of [...client.waiters.splice(0), ...client.progressWaiters.splice(0)]) waiter.reject(error);
    });

    const pull = options.pullSettings ?? true;
    connection.onRequest(ConfigurationRequest.type, (params) => {
      if (!pull) throw new ResponseError(ErrorCodes.MethodNotFound, 'workspace/configuration is not supported');
      return params.items.map((item) => (item.section === 'sciwrite' ? client.settings : null));
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => client.receiveDiagnostics(params));
    connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
      client.logMessages.push(params);
    });
    if (options.workDoneProgress) {
      connection.onRequest(WorkDoneProgressCreateRequest.method, (params: { token: string | number }) => {
        client.progressTokens.push(params.token);
        return null;
      });
      connection.onUnhandledProgress((params) => client.receiveProgress({ token: params.token, value: params.value as ProgressEvent['value'] }));
    }
    // Anything else the server asks (registerCapability, workDoneProgress/create, ...) is accepted.
    connection.onRequest(() => null);
    connection.onNotification(() => undefined);
    connection.listen();

    const rootUri = uriOf(options.rootDir);
    const result: InitializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }, ...(options.workspaceFolders ?? []).map((folder, i) => ({ uri: uriOf(folder), name: `test${i + 2}` }))],
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
        workspace: { configuration: pull, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: options.dynamicWatchers ?? true }, workspaceEdit: { documentChanges: false } },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'], snippetSupport: false } },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          rename: { prepareSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    client.capabilities = result;
    await connection.sendNotification(InitializedNotification.type, {});
    if (!pull) await client.setSettings(client.settings);
    return client;
  }

  capabilities: InitializeResult | undefined;

  private receiveDiagnostics(params: PublishDiagnosticsParams): void {
    this.diagnostics.set(params.uri, params);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter.uri === params.uri && waiter.accept(params)) {
        this.waiters.splice(i, 1);
        waiter.resolve(params);
      }
    }
  }

  private receiveProgress(event: ProgressEvent): void {
    this.progress.push(event);
    for (let i = this.progressWaiters.length - 1; i >= 0; i--) {
      const waiter = this.progressWaiters[i];
      if (waiter.accept(event)) {
        this.progressWaiters.splice(i, 1);
        waiter.resolve(event);
      }
    }
  }

  /** Resolves with the first `$/progress` (already received or to come) that satisfies `accept`. */
  waitForProgress(accept: (event: ProgressEvent) => boolean): Promise<ProgressEvent> {
    const seen = this.progress.find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => this.progressWaiters.push({ accept, resolve, reject }));
  }

  /** What the user's Cancel on a progress notification sends. */
  cancelProgress(token: string | number): Promise<void> {
    return this.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
  }

  /**
   * Resolves with the first diagnostics for `uri` that satisfy `accept`, including the latest ones
   * already received. Pass a predicate on `version` to skip diagnostics of an earlier text.
   */
  waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const latest = this.diagnostics.get(uri);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => this.waiters.push({ uri, accept, resolve, reject }));
  }

  /** Waits for the diagnostics the server publishes for the current version of an open document. */
  waitForCurrentDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    return this.waitForDiagnostics(uri, (params) => (version === undefined || params.version === undefined || params.version >= version) && accept(params.diagnostics)).then((params) => params.diagnostics);
  }

  async open(path: string, text = readFileSync(path, 'utf8'), languageId = languageIdOf(path)): Promise<string> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async setSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { sciwrite: settings } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionList | CompletionItem[] | null = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const result = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    if (!result) return [];
    const list: (Location | LocationLink)[] = Array.isArray(result) ? result : [result];
    return list.map((item) => ('targetUri' in item ? { uri: item.targetUri, range: item.targetSelectionRange } : item));
  }

  async references(uri: string, position: Position, includeDeclaration = true): Promise<Location[]> {
    return (await this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } })) ?? [];
  }

  prepareRename(uri: string, position: Position): Promise<PrepareRenameResult | null> {
    return this.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position });
  }

  rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    return this.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<(CodeAction | Command)[]> {
    return (await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) ?? [];
  }

  executeCommand(command: string, args: unknown[] = []): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  private stopping = false;

  async stop(): Promise<void> {
    this.stopping = true;
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

/** The zero-based position of the `occurrence`-th match of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found (occurrence ${occurrence})`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line, character: offset - lineStart };
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (position: Position) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length, 0) + position.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (position: Position) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length, 0) + position.character;
  return text.slice(offset(range.start), offset(range.end));
}
