// A Hub model chosen in sciwrite.models.embeddings downloads in the background, over LSP (the real
// language server over stdio, the Hub stand-in on 127.0.0.1 serving test/fixtures/hf/tiny-bert-embed):
// the ranking that starts the download does not wait for it (the weights are held back while it
// answers with BM25), the server announces the model when it is ready, the panel's backend ranks again
// and the ranking uses it;
// with a client that shows work-done progress, the download is one progress (begin, report, end) whose
// Cancel stops it: the stand-in sees the connection dropped, rankings say it was cancelled and start
// nothing, until the setting names another model and then this one again; a download that failed is
// reported by every ranking and started again only after the proxy setting changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelatedModelDownloadNotification, RelatedRankRequest, type RelatedClientContext, type RelatedModelDownload, type RelatedRankResult } from '../../extension/protocol/index.ts';
import { LspTestClient, positionOf, type ProgressEvent } from '../helpers/lsp-client.ts';
import { startHubServer, type HubServer, type RecordedRequest, withoutHubCredentials } from '../helpers/hub-server.ts';
import { writePapersManuscript, type PapersManuscript } from '../helpers/papers-manuscript.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { ServerRelatedBackend, type RelatedHost } from '../../extension/client/related/server-backend.ts';
import type { EditorContext } from '../../extension/client/related/backend.ts';
import type { RelatedSpecter2Progress } from '../../extension/protocol/index.ts';
import type { PanelState } from '../../webview/src/protocol.ts';

const EMBED = new URL('../fixtures/hf/tiny-bert-embed/', import.meta.url).pathname.replace(/\/$/, '');
const HUB_ID = 'sciwrite-test/tiny-bert-embed';
const PAPERS = [
  { title: 'Attention is all you need', abstract: 'Transformer encoders built on attention replace recurrent networks for sequence transduction.' },
  { title: 'Language models for scientific text', abstract: 'Pretrained language models learn representations of scientific papers.' },
];
let work: string;
const cleanup: (() => Promise<void>)[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-embeddings-download-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  withoutHubCredentials();
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

interface Setup {
  hub: HubServer;
  client: LspTestClient;
  manuscript: PapersManuscript;
  uri: string;
  rank(): Promise<RelatedRankResult>;
  /** The next sciwrite/related/modelDownload the server sends. */
  nextOutcome(): Promise<RelatedModelDownload>;
}

/** A fresh Hub cache (nothing downloaded yet), the Hub stand-in, and a server whose setting names the Hub model. */
async function setUp(name: string, options: { workDoneProgress?: boolean; initializationOptions?: { showsModelDownloads?: boolean } } = {}): Promise<Setup> {
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(work, `cache-${name}`);
  const manuscript = await writePapersManuscript(work, PAPERS);
  const client = await LspTestClient.start({ rootDir: manuscript.dir, settings: { models: { embeddings: HUB_ID } }, ...options });
  cleanup.push(() => client.stop());
  const uri = await client.open(manuscript.texPath);
  const storageDir = join(work, `storage-${name}`);
  const params = { uri, position: positionOf(manuscript.text, 'Pretrained language models'), scope: 'paragraph', client: { storageDir } satisfies RelatedClientContext };
  return {
    hub, client, manuscript, uri,
    rank: () => client.connection.sendRequest(RelatedRankRequest.method, params) as Promise<RelatedRankResult>,
    nextOutcome: () => new Promise((resolve) => {
      const subscription = client.connection.onNotification(RelatedModelDownloadNotification.method, (outcome: RelatedModelDownload) => {
        subscription.dispose();
        resolve(outcome);
      });
    }),
  };
}

function downloading(result: RelatedRankResult): boolean {
  return result.status.messages.some((m) => m.startsWith(`Downloading ${HUB_ID} for the related-work ranking`) && m.endsWith('(it is ranked by shared terms (BM25) meanwhile).'));
}

function weightsRequest(hub: HubServer): RecordedRequest | undefined {
  return hub.requests.find((r) => r.server === 'cdn' && r.method === 'GET');
}

/** Until the weights request reached the stand-in (the download is then in flight). */
async function waitForWeights(hub: HubServer): Promise<RecordedRequest> {
  for (;;) {
    const found = weightsRequest(hub);
    if (found) return found;
    await new Promise<void>((resolve) => hub.onRequest(() => resolve()));
  }
}

/** The panel's host, as far as ranking needs one (nothing is edited, opened or asked here). */
const host: RelatedHost = {
  clientContext: async () => ({}),
  applyEdit: async () => false,
  copy: async () => undefined,
  openLink: async () => false,
  askConsent: async () => false,
  setSemanticScholar: async () => undefined,
  pickWriteTarget: async () => undefined,
};

test('the ranking that starts the download answers at once with BM25; when the model is ready the panel is told to rank again, and uses it', { timeout: 180_000 }, async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const { hub, client, manuscript, uri } = await setUp('held');
  // The weights (on the CDN) are held back until the test lets them go.
  hub.addFault({ server: 'cdn', holdUntil: held });
  // The client side, as the view uses it (register.ts ranks again on onRankingChanged).
  const backend = new ServerRelatedBackend(relatedTransport(client), { ...host, clientContext: async () => ({ storageDir: join(work, 'storage-held') }) });
  const changed = new Promise<void>((resolve) => {
    const subscription = backend.onRankingChanged(() => {
      subscription.dispose();
      resolve();
    });
  });
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(manuscript.text, 'Pretrained language models') };
  const rank = () => backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);
  const downloadingNow = (state: PanelState) => state.status.messages.some((m) => m.startsWith(`Downloading ${HUB_ID} for the related-work ranking`) && m.endsWith('(it is ranked by shared terms (BM25) meanwhile).'));

  const first = await rank();
  assert.equal(first.status.ranker, 'bm25', first.status.messages.join(' | '));
  assert.ok(downloadingNow(first), `the status says the model is downloading: ${first.status.messages.join(' | ')}`);
  assert.ok(first.papers.length > 0, 'BM25 ranks the library meanwhile');
  const again = await rank();
  assert.equal(again.status.ranker, 'bm25');
  assert.ok(downloadingNow(again), `still downloading: ${again.status.messages.join(' | ')}`);
  assert.equal(weightsRequest(hub)?.status, undefined, 'the weights are still held back: no ranking waited for them');

  release();
  await changed;
  assert.equal(await weightsRequest(hub)?.ended, 'answered', 'the weights came from the Hub stand-in');
  const ranked = await rank();
  assert.equal(ranked.status.ranker, 'bm25+specter2', ranked.status.messages.join(' | '));
  assert.ok(ranked.status.messages.includes(`Ranked by ${HUB_ID} similarity and shared terms (BM25).`), ranked.status.messages.join(' | '));
  assert.ok(!ranked.status.messages.some((m) => m.startsWith('Downloading')), ranked.status.messages.join(' | '));
});

