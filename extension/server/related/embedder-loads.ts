// The server's embedders for `sciwrite.models.embeddings`, kept across rankings. A folder (or a Hub
// model taken from the cache alone) is awaited: it is local and quick. A Hub model that is not in the
// cache downloads in the background: the ranking that first needs it starts the download and goes on
// with BM25 (EmbedderNotReady), as do the rankings while it runs. The download shows as LSP work-done
// progress whose Cancel aborts it; when it ends the client is told (RelatedModelDownloadNotification)
// and ranks again.
//   ready      the next ranking uses the model.
//   failed     rankings say why (and start nothing) until a ranking asks for another choice, the
//              proxy setting changes (retryFailed) or the model is deleted; then it may start again.
//   cancelled  rankings say so and start nothing, until a ranking asks for another choice (the setting
//              changed) or the user's agreement to the download is withdrawn; then it may start again.
// A model deleted in Manage Models (stop, then the deletion) is `deleted`: rankings start no download of
// it (fetching again at once what the user just deleted would undo the deletion) until the user asks for
// it again (downloadAgain, or the setting names it anew). Each ranking holds the embedder it got from start to
// end (load, then its release()): a ranking under way when the model is deleted finishes with it once the
// embedder has read the model's files (an encoder reads them on its first call); one whose embedder had not
// read them goes on with BM25 alone, told the model was deleted (EmbedderNotReady), as the next ranking is.
// The embedder is released once no ranking holds it; one read from the cache while it was deleted is dropped.
// `builtin`'s SPECTER2 is shared and held the same way, per related-work folder: once its files are gone
// (a part deleted in Manage Models, or its folders removed on disk) it is retired, a call of a ranking under
// way that needed them ends that ranking by BM25 saying SPECTER2 was deleted, and a new download is a new embedder.
// The ad-hoc-query adapter alone gone is no deletion (it is optional): a ranking under way finishes with SPECTER2,
// its query by the proximity adapter, as the next ranking's.
import { EmbedderNotReady, specter2Id, type EmbedderLoad, type PaperEmbedder, type PaperText, type Specter2Location } from '../../analysis/related/index.ts';
import type { DownloadProgress } from '../../inference/store/types.ts';
import { ModelStoreError } from '../../inference/store/errors.ts';
import { RelatedModelDownloadNotification, RelatedModelDownloadProgressNotification, type RelatedModelDownload } from '../../protocol/index.ts';
import { notificationType } from '../protocol.ts';
import type { Session } from '../session.ts';
import { ProgressThrottle } from '../progress-throttle.ts';
import { WorkDoneDownload } from '../work-done-download.ts';

type Progress = Pick<DownloadProgress, 'bytes' | 'total'>;

type HubLoad = Extract<EmbedderLoad, { kind: 'hub' }>;
type Downloading = { kind: 'downloading'; repo: string; controller: AbortController; progress?: Progress; ended?: Promise<void> };

