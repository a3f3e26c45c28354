// Wires the LSP features to a connection: capabilities, document sync, settings, file watching.
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { AnalyzeDocumentRequest, ClientInfoNotification, UncitedEntriesRequest, WATCHED_GLOBS, type InitializationOptions } from '../protocol/index.ts';
import { createWorkspace, manuscriptLanguage } from '../analysis/index.ts';
import { isProjectConfigFile } from '../core/project/collect.ts';
import { provideCodeActions } from './features/code-actions.ts';
import { provideCompletion } from './features/completion.ts';
import { DiagnosticsPublisher } from './features/diagnostics.ts';
import { provideHover } from './features/hover.ts';
import { provideDefinition, provideReferences } from './features/navigation.ts';
import { prepareRename, rename } from './features/rename.ts';
import { registerRelated } from './related/index.ts';
import { EDITOR_COMMANDS, editorFeaturesOf, editorHover, entityCodeActions, installEditorFeatures } from './editor/index.ts';
import { analyzeDocument, uncitedReport } from './features/reports.ts';
import { StandaloneWatcher } from './file-watch.ts';
import { notificationType, requestType } from './protocol.ts';
import { Session } from './session.ts';
import { SettingsReader } from './settings.ts';


function readProxy(value: unknown): InitializationOptions['proxy'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.url !== 'string' || !record.url.trim()) return undefined;
  return { url: record.url.trim(), ...(record.strictSSL === false ? { strictSSL: false } : {}) };
}

function readInitializationOptions(value: unknown): InitializationOptions {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  return {
    latexWorkshopInstalled: record.latexWorkshopInstalled === true,
    showsModelDownloads: record.showsModelDownloads === true,
    watchesFiles: record.watchesFiles === true,
    proxy: readProxy(record.proxy),
    ...(Array.isArray(record.allowedDownloads) ? { allowedDownloads: record.allowedDownloads.filter((r): r is string => typeof r === 'string') } : {}),
  };
}

export function startServer(connection: Connection): void {
  let session: Session | undefined;
  let publisher: DiagnosticsPublisher | undefined;
  let registerWatchers = false;
  let registerConfiguration = false;
  let followFolders = false;
  let standaloneWatcher: StandaloneWatcher | undefined;
  let rewatchMissing: (() => void) | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    const options = readInitializationOptions(params.initializationOptions);
    const settings = new SettingsReader(connection, capabilities.workspace?.configuration === true);
    session = new Session(connection, createWorkspace(), settings);
    session.latexWorkshopInstalled = options.latexWorkshopInstalled === true;
    session.showsModelDownloads = options.showsModelDownloads === true;
    session.proxy = options.proxy;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    session.workspaceFolders = folders.map((uri) => session?.uris.toPath(uri)).filter((path): path is string => path !== undefined);
    registerConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // Asking for folder events from a client without them makes the initialized handler fail (and log an error).
    followFolders = capabilities.workspace?.workspaceFolders === true;
    if (!options.watchesFiles) registerWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // The client's watchers see only its workspace folders: the server watches the rest itself
    // (a Zotero export elsewhere), or everything when the client watches nothing.
    const clientWatches = options.watchesFiles || registerWatchers;
    standaloneWatcher = new StandaloneWatcher();
    publisher = new DiagnosticsPublisher(session);
    rewatchMissing = wire(connection, session, publisher, standaloneWatcher, (path) => !clientWatches || !session?.inWorkspaceFolder(path));
    if (options.allowedDownloads) editorFeaturesOf(session)?.setAllowedDownloads(options.allowedDownloads);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['{', ',', '@'], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: EDITOR_COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'sciwrite-lsp', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sciwrite' });
    if (registerWatchers) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    if (session && followFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        if (!session) return;
        const removed = new Set(event.removed.map((folder) => session?.uris.toPath(folder.uri)));
        session.workspaceFolders = session.workspaceFolders.filter((folder) => !removed.has(folder));
        for (const folder of event.added) {
          const path = session.uris.toPath(folder.uri);
          if (path) session.workspaceFolders.push(path);
        }
        rewatchMissing?.();
        publisher?.scheduleAll();
      });
    }
  });

  connection.onShutdown(async () => {
    standaloneWatcher?.dispose();
    await session?.workspace.dispose();
  });
  connection.listen();
}

