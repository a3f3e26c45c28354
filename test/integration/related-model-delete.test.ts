// Deleting a model in Manage Models (sciwrite/deleteModel) while a related-work download fetches it,
// over LSP against the Hub stand-in on 127.0.0.1 whose weights stall part-way: the download is stopped
// first (the stand-in sees the connection dropped) and has ended when the deletion answers, and nothing
// of the model is left in the cache, for "Download SPECTER2" and for a model of sciwrite.models.embeddings.
// A ranking under way whose model had not been read yet when it is deleted ends as the rankings after it do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RelatedDownloadSpecter2Request, RelatedModelDownloadNotification, RelatedRankRequest,
  type RelatedModelDownload, type RelatedRankResult, type RelatedSpecter2DownloadResult,
} from '../../extension/protocol/index.ts';
import { repoDir } from '../../extension/inference/store/cache.ts';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startHubServer, type HubServer, type RecordedRequest, withoutHubCredentials } from '../helpers/hub-server.ts';
import { specter2Repos } from '../helpers/specter2-repos.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';

const EMBED = new URL('../fixtures/hf/tiny-bert-embed/', import.meta.url).pathname.replace(/\/$/, '');
const PAPERS = [
  { title: 'Attention is all you need', abstract: 'Transformer encoders built on attention replace recurrent networks for sequence transduction.' },
  { title: 'Language models for scientific text', abstract: 'Pretrained language models learn representations of scientific papers.' },
];
let work: string;
const cleanup: (() => Promise<void>)[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-related-delete-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  withoutHubCredentials();
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

/** A server downloading from `hub` into a fresh cache; its Hub cache folder. */
async function serverFor(hub: HubServer, name: string, settings: unknown = {}): Promise<{ client: LspTestClient; cacheDir: string; manuscript: Awaited<ReturnType<typeof writePapersManuscript>> }> {
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(work, `cache-${name}`);
  const manuscript = await writePapersManuscript(work, PAPERS);
  const client = await LspTestClient.start({ rootDir: manuscript.dir, settings });
  cleanup.push(() => client.stop());
  return { client, cacheDir: join(work, `cache-${name}`, 'sciwrite', 'hub'), manuscript };
}

/** The weights' request to the CDN, once it has arrived. */
function weightsRequest(hub: HubServer, sha256: string): Promise<RecordedRequest> {
  const isWeights = (r: RecordedRequest): boolean => r.server === 'cdn' && r.method === 'GET' && r.path.replace(/\?.*/, '') === `/cdn/${sha256}`;
  return new Promise((resolve) => {
    const found = hub.requests.find(isWeights);
    if (found) return resolve(found);
    hub.onRequest((r) => {
      if (isWeights(r)) resolve(r);
    });
  });
}

function settledFlag<T>(promise: Promise<T>): () => boolean {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  return () => settled;
}

test('deleting SPECTER2\'s base while "Download SPECTER2" fetches it stops the download first, and leaves nothing of it', { timeout: 120_000 }, async () => {
  const hub = await startHubServer({ fixtures: false, repos: await specter2Repos(join(work, 'adhoc')) });
  cleanup.push(() => hub.close());
  const weights = hub.repos.get('allenai/specter2_base')!.files.get('model.safetensors')!;
  hub.addFault({ server: 'cdn', method: 'GET', path: `/cdn/${weights.sha256}`, stallAfter: Math.floor(weights.bytes.length / 3) });
  const { client, cacheDir } = await serverFor(hub, 'specter2');
  const storageDir = join(work, 'storage-specter2');

  const download = client.connection.sendRequest(RelatedDownloadSpecter2Request.method, { client: { storageDir } }) as Promise<RelatedSpecter2DownloadResult>;
  const downloadEnded = settledFlag(download);
  const fetching = await weightsRequest(hub, weights.sha256);
  assert.ok(existsSync(repoDir(cacheDir, 'allenai/specter2_base')), 'the download has begun its copy');

  await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'allenai/specter2_base' });
  assert.equal(downloadEnded(), true, 'the download had ended when the deletion answered');
  const result = await download;
  assert.equal(result.state, 'cancelled', JSON.stringify(result));
  assert.match(result.message, /^The SPECTER2 download was stopped: allenai\/specter2_base was deleted from the model cache\. Related work stays ranked by shared terms \(BM25\)\.$/);
  assert.equal(await fetching.ended, 'dropped', 'the stand-in saw the connection dropped');
  assert.equal(existsSync(repoDir(cacheDir, 'allenai/specter2_base')), false, 'no partial copy is left');
  const listed = await client.connection.sendRequest('sciwrite/downloadedModels', {}) as { repo: string }[];
  assert.deepEqual(listed.map((m) => m.repo), [], 'Manage Models lists nothing');
  assert.equal(existsSync(join(storageDir, 'related', 'specter2', 'specter2.json')), false, 'no pointer to the deleted model');
});

