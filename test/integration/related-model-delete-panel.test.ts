// The related-work panel when the model of sciwrite.models.embeddings that ranked its list is deleted in
// Manage Models: the panel's controller and server backend (extension/client/related/) over the real
// language server, the Hub stand-in on 127.0.0.1 serving test/fixtures/hf/tiny-bert-embed. The deletion
// makes the panel rank again (BM25) at once; its status says the model was deleted and offers "Download
// again", whose webview message reaches the server, which downloads the model with progress as the first time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelatedSpecter2Progress } from '../../extension/protocol/index.ts';
import { repoDir } from '../../extension/inference/store/cache.ts';
import { ServerRelatedBackend, type RelatedHost } from '../../extension/client/related/server-backend.ts';
import { RelatedController } from '../../extension/client/related/controller.ts';
import type { EditorContext } from '../../extension/client/related/backend.ts';
import { statusLines } from '../../webview/src/format.ts';
import type { PanelState } from '../../webview/src/protocol.ts';
import { PanelSink } from '../helpers/panel-sink.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startHubServer, withoutHubCredentials } from '../helpers/hub-server.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';

const EMBED = new URL('../fixtures/hf/tiny-bert-embed/', import.meta.url).pathname.replace(/\/$/, '');
const HUB_ID = 'sciwrite-test/tiny-bert-embed';
const PAPERS = [
  { title: 'Attention is all you need', abstract: 'Transformer encoders built on attention replace recurrent networks for sequence transduction.' },
  { title: 'Language models for scientific text', abstract: 'Pretrained language models learn representations of scientific papers.' },
];
let work: string;
const cleanup: (() => Promise<void>)[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-related-delete-panel-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  withoutHubCredentials();
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

test('the model that ranked the panel\'s list is deleted: the panel ranks again by BM25, says so, and "Download again" downloads it as the first time', { timeout: 180_000 }, async () => {
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(work, 'cache');
  const cacheDir = join(work, 'cache', 'sciwrite', 'hub');
  const manuscript = await writePapersManuscript(work, PAPERS);
  const client = await LspTestClient.start({ rootDir: manuscript.dir, settings: { models: { embeddings: HUB_ID } }, initializationOptions: { showsModelDownloads: true } });
  cleanup.push(() => client.stop());
  const uri = await client.open(manuscript.texPath);

  // The panel as register.ts wires it: a host whose progress indicator records its downloads, ranking again on onRankingChanged.
  const shown: { title: string; reports: RelatedSpecter2Progress[] }[] = [];
  const host: RelatedHost = {
    clientContext: async () => ({ storageDir: join(work, 'storage') }),
    applyEdit: async () => false,
    copy: async () => undefined,
    openLink: async () => false,
    askConsent: async () => false,
    setSemanticScholar: async () => undefined,
    pickWriteTarget: async () => undefined,
    withDownloadProgress: (title, run) => {
      const download = { title, reports: [] as RelatedSpecter2Progress[] };
      shown.push(download);
      return run((progress) => download.reports.push(progress), new AbortController().signal);
    },
  };
  const backend = new ServerRelatedBackend(relatedTransport(client), host);
  const sink = new PanelSink();
  const controller = new RelatedController(backend, sink.post);
  cleanup.push(async () => controller.dispose());
  backend.onRankingChanged(() => controller.rerank());
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(manuscript.text, 'Pretrained language models') };
  const byModel = (state: PanelState) => state.status.ranker !== 'bm25';

  controller.attach(true);
  controller.editorChanged(editor);
  const ranked = sink.nextState(byModel);
  await controller.receive({ type: 'ready' }); // BM25 while the model downloads; ranked again once it is ready
  await ranked;
  assert.equal(shown.length, 1, 'the first download was shown with progress');
  assert.ok(shown[0].reports.length > 0, 'its progress was reported');

  // Deleted in Manage Models: the panel ranks again by itself, without the model.
  const rankedAgain = sink.nextState((state) => state.status.ranker === 'bm25');
  const before = sink.messages.length;
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: HUB_ID });
  assert.ok(sink.messages.slice(before).some((m) => m.type === 'busy' && m.busy), 'a new ranking had started when the deletion answered');
  const after = await rankedAgain;
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), false, 'the model is deleted');
  assert.equal(after.status.deletedModel, HUB_ID, JSON.stringify(after.status));
  const line = statusLines(after.status).find((l) => l.action?.message === 'downloadModelAgain');
  assert.equal(line?.text, `BM25 only: ${HUB_ID} was deleted from the model cache`);
  assert.equal(line?.action?.label, 'Download again');
  assert.ok(!after.status.messages.some((m) => m.includes('was deleted')), 'said once, by the line with the action');
  assert.ok(after.papers.length > 0, 'BM25 still ranks the library');

  // Nothing downloads it again by itself.
  const asked = hub.requests.length;
  const still = sink.nextState(() => true);
  controller.rerank();
  assert.equal((await still).status.deletedModel, HUB_ID);
  assert.equal(hub.requests.length, asked, 'no download started again');

  // "Download again": the webview's message, through the client, to the server.
  const readyAgain = sink.nextState(byModel);
  const from = sink.messages.length;
  await controller.receive({ type: 'downloadModelAgain', repo: HUB_ID });
  const notice = sink.messages.slice(from).find((m) => m.type === 'notice');
  assert.ok(notice?.type === 'notice' && notice.message.startsWith(`Downloading ${HUB_ID} for the related-work ranking`), JSON.stringify(notice));
  const again = await readyAgain;
  assert.equal(again.status.deletedModel, undefined);
  assert.equal(shown.length, 2, 'the download again was shown with progress, as the first');
  assert.equal(shown[1].title, shown[0].title);
  assert.ok(shown[1].reports.length > 0, 'its progress was reported');
  assert.equal(existsSync(repoDir(cacheDir, HUB_ID)), true, 'downloaded again');
});

test('"Download again" while the user has not agreed to download the model answers that nothing started, and downloads nothing', { timeout: 120_000 }, async () => {
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(work, 'cache-unagreed');
  const manuscript = await writePapersManuscript(work, PAPERS);
  const client = await LspTestClient.start({ rootDir: manuscript.dir, settings: { models: { embeddings: HUB_ID } }, initializationOptions: { allowedDownloads: [] } });
  cleanup.push(() => client.stop());
  const uri = await client.open(manuscript.texPath);
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: HUB_ID });

  const answer = await client.connection.sendRequest<{ started: boolean; message: string }>('sciwrite/related/downloadModelAgain', { uri, repo: HUB_ID, client: { storageDir: join(work, 'storage-unagreed') } });
  assert.equal(answer.started, false, JSON.stringify(answer));
  assert.match(answer.message, new RegExp(`^Waiting for your agreement to download ${HUB_ID} .*nothing was downloaded`));
  assert.equal(hub.requests.length, 0, 'nothing was downloaded');
});