test('work-done progress: begin, reports with bytes, Cancel drops the download; rankings then say it was cancelled until the setting changes', { timeout: 180_000 }, async () => {
  const { hub, client, rank, nextOutcome } = await setUp('cancel', { workDoneProgress: true });
  // The weights stall after 40 kB (of 135 kB): the download stays in flight until cancelled.
  hub.addFault({ server: 'cdn', stallAfter: 40_000 });
  const outcome = nextOutcome();

  const first = await rank();
  assert.equal(first.status.ranker, 'bm25');
  assert.ok(downloading(first), first.status.messages.join(' | '));

  const begin = await client.waitForProgress((e) => e.value.kind === 'begin');
  assert.ok(client.progressTokens.includes(begin.token), 'the server created the progress before using it');
  assert.ok(begin.value.kind === 'begin' && begin.value.title.includes(HUB_ID) && begin.value.cancellable === true, `a cancellable progress naming the model: ${JSON.stringify(begin.value)}`);
  // Some of the weights arrived: the progress says how much.
  const report = await client.waitForProgress((e) => e.token === begin.token && e.value.kind === 'report' && (e.value.percentage ?? 0) > 20);
  assert.ok(report.value.kind === 'report' && / of /.test(report.value.message ?? ''), `bytes so far: ${JSON.stringify(report.value)}`);
  const meanwhile = await rank();
  assert.ok(downloading(meanwhile) && meanwhile.status.messages.some((m) => / so far /.test(m)), `the ranking says how much is downloaded: ${meanwhile.status.messages.join(' | ')}`);
  const weights = weightsRequest(hub);
  assert.ok(weights, 'the weights are being fetched');

  await client.cancelProgress(begin.token);
  assert.equal((await outcome).state, 'cancelled');
  assert.equal(await weights.ended, 'dropped', 'the stand-in saw the connection dropped');
  const end: ProgressEvent = await client.waitForProgress((e) => e.token === begin.token && e.value.kind === 'end');
  assert.equal(end.value.kind, 'end');

  const asked = hub.requests.length;
  const cancelled = await rank();
  assert.equal(cancelled.status.ranker, 'bm25');
  assert.ok(cancelled.status.messages.some((m) => m.startsWith(`The download of ${HUB_ID} was cancelled`)), cancelled.status.messages.join(' | '));
  assert.ok(cancelled.papers.length > 0, 'BM25 still ranks the library');
  await rank();
  assert.equal(hub.requests.length, asked, 'no download starts again by itself');

  // Another model, then this one again: the download starts afresh and completes.
  await client.setSettings({ models: { embeddings: 'builtin' } });
  assert.ok(!(await rank()).status.messages.some((m) => m.includes(HUB_ID)), 'the built-in choice says nothing of the Hub model');
  await client.setSettings({ models: { embeddings: HUB_ID } });
  const ready = nextOutcome();
  assert.ok(downloading(await rank()), 'the chosen model downloads again');
  assert.equal((await ready).state, 'ready');
  const ranked = await rank();
  assert.equal(ranked.status.embedder, HUB_ID, ranked.status.messages.join(' | '));
});

