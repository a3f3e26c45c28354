// The built-in SPECTER2 (sciwrite.models.embeddings `builtin`, "Download SPECTER2") once its files are
// deleted, over the real language server and the Hub stand-in on 127.0.0.1 serving the SPECTER2-style
// fixture. Manage Models lists its three parts; deleting one makes the panel rank again by BM25, saying
// SPECTER2 was deleted, with "Download SPECTER2" offered, which downloads it and ranks by it again. A
// ranking under way finishes with SPECTER2 when its embedder had read the model, and ends by BM25 saying
// SPECTER2 was deleted (no ENOENT) when it had not, also when the folders go on disk behind the server's back.
// The ad-hoc-query adapter alone deleted leaves SPECTER2 usable: a ranking under way finishes with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RelatedDownloadSpecter2Request, RelatedRankRequest,
  type RelatedRankResult, type RelatedSpecter2DownloadResult, type RelatedSpecter2Progress,
} from '../../extension/protocol/index.ts';
import { downloadSpecter2 } from '../../extension/analysis/related/specter2-download.ts';
import { repoDir } from '../../extension/inference/store/cache.ts';
import { ServerRelatedBackend, type RelatedHost } from '../../extension/client/related/server-backend.ts';
import { RelatedController } from '../../extension/client/related/controller.ts';
import type { EditorContext } from '../../extension/client/related/backend.ts';
import { statusLines } from '../../webview/src/format.ts';
import type { PanelState } from '../../webview/src/protocol.ts';
import { PanelSink } from '../helpers/panel-sink.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startHubServer, type HubServer, withoutHubCredentials } from '../helpers/hub-server.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { specter2Repos } from '../helpers/specter2-repos.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';

const PAPERS = [
  { title: 'Attention is all you need', abstract: 'Transformer encoders built on attention replace recurrent networks for sequence transduction.' },
  { title: 'Language models for scientific text', abstract: 'Pretrained language models learn representations of scientific papers.' },
];
const DELETED = 'SPECTER2 was deleted from the model cache: related work is ranked by shared terms (BM25) only.';
let work: string;
let hub: HubServer;
const cleanup: (() => Promise<void>)[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-specter2-delete-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  withoutHubCredentials();
  hub = await startHubServer({ fixtures: false, repos: await specter2Repos(join(work, 'adhoc')) });
  process.env.HF_ENDPOINT = hub.endpoint;
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await hub.close();
  await rm(work, { recursive: true, force: true });
});

