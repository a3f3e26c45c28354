// "Download SPECTER2" on the server: what would be fetched (for the consent prompt), and the download
// itself through the analysis layer (the model store), with progress notifications; cancelling the
// request stops it. One download at a time: a second request while one runs waits for the same one.
import type { CancellationToken } from 'vscode-languageserver/node';
import { downloadSpecter2, specter2DownloadPlan, specter2FailureMessage, specter2FailureReason, type StoreOptions } from '../../analysis/related/specter2-download.ts';
import { ModelStoreError } from '../../inference/store/errors.ts';
import {
  RelatedSpecter2ProgressNotification,
  type RelatedSpecter2DownloadResult, type RelatedSpecter2Info, type RelatedSpecter2Params, type RelatedSpecter2Progress,
} from '../../protocol/index.ts';
import { notificationType } from '../protocol.ts';
import type { Session } from '../session.ts';
import { relatedStorageDir, specter2Folder, specter2In } from './services.ts';

/** Progress is sent at most this many times per download (each chunk would flood the connection). */
const PROGRESS_STEPS = 200;

export class Specter2Downloads {
  private running: { folder: string; result: Promise<RelatedSpecter2DownloadResult> } | undefined;

  constructor(
    private readonly session: Session,
    /** Overrides of the model store (tests); default: HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and the user's cache. */
    private readonly store: StoreOptions = {},
  ) {}

  info(params: RelatedSpecter2Params): RelatedSpecter2Info {
    const plan = specter2DownloadPlan(this.store);
    return {
      installed: specter2In(relatedStorageDir(params.client)) !== undefined,
      endpoint: plan.endpoint,
      parts: plan.parts.map((p) => ({ repo: p.repo, purpose: p.purpose, approxBytes: p.approxBytes })),
      approxBytes: plan.approxBytes,
      text: plan.text,
    };
  }

  download(params: RelatedSpecter2Params, token?: CancellationToken): Promise<RelatedSpecter2DownloadResult> {
    const folder = specter2Folder(relatedStorageDir(params.client));
    if (this.running?.folder === folder) return this.running.result;
    const result = this.run(folder, params, token).finally(() => {
      if (this.running?.result === result) this.running = undefined;
    });
    this.running = { folder, result };
    return result;
  }

  private async run(folder: string, params: RelatedSpecter2Params, token: CancellationToken | undefined): Promise<RelatedSpecter2DownloadResult> {
    const controller = new AbortController();
    if (token?.isCancellationRequested) controller.abort();
    const listener = token?.onCancellationRequested(() => controller.abort());
    let sent: RelatedSpecter2Progress | undefined;
    const send = (progress: RelatedSpecter2Progress, force = false): void => {
      const step = Math.max(1, Math.floor(progress.total / PROGRESS_STEPS));
      if (!force && sent && sent.repo === progress.repo && progress.bytes - sent.bytes < step) return;
      sent = progress;
      void this.session.connection.sendNotification(notificationType(RelatedSpecter2ProgressNotification), progress);
    };
    try {
      // VS Code's http.proxy, from this request or else the client's last word; without one, HTTPS_PROXY etc.
      const proxy = params.client?.proxy ? { url: params.client.proxy, ...(params.client.proxyStrictSSL === false ? { strictSSL: false } : {}) } : this.session.proxy;
      const store: StoreOptions = { ...(proxy ? { proxy } : {}), ...this.store };
      const done = await downloadSpecter2(folder, { store, signal: controller.signal, onProgress: (p) => send(p) });
      const parts = [done.pointer.base, done.pointer.proximity, ...(done.pointer.adhocQuery ? [done.pointer.adhocQuery] : [])];
      if (sent) send({ ...sent, bytes: sent.total }, true);
      const ids = parts.map((p) => `${p.repo}${p.commit ? `@${p.commit.slice(0, 7)}` : ''}`).join(', ');
      return {
        state: 'ready',
        message: `SPECTER2 is ${done.fetched ? 'downloaded' : 'ready (it was in the model cache already)'} (${ids}): related work is now ranked by SPECTER2 similarity and shared terms (BM25).`,
        parts: parts.map((p) => ({ repo: p.repo, ...(p.commit ? { commit: p.commit } : {}) })),
      };
    } catch (error) {
      const message = specter2FailureMessage(error);
      if (error instanceof ModelStoreError && error.code === 'cancelled') return { state: 'cancelled', message };
      return { state: 'failed', code: error instanceof ModelStoreError ? error.code : 'error', reason: specter2FailureReason(error), message };
    } finally {
      listener?.dispose();
    }
  }
}
