// Choosing a Hugging Face model (an editor role or the paper embeddings) asks once: SciWrite says what
// it will download and that nothing from the manuscript leaves the machine; declining puts the setting
// back to `builtin`. The server learns the agreed models (it downloads nothing else), and an editor
// role's download shows its progress with a cancel button.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AllowedDownloadsNotification, CancelModelDownloadNotification, type ModelRole, type ModelStatusParams } from '../../protocol/editor.ts';
import { notificationType } from '../protocol.ts';
import { formatBytes } from '../../core/format/bytes.ts';

const AGREED = 'sciwrite.models.agreedDownloads';

/** The Hub models the user agreed to download (every server start is told them, restarts included). */
export function agreedDownloads(context: vscode.ExtensionContext): string[] {
  return context.globalState.get<string[]>(AGREED, []);
}
/** The settings under sciwrite.models that name a model: the editor roles, and the related-work paper embeddings. */
const SETTINGS: readonly (ModelRole | 'embeddings')[] = ['entities', 'scicite', 'aclarc', 'embeddings'];
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

export class ModelConsent implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The progress notification of each role's download, for the model it names in its title. */
  private readonly progress = new Map<ModelRole, { update: (s: ModelStatusParams) => void }>();
  private asking = new Set<string>();
  /** Fallbacks already told to the user (role, model, reason), so a status repeat does not nag. */
  private readonly told = new Set<string>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sciwrite.models')) void this.check();
    }));
  }

  private agreed(): string[] {
    return agreedDownloads(this.context);
  }

  /** Tells the server which Hub models may be downloaded, then asks about any newly chosen one. */
  async start(): Promise<void> {
    await this.client.sendNotification(notificationType(AllowedDownloadsNotification), { repos: this.agreed() });
    await this.check();
  }

  private async check(): Promise<void> {
    const config = vscode.workspace.getConfiguration('sciwrite.models');
    for (const role of SETTINGS) {
      const spec = (config.get<string>(role, 'builtin') ?? 'builtin').trim();
      if (spec === 'builtin' || !HUB_ID.test(spec) || this.agreed().includes(spec) || this.asking.has(spec)) continue;
      this.asking.add(spec);
      try {
        const answer = await vscode.window.showInformationMessage(
          `SciWrite will download ${spec} from Hugging Face (a SciBERT-sized model is about 440 MB), convert it and run it on this machine. Nothing from your manuscripts is sent.`,
          { modal: true },
          'Download',
        );
        if (answer === 'Download') {
          await this.context.globalState.update(AGREED, [...this.agreed(), spec]);
          await this.client.sendNotification(notificationType(AllowedDownloadsNotification), { repos: this.agreed() });
        } else {
          const inspect = config.inspect<string>(role);
          const target = inspect?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
            : inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
          await config.update(role, 'builtin', target);
        }
      } finally {
        this.asking.delete(spec);
      }
    }
  }

  /** Shows (or updates) a cancellable progress notification for each role downloading. */
  status(status: ModelStatusParams): void {
    for (const r of status.roles) {
      if ((r.state === 'fallback' || r.state === 'unavailable') && r.reason && !r.reason.startsWith('waiting for your agreement')) {
        const key = `${r.role} ${r.requested} ${r.reason}`;
        if (!this.told.has(key)) {
          this.told.add(key);
          void vscode.window.showWarningMessage(r.state === 'fallback'
            ? `SciWrite: ${r.requested} is not used for ${r.role}, the built-in model is: ${r.reason}`
            : `SciWrite: no model runs for ${r.role}: ${r.reason}`);
        }
      }
    }
    for (const r of status.roles) {
      // a notification that ends (its download over, or another model chosen) makes way for the next one at once
      this.progress.get(r.role)?.update(status);
      if (!r.download || this.progress.has(r.role)) continue;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SciWrite: downloading ${r.requested}`, cancellable: true }, (progress, token) => new Promise<void>((done) => {
        let last = 0;
        token.onCancellationRequested(() => void this.client.sendNotification(notificationType(CancelModelDownloadNotification), { role: r.role }));
        this.progress.set(r.role, {
          update: (s) => {
            const now = s.roles.find((x) => x.role === r.role);
            if (!now?.download || now.requested !== r.requested) {
              this.progress.delete(r.role);
              done();
              return;
            }
            const { bytes, total } = now.download;
            const pct = total ? (100 * bytes) / total : 0;
            // the note says why no bytes move: waiting for another SciWrite window's download, or to retry
            progress.report({ message: `${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}${now.download.note ? ` — ${now.download.note}` : ''}`, increment: total ? pct - last : undefined });
            last = pct;
          },
        });
      }));
      this.progress.get(r.role)?.update(status);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
