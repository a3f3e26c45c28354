// The VS Code side of the server backend: requests through the LanguageClient (cancelled when the
// view supersedes a ranking), edits through workspace.applyEdit, the consent answer in globalState,
// the API key in secret storage, caches under the extension's global storage.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SettingsSection, type RelatedClientContext, type RelatedConsentInfo, type RequestDef, type WireWorkspaceEdit } from '../../protocol/index.ts';
import { copyToClipboard, openLink } from './editor-actions.ts';
import { consentLines, type RelatedHost, type RelatedTransport } from './server-backend.ts';

export const CONSENT_STATE_KEY = 'sciwrite.related.semanticScholarConsent';
export const API_KEY_SECRET = 'sciwrite.semanticScholar.apiKey';

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
    const apiKey = await this.context.secrets.get(API_KEY_SECRET);
    return {
      semanticScholarConsent: this.context.globalState.get<boolean>(CONSENT_STATE_KEY, false),
      ...(apiKey ? { apiKey } : {}),
      storageDir: this.context.globalStorageUri.fsPath,
      ...(proxy ? { proxy } : {}),
      ...(http.get<boolean>('proxyStrictSSL', true) === false ? { proxyStrictSSL: false } : {}),
    };
  }

  async applyEdit(edit: WireWorkspaceEdit): Promise<boolean> {
    return vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(edit));
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

  async setSemanticScholar(on: boolean): Promise<void> {
    await this.context.globalState.update(CONSENT_STATE_KEY, on);
    await vscode.workspace.getConfiguration(SettingsSection).update('related.semanticScholar.enabled', on, vscode.ConfigurationTarget.Global);
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