/** A Semantic Scholar stand-in whose searches find nothing, each held until `answer()`; `asked` settles when the one held arrives. */
async function heldSearches(): Promise<{ url: string; hold: () => { asked: Promise<void>; answer: () => void }; close: () => Promise<void> }> {
  const held: { arrived: () => void; answered: Promise<void> }[] = [];
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/graph/v1/paper/search')) return void res.writeHead(404).end();
    const next = held.shift();
    next?.arrived();
    void (next?.answered ?? Promise.resolve()).then(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: 0, offset: 0, data: [] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => {
      let arrived!: () => void;
      let answer!: () => void;
      const asked = new Promise<void>((resolve) => (arrived = resolve));
      held.push({ arrived, answered: new Promise<void>((resolve) => (answer = resolve)) });
      return { asked, answer };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A server whose model cache is `<work>/<name>/cache` and whose related-work folder is `<work>/<name>/storage`, SPECTER2 downloaded there before it starts when `downloaded`. */
async function serverFor(name: string, options: { downloaded?: boolean; settings?: unknown } = {}) {
  process.env.XDG_CACHE_HOME = join(work, name, 'cache');
  const cacheDir = join(work, name, 'cache', 'sciwrite', 'hub');
  const storageDir = join(work, name, 'storage');
  if (options.downloaded) await downloadSpecter2(join(storageDir, 'related', 'specter2'), { store: { endpoint: hub.endpoint, cacheDir, env: {} } });
  const manuscript = await writePapersManuscript(work, PAPERS);
  const client = await LspTestClient.start({ rootDir: manuscript.dir, settings: options.settings ?? {} });
  cleanup.push(() => client.stop());
  const uri = await client.open(manuscript.texPath);
  /** `selection`: ranked for those words of the paragraph (a query Semantic Scholar's cache has not answered yet); else for `scope`. */
  const rank = (selection?: string, scope: 'paragraph' | 'document' = 'paragraph') => client.connection.sendRequest(RelatedRankRequest.method, {
    uri, position: positionOf(manuscript.text, 'Pretrained language models'), client: { storageDir },
    ...(selection ? { scope: 'selection', selection: { start: positionOf(manuscript.text, selection), end: positionOf(manuscript.text, selection, selection.length) } } : { scope }),
  }) as Promise<RelatedRankResult>;
  return { client, cacheDir, storageDir, manuscript, uri, rank };
}

function noFailure(result: RelatedRankResult): void {
  assert.ok(!result.status.messages.some((m) => /failed|ENOENT/.test(m)), result.status.messages.join(' | '));
}

test('SPECTER2 deleted in Manage Models: the panel ranks again by BM25, says SPECTER2 was deleted, and "Download SPECTER2" ranks by it again', { timeout: 180_000 }, async () => {
  const { client, storageDir, manuscript, uri } = await serverFor('panel');
  const host: RelatedHost = {
    clientContext: async () => ({ storageDir }),
    applyEdit: async () => false,
    copy: async () => undefined,
    openLink: async () => false,
    askConsent: async () => false,
    setSemanticScholar: async () => undefined,
    pickWriteTarget: async () => undefined,
    askSpecter2Download: async () => true,
    withDownloadProgress: (_title, run) => run((_progress: RelatedSpecter2Progress) => undefined, new AbortController().signal),
  };
  const backend = new ServerRelatedBackend(relatedTransport(client), host);
  const sink = new PanelSink();
  const controller = new RelatedController(backend, sink.post);
  cleanup.push(async () => controller.dispose());
  backend.onRankingChanged(() => controller.rerank());
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(manuscript.text, 'Pretrained language models') };
  const bySpecter2 = (state: PanelState) => state.status.ranker === 'bm25+specter2';

  controller.attach(true);
  controller.editorChanged(editor);
  const first = sink.nextState(() => true);
  await controller.receive({ type: 'ready' });
  assert.equal((await first).status.specter2.state, 'missing');
  const ranked = sink.nextState(bySpecter2);
  await controller.receive({ type: 'downloadSpecter2' });
  await ranked;

  // Manage Models lists SPECTER2 as its three Hub parts, each of which can be deleted.
  const listed = await client.connection.sendRequest('sciwrite/downloadedModels', {}) as { repo: string }[];
  assert.deepEqual(listed.map((m) => m.repo), ['allenai/specter2', 'allenai/specter2_adhoc_query', 'allenai/specter2_base']);

  const rankedAgain = sink.nextState((state) => state.status.ranker === 'bm25');
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'allenai/specter2_base' });
  const after = await rankedAgain;
  const line = statusLines(after.status)[0];
  assert.equal(line.text, 'BM25 only: SPECTER2 not downloaded');
  assert.equal(line.action?.message, 'downloadSpecter2', 'the panel offers the download again');
  assert.ok(after.status.messages.includes(DELETED), after.status.messages.join(' | '));
  assert.ok(after.papers.length > 0, 'BM25 still ranks the library');

  const again = sink.nextState(bySpecter2);
  await controller.receive({ type: 'downloadSpecter2' });
  const back = await again;
  assert.ok(!back.status.messages.includes(DELETED), back.status.messages.join(' | '));
});