test('deleting the model of sciwrite.models.embeddings while it downloads stops the download first: rankings say it was deleted and fetch nothing again', { timeout: 120_000 }, async () => {
  const HUB_ID = 'sciwrite-test/tiny-bert-embed';
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  const weights = hub.repos.get(HUB_ID)!.files.get('model.safetensors')!;
  hub.addFault({ server: 'cdn', method: 'GET', stallAfter: 40_000 });
  const { client, cacheDir, manuscript } = await serverFor(hub, 'embeddings', { models: { embeddings: HUB_ID } });
  const uri = await client.open(manuscript.texPath);
  const rank = () => client.connection.sendRequest(RelatedRankRequest.method, {
    uri, position: positionOf(manuscript.text, 'Pretrained language models'), scope: 'paragraph', client: { storageDir: join(work, 'storage-embeddings') },
  }) as Promise<RelatedRankResult>;
  const outcomes: RelatedModelDownload[] = [];
  client.connection.onNotification(RelatedModelDownloadNotification.method, (outcome: RelatedModelDownload) => {
    outcomes.push(outcome);
  });

  await rank();
  const fetching = await weightsRequest(hub, weights.sha256);
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: HUB_ID });
  assert.deepEqual(outcomes.map((o) => o.state), ['cancelled'], 'the download had ended as cancelled when the deletion answered');
  assert.equal(outcomes[0].message, `The download of ${HUB_ID} was stopped: ${HUB_ID} was deleted from the model cache.`);
  assert.equal(await fetching.ended, 'dropped');
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false, 'no partial copy is left');

  const asked = hub.requests.length;
  const after = await rank();
  assert.ok(after.status.messages.some((m) => m.startsWith(`${HUB_ID} was deleted from the model cache: related work is ranked by shared terms (BM25) only.`)), after.status.messages.join(' | '));
  assert.equal(hub.requests.length, asked, 'no download started again');
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false);
});

