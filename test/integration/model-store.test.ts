import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { loadStateDict, loadCheckpointFile } from '../../extension/inference/checkpoint/load.ts';
import { writeSafetensors } from '../../extension/inference/checkpoint/safetensors-write.ts';
import { startHubServer, FIXTURES_HF, type HubServer } from '../helpers/hub-server.ts';

let hub: HubServer;
let shardedFolder: string;
const cleanup: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-store-'));
  cleanup.push(dir);
  return dir;
}

before(async () => {
  // A sharded repo built from tiny-bert-cite, with a pytorch_model.bin that must not be fetched.
  shardedFolder = await tempDir();
  const dict = await loadCheckpointFile(join(FIXTURES_HF, 'tiny-bert-cite', 'model.safetensors'));
  const names = [...dict.keys()];
  const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const half = Math.ceil(names.length / 2);
  await writeFile(join(shardedFolder, shards[0]), writeSafetensors(names.slice(0, half).map((n) => dict.get(n)!)));
  await writeFile(join(shardedFolder, shards[1]), writeSafetensors(names.slice(half).map((n) => dict.get(n)!)));
  await writeFile(join(shardedFolder, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: Object.fromEntries(names.map((n, i) => [n, shards[i < half ? 0 : 1]])) }));
  for (const f of ['config.json', 'vocab.txt', 'tokenizer_config.json', 'pytorch_model.bin']) await copyFile(join(FIXTURES_HF, 'tiny-bert-cite', f), join(shardedFolder, f));
  hub = await startHubServer({
    repos: [
      { id: 'sciwrite-test/sharded', folder: shardedFolder, revisions: ['refs/pr/1', 'v1.0'] },
      { id: 'someone/private-ner', folder: join(FIXTURES_HF, 'tiny-bert-ner'), token: 'hf_secret' },
    ],
  });
});