test('choosing another model while one downloads stops that download', { timeout: 180_000 }, async () => {
  const { hub, client, rank, nextOutcome } = await setUp('switch');
  hub.addFault({ server: 'cdn', stallAfter: 40_000 });
  const outcome = nextOutcome();
  assert.ok(downloading(await rank()), 'the download started');
  await waitForWeights(hub);
  await client.setSettings({ models: { embeddings: 'builtin' } });
  const builtin = await rank();
  assert.ok(!builtin.status.messages.some((m) => m.includes(HUB_ID)), builtin.status.messages.join(' | '));
  assert.equal((await outcome).state, 'cancelled', 'the download ended as cancelled');
  assert.equal(await weightsRequest(hub)?.ended, 'dropped', 'the stand-in saw the connection dropped');
});

test('a client that shows downloads itself gets their progress and stops them with its Cancel (VS Code shows work-done progress without one)', { timeout: 180_000 }, async () => {
  const { hub, client, manuscript, uri } = await setUp('own-progress', { workDoneProgress: true, initializationOptions: { showsModelDownloads: true } });
  hub.addFault({ server: 'cdn', stallAfter: 40_000 });
  // The panel's host as VS Code's: a progress indicator whose Cancel aborts `signal`.
  const reports: { bytes: number; total: number }[] = [];
  let cancel!: () => void;
  let shownUntilEnd!: Promise<void>;
  let firstReport!: () => void;
  const reported = new Promise<void>((resolve) => { firstReport = resolve; });
  const progressHost: RelatedHost = {
    ...host,
    clientContext: async () => ({ storageDir: join(work, 'storage-own-progress') }),
    withDownloadProgress<T>(_title: string, run: (report: (p: RelatedSpecter2Progress) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
      const controller = new AbortController();
      cancel = () => controller.abort();
      const running = run((p) => {
        reports.push({ bytes: p.bytes, total: p.total });
        firstReport();
      }, controller.signal);
      shownUntilEnd = running.then(() => undefined);
      return running;
    },
  };
  const backend = new ServerRelatedBackend(relatedTransport(client), progressHost);
  const ended = new Promise<void>((resolve) => backend.onRankingChanged(resolve));
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(manuscript.text, 'Pretrained language models') };
  const rank = () => backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);

  await rank();
  await reported;
  assert.ok(reports[0].bytes > 0 && reports[0].total > reports[0].bytes, `bytes of the total: ${JSON.stringify(reports)}`);
  await waitForWeights(hub);
  cancel();
  await ended;
  assert.equal(await weightsRequest(hub)?.ended, 'dropped', 'Cancel dropped the download');
  await shownUntilEnd;
  const after = await rank();
  assert.ok(after.status.messages.some((m) => m.startsWith(`The download of ${HUB_ID} was cancelled`)), after.status.messages.join(' | '));
  assert.deepEqual(client.progressTokens, [], 'no work-done progress besides the client\'s own');
});

test('a download that failed is reported by every ranking and not started again, until the proxy setting changes', { timeout: 180_000 }, async () => {
  const s = await setUp('failed');
  s.hub.addFault({ server: 'hub', respond: { status: 404, body: 'Repository not found' }, times: 1_000 });
  const failed = s.nextOutcome();
  assert.ok(downloading(await s.rank()), 'the first ranking starts the download');
  assert.equal((await failed).state, 'failed');
  const requestsAfterFailure = s.hub.requests.length;
  for (let i = 0; i < 2; i++) {
    const result = await s.rank();
    assert.ok(result.status.messages.some((m) => m.startsWith(`${HUB_ID} could not be downloaded (`)), `ranking ${i + 1} says why: ${JSON.stringify(result.status.messages)}`);
  }
  assert.equal(s.hub.requests.length, requestsAfterFailure, 'the Hub was not asked again');

  s.hub.clearFaults();
  await s.client.connection.sendNotification('sciwrite/clientInfo', { latexWorkshopInstalled: false, proxy: { url: 'http://127.0.0.1:9' } });
  const ready = s.nextOutcome();
  assert.ok(downloading(await s.rank()), 'after the proxy setting changed, the next ranking downloads again');
  assert.equal((await ready).state, 'ready');
});