test('deleting the loaded model of sciwrite.models.embeddings: rankings say it was deleted and fetch nothing again, until the setting names it again', { timeout: 120_000 }, async () => {
  const HUB_ID = 'sciwrite-test/tiny-bert-embed';
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  const { client, cacheDir, manuscript } = await serverFor(hub, 'embeddings-loaded', { models: { embeddings: HUB_ID } });
  const uri = await client.open(manuscript.texPath);
  const rank = () => client.connection.sendRequest(RelatedRankRequest.method, {
    uri, position: positionOf(manuscript.text, 'Pretrained language models'), scope: 'paragraph', client: { storageDir: join(work, 'storage-embeddings-loaded') },
  }) as Promise<RelatedRankResult>;
  const nextOutcome = () => new Promise<RelatedModelDownload>((resolve) => {
    const subscription = client.connection.onNotification(RelatedModelDownloadNotification.method, (outcome: RelatedModelDownload) => {
      subscription.dispose();
      resolve(outcome);
    });
  });

  const ready = nextOutcome();
  await rank();
  assert.equal((await ready).state, 'ready');
  const used = await rank();
  assert.equal(used.status.embedder, HUB_ID, used.status.messages.join(' | '));
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: HUB_ID });
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false, 'the model is deleted');

  // Downloading again at once what the user just deleted would undo the deletion.
  const asked = hub.requests.length;
  const after = await rank();
  assert.equal(after.status.ranker, 'bm25', after.status.messages.join(' | '));
  assert.equal(after.status.deletedModel, HUB_ID, 'the panel offers to download it again');
  assert.ok(after.status.messages.some((m) => m.startsWith(`${HUB_ID} was deleted from the model cache: related work is ranked by shared terms (BM25) only.`)), after.status.messages.join(' | '));
  assert.ok(after.papers.length > 0, 'BM25 still ranks the library');
  assert.equal(hub.requests.length, asked, 'no download started again');
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false);

  // Another model, then this one again: the user asks for it, and it downloads.
  await client.setSettings({ models: { embeddings: 'builtin' } });
  await rank();
  await client.setSettings({ models: { embeddings: HUB_ID } });
  const again = nextOutcome();
  const restarted = await rank();
  assert.ok(restarted.status.messages.some((m) => m.startsWith(`Downloading ${HUB_ID} for the related-work ranking`)), restarted.status.messages.join(' | '));
  assert.equal((await again).state, 'ready');
});

/** A Semantic Scholar stand-in whose searches find nothing, each answered only once `answer` is called; `asked` settles when the first arrives. */
async function heldSearch(): Promise<{ url: string; asked: Promise<void>; answer: () => void; close: () => Promise<void> }> {
  let asked!: () => void;
  let answer!: () => void;
  const arrived = new Promise<void>((resolve) => (asked = resolve));
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/graph/v1/paper/search')) return void res.writeHead(404).end();
    asked();
    void answered.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: 0, offset: 0, data: [] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, asked: arrived, answer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('deleting the model of sciwrite.models.embeddings before a ranking under way has read it: that ranking ends by BM25 and says the model was deleted, as the next does (no ENOENT)', { timeout: 120_000 }, async () => {
  const HUB_ID = 'sciwrite-test/tiny-bert-embed';
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  // In the cache before the server starts: its first ranking makes the embedder, which reads the files on its first call.
  await resolveModel({ repo: HUB_ID }, { endpoint: hub.endpoint, cacheDir: join(work, 'cache-unread', 'sciwrite', 'hub'), env: {} });
  const s2 = await heldSearch();
  cleanup.push(() => s2.close());
  const { client, cacheDir, manuscript } = await serverFor(hub, 'unread', { models: { embeddings: HUB_ID }, related: { semanticScholar: { enabled: true, baseUrl: s2.url } } });
  const uri = await client.open(manuscript.texPath);
  const rank = () => client.connection.sendRequest(RelatedRankRequest.method, {
    uri, position: positionOf(manuscript.text, 'Pretrained language models'), scope: 'paragraph', client: { storageDir: join(work, 'storage-unread') },
  }) as Promise<RelatedRankResult>;

  // The ranking holds the embedder and waits for Semantic Scholar, before its first embedding.
  const under = rank();
  await s2.asked;
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: HUB_ID });
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false, 'the model is deleted');
  s2.answer();
  const during = await under;
  assert.equal(during.status.model, 'missing', during.status.messages.join(' | '));
  assert.equal(during.status.ranker, 'bm25');
  assert.equal(during.status.deletedModel, HUB_ID, 'the panel offers to download it again');
  assert.ok(!during.status.messages.some((m) => /failed|ENOENT/.test(m)), during.status.messages.join(' | '));
  assert.ok(during.papers.length > 0, 'BM25 still ranks the library');
  const after = await rank();
  assert.deepEqual(during.status, after.status, 'as a ranking after the deletion');
});