after(async () => {
  await hub.close();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const MODELS: [string, string[]][] = [
  ['tiny-bert-ner', ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors']],
  ['tiny-bert-cite', ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors']],
  ['tiny-roberta-ner', ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.json', 'merges.txt', 'model.safetensors']],
  ['tiny-bert-ner-vocabonly', ['config.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'pytorch_model.bin']],
  ['tiny-specter-adapter/base', ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors']],
];

for (const [fixture, expectedFiles] of MODELS) {
  test(`${fixture}: downloads exactly the files the model needs, pinned to the commit`, async () => {
    const cacheDir = await tempDir();
    const repo = `sciwrite-test/${fixture.replace('/', '-')}`;
    const progress: number[] = [];
    const resolved = await resolveModel({ repo }, { endpoint: hub.endpoint, cacheDir, env: {}, onProgress: (p) => progress.push(p.bytes) });
    assert.equal(resolved.source, 'hub');
    assert.equal(resolved.commit, hub.repos.get(repo)!.commit);
    assert.equal(resolved.revision, 'main');
    assert.deepEqual([...resolved.files].sort(), [...expectedFiles].sort());
    assert.deepEqual((await readdir(resolved.folder)).sort(), [...expectedFiles].sort(), 'no stray .part or extra files');
    for (const f of expectedFiles) assert.equal(sha256(join(resolved.folder, f)), sha256(join(FIXTURES_HF, fixture, f)), f);
    const total = expectedFiles.reduce((s, f) => s + readFileSync(join(FIXTURES_HF, fixture, f)).length, 0);
    assert.equal(progress.at(-1), total);
    assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]), 'progress never goes back');
    const loaded = await loadStateDict(resolved.folder);
    assert.ok(loaded.size > 30, 'more than 30 tensors loaded');
  });
}

test('LFS files come from the CDN origin without the token; small files through the relative redirect', async () => {
  const cacheDir = await tempDir();
  const from = hub.requests.length;
  await resolveModel({ repo: 'someone/private-ner' }, { endpoint: hub.endpoint, cacheDir, token: 'hf_secret', env: {} });
  const requests = hub.requests.slice(from);
  const cdnGets = requests.filter((r) => r.server === 'cdn');
  assert.equal(cdnGets.length, 1, 'one download of model.safetensors');
  assert.equal(cdnGets[0].method, 'GET');
  assert.equal(cdnGets[0].headers.authorization, undefined, 'the token never goes to another origin');
  const hubRequests = requests.filter((r) => r.server === 'hub');
  assert.ok(hubRequests.every((r) => r.headers.authorization === 'Bearer hf_secret'), 'every Hub request carries the token');
  assert.ok(hubRequests.some((r) => r.path.startsWith('/api/resolve-cache/models/someone/private-ner/') && r.method === 'GET'), 'the private repo is resolved through the cache API');
  assert.ok(!requests.some((r) => r.method === 'GET' && r.path.includes('pytorch_model')), 'safetensors present: the .bin is not downloaded');
  const resolveGets = requests.filter((r) => r.method === 'GET' && r.path.includes('/resolve/')).map((r) => r.path.replace(/.*\//, ''));
  assert.deepEqual(resolveGets.sort(), ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
});

test('a second resolve uses the cache: one HEAD to pin the revision, then nothing; a commit needs no request', async () => {
  const cacheDir = await tempDir();
  const first = await resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const from = hub.requests.length;
  const second = await resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  assert.equal(second.source, 'cache');
  assert.equal(second.folder, first.folder);
  const made = hub.requests.slice(from);
  assert.deepEqual(made.map((r) => r.method), ['HEAD', 'HEAD'], 'HEAD config.json and its relative redirect');
  const byCommit = await resolveModel({ repo: 'sciwrite-test/tiny-bert-cite', revision: first.commit }, { endpoint: hub.endpoint, cacheDir, env: {} });
  assert.equal(byCommit.folder, first.folder);
  assert.equal(hub.requests.length, from + 2);
});

test('offline mode serves a cached revision without any request, and names what is missing otherwise', async () => {
  const cacheDir = await tempDir();
  const online = await resolveModel({ repo: 'sciwrite-test/tiny-roberta-ner', revision: 'main' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const from = hub.requests.length;
  const offline = await resolveModel({ repo: 'sciwrite-test/tiny-roberta-ner' }, { endpoint: hub.endpoint, cacheDir, env: { HF_HUB_OFFLINE: '1' } });
  assert.equal(offline.source, 'cache');
  assert.equal(offline.commit, online.commit);
  assert.deepEqual(offline.files, online.files);
  assert.equal(hub.requests.length, from);
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-bert-ner' }, { cacheDir, offline: true, env: {} }),
    (e: Error) => e instanceof ModelStoreError && e.code === 'offline' && /tiny-bert-ner is not in the model cache/.test(e.message));
  // An adapter resolve of the same repo is a different file set: not served from the model's cache.
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-roberta-ner', kind: 'adapter' }, { cacheDir, offline: true, env: {} }), /not in the model cache/);
  // A deleted file invalidates the snapshot.
  await rm(join(online.folder, 'merges.txt'));
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-roberta-ner' }, { cacheDir, offline: true, env: {} }), /not in the model cache/);
});

test('an unreachable Hub falls back to a complete cached snapshot, else says it cannot connect', async () => {
  const cacheDir = await tempDir();
  await resolveModel({ repo: 'sciwrite-test/tiny-bert-embed' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  const closed = await startHubServer({ fixtures: false });
  const deadEndpoint = closed.endpoint;
  await closed.close();
  const cached = await resolveModel({ repo: 'sciwrite-test/tiny-bert-embed' }, { endpoint: deadEndpoint, cacheDir, env: {} });
  assert.equal(cached.source, 'cache');
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: deadEndpoint, cacheDir, env: {} }),
    (e: Error) => e instanceof ModelStoreError && e.code === 'network' && /Cannot reach http:\/\/127\.0\.0\.1:\d+/.test(e.message));
});

test('a Hub that does not answer falls back to the cache after the metadata timeout', async () => {
  const cacheDir = await tempDir();
  await resolveModel({ repo: 'sciwrite-test/tiny-bert-embed' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  hub.addFault({ method: 'HEAD', path: '/resolve/', hang: true, times: 2 });
  const cached = await resolveModel({ repo: 'sciwrite-test/tiny-bert-embed' }, { endpoint: hub.endpoint, cacheDir, env: {}, metadataTimeoutMs: 300 });
  assert.equal(cached.source, 'cache');
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: hub.endpoint, cacheDir, env: {}, metadataTimeoutMs: 300 }),
    (e: Error) => e instanceof ModelStoreError && e.code === 'network' && /did not answer within 0\.3 s/.test(e.message));
  hub.clearFaults();
});

test('sharded safetensors: the index and every shard are fetched, the .bin is not', async () => {
  const cacheDir = await tempDir();
  const resolved = await resolveModel({ repo: 'sciwrite-test/sharded' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  assert.deepEqual([...resolved.files].sort(), ['config.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json', 'tokenizer_config.json', 'vocab.txt']);
  const loaded = await loadStateDict(resolved.folder);
  const reference = await loadCheckpointFile(join(FIXTURES_HF, 'tiny-bert-cite', 'model.safetensors'));
  assert.deepEqual([...loaded.keys()].sort(), [...reference.keys()].sort());
  for (const [k, t] of reference) assert.deepEqual(loaded.get(k)!.data, t.data);
});

test('branches and refs/pr/N revisions are URL-encoded and pinned to the commit', async () => {
  const cacheDir = await tempDir();
  const from = hub.requests.length;
  const resolved = await resolveModel({ repo: 'sciwrite-test/sharded', revision: 'refs/pr/1' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  assert.equal(resolved.commit, hub.repos.get('sciwrite-test/sharded')!.commit);
  const paths = hub.requests.slice(from).filter((r) => r.server === 'hub' && r.path.includes('/resolve/')).map((r) => r.path);
  assert.equal(paths[0], '/sciwrite-test/sharded/resolve/refs%2Fpr%2F1/config.json');
  assert.ok(paths.slice(1).every((p) => p.includes(`/resolve/${resolved.commit}/`)), 'every later file at the pinned commit');
  const offline = await resolveModel({ repo: 'sciwrite-test/sharded', revision: 'refs/pr/1' }, { cacheDir, offline: true, env: {} });
  assert.equal(offline.commit, resolved.commit);
});

test('an adapters-library repo resolves to adapter_config.json and pytorch_adapter.bin', async () => {
  const cacheDir = await tempDir();
  const resolved = await resolveModel({ repo: 'sciwrite-test/tiny-specter-adapter-adapter', kind: 'adapter' }, { endpoint: hub.endpoint, cacheDir, env: {} });
  assert.deepEqual(resolved.files, ['adapter_config.json', 'pytorch_adapter.bin']);
  const adapter = await loadCheckpointFile(join(resolved.folder, 'pytorch_adapter.bin'));
  assert.ok([...adapter.keys()].every((k) => k.includes('adapters.')), 'only adapter tensors');
  await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-specter-adapter-adapter' }, { endpoint: hub.endpoint, cacheDir, env: {} }),
    (e: Error) => e instanceof ModelStoreError && e.code === 'file-not-found' && /no file config\.json/.test(e.message));
});

test('HF_ENDPOINT and HF_TOKEN come from the environment when no option is given', async () => {
  const cacheDir = await tempDir();
  const resolved = await resolveModel({ repo: 'someone/private-ner' }, { cacheDir, env: { HF_ENDPOINT: `${hub.endpoint}/`, HF_TOKEN: 'hf_secret' } });
  assert.equal(resolved.source, 'hub');
});

test('a local folder is used in place, with the files the model needs', async () => {
  const resolved = await resolveModel({ folder: join(FIXTURES_HF, 'tiny-bert-ner-vocabonly') });
  assert.equal(resolved.source, 'folder');
  assert.equal(resolved.folder, join(FIXTURES_HF, 'tiny-bert-ner-vocabonly'));
  assert.deepEqual([...resolved.files].sort(), ['config.json', 'pytorch_model.bin', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.txt']);
  const adapter = await resolveModel({ folder: join(FIXTURES_HF, 'tiny-specter-adapter/adapter'), kind: 'adapter' });
  assert.deepEqual(adapter.files, ['adapter_config.json', 'pytorch_adapter.bin']);
  await assert.rejects(resolveModel({ folder: join(FIXTURES_HF, 'no-such-model') }), /does not exist/);
  const empty = await tempDir();
  await mkdir(join(empty, 'm'));
  await writeFile(join(empty, 'm', 'config.json'), '{}');
  await assert.rejects(resolveModel({ folder: join(empty, 'm') }), /has no weights/);
  await assert.rejects(resolveModel({ folder: join(FIXTURES_HF, 'tiny-specter-adapter/adapter') }), /no config\.json/);
});

test('malformed repo ids are refused before any request', async () => {
  for (const repo of ['../etc', 'a/b/c', '', 'org/..', 'org/name.git']) {
    await assert.rejects(resolveModel({ repo }, { endpoint: hub.endpoint, cacheDir: tmpdir(), env: {} }), (e: Error) => e instanceof ModelStoreError && e.code === 'invalid-spec');
  }
  assert.ok(!existsSync(join(tmpdir(), 'models--..--etc')), 'nothing written outside the cache');
});
