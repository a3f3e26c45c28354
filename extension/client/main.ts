// The VS Code side of SciWrite: starts the language server over IPC, forwards file changes and
// editor facts, and offers the commands. No parsing here.
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ClientInfoNotification, Commands, WATCHED_GLOBS, type ClientInfo, type InitializationOptions } from '../protocol/index.ts';
import { showUncitedEntries } from './commands/uncited.ts';
import { Config } from './config.ts';
import { ServerCrashHandler } from './server-crashes.ts';
import { notificationType } from './protocol.ts';
import { registerEditorFeatures } from './editor/register.ts';
import { agreedDownloads } from './editor/model-consent.ts';
import { registerRelatedView } from './related/register.ts';
import { ServerRelatedBackend } from './related/server-backend.ts';
import { clientTransport, setSemanticScholarApiKey, VscodeRelatedHost } from './related/vscode-host.ts';
import { redactingLog } from './redacting-log.ts';

const LATEX_WORKSHOP = 'james-yu.latex-workshop';

/** Manuscripts and bibliographies the server handles: files on disk (not Untitled notes or Git's old versions). */
export const documentSelector = [
  { scheme: 'file', language: 'latex' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', language: 'rmd' },
  { scheme: 'file', language: 'quarto' },
  { scheme: 'file', language: 'bibtex' },
  { scheme: 'file', pattern: '**/*.{Rmd,rmd,qmd}' },
  { scheme: 'file', pattern: '**/*.bib' },
];

let client: LanguageClient | undefined;

function latexWorkshopInstalled(): boolean {
  return vscode.extensions.getExtension(LATEX_WORKSHOP) !== undefined;
}

/** The editor facts the server needs; sent whole each time, so a missing proxy means "no proxy set". */
function clientInfo(): ClientInfo {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy', '').trim();
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  return { latexWorkshopInstalled: latexWorkshopInstalled(), showsModelDownloads: true, ...(url ? { proxy: { url, ...(strictSSL ? {} : { strictSSL: false }) } } : {}) };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.cjs').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  // a function: read again at every (re)start of the server, which must not download before it knows what was agreed
  const initializationOptions = (): InitializationOptions => ({ ...clientInfo(), watchesFiles: true, allowedDownloads: agreedDownloads(context) });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: redactingLog(output),
    // Failures are logged; SciWrite's own features say what went wrong where it matters.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new ServerCrashHandler(output),
    initializationOptions,
    synchronize: { fileEvents: watchers },
  };
  return new LanguageClient('sciwrite', 'SciWrite', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('SciWrite', { log: true });
  const config = new Config();
  context.subscriptions.push(output);
  client = createClient(context, output);
  await client.start();
  registerEditorFeatures(context, client);
  const related = registerRelatedView(context, new ServerRelatedBackend(clientTransport(client), new VscodeRelatedHost(context, client)));

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.setSemanticScholarApiKey, () => setSemanticScholarApiKey(context)),
    vscode.commands.registerCommand(Commands.showUncitedEntries, () => (client ? showUncitedEntries(client) : undefined)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await client?.restart();
    }),
    vscode.extensions.onDidChange(() => {
      void client?.sendNotification(notificationType(ClientInfoNotification), clientInfo());
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (Config.needsRestart(event)) await client?.restart();
      if (event.affectsConfiguration('http.proxy') || event.affectsConfiguration('http.proxyStrictSSL')) {
        void client?.sendNotification(notificationType(ClientInfoNotification), clientInfo());
      }
      if (event.affectsConfiguration('sciwrite.related') || event.affectsConfiguration('sciwrite.bibliography') || event.affectsConfiguration('sciwrite.models.embeddings')) related.rerank();
    }),
  );
  output.info(`SciWrite started (hover ${config.hoverEnabled ? 'on' : 'off'}, completion ${config.completionEnabled ? 'on' : 'off'}, diagnostics ${config.diagnosticsEnabled ? 'on' : 'off'}).`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
