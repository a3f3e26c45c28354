// "Download SPECTER2" end to end: the panel's server backend (extension/client/related/server-backend.ts)
// with a recording host in place of VS Code, driving the real language server over JSON-RPC, which
// downloads from the Hub stand-in on 127.0.0.1 (test/helpers/hub-server.ts) serving the SPECTER2-style
// fixture (test/fixtures/hf/tiny-specter-adapter) as allenai/specter2_base + allenai/specter2, and an
// ad-hoc-query adapter derived from it as allenai/specter2_adhoc_query. Declining sends nothing; after
// the download the ranking is SPECTER2 + BM25 with similarities equal to the engine's own embeddings
// (and to the vectors transformers recorded); cancel, a truncated file and a missing repo leave no model
// found, BM25 working, and a message that says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RelatedDownloadSpecter2Request, RelatedRankRequest, RelatedSpecter2InfoRequest,
  type RelatedClientContext, type RelatedConsentInfo, type RelatedRankResult, type RelatedSpecter2DownloadResult,
  type RelatedSpecter2Info, type RelatedSpecter2Progress, type RequestDef, type WireWorkspaceEdit,
} from '../../extension/protocol/index.ts';
import { ServerRelatedBackend, type RelatedHost } from '../../extension/client/related/server-backend.ts';
import type { EditorContext } from '../../extension/client/related/backend.ts';
import { findSpecter2, Specter2Embedder } from '../../extension/analysis/related/specter2.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { dot, normalize } from '../../extension/core/related/cosine.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { startHubServer, type HubServer, withoutHubCredentials } from '../helpers/hub-server.ts';
import { makeAdhocAdapter, SPECTER2_FIXTURE as FIXTURE } from '../helpers/specter2-repos.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';

const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  papers: { title: string; abstract: string | null }[];
  cls_with_adapter: number[][];
};
let work: string;
let adhocFolder: string;
const cleanup: (() => Promise<void>)[] = [];

class RecordingHost implements RelatedHost {
  answer = true;
  /** Remembered like VS Code's host does: once agreed, not asked again. */
  agreed = false;
  asked: RelatedSpecter2Info[] = [];
  reports: RelatedSpecter2Progress[] = [];
  outcomes: [string, string][] = [];
  /** Called with each progress report and the download's abort controller (to cancel from the "notification"). */
  onReport?: (progress: RelatedSpecter2Progress, cancel: () => void) => void;

  constructor(private readonly storageDir: string) {}

  async clientContext(): Promise<RelatedClientContext> {
    return { storageDir: this.storageDir };
  }

  async applyEdit(_edit: WireWorkspaceEdit): Promise<boolean> {
    return true;
  }

  async copy(): Promise<void> {}

  async openLink(): Promise<boolean> {
    return true;
  }

  async askConsent(_info: RelatedConsentInfo): Promise<boolean> {
    return false;
  }

  async setSemanticScholar(): Promise<void> {}

  async askSpecter2Download(info: RelatedSpecter2Info): Promise<boolean> {
    if (this.agreed) return true;
    this.asked.push(info);
    this.agreed = this.answer;
    return this.answer;
  }

  async withDownloadProgress<T>(_title: string, run: (report: (progress: RelatedSpecter2Progress) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    return run((progress) => {
      this.reports.push(progress);
      this.onReport?.(progress, () => controller.abort());
    }, controller.signal);
  }

  showOutcome(kind: 'info' | 'error', message: string): void {
    this.outcomes.push([kind, message]);
  }
}

function call<P, R>(client: LspTestClient, def: RequestDef<P, R>, params: P): Promise<R> {
  return client.connection.sendRequest(def.method, params) as Promise<R>;
}

/** Starts a server whose model store talks to `hub` and caches under `cacheHome` (the child inherits this environment). */
async function serverFor(hub: HubServer, cacheHome: string, rootDir: string): Promise<LspTestClient> {
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = cacheHome;
  withoutHubCredentials();
  const client = await LspTestClient.start({ rootDir });
  cleanup.push(() => client.stop());
  return client;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-specter2-download-'));
  adhocFolder = join(work, 'adhoc');
  await makeAdhocAdapter(adhocFolder);
  // The engine's own built-model cache for the in-process reference embeddings.
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
});

