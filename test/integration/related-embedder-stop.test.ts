// Deleting the model of sciwrite.models.embeddings (EmbedderLoads.stop, then the deletion, as Manage
// Models does) just as its download finishes, or once it is loaded: against the Hub stand-in on
// 127.0.0.1 serving test/fixtures/hf/tiny-bert-embed, no ranking gets an embedder of the deleted files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbedderLoads } from '../../extension/server/related/embedder-loads.ts';
import type { Session } from '../../extension/server/session.ts';
import { EmbedderNotReady, type EmbedderLoad, type PaperEmbedder } from '../../extension/analysis/related/index.ts';
import { hubEmbedder } from '../../extension/analysis/related/embedding-choice.ts';
import { deleteDownloadedModel } from '../../extension/analysis/editor/downloaded-models.ts';
import { repoDir, snapshotDir } from '../../extension/inference/store/cache.ts';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import type { ResolveOptions } from '../../extension/inference/store/types.ts';
import type { RelatedModelDownload } from '../../extension/protocol/index.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';

const EMBED = new URL('../fixtures/hf/tiny-bert-embed/', import.meta.url).pathname.replace(/\/$/, '');
const REPO = 'sciwrite-test/tiny-bert-embed';
let hub: HubServer;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-embedder-stop-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  hub = await startHubServer({ fixtures: false, repos: [{ id: REPO, folder: EMBED }] });
});

after(async () => {
  await hub.close();
  await rm(work, { recursive: true, force: true });
});

type Download = Pick<ResolveOptions, 'signal' | 'onProgress' | 'offline'>;

/** EmbedderLoads over a session that records the download outcomes it is told, and the errors it logs. */
function loadsFor(): { loads: EmbedderLoads; outcomes: RelatedModelDownload[]; nextOutcome: () => Promise<RelatedModelDownload>; logged: string[] } {
  const outcomes: RelatedModelDownload[] = [];
  const logged: string[] = [];
  let waiting: ((outcome: RelatedModelDownload) => void)[] = [];
  const session = {
    showsModelDownloads: true,
    connection: {
      sendNotification: async (_type: unknown, params: RelatedModelDownload | { state?: undefined }) => {
        if (!params.state) return;
        outcomes.push(params);
        const told = waiting;
        waiting = [];
        for (const resolve of told) resolve(params);
      },
      console: { error: (message: string) => logged.push(message) },
    },
  } as unknown as Session;
  return { loads: new EmbedderLoads(session), outcomes, nextOutcome: () => new Promise((resolve) => waiting.push(resolve)), logged };
}

function request(cacheDir: string, make: (download: Download | undefined, store: ResolveOptions) => Promise<PaperEmbedder>): Extract<EmbedderLoad, { kind: 'hub' }> {
  return { kind: 'hub', key: `hub:${REPO}`, repo: REPO, offline: false, make: (download) => make(download, { endpoint: hub.endpoint, cacheDir, env: {}, ...download }) };
}

function notReady(state: EmbedderNotReady['state']) {
  return (e: Error): boolean => {
    assert.ok(e instanceof EmbedderNotReady, `EmbedderNotReady, got ${e.name}: ${e.message}`);
    assert.equal(e.state, state);
    return true;
  };
}

/** Manage Models' deletion: the downloads stopped first, then the files removed. */
async function deleteModel(loads: EmbedderLoads, cacheDir: string): Promise<void> {
  await loads.stop(REPO);
  await deleteDownloadedModel(REPO, cacheDir);
}

/** A deletion that the download starts from inside itself (once), and its end. */
function deletionFrom(loads: EmbedderLoads, cacheDir: string): { start: () => void; done: Promise<void> } {
  let start = (): void => undefined;
  const done = new Promise<void>((resolve, reject) => {
    start = () => {
      start = () => undefined;
      deleteModel(loads, cacheDir).then(resolve, reject);
    };
  });
  return { start: () => start(), done };
}

test('deleted as the last file comes in: the download ends as cancelled and rankings say so', async () => {
  const cacheDir = join(work, 'last-file');
  const { loads, outcomes } = loadsFor();
  const weights = join(snapshotDir(cacheDir, REPO, hub.repos.get(REPO)!.commit), 'model.safetensors');
  const deletion = deletionFrom(loads, cacheDir);
  const req = request(cacheDir, (download, store) => hubEmbedder(REPO, {
    ...store,
    onProgress: (p) => {
      download?.onProgress?.(p);
      // the update after the weights' rename: every file is in, the manifest not written yet
      if (!download?.offline && p.file === 'model.safetensors' && existsSync(weights)) deletion.start();
    },
  }));
  await assert.rejects(loads.load(req), notReady('downloading'));
  await deletion.done;
  assert.deepEqual(outcomes.map((o) => o.state), ['cancelled']);
  assert.equal(existsSync(repoDir(cacheDir, REPO)), false, 'nothing of the model is left');
  await assert.rejects(loads.load(req), notReady('deleted'));
});