test('SPECTER2 deleted in Manage Models under a ranking: it ends by BM25 saying so when its embedder had not read the model, finishes with SPECTER2 when it had; a new download is used', { timeout: 180_000 }, async () => {
  const s2 = await heldSearches();
  cleanup.push(() => s2.close());
  const { client, storageDir, rank } = await serverFor('under-way', { downloaded: true, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });

  // The first ranking makes the embedder, which reads the files on its first call: it waits for Semantic Scholar before that.
  const unread = s2.hold();
  const under = rank();
  await unread.asked;
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'allenai/specter2_base' });
  unread.answer();
  const during = await under;
  assert.equal(during.status.ranker, 'bm25', during.status.messages.join(' | '));
  assert.equal(during.status.model, 'missing');
  assert.equal(during.status.deletedModel, undefined, 'SPECTER2 is offered by "Download SPECTER2", not "Download again"');
  assert.equal(during.status.messages[0], DELETED);
  noFailure(during);
  assert.ok(during.papers.length > 0, 'BM25 still ranks the library');
  assert.deepEqual((await rank()).status, during.status, 'as a ranking after the deletion');

  // Downloaded again (the same snapshots): rankings use it.
  const download = await client.connection.sendRequest(RelatedDownloadSpecter2Request.method, { client: { storageDir } }) as RelatedSpecter2DownloadResult;
  assert.equal(download.state, 'ready', download.message);
  const used = await rank();
  assert.equal(used.status.ranker, 'bm25+specter2', used.status.messages.join(' | '));

  // Its embedder has read the model: a ranking under way when it is deleted finishes with it.
  const read = s2.hold();
  const holding = rank('scientific text with transformer encoders');
  await read.asked;
  await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'allenai/specter2_base' });
  read.answer();
  const finished = await holding;
  assert.equal(finished.status.ranker, 'bm25+specter2', finished.status.messages.join(' | '));
  const next = await rank();
  assert.equal(next.status.ranker, 'bm25');
  assert.equal(next.status.messages[0], DELETED);
});

test('SPECTER2\'s folders removed on disk under a ranking: it ends by BM25 saying SPECTER2 was deleted, not with an ENOENT', { timeout: 180_000 }, async () => {
  const s2 = await heldSearches();
  cleanup.push(() => s2.close());
  const { cacheDir, rank } = await serverFor('on-disk', { downloaded: true, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });

  const held = s2.hold();
  const under = rank();
  await held.asked;
  await rm(repoDir(cacheDir, 'allenai/specter2'), { recursive: true, force: true });
  held.answer();
  const during = await under;
  assert.equal(during.status.ranker, 'bm25', during.status.messages.join(' | '));
  assert.equal(during.status.model, 'missing');
  assert.equal(during.status.messages[0], DELETED);
  noFailure(during);
  assert.deepEqual((await rank()).status, during.status, 'as a ranking after the removal');
});

test('The ad-hoc-query adapter alone deleted in Manage Models under a ranking: it finishes with SPECTER2 (a selection\'s query by the proximity adapter), as the next ranking does', { timeout: 180_000 }, async () => {
  const s2 = await heldSearches();
  cleanup.push(() => s2.close());
  const { client, storageDir, rank } = await serverFor('adhoc', { downloaded: true, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });
  // The document's query is the paragraph's: a selection asks Semantic Scholar what its cache has not answered.
  const rankings = { document: () => rank(undefined, 'document'), selection: () => rank('scientific text with transformer encoders') };

  for (const [scope, ranking] of Object.entries(rankings)) {
    // Its embedder has not read the model yet when the adapter goes.
    const held = s2.hold();
    const under = ranking();
    await held.asked;
    await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'allenai/specter2_adhoc_query' });
    held.answer();
    const during = await under;
    assert.equal(during.status.ranker, 'bm25+specter2', `${scope}: ${during.status.messages.join(' | ')}`);
    assert.equal(during.status.model, 'specter2');
    assert.ok(!during.status.messages.includes(DELETED), during.status.messages.join(' | '));
    noFailure(during);
    assert.deepEqual((await ranking()).status, during.status, `${scope}: as a ranking after the deletion`);
    // "Download SPECTER2" fetches the adapter again.
    const download = await client.connection.sendRequest(RelatedDownloadSpecter2Request.method, { client: { storageDir } }) as RelatedSpecter2DownloadResult;
    assert.equal(download.state, 'ready', download.message);
  }
});