after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

test('Download SPECTER2: declining sends nothing; agreeing downloads with progress, and the ranking is SPECTER2 + BM25 with the engine\'s similarities', { timeout: 180_000 }, async () => {
  const hub = await startHubServer({
    fixtures: false,
    repos: [
      { id: 'allenai/specter2_base', folder: join(FIXTURE, 'base') },
      { id: 'allenai/specter2', folder: join(FIXTURE, 'adapter') },
      { id: 'allenai/specter2_adhoc_query', folder: adhocFolder },
    ],
  });
  cleanup.push(() => hub.close());
  const { dir, texPath, text } = await writePapersManuscript(work, expected.papers);
  const storage = join(work, 'storage-ok');
  const client = await serverFor(hub, join(work, 'cache-ok'), dir);
  const host = new RecordingHost(storage);
  const backend = new ServerRelatedBackend(relatedTransport(client), host);
  const uri = await client.open(texPath);
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(text, 'Pretrained language models') };
  const rank = () => backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);

  const plain = await rank();
  assert.equal(plain.status.ranker, 'bm25');
  assert.deepEqual(plain.status.specter2, { state: 'missing', downloadSize: '448 MB' }, 'the button says how much it downloads');

  host.answer = false;
  const declined = await backend.downloadSpecter2();
  assert.match(declined.notice ?? '', /not downloaded.*BM25/);
  assert.equal(host.asked.length, 1);
  const info = host.asked[0];
  assert.equal(info.installed, false);
  assert.equal(info.endpoint, hub.endpoint);
  assert.deepEqual(info.parts.map((p) => p.repo), ['allenai/specter2_base', 'allenai/specter2', 'allenai/specter2_adhoc_query']);
  for (const part of info.parts) assert.ok(info.text.includes(part.repo), `the prompt names ${part.repo}`);
  assert.ok(info.text.includes(hub.endpoint), 'the prompt names the HF_ENDPOINT mirror');
  assert.match(info.text, /about \d+ MB in all/);
  assert.match(info.text, /nothing from your manuscripts is sent/);
  assert.equal(hub.requests.length, 0, 'asking and declining requested nothing from the Hub');
  assert.equal(existsSync(join(storage, 'related', 'specter2')), false);

  host.answer = true;
  const done = await backend.downloadSpecter2();
  assert.equal(done.rerank, true);
  assert.match(done.notice ?? '', /SPECTER2 is downloaded .*allenai\/specter2_base@[0-9a-f]{7}/);
  assert.deepEqual(host.outcomes.map(([kind]) => kind), ['info']);
  assert.ok(hub.requests.length > 0, 'the files came from the stand-in');

  // Files land in the model store's cache, pinned to the served commits; the related folder holds the pointer.
  const pointer = JSON.parse(readFileSync(join(storage, 'related', 'specter2', 'specter2.json'), 'utf8')) as Record<'base' | 'proximity' | 'adhocQuery', { repo: string; commit: string; folder: string }>;
  for (const part of ['base', 'proximity', 'adhocQuery'] as const) {
    assert.equal(pointer[part].commit, hub.repos.get(pointer[part].repo)?.commit, part);
    assert.ok(pointer[part].folder.startsWith(join(work, 'cache-ok', 'sciwrite', 'hub')), pointer[part].folder);
  }
  const location = findSpecter2(join(storage, 'related', 'specter2'));
  assert.ok(location, 'findSpecter2 finds the download');
  for (const [folder, source] of [[location.base, join(FIXTURE, 'base')], [location.proximity, join(FIXTURE, 'adapter')], [location.adhocQuery ?? '', adhocFolder]]) {
    for (const file of filesUnder(folder)) {
      assert.deepEqual(readFileSync(file), readFileSync(join(source, file.slice(folder.length + 1))), file);
    }
  }

  // Progress: never backwards, ending at every byte of the files fetched.
  assert.ok(host.reports.length > 0, 'progress was reported');
  assert.ok(host.reports.every((p, i) => i === 0 || p.bytes >= host.reports[i - 1].bytes), 'progress never goes back');
  const fetched = [location.base, location.proximity, location.adhocQuery ?? ''].flatMap(filesUnder).reduce((sum, f) => sum + statSync(f).size, 0);
  assert.equal(host.reports.at(-1)?.bytes, fetched);
  assert.equal(host.reports.at(-1)?.total, fetched);

  // Without a reload, the panel now ranks with SPECTER2 and says so.
  const ranked = await rank();
  assert.equal(ranked.status.ranker, 'bm25+specter2');
  assert.deepEqual(ranked.status.specter2, { state: 'ready' });
  assert.ok(ranked.status.messages.includes('Ranked by SPECTER2 similarity and shared terms (BM25).'), ranked.status.messages.join(' | '));

  // The similarities are the engine's: the query through the ad-hoc-query adapter, the papers through
  // the proximity adapter (which transformers recorded in expected.json).
  const wire = await call<unknown, RelatedRankResult>(client, RelatedRankRequest, { uri, position: editor.position, scope: 'paragraph', client: { storageDir: storage } });
  const engine = new Specter2Embedder({ base: join(FIXTURE, 'base'), proximity: join(FIXTURE, 'adapter'), adhocQuery: adhocFolder }, { cache: false });
  const proximityOnly = new Specter2Embedder({ base: join(FIXTURE, 'base'), proximity: join(FIXTURE, 'adapter') }, { cache: false });
  try {
    const local = await findRelated({ workspace: createWorkspace(), embedder: engine }, { file: texPath, line: editor.position.line, character: editor.position.character, scope: 'paragraph' });
    const query = await engine.embedQuery(local.query, 'paragraph');
    const proximityQuery = await proximityOnly.embedQuery(local.query, 'paragraph');
    assert.equal(wire.papers.length, expected.papers.length);
    let adapterShows = false;
    for (const paper of wire.papers) {
      const i = Number(/^paper(\d)$/.exec(paper.key ?? '')?.[1]);
      assert.ok(Number.isInteger(i), `a library paper: ${paper.key}`);
      const recorded = dot(query, normalize(expected.cls_with_adapter[i]));
      assert.ok(paper.similarity !== undefined && Math.abs(paper.similarity - recorded) < 1e-4, `${paper.key}: similarity ${paper.similarity} vs ${recorded}`);
      const same = local.papers.find((p) => p.key === paper.key);
      assert.ok(same?.similarity !== undefined && Math.abs(same.similarity - paper.similarity) < 1e-5, `${paper.key}: same as in-process`);
      if (Math.abs(dot(proximityQuery, normalize(expected.cls_with_adapter[i])) - paper.similarity) > 1e-3) adapterShows = true;
    }
    assert.ok(adapterShows, 'the query went through the ad-hoc-query adapter, not the proximity one');
  } finally {
    await engine.release();
    await proximityOnly.release();
  }

  // A second click: nothing to download, nothing asked.
  const again = await backend.downloadSpecter2();
  assert.match(again.notice ?? '', /downloaded already/);
  assert.equal(host.asked.length, 2, 'asked twice: declined, then agreed; the installed model is not asked about');
});