test('deleted once the model is resolved but before its embedder is made: the download ends as cancelled', async () => {
  const cacheDir = join(work, 'resolved');
  const { loads, outcomes } = loadsFor();
  const deletion = deletionFrom(loads, cacheDir);
  const req = request(cacheDir, async (download, store) => {
    const embedder = await hubEmbedder(REPO, store);
    if (!download?.offline) deletion.start();
    return embedder;
  });
  await assert.rejects(loads.load(req), notReady('downloading'));
  await deletion.done;
  assert.deepEqual(outcomes.map((o) => o.state), ['cancelled']);
  await assert.rejects(loads.load(req), notReady('deleted'));
});

test('a loaded model is forgotten when it is stopped: the next rankings say it was deleted and download nothing until the setting changes', async () => {
  const cacheDir = join(work, 'loaded');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  loads.chosen(REPO);
  let made = 0;
  const req = request(cacheDir, (_download, store) => {
    made++;
    return hubEmbedder(REPO, store);
  });
  await (await loads.load(req)).release();
  await (await loads.load(req)).release();
  assert.equal(made, 1, 'kept across rankings');
  await deleteModel(loads, cacheDir);
  // The user just deleted it: fetching it again at once would undo that (it used to restart the download
  // here). Rankings go on with BM25, as after a download stopped by the deletion, until the user asks again.
  const asked = hub.requests.length;
  await assert.rejects(loads.load(req), notReady('deleted'));
  await assert.rejects(loads.load(req), notReady('deleted'));
  assert.equal(hub.requests.length, asked, 'nothing is downloaded again');
  assert.equal(loads.deleted(REPO), true, 'rankings can say it was deleted');
  // Another model, then this one again: the user asks for it, the download starts.
  loads.chosen('builtin');
  loads.chosen(REPO);
  assert.equal(loads.deleted(REPO), false);
  await assert.rejects(loads.load(req), notReady('downloading'));
  await loads.stop(REPO);
});

test('the panel\'s "Download again" forgets the deletion: the next ranking downloads the model, as the first one did', async () => {
  const cacheDir = join(work, 'again');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads, nextOutcome } = loadsFor();
  loads.chosen(REPO);
  const req = request(cacheDir, (_download, store) => hubEmbedder(REPO, store));
  await (await loads.load(req)).release();
  await deleteModel(loads, cacheDir);
  await assert.rejects(loads.load(req), notReady('deleted'));
  assert.equal(loads.downloadAgain(REPO), true);
  assert.equal(loads.downloadAgain(REPO), false, 'no longer deleted');
  const ended = nextOutcome();
  await assert.rejects(loads.load(req), notReady('downloading'));
  assert.equal((await ended).state, 'ready');
  await (await loads.load(req)).release();
});

/** `inner`, counting its releases; with `hold` set, a query waits for it before running (a ranking still in flight). */
function watched(inner: PaperEmbedder, counts: { released: number; hold?: Promise<void> }): PaperEmbedder {
  return {
    id: inner.id,
    name: inner.name,
    specter2Compatible: inner.specter2Compatible,
    queryFallback: inner.queryFallback,
    embedPapers: (papers) => inner.embedPapers(papers),
    embedQuery: async (text, kind) => {
      await counts.hold;
      return inner.embedQuery(text, kind);
    },
    release: async () => {
      counts.released++;
      await inner.release();
    },
  };
}

test('deleted while a ranking reads the model from the cache: that embedder is released, and rankings say the model was deleted', async () => {
  const cacheDir = join(work, 'cache-read');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  const counts = { released: 0 };
  const req = request(cacheDir, async (download, store) => {
    const embedder = watched(await hubEmbedder(REPO, store), counts);
    // Manage Models deletes the model while this ranking's cache read is in flight
    if (download?.offline) await deleteModel(loads, cacheDir);
    return embedder;
  });
  const asked = hub.requests.length;
  await assert.rejects(loads.load(req), notReady('deleted'));
  assert.equal(counts.released, 1, 'the embedder of the deleted files is released');
  await assert.rejects(loads.load(req), notReady('deleted'), 'not kept for the next rankings');
  assert.equal(hub.requests.length, asked, 'nothing is downloaded again');
});

test('deleted while a ranking awaiting the download agreement reads it from the cache: that embedder is released, not used', async () => {
  const cacheDir = join(work, 'cache-read-offline');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  const counts = { released: 0 };
  let deleting = true;
  const req: Extract<EmbedderLoad, { kind: 'hub' }> = {
    ...request(cacheDir, async (_download, store) => {
      const embedder = watched(await hubEmbedder(REPO, { ...store, offline: true }), counts);
      if (deleting) await deleteModel(loads, cacheDir);
      return embedder;
    }),
    offline: true,
  };
  await assert.rejects(loads.load(req));
  assert.equal(counts.released, 1, 'the embedder of the deleted files is released');
  deleting = false;
  await assert.rejects(loads.load(req), 'the cache holds nothing now');
});