/** Returns what to call when the workspace folders change (which missing bibliographies the server watches itself). */
function wire(connection: Connection, session: Session, publisher: DiagnosticsPublisher, watcher: StandaloneWatcher, watchesItself: (path: string) => boolean): () => void {
  const { documents, workspace } = session;

  documents.onDidChangeContent(({ document }) => {
    session.uris.remember(document.uri);
    const path = session.uris.toPath(document.uri);
    if (!path) return;
    const language = session.languageOf(document.uri, path);
    workspace.setDocument(path, document.getText(), language);
    // the project's other open files too: their keys, bibliography and abbreviations may depend on this one
    if (language) publisher.scheduleManuscripts(document.uri);
    else if (session.isBibliography(document.uri, path) || workspace.isKnownBibliography(path)) publisher.scheduleAll();
  });
  documents.onDidClose(({ document }) => {
    const path = session.uris.toPath(document.uri);
    if (!path) return;
    const wasManuscript = session.languageOf(document.uri, path) !== undefined;
    workspace.closeDocument(path);
    if (wasManuscript) publisher.clear(document.uri);
    else if (session.isBibliography(document.uri, path) || workspace.isKnownBibliography(path)) {
      publisher.forget(document.uri);
      publisher.scheduleAll();
    }
  });
  documents.listen(connection);
  const editor = installEditorFeatures(connection, session);
  // the entity pass's types decide some abbreviations ("patients with COPD [1]", "E2")
  editor.onAbbreviationEvidence((uri) => publisher.schedule(uri));

  // a citation that prints differently changes its paragraph's prose, and cited authors and titles decide entity types:
  // the open files whose pass reads what changed run again
  workspace.onBibliographyChanged(() => {
    publisher.scheduleAll();
    editor.refreshBibliographyReaders().catch((error: unknown) => connection.console.error(`bibliography readers: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  });
  watcher.onChange((paths) => {
    workspace.filesChanged(paths);
    publisher.scheduleAll();
  });
  workspace.onBibliographyLoaded((path) => {
    if (watchesItself(path)) watcher.watch(path);
  });
  // Bibliographies the projects name that are missing or unreadable: watched through their folders, read when they appear.
  let missing: string[] = [];
  const watchMissing = () => watcher.watchMissing(missing.filter(watchesItself));
  workspace.onMissingBibliographies((paths) => {
    missing = paths;
    watchMissing();
  });

  connection.onDidChangeWatchedFiles((params) => {
    // Only files that can matter: manuscripts, BibTeX files, JSON files a project reads as CSL-JSON,
    // and the project files that name a Quarto project's bibliography or a bookdown book's chapters.
    // A path's last event wins; a deleted file is forgotten, not only re-read.
    const last = new Map<string, FileChangeType>();
    for (const change of params.changes) {
      const path = session.uris.toPath(change.uri);
      if (path === undefined || !(manuscriptLanguage(path) !== undefined || /\.(bib|bibtex|biblatex)$/i.test(path)
        || isProjectConfigFile(path) || workspace.isKnownBibliography(path))) continue;
      last.set(path, change.type);
    }
    if (last.size === 0) return;
    const paths = (deleted: boolean) => [...last].filter(([, type]) => (type === FileChangeType.Deleted) === deleted).map(([path]) => path);
    workspace.filesChanged(paths(false));
    workspace.filesDeleted(paths(true));
    publisher.scheduleAll();
    // A manuscript or project file changed behind the editor (a pull): what the open files show reads it
    // too (how their citations print, the software it names). Bibliographies tell through onBibliographyChanged.
    editor.refreshReadersOf([...last.keys()].filter((path) => !/\.(bib|bibtex|biblatex)$/i.test(path) && !workspace.isKnownBibliography(path)));
  });
  connection.onDidChangeConfiguration((params) => {
    session.settings.push(params.settings);
    publisher.scheduleAll();
    editor.refreshAll();
  });
  const related = registerRelated(connection, session);
  connection.onNotification(notificationType(ClientInfoNotification), (info) => {
    session.latexWorkshopInstalled = info.latexWorkshopInstalled === true;
    session.showsModelDownloads = info.showsModelDownloads === true;
    const before = JSON.stringify(session.proxy ?? null);
    session.proxy = readProxy(info.proxy); // read at each download: no restart needed
    if (JSON.stringify(session.proxy ?? null) !== before) {
      editor.proxyChanged();
      related.embedders.retryFailed();
    }
  });

  connection.onHover((params) => editorHover(session, params, provideHover));
  connection.onCompletion((params) => provideCompletion(session, params));
  connection.onDefinition((params) => provideDefinition(session, params));
  connection.onReferences((params) => provideReferences(session, params));
  connection.onPrepareRename((params) => prepareRename(session, params));
  connection.onRenameRequest((params) => rename(session, params));
  connection.onCodeAction((params) => [...provideCodeActions(params), ...entityCodeActions(session, params)]);
  connection.onRequest(requestType(UncitedEntriesRequest), (params) => uncitedReport(session, params ?? {}));
  connection.onRequest(requestType(AnalyzeDocumentRequest), (params) => analyzeDocument(session, params));
  return watchMissing;
}