type LoadState =
  /** `repo`: a Hub model's (a folder's has none). */
  | { kind: 'loaded'; embedder: Promise<SharedEmbedder>; repo?: string }
  | Downloading
  | { kind: 'failed'; repo: string; error: unknown }
  | { kind: 'cancelled'; repo: string };

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class EmbedderLoads {
  private readonly states = new Map<string, LoadState>();
  private choice: string | undefined;
  /** How many times each Hub repo was stopped for a deletion: what a load read before a stop is dropped. */
  private readonly stops = new Map<string, number>();
  /** Hub repos deleted since the user last asked for them: rankings start no download of them. */
  private readonly deletedRepos = new Set<string>();
  /** `builtin`'s SPECTER2 by related-work folder: where `find` locates it, and the embedder made from it. */
  private readonly specter2s = new Map<string, { id: string; find: () => Specter2Location | undefined; shared: SharedEmbedder }>();
  /** Related-work folders whose SPECTER2 went since it was used, until one is found there again. */
  private readonly specter2Gone = new Set<string>();

  constructor(private readonly session: Session) {}

  /**
   * The `sciwrite.models.embeddings` value a ranking runs with. A new one forgets cancelled downloads and
   * stops the download of a model no longer chosen (it ends as cancelled).
   */
  chosen(spec: string): void {
    if (this.choice === spec) return;
    // The first ranking's choice is no new one: a model deleted before it stays deleted.
    if (this.choice !== undefined) this.deletedRepos.clear();
    this.choice = spec;
    for (const [key, state] of this.states) {
      if (state.kind === 'cancelled' || state.kind === 'failed') this.states.delete(key);
      else if (state.kind === 'downloading' && state.repo !== spec) state.controller.abort();
    }
  }

  /** The proxy setting changed: a model whose download failed is tried again by the next ranking. */
  retryFailed(): void {
    for (const [key, state] of this.states) if (state.kind === 'failed') this.states.delete(key);
  }

  /** Stops the download of `repo` (the Cancel of a client that shows downloads itself); it ends as cancelled. */
  cancel(repo: string): void {
    for (const state of this.states.values()) if (state.kind === 'downloading' && state.repo === repo) state.controller.abort();
  }

  /**
   * `repo` is about to be deleted: stops its download and waits for its end, so that no download writes a
   * partial copy again. A loaded `repo` is forgotten (its files are about to go) and released once no
   * ranking holds it; a failed download of it is forgotten too (what failed is deleted). Rankings then
   * start no download of it (deleted()) until downloadAgain.
   */
  async stop(repo: string): Promise<void> {
    this.stops.set(repo, this.stopsOf(repo) + 1);
    this.deletedRepos.add(repo);
    const running = [...this.states.values()].filter((state): state is Downloading => state.kind === 'downloading' && state.repo === repo);
    for (const state of running) state.controller.abort();
    for (const [key, state] of this.states) {
      if (state.kind === 'failed' && state.repo === repo) this.states.delete(key);
      if (state.kind !== 'loaded' || state.repo !== repo) continue;
      this.states.delete(key);
      void state.embedder.then((embedder) => embedder.retire(), () => undefined);
    }
    await Promise.all(running.map((state) => state.ended));
  }

  /** True when `repo` was deleted (stop) since the user last asked for it: rankings go on without it. */
  deleted(repo: string): boolean {
    return this.deletedRepos.has(repo);
  }

  /**
   * The user asks for a deleted `repo` again (the panel's "Download again"): the next ranking that needs it
   * downloads it, as the first one did, whether its last download was cancelled or failed. False when it
   * was not deleted (nothing changes then).
   */
  downloadAgain(repo: string): boolean {
    if (!this.deletedRepos.delete(repo)) return false;
    for (const [key, state] of this.states) if ((state.kind === 'cancelled' || state.kind === 'failed') && state.repo === repo) this.states.delete(key);
    return true;
  }

  /**
   * `builtin`: the SPECTER2 that `find` locates in `storageDir` (made by `make` the first time), held by one
   * ranking until its release(); undefined when there is none. One whose files went is retired first.
   */
  specter2(storageDir: string, find: () => Specter2Location | undefined, make: (location: Specter2Location) => PaperEmbedder): PaperEmbedder | undefined {
    const location = find();
    const id = location && specter2Id(location);
    if (this.specter2s.get(storageDir)?.id !== id) this.specter2Lost(storageDir, location !== undefined);
    if (!location || !id) return undefined;
    this.specter2Gone.delete(storageDir);
    let kept = this.specter2s.get(storageDir);
    if (!kept) {
      // Its base and proximity adapter are still there (the ad-hoc-query adapter is optional: without it a query uses proximity).
      const present = (): boolean => {
        const there = find();
        if (this.specter2s.get(storageDir) === kept && (!there || specter2Id(there) !== id)) this.specter2Lost(storageDir, there !== undefined);
        return there?.base === location.base && there.proximity === location.proximity;
      };
      kept = { id, find, shared: new SharedEmbedder(make(location), this.releaseFailed, 'SPECTER2', present) };
      this.specter2s.set(storageDir, kept);
    }
    return kept.shared.hold();
  }

  /** True when the SPECTER2 of `storageDir` went (deleted) since a ranking used it, and none is there now. */
  specter2Deleted(storageDir: string): boolean {
    return this.specter2Gone.has(storageDir);
  }

  /** A model was deleted in Manage Models: a SPECTER2 whose files went with it is retired now. */
  filesDeleted(): void {
    for (const [storageDir, kept] of this.specter2s) {
      const there = kept.find();
      if (!there || specter2Id(there) !== kept.id) this.specter2Lost(storageDir, there !== undefined);
    }
  }

  /** `replaced`: another SPECTER2 is there now (a part re-downloaded or gone, as the ad-hoc-query adapter). */
  private specter2Lost(storageDir: string, replaced: boolean): void {
    const kept = this.specter2s.get(storageDir);
    if (!kept) return;
    this.specter2s.delete(storageDir);
    // Replaced, its rankings under way finish with it: they may still read its files, as the next ranking's SPECTER2 does.
    kept.shared.retire(!replaced);
    if (!replaced) this.specter2Gone.add(storageDir);
  }

  /** A released embedder whose release failed may leave its model (an ONNX session) in memory: said in the server's log. */
  private readonly releaseFailed = (name: string, error: unknown): void => {
    this.session.connection.console.error(`${name} could not be released: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  };

  private stopsOf(repo: string): number {
    return this.stops.get(repo) ?? 0;
  }

  /**
   * pickEmbedder's `load`: waits for a folder or the cache; never for a download. What it answers is the
   * ranking's hold on the shared embedder: the ranking calls its release() once done.
   */
  readonly load = async (request: EmbedderLoad): Promise<PaperEmbedder> => {
    const held = (await this.shared(request)).hold();
    if (held) return held;
    // Retired between its load and this hold: its model was deleted.
    throw request.kind === 'hub' ? new EmbedderNotReady(request.repo, 'deleted') : new Error(`${request.key} was released`);
  };

  private shared(request: EmbedderLoad): Promise<SharedEmbedder> {
    const state = this.states.get(request.key);
    if (state?.kind === 'loaded') return state.embedder;
    if (request.kind === 'folder') return this.remember(request.key, request.make());
    if (request.offline) {
      // The user's agreement is withdrawn: a download stops, a cancelled one may start again once agreed.
      if (state?.kind === 'downloading') state.controller.abort();
      if (state) this.states.delete(request.key);
      this.deletedRepos.delete(request.repo);
      return this.remember(request.key, request.make(), request.repo);
    }
    if (this.deletedRepos.has(request.repo)) return Promise.reject(new EmbedderNotReady(request.repo, 'deleted'));
    switch (state?.kind) {
      case 'downloading':
        return Promise.reject(new EmbedderNotReady(request.repo, 'downloading', state.progress));
      case 'cancelled':
        return Promise.reject(new EmbedderNotReady(request.repo, 'cancelled'));
      case 'failed':
        return Promise.reject(state.error);
    }
    return this.fromCacheOrDownload(request);
  }

  /** Kept while it loads and once loaded; a failure is forgotten (the next ranking tries again), as is a Hub model deleted meanwhile. */
  private remember(key: string, made: Promise<PaperEmbedder>, repo?: string): Promise<SharedEmbedder> {
    const stops = repo ? this.stopsOf(repo) : 0;
    const embedder = made.then((loaded) => {
      if (!repo || this.stopsOf(repo) === stops) return new SharedEmbedder(loaded, this.releaseFailed, repo);
      void loaded.release();
      throw new EmbedderNotReady(repo, 'deleted');
    });
    const state: LoadState = { kind: 'loaded', embedder, ...(repo ? { repo } : {}) };
    this.states.set(key, state);
    embedder.catch(() => {
      if (this.states.get(key) === state) this.states.delete(key);
    });
    return embedder;
  }

  /** A model already in the cache is used at once; otherwise the download starts and this ranking goes on without it. */
  private async fromCacheOrDownload(request: HubLoad): Promise<SharedEmbedder> {
    const { key, repo } = request;
    const stops = this.stopsOf(repo);
    const cached = await request.make({ offline: true }).catch(() => undefined);
    if (this.stopsOf(repo) !== stops || this.states.has(key)) {
      // Deleted while the cache was read (its files are gone), or another ranking got here first.
      void cached?.release();
      return this.shared(request);
    }
    if (cached) {
      const shared = new SharedEmbedder(cached, this.releaseFailed, repo);
      this.states.set(key, { kind: 'loaded', embedder: Promise.resolve(shared), repo });
      return shared;
    }
    const state: Downloading = { kind: 'downloading', repo, controller: new AbortController() };
    this.states.set(key, state);
    state.ended = this.download(key, request, state);
    throw new EmbedderNotReady(repo, 'downloading');
  }

  private async download(key: string, request: HubLoad, state: Downloading): Promise<void> {
    const { repo, controller } = state;
    const stops = this.stopsOf(repo);
    const progress = new DownloadReporter(this.session, repo, controller);
    let outcome: RelatedModelDownload;
    try {
      const embedder = await request.make({
        signal: controller.signal,
        onProgress: (p) => {
          state.progress = { bytes: p.bytes, ...(p.total !== undefined ? { total: p.total } : {}) };
          progress.report(state.progress);
        },
      });
      if (this.states.get(key) !== state) return void embedder.release();
      if (controller.signal.aborted) {
        // Stopped as it finished (the model is being deleted): its files are not to be used.
        void embedder.release();
        outcome = this.cancelled(key, repo, this.stopsOf(repo) !== stops);
      } else {
        this.states.set(key, { kind: 'loaded', embedder: Promise.resolve(new SharedEmbedder(embedder, this.releaseFailed, repo)), repo });
        outcome = { repo, state: 'ready', message: `${repo} is downloaded: related work is now ranked by its similarity and shared terms (BM25).` };
      }
    } catch (error) {
      if (this.states.get(key) !== state) return;
      if (controller.signal.aborted || (error instanceof ModelStoreError && error.code === 'cancelled')) {
        outcome = this.cancelled(key, repo, this.stopsOf(repo) !== stops);
      } else {
        this.states.set(key, { kind: 'failed', repo, error });
        outcome = { repo, state: 'failed', message: `${repo} could not be downloaded (${reason(error)}).` };
      }
    } finally {
      progress.done();
    }
    void this.session.connection.sendNotification(notificationType(RelatedModelDownloadNotification), outcome);
  }

  /** `deleted`: stopped because the model is being deleted. */
  private cancelled(key: string, repo: string, deleted: boolean): RelatedModelDownload {
    this.states.set(key, { kind: 'cancelled', repo });
    const message = deleted ? `The download of ${repo} was stopped: ${repo} was deleted from the model cache.` : `The download of ${repo} was cancelled.`;
    return { repo, state: 'cancelled', message };
  }
}

/**
 * A loaded embedder the rankings share, each through its own hold (hold()) from its start to its end.
 * Retired (its model deleted), it is released once no ranking holds it and none of their calls runs
 * (releasing under one would break it: its ONNX session would go); it gives no new hold then. Retired
 * before its model's files were read, its calls throw EmbedderNotReady 'deleted' (the files are gone).
 */
class SharedEmbedder {
  private holds = 0;
  private running = 0;
  private retired = false;
  /** Retired because its files went (not for another copy of the model): to a ranking that had not read them it is deleted. */
  private filesGone = false;
  /** One of its calls that needs the model answered: its files are read (an encoder reads them on its first call, not when made). */
  private read = false;
  private released?: Promise<void>;

  /**
   * `releaseFailed`: told when its release fails. `repo`: the Hub model's, or the name rankings give it (a
   * folder's is never retired). `present`: whether the files it needs are still there; a call that fails
   * once they went means the model was deleted (SPECTER2's encoders read their files each on its first call).
   */
  constructor(
    private readonly inner: PaperEmbedder,
    private readonly releaseFailed: (name: string, error: unknown) => void,
    private readonly repo?: string,
    private readonly present?: () => boolean,
  ) {}

  /** Retired before its files were read: to its rankings the model is deleted, as to the next ones. */
  private gone(): EmbedderNotReady | undefined {
    return this.retired && this.filesGone && !this.read && this.repo ? new EmbedderNotReady(this.repo, 'deleted') : undefined;
  }

  /** One ranking's use of the model, until its release(); undefined once the model is retired. */
  hold(): PaperEmbedder | undefined {
    if (this.retired) return undefined;
    this.holds++;
    let ended = false;
    const inner = this.inner;
    /** `reads`: the call needs the model's files. */
    const use = async <T>(call: () => Promise<T>, reads = true): Promise<T> => {
      if (ended) throw new Error(`this ranking's hold on ${inner.name} has ended`);
      const gone = this.gone();
      if (gone) throw gone;
      this.running++;
      try {
        const answer = await call();
        if (reads) this.read = true;
        return answer;
      } catch (error) {
        // Its files were deleted while this call read them (an ENOENT): the model is deleted, not broken.
        if (this.repo && this.present?.() === false) {
          this.retire();
          throw new EmbedderNotReady(this.repo, 'deleted');
        }
        throw this.gone() ?? error;
      } finally {
        this.running--;
        this.releaseIfUnused();
      }
    };
    return {
      id: inner.id,
      name: inner.name,
      specter2Compatible: inner.specter2Compatible,
      get queryFallback() {
        return inner.queryFallback;
      },
      embedPapers: (papers: PaperText[]) => use(() => inner.embedPapers(papers), papers.length > 0),
      embedQuery: (text: string, kind: 'paragraph' | 'paper') => use(() => inner.embedQuery(text, kind)),
      release: async () => {
        if (ended) return;
        ended = true;
        this.holds--;
        this.releaseIfUnused();
        await this.released;
      },
    };
  }

  /** No new ranking is to use it: released once none holds it. `filesGone`: its model was deleted (not replaced by another copy). */
  retire(filesGone = true): void {
    this.retired = true;
    this.filesGone ||= filesGone;
    this.releaseIfUnused();
  }

  private releaseIfUnused(): void {
    if (!this.retired || this.holds > 0 || this.running > 0) return;
    this.released ??= this.inner.release().catch((error: unknown) => this.releaseFailed(this.inner.name, error));
  }
}

/**
 * The download's progress: LSP work-done progress (Cancel where the editor offers it), or, for a client
 * that shows downloads itself (VS Code's shows work-done progress in the status bar, without Cancel),
 * sciwrite/related/modelDownloadProgress notifications (../work-done-download.ts).
 */
class DownloadReporter {
  private readonly workDone?: WorkDoneDownload;
  /** The client shows the download from the ranking's status already. */
  private readonly throttle: ProgressThrottle<Progress>;

  constructor(private readonly session: Session, private readonly repo: string, controller: AbortController) {
    if (!session.showsModelDownloads) this.workDone = new WorkDoneDownload(session.connection, `SciWrite: downloading ${repo}`, 'for the related-work ranking', () => controller.abort());
    this.throttle = new ProgressThrottle((progress) => {
      void this.session.connection.sendNotification(notificationType(RelatedModelDownloadProgressNotification), { repo: this.repo, ...progress });
    }, { shown: true });
  }

  report(progress: Progress): void {
    if (this.workDone) this.workDone.report(progress);
    else this.throttle.report(progress);
  }

  done(): void {
    this.workDone?.done();
    this.throttle.stop();
  }
}
