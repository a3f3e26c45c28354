// sciwrite.models.embeddings end to end over LSP (the real language server, JSON-RPC over stdio):
// a BERT encoder folder ranks the related work with the engine's own similarities (the papers' vectors
// are the ones transformers recorded for test/fixtures/hf/tiny-bert-embed), and a Semantic Scholar
// paper is embedded locally: its `specter_v2` vector, of the very same length, is not used. A Hub id
// (served by the Hub stand-in on 127.0.0.1) is not downloaded before the user agreed — BM25 alone, the
// message says why, no request reaches the Hub — and once the allowed list has it, is downloaded in the
// background (BM25 meanwhile), announced when ready, and used; a download that fails leaves BM25 alone,
// with the reason. (related-embeddings-download.test.ts: the ranking does not wait, progress and Cancel.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelatedModelDownloadNotification, RelatedRankRequest, type RelatedClientContext, type RelatedModelDownload, type RelatedRankResult } from '../../extension/protocol/index.ts';
import { AllowedDownloadsNotification } from '../../extension/protocol/editor.ts';
import { EncoderEmbedder } from '../../extension/analysis/related/encoder-embedder.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { dot, normalize } from '../../extension/core/related/cosine.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startHubServer, withoutHubCredentials } from '../helpers/hub-server.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';
import { toPanelState } from '../../extension/client/related/panel-state.ts';
import { statusLines } from '../../webview/src/format.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';