test('a ranking under way when its model is deleted finishes with it (no call fails mid-ranking); the embedder is released when that ranking ends', async () => {
  const cacheDir = join(work, 'release');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  const counts: { released: number; hold?: Promise<void> } = { released: 0 };
  const req = request(cacheDir, async (_download, store) => watched(await hubEmbedder(REPO, store), counts));
  const ranking = await loads.load(req);
  await ranking.embedQuery('protein folding', 'paragraph'); // the ranking's first call: its ONNX session is loaded
  await deleteModel(loads, cacheDir);
  assert.equal(counts.released, 0, 'not released under the running ranking');
  // Between two of its calls: the ranking goes on with the same model, not BM25 part-way.
  const vectors = await ranking.embedPapers([{ title: 'Protein structure prediction', abstract: 'Folding from sequence.' }]);
  assert.equal(vectors.length, 1);
  let finish!: () => void;
  counts.hold = new Promise((resolve) => (finish = resolve));
  const last = ranking.embedQuery('protein structure prediction', 'paragraph');
  const ended = ranking.release(); // ended (aborted) with a call still running: released after that call
  assert.equal(counts.released, 0, 'not released under a running call');
  finish();
  assert.ok((await last).length > 0, 'the running call got its vector');
  await ended;
  assert.equal(counts.released, 1, 'released once the ranking ended');
  await assert.rejects(ranking.embedQuery('protein folding', 'paragraph'), /hold on .* has ended/);
  await assert.rejects(loads.load(req), notReady('deleted'), 'a new ranking does not get it');
  await loads.stop(REPO);
  assert.equal(counts.released, 1, 'released once');
});

test('a loaded embedder no ranking holds is released at once when its model is deleted', async () => {
  const cacheDir = join(work, 'release-idle');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  const counts = { released: 0 };
  const req = request(cacheDir, async (_download, store) => watched(await hubEmbedder(REPO, store), counts));
  const ranking = await loads.load(req);
  await ranking.embedQuery('protein folding', 'paragraph');
  await ranking.release();
  assert.equal(counts.released, 0, 'kept for the next rankings');
  await deleteModel(loads, cacheDir);
  assert.equal(counts.released, 1);
});

test('an embedder whose release fails says so in the server\'s log (its model may stay in memory)', async () => {
  const cacheDir = join(work, 'release-fails');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads, logged } = loadsFor();
  const counts = { released: 0 };
  const req = request(cacheDir, async (_download, store) => {
    const embedder = watched(await hubEmbedder(REPO, store), counts);
    return { ...embedder, release: async () => {
      await embedder.release();
      throw new Error('the session is busy');
    } };
  });
  const ranking = await loads.load(req);
  await ranking.embedQuery('protein folding', 'paragraph');
  await deleteModel(loads, cacheDir);
  await ranking.release();
  assert.equal(counts.released, 1);
  assert.equal(logged.length, 1, 'logged once');
  assert.match(logged[0], new RegExp(`${REPO} could not be released: Error: the session is busy`));
});

test('a ranking holding a model whose files it has not read yet when the model is deleted: its calls say the model was deleted (no ENOENT), and the embedder is released at its end', async () => {
  const cacheDir = join(work, 'unread');
  await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const { loads } = loadsFor();
  const counts = { released: 0 };
  const req = request(cacheDir, async (_download, store) => watched(await hubEmbedder(REPO, store), counts));
  const ranking = await loads.load(req); // made from the cache: its files are read on its first call
  await deleteModel(loads, cacheDir);
  await assert.rejects(ranking.embedQuery('protein folding', 'paragraph'), notReady('deleted'));
  await assert.rejects(ranking.embedPapers([{ title: 'Protein structure prediction', abstract: 'Folding from sequence.' }]), notReady('deleted'));
  await ranking.release();
  assert.equal(counts.released, 1, 'released once the ranking ended');
  await assert.rejects(loads.load(req), notReady('deleted'), 'a new ranking does not get it');
});

test('"Download again" after a failed download of a model since deleted: a fresh download starts, and completes', async () => {
  const cacheDir = join(work, 'failed-again');
  const { loads, nextOutcome } = loadsFor();
  loads.chosen(REPO);
  const req = request(cacheDir, (download, store) => hubEmbedder(REPO, { ...store, ...download }));
  hub.addFault({ server: 'cdn', corrupt: true, times: 100 });
  try {
    const failed = nextOutcome();
    await assert.rejects(loads.load(req), notReady('downloading'));
    assert.equal((await failed).state, 'failed');
    await assert.rejects(loads.load(req), (e: Error) => !(e instanceof EmbedderNotReady), 'rankings say why it failed');
  } finally {
    hub.clearFaults();
  }
  // Manage Models lists the unfinished copy; the user deletes it, then asks for the model again.
  await deleteModel(loads, cacheDir);
  await assert.rejects(loads.load(req), notReady('deleted'));
  assert.equal(loads.downloadAgain(REPO), true);
  const asked = hub.requests.length;
  const ended = nextOutcome();
  await assert.rejects(loads.load(req), notReady('downloading'));
  assert.equal((await ended).state, 'ready');
  assert.ok(hub.requests.length > asked, 'the Hub was asked again');
  await (await loads.load(req)).release();
});
