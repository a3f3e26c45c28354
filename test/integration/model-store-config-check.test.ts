// A Hub model that can never load is refused once its config.json is in, before its weights are
// downloaded: an architecture the graph builder cannot read, a broken config.json, a head that is
// not the caller's task; one without a tokenizer is refused from its file list, before any download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModel } from '../../extension/inference/runtime/open.ts';
import { ConfigError } from '../../extension/inference/onnx/config.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { listDownloadedModels } from '../../extension/analysis/editor/downloaded-models.ts';
import { startHubServer, FIXTURES_HF, type HubServer } from '../helpers/hub-server.ts';

let hub: HubServer;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-store-config-'));
  const deberta = join(work, 'deberta');
  await cp(join(FIXTURES_HF, 'tiny-bert-ner'), deberta, { recursive: true });
  const config = JSON.parse(await readFile(join(deberta, 'config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(deberta, 'config.json'), JSON.stringify({ ...config, model_type: 'deberta-v2' }));
  const broken = join(work, 'broken');
  await cp(join(FIXTURES_HF, 'tiny-bert-ner'), broken, { recursive: true });
  await writeFile(join(broken, 'config.json'), '{"architectures": [');
  const untokenized = join(work, 'untokenized');
  await cp(join(FIXTURES_HF, 'tiny-bert-ner'), untokenized, { recursive: true });
  await rm(join(untokenized, 'tokenizer.json'));
  await rm(join(untokenized, 'vocab.txt'));
  await writeFile(join(untokenized, 'vocab.json'), '{}'); // BPE without its merges.txt: no tokenizer either
  hub = await startHubServer({ repos: [
    { id: 'someone/deberta', folder: deberta }, { id: 'someone/broken', folder: broken }, { id: 'someone/untokenized', folder: untokenized },
  ] });
});

after(async () => {
  await hub.close();
  await rm(work, { recursive: true, force: true });
});

const store = async () => ({ endpoint: hub.endpoint, cacheDir: await mkdtemp(join(work, 'cache-')), env: {} });

function refusedBeforeWeights(pattern: RegExp, from: number) {
  return (e: Error): boolean => {
    assert.ok(e instanceof ConfigError, `${e.name}: ${e.message}`);
    assert.match(e.message, pattern);
    assert.equal(hub.requests.slice(from).filter((r) => r.server === 'cdn').length, 0, 'no weights downloaded');
    return true;
  };
}

test('an unsupported model_type and a broken config.json are refused before the weights', async () => {
  let from = hub.requests.length;
  await assert.rejects(openModel('someone/deberta', { store: await store(), cache: false }), refusedBeforeWeights(/model_type "deberta-v2" is not supported/, from));
  from = hub.requests.length;
  await assert.rejects(openModel('someone/broken', { store: await store(), cache: false }), refusedBeforeWeights(/^config\.json: Unexpected end of JSON input/, from));
});

test('a checkpoint whose head is not the task asked for is refused before the weights; the right one loads', async () => {
  const from = hub.requests.length;
  await assert.rejects(openModel('sciwrite-test/tiny-bert-cite', { store: await store(), cache: false, task: 'token-classification' }),
    refusedBeforeWeights(/tiny-bert-cite is not a token-classification model \(its head: sequence-classification\)/, from));
  const options = { store: await store(), cache: false as const, task: 'token-classification' as const };
  const model = await openModel('sciwrite-test/tiny-bert-ner', options);
  assert.equal(model.task, 'token-classification');
  await model.release();
  // Cached now: checked all the same.
  await assert.rejects(openModel('sciwrite-test/tiny-bert-ner', { ...options, task: 'sequence-classification' }), /is not a sequence-classification model/);
  // An explicit head serves any checkpoint.
  const embedder = await openModel('sciwrite-test/tiny-bert-cite', { store: await store(), cache: false, head: 'embedding', task: 'embedding' });
  assert.equal(embedder.task, 'embedding');
  await embedder.release();
});

test('a repo without tokenizer files is refused by its id before anything is downloaded, and not listed as downloaded', async () => {
  const options = await store();
  const from = hub.requests.length;
  await assert.rejects(openModel('someone/untokenized', { store: options, cache: false }), (e: Error) => {
    assert.ok(e instanceof ModelStoreError && e.code === 'file-not-found', `${e.name}: ${e.message}`);
    assert.equal(e.message, 'The model someone/untokenized has no tokenizer this extension can read at revision "main" (it needs tokenizer.json, or vocab.txt, or vocab.json with merges.txt); nothing was downloaded.');
    return true;
  });
  assert.deepEqual(hub.requests.slice(from).filter((r) => r.method === 'GET'), [], 'no file downloaded');
  assert.deepEqual(await listDownloadedModels(options.cacheDir, hub.endpoint), []);
});