const EMBED = new URL('../fixtures/hf/tiny-bert-embed/', import.meta.url).pathname.replace(/\/$/, '');
const HUB_ID = 'sciwrite-test/tiny-bert-embed';
const expected = JSON.parse(readFileSync(join(EMBED, 'expected.json'), 'utf8')) as {
  papers: { title: string; abstract: string | null }[];
  cls_embeddings: number[][];
};
let work: string;
const cleanup: (() => Promise<void>)[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-embeddings-setting-'));
  // The built-model cache of the server (inherited) and of the in-process reference embedder.
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

function rank(client: LspTestClient, uri: string, text: string, storageDir: string): Promise<RelatedRankResult> {
  const params = { uri, position: positionOf(text, 'Pretrained language models'), scope: 'paragraph', client: { semanticScholarConsent: true, storageDir } satisfies RelatedClientContext };
  return client.connection.sendRequest(RelatedRankRequest.method, params) as Promise<RelatedRankResult>;
}

/** The next sciwrite/related/modelDownload the server sends. */
function nextDownloadOutcome(client: LspTestClient): Promise<RelatedModelDownload> {
  return new Promise((resolve) => {
    const subscription = client.connection.onNotification(RelatedModelDownloadNotification.method, (params: RelatedModelDownload) => {
      subscription.dispose();
      resolve(params);
    });
  });
}

/** The library papers' similarities are the query's (the engine's) against the recorded vectors. */
async function assertEngineSimilarities(result: RelatedRankResult, texPath: string, text: string): Promise<Float32Array> {
  const engine = new EncoderEmbedder(EMBED);
  try {
    const position = positionOf(text, 'Pretrained language models');
    const local = await findRelated({ workspace: createWorkspace() }, { file: texPath, line: position.line, character: position.character, scope: 'paragraph' });
    const query = await engine.embedQuery(local.query);
    const library = result.papers.filter((p) => p.key?.startsWith('paper'));
    assert.equal(library.length, expected.papers.length, 'every library paper is ranked');
    for (const paper of library) {
      const i = Number(paper.key?.slice('paper'.length));
      const recorded = dot(query, normalize(expected.cls_embeddings[i]));
      assert.ok(paper.similarity !== undefined && Math.abs(paper.similarity - recorded) < 1e-4, `${paper.key}: similarity ${paper.similarity} vs ${recorded}`);
    }
    return query;
  } finally {
    await engine.release();
  }
}

test('a BERT encoder folder ranks with its own similarities; S2 papers are embedded locally, their specter_v2 vectors ignored', { timeout: 180_000 }, async () => {
  const { dir, texPath, text } = await writePapersManuscript(work, expected.papers);
  // An S2 paper whose `specter_v2` vector has the encoder's length (32): the query's opposite, so used it would give similarity -1.
  const engine = new EncoderEmbedder(EMBED);
  const position = positionOf(text, 'Pretrained language models');
  const local = await findRelated({ workspace: createWorkspace() }, { file: texPath, line: position.line, character: position.character, scope: 'paragraph' });
  const trap = Array.from(await engine.embedQuery(local.query), (x) => -x);
  const s2Paper: StandInPaper = {
    paperId: 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
    title: 'Transformer encoders for scientific text',
    abstract: 'We pretrain language models on scientific text with attention.',
    year: 2021,
    authors: [{ authorId: '9', name: 'Ana Silva' }],
    embedding: { model: 'specter_v2', vector: trap },
  };
  const [s2Local] = await engine.embedPapers([{ title: s2Paper.title, abstract: s2Paper.abstract }]);
  await engine.release();
  const s2 = await startS2StandIn([s2Paper]);
  cleanup.push(() => s2.close());
  const client = await LspTestClient.start({ rootDir: dir, settings: { models: { embeddings: EMBED }, related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });
  cleanup.push(() => client.stop());
  const uri = await client.open(texPath);

  const result = await rank(client, uri, text, join(work, 'storage-folder'));
  assert.equal(result.status.ranker, 'bm25+specter2', result.status.messages.join(' | '));
  assert.equal(result.status.embedder, EMBED);
  assert.equal(result.status.s2, 'ok');
  assert.ok(result.status.messages.includes(`Ranked by ${EMBED} similarity and shared terms (BM25).`), result.status.messages.join(' | '));
  const query = await assertEngineSimilarities(result, texPath, text);
  const remote = result.papers.find((p) => p.s2Id === s2Paper.paperId);
  assert.ok(remote?.similarity !== undefined, 'the S2 paper is ranked by similarity');
  assert.ok(remote.reasons.some((r) => r.startsWith(`${EMBED} similarity `)), `the reason names the chosen model: ${remote.reasons.join(' | ')}`);
  assert.ok(!result.papers.some((p) => p.reasons.some((r) => r.startsWith('SPECTER2'))), 'no reason claims SPECTER2 ranked');
  assert.ok(Math.abs(remote.similarity - dot(query, s2Local)) < 1e-4, `S2 paper: ${remote.similarity} is the local embedding's ${dot(query, s2Local)}`);
  assert.ok(Math.abs(remote.similarity - dot(query, normalize(trap))) > 0.5, `not the specter_v2 vector S2 sent (${dot(query, normalize(trap))})`);
});

test('a Hub id: nothing downloaded before consent (BM25 + why); once allowed, downloaded from the Hub and used', { timeout: 180_000 }, async () => {
  const hub = await startHubServer({ fixtures: false, repos: [{ id: HUB_ID, folder: EMBED }] });
  cleanup.push(() => hub.close());
  const { dir, texPath, text } = await writePapersManuscript(work, expected.papers);
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(work, 'cache-hub');
  withoutHubCredentials();
  const client = await LspTestClient.start({ rootDir: dir, settings: { models: { embeddings: HUB_ID } } });
  cleanup.push(() => client.stop());
  const uri = await client.open(texPath);
  const storage = join(work, 'storage-hub');

  // The client says the user agreed to nothing yet.
  await client.connection.sendNotification(AllowedDownloadsNotification.method, { repos: [] });
  const waiting = await rank(client, uri, text, storage);
  assert.equal(waiting.status.ranker, 'bm25');
  assert.equal(waiting.status.embedder, undefined);
  assert.ok(waiting.status.messages.some((m) => m.startsWith(`Waiting for your agreement to download ${HUB_ID}`)), waiting.status.messages.join(' | '));
  assert.ok(waiting.papers.length > 0, 'BM25 still ranks the library');
  assert.equal(hub.requests.length, 0, 'nothing was asked of the Hub');
  assert.equal(waiting.status.ownModel, true, 'the result says the user chose a model of their own');
  const panel = toPanelState(waiting, undefined, { specter2DownloadSize: '448 MB' });
  const lines = statusLines(panel.status);
  assert.ok(!lines.some((line) => line.action?.message === 'downloadSpecter2'), `no SPECTER2 download is offered: ${lines.map((l) => l.text).join(' | ')}`);
  assert.ok(panel.status.messages.some((m) => m.includes(HUB_ID)), 'the panel says why the model does not rank yet');

  await client.connection.sendNotification(AllowedDownloadsNotification.method, { repos: [HUB_ID] });
  const downloaded = nextDownloadOutcome(client);
  const meanwhile = await rank(client, uri, text, storage);
  assert.equal(meanwhile.status.ranker, 'bm25', meanwhile.status.messages.join(' | '));
  assert.ok(meanwhile.status.messages.some((m) => m.startsWith(`Downloading ${HUB_ID} for the related-work ranking`)), meanwhile.status.messages.join(' | '));
  assert.deepEqual(await downloaded, { repo: HUB_ID, state: 'ready', message: `${HUB_ID} is downloaded: related work is now ranked by its similarity and shared terms (BM25).` });
  const ranked = await rank(client, uri, text, storage);
  assert.ok(hub.requests.length > 0, 'the model came from the Hub stand-in');
  assert.equal(ranked.status.ranker, 'bm25+specter2', ranked.status.messages.join(' | '));
  assert.equal(ranked.status.embedder, HUB_ID);
  assert.ok(ranked.status.messages.includes(`Ranked by ${HUB_ID} similarity and shared terms (BM25).`), ranked.status.messages.join(' | '));
  await assertEngineSimilarities(ranked, texPath, text);

  // An agreed model the Hub does not have: BM25 alone, and the status says why.
  const missing = 'sciwrite-test/not-on-the-hub';
  await client.setSettings({ models: { embeddings: missing } });
  await client.connection.sendNotification(AllowedDownloadsNotification.method, { repos: [HUB_ID, missing] });
  const outcome = nextDownloadOutcome(client);
  const started = await rank(client, uri, text, storage);
  assert.ok(started.status.messages.some((m) => m.startsWith(`Downloading ${missing}`)), started.status.messages.join(' | '));
  const failure = await outcome;
  assert.equal(failure.state, 'failed', failure.message);
  assert.ok(failure.message.startsWith(`${missing} could not be downloaded (`), failure.message);
  const failed = await rank(client, uri, text, storage);
  assert.equal(failed.status.ranker, 'bm25');
  assert.equal(failed.status.embedder, undefined);
  assert.ok(failed.status.messages.some((m) => m.startsWith(`${missing} could not be downloaded (`)), failed.status.messages.join(' | '));
  assert.ok(failed.papers.length > 0, 'BM25 still ranks the library');
  // Every ranking says so, and the Hub is not asked again (until the setting or the proxy changes).
  const asked = hub.requests.length;
  const again = await rank(client, uri, text, storage);
  assert.ok(again.status.messages.some((m) => m.startsWith(`${missing} could not be downloaded (`)), again.status.messages.join(' | '));
  assert.equal(hub.requests.length, asked, 'no new download');
});