test('cancel, a truncated file and a missing repo: no model is found, BM25 keeps working, the message says why', { timeout: 180_000 }, async () => {
  // The mirror lacks the ad-hoc-query adapter.
  const hub = await startHubServer({
    fixtures: false,
    repos: [
      { id: 'allenai/specter2_base', folder: join(FIXTURE, 'base') },
      { id: 'allenai/specter2', folder: join(FIXTURE, 'adapter') },
    ],
  });
  cleanup.push(() => hub.close());
  const { dir, texPath, text } = await writePapersManuscript(work, expected.papers);
  const storage = join(work, 'storage-faults');
  const folder = join(storage, 'related', 'specter2');
  const client = await serverFor(hub, join(work, 'cache-faults'), dir);
  const host = new RecordingHost(storage);
  const backend = new ServerRelatedBackend(relatedTransport(client), host);
  const uri = await client.open(texPath);
  const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(text, 'Pretrained language models') };
  const stillBm25 = async (): Promise<void> => {
    assert.equal(findSpecter2(folder), undefined, 'no model is found');
    const result = await call<unknown, RelatedRankResult>(client, RelatedRankRequest, { uri, position: editor.position, scope: 'paragraph', client: { storageDir: storage } });
    assert.equal(result.status.ranker, 'bm25');
    assert.equal(result.status.model, 'missing');
    assert.equal(result.papers.length, expected.papers.length);
  };

  // Cancel from the progress notification while the base model's weights stall half-way.
  const weights = hub.repos.get('allenai/specter2_base')?.files.get('model.safetensors');
  assert.ok(weights, 'the weights are downloaded');
  hub.addFault({ server: 'cdn', method: 'GET', path: `/cdn/${weights.sha256}`, stallAfter: Math.floor(weights.bytes.length / 3) });
  host.onReport = (progress, cancel) => {
    if (progress.file === 'model.safetensors' && progress.bytes > 0) cancel();
  };
  const cancelled = await backend.downloadSpecter2();
  host.onReport = undefined;
  assert.match(cancelled.notice ?? '', /cancelled.*BM25/);
  assert.deepEqual(host.outcomes, [], 'a cancel the user asked for needs no message box');
  await stillBm25();

  // A file whose connection keeps breaking off (more often than the store resumes): truncated, named with the file.
  const adapterBin = hub.repos.get('allenai/specter2')?.files.get('pytorch_adapter.bin');
  assert.ok(adapterBin, 'the adapter is downloaded');
  hub.addFault({ server: 'cdn', method: 'GET', path: `/cdn/${adapterBin.sha256}`, cutAfter: Math.floor(adapterBin.bytes.length / 12), times: 20 });
  const truncated = await call<unknown, RelatedSpecter2DownloadResult>(client, RelatedDownloadSpecter2Request, { client: { storageDir: storage } });
  assert.equal(truncated.state, 'failed');
  assert.ok(truncated.state === 'failed' && truncated.code === 'truncated', JSON.stringify(truncated));
  assert.match(truncated.message, /^SPECTER2 could not be downloaded\. .*pytorch_adapter\.bin kept breaking off.* Related work stays ranked by shared terms \(BM25\)\.$/);
  assert.equal(existsSync(join(folder, 'specter2.json')), false, 'no pointer to a half-finished download');
  await stillBm25();
  hub.clearFaults();

  // The mirror has no allenai/specter2_adhoc_query: the base and proximity adapter complete, and still no model.
  const missing = await backend.downloadSpecter2();
  assert.match(missing.notice ?? '', /^SPECTER2 could not be downloaded\. .*allenai\/specter2_adhoc_query was not found/);
  assert.equal(host.outcomes.at(-1)?.[0], 'error');
  assert.equal(existsSync(join(folder, 'specter2.json')), false);
  await stillBm25();
  // The panel offers to retry, with the reason.
  const panel = await backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);
  assert.equal(panel.status.ranker, 'bm25');
  assert.equal(panel.status.specter2.state, 'failed');
  assert.match(panel.status.specter2.state === 'failed' ? panel.status.specter2.message : '', /^The model allenai\/specter2_adhoc_query was not found/);
  assert.equal(host.asked.length, 1, 'consent was asked once (the host remembers it), then retries only downloaded');

  const info = await call<unknown, RelatedSpecter2Info>(client, RelatedSpecter2InfoRequest, { client: { storageDir: storage } });
  assert.equal(info.installed, false);
});
