// The VS Code side of the server backend: requests through the LanguageClient (cancelled when the
// view supersedes a ranking), edits through workspace.applyEdit, the consent answers in globalState,
// the API key in secret storage, caches under the extension's global storage, the SPECTER2 download's
// progress as a cancellable notification.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type NotificationDef, type RelatedSpecter2Info, type RelatedSpecter2Progress } from '../../protocol/index.ts';
import { notificationType } from '../protocol.ts';
import { SettingsSection, type RelatedClientContext, type RelatedConsentInfo, type RequestDef, type WireWorkspaceEdit, type WireWriteChoice, type WireWriteOption } from '../../protocol/index.ts';
import { copyToClipboard, openLink } from './editor-actions.ts';
import { consentLines, progressMessage, type RelatedHost, type RelatedTransport } from './server-backend.ts';

export const CONSENT_STATE_KEY = 'sciwrite.related.semanticScholarConsent';
export const API_KEY_SECRET = 'sciwrite.semanticScholar.apiKey';
export const SPECTER2_AGREED_KEY = 'sciwrite.related.specter2DownloadAgreed';

export function clientTransport(client: LanguageClient): RelatedTransport {
  return {
    async request<P, R>(def: RequestDef<P, R>, params: P, signal?: AbortSignal): Promise<R> {
      const source = new vscode.CancellationTokenSource();
      const cancel = () => source.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        // By method name: the typed overload cannot see through a generic P (the descriptor fixes P and R).
        return await client.sendRequest<R>(def.method, params, source.token);
      } finally {
        signal?.removeEventListener('abort', cancel);
        source.dispose();
      }
    },
    onNotification<P>(def: NotificationDef<P>, handler: (params: P) => void): vscode.Disposable {
      return client.onNotification(notificationType(def), handler);
    },
  };
}

export class VscodeRelatedHost implements RelatedHost {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {}

  async clientContext(): Promise<RelatedClientContext> {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy', '');
    const consent = this.context.globalState.get<boolean>(CONSENT_STATE_KEY, false);
    // The key travels only when it may be used: never before the user agreed to Semantic Scholar.
    const apiKey = consent ? await this.context.secrets.get(API_KEY_SECRET) : undefined;
    return {
      semanticScholarConsent: consent,
      ...(apiKey ? { apiKey } : {}),
      storageDir: this.context.globalStorageUri.fsPath,
      ...(proxy ? { proxy } : {}),
      ...(http.get<boolean>('proxyStrictSSL', true) === false ? { proxyStrictSSL: false } : {}),
    };
  }

  async applyEdit(edit: WireWorkspaceEdit): Promise<boolean> {
    return vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(edit));
  }

  documentVersion(uri: string): number | undefined {
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri)?.version;
  }

  copy(text: string): Promise<void> {
    return copyToClipboard(text);
  }

  openLink(url: string): Promise<boolean> {
    return openLink(url);
  }

  async askConsent(info: RelatedConsentInfo): Promise<boolean> {
    const [text, ...detail] = consentLines(info);
    const allow = 'Allow';
    const answer = await vscode.window.showWarningMessage('Turn on Semantic Scholar suggestions?', { modal: true, detail: [text, ...detail].join('\n\n') }, allow);
    return answer === allow;
  }

  /** Where a paper goes when the manuscript's .bib is an export another tool regenerates. */
  async pickWriteTarget(reason: string, options: WireWriteOption[]): Promise<WireWriteChoice | undefined> {
    const picked = await vscode.window.showQuickPick(
      options.map((option) => ({ label: option.label, ...(option.detail ? { detail: option.detail } : {}), choice: option.choice })),
      { title: 'Where should SciWrite add the paper?', placeHolder: reason, ignoreFocusOut: true },
    );
    return picked?.choice;
  }

  async setSemanticScholar(on: boolean): Promise<void> {
    await this.context.globalState.update(CONSENT_STATE_KEY, on);
    await vscode.workspace.getConfiguration(SettingsSection).update('related.semanticScholar.enabled', on, vscode.ConfigurationTarget.Global);
  }

  async askSpecter2Download(info: RelatedSpecter2Info): Promise<boolean> {
    if (this.context.globalState.get<boolean>(SPECTER2_AGREED_KEY, false)) return true;
    const download = 'Download';
    const answer = await vscode.window.showInformationMessage('Download SPECTER2 to rank related work by meaning?', { modal: true, detail: info.text }, download);
    if (answer !== download) return false;
    await this.context.globalState.update(SPECTER2_AGREED_KEY, true);
    return true;
  }

  withDownloadProgress<T>(title: string, run: (report: (progress: RelatedSpecter2Progress) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let shown = 0;
      return run((p) => {
        const pct = p.total > 0 ? Math.min(100, (100 * p.bytes) / p.total) : 0;
        progress.report({ message: progressMessage(p), increment: Math.max(0, pct - shown) });
        shown = Math.max(shown, pct);
      }, controller.signal);
    }));
  }

  showOutcome(kind: 'info' | 'error', message: string): void {
    if (kind === 'error') void vscode.window.showErrorMessage(`SciWrite: ${message}`);
    else void vscode.window.showInformationMessage(`SciWrite: ${message}`);
  }
}

/** "SciWrite: Set Semantic Scholar API Key": stored in secret storage; an empty answer removes it. */
export async function setSemanticScholarApiKey(context: vscode.ExtensionContext): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'Semantic Scholar API key',
    prompt: 'Sent as x-api-key to Semantic Scholar only. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  if (value.trim() === '') {
    await context.secrets.delete(API_KEY_SECRET);
    void vscode.window.showInformationMessage('SciWrite: the Semantic Scholar API key was removed.');
  } else {
    await context.secrets.store(API_KEY_SECRET, value.trim());
    void vscode.window.showInformationMessage('SciWrite: the Semantic Scholar API key is stored in VS Code’s secret storage.');
  }
}
