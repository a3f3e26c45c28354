// "Download SPECTER2" on the server: what would be fetched (for the consent prompt), and the download
// itself through the analysis layer (the model store), with progress notifications; cancelling the
// request stops it. One download at a time: a second request while one runs waits for the same one.
import type { CancellationToken } from 'vscode-languageserver/node';
import { downloadSpecter2, SPECTER2_CATALOGUE, specter2DownloadPlan, specter2FailureMessage, specter2FailureReason, type StoreOptions } from '../../analysis/related/specter2-download.ts';
import { ModelStoreError } from '../../inference/store/errors.ts';
import {
  RelatedSpecter2ProgressNotification,
  type RelatedSpecter2DownloadResult, type RelatedSpecter2Info, type RelatedSpecter2Params, type RelatedSpecter2Progress,
} from '../../protocol/index.ts';
import { notificationType } from '../protocol.ts';
import { ProgressThrottle } from '../progress-throttle.ts';
import type { Session } from '../session.ts';
import { relatedStorageDir, specter2Folder, specter2In } from './services.ts';

export class Specter2Downloads {
  /** `deleted`: the model whose deletion from the cache stopped the download. */
  private running: { folder: string; controller: AbortController; stopped: { deleted?: string }; result: Promise<RelatedSpecter2DownloadResult> } | undefined;

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
    const controller = new AbortController();
    const stopped: { deleted?: string } = {};
    const result = this.run(folder, params, controller, stopped, token).finally(() => {
      if (this.running?.result === result) this.running = undefined;
    });
    this.running = { folder, controller, stopped, result };
    return result;
  }

  /**
   * Stops the running download when it fetches `repo` (being deleted from the model cache: the download
   * would write a partial copy again, or fetch the rest of a SPECTER2 that lacks it), and waits for its end.
   */
  async stop(repo: string): Promise<void> {
    const running = this.running;
    if (!running || !SPECTER2_CATALOGUE.some((part) => part.repo === repo)) return;
    running.stopped.deleted = repo;
    running.controller.abort();
    await running.result;
  }

  private async run(folder: string, params: RelatedSpecter2Params, controller: AbortController, stopped: { deleted?: string }, token: CancellationToken | undefined): Promise<RelatedSpecter2DownloadResult> {
    if (token?.isCancellationRequested) controller.abort();
    const listener = token?.onCancellationRequested(() => controller.abort());
    let latest: RelatedSpecter2Progress | undefined;
    let shownRepo: string | undefined;
    // each chunk would flood the connection; a new part is said at once
    const throttle = new ProgressThrottle<RelatedSpecter2Progress>((progress) => {
      shownRepo = progress.repo;
      void this.session.connection.sendNotification(notificationType(RelatedSpecter2ProgressNotification), progress);
    });
    const send = (progress: RelatedSpecter2Progress): void => {
      latest = progress;
      if (progress.repo === shownRepo) throttle.report(progress);
      else throttle.force(progress);
    };
    try {
      // VS Code's http.proxy, from this request or else the client's last word; without one, HTTPS_PROXY etc.
      const proxy = params.client?.proxy ? { url: params.client.proxy, ...(params.client.proxyStrictSSL === false ? { strictSSL: false } : {}) } : this.session.proxy;
      const store: StoreOptions = { ...(proxy ? { proxy } : {}), ...this.store };
      const done = await downloadSpecter2(folder, { store, signal: controller.signal, onProgress: (p) => send(p) });
      const parts = [done.pointer.base, done.pointer.proximity, ...(done.pointer.adhocQuery ? [done.pointer.adhocQuery] : [])];
      if (latest) throttle.force({ ...latest, bytes: latest.total });
      const ids = parts.map((p) => `${p.repo}${p.commit ? `@${p.commit.slice(0, 7)}` : ''}`).join(', ');
      return {
        state: 'ready',
        message: `SPECTER2 is ${done.fetched ? 'downloaded' : 'ready (it was in the model cache already)'} (${ids}): related work is now ranked by SPECTER2 similarity and shared terms (BM25).`,
        parts: parts.map((p) => ({ repo: p.repo, ...(p.commit ? { commit: p.commit } : {}) })),
      };
    } catch (error) {
      if (error instanceof ModelStoreError && error.code === 'cancelled') {
        const message = stopped.deleted ? `The SPECTER2 download was stopped: ${stopped.deleted} was deleted from the model cache. Related work stays ranked by shared terms (BM25).` : specter2FailureMessage(error);
        return { state: 'cancelled', message };
      }
      const message = specter2FailureMessage(error);
      return { state: 'failed', code: error instanceof ModelStoreError ? error.code : 'error', reason: specter2FailureReason(error), message };
    } finally {
      throttle.stop();
      listener?.dispose();
    }
  }
}
