// The model store when things go wrong after the first download: a Hub that is down or is not the
// Hub, stalled and refused downloads, retries, locks left by other processes, a cache that cannot
// be written, a damaged cached file.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { repoDir } from '../../extension/inference/store/cache.ts';
import type { ResolveOptions } from '../../extension/inference/store/types.ts';
import { isStoreError, sameAsFixture, TempDirs, weightsPath as weightsIn } from '../helpers/model-store-support.ts';
import { startHubServer, FIXTURES_HF, type HubFault, type HubServer } from '../helpers/hub-server.ts';

const REPO = 'sciwrite-test/tiny-bert-ner';
const TAGGED = 'someone/tagged-ner';
let hub: HubServer;
const dirs = new TempDirs();
const tempDir = () => dirs.make();


before(async () => {
  hub = await startHubServer({ repos: [{ id: TAGGED, folder: join(FIXTURES_HF, 'tiny-bert-ner'), revisions: ['v1.0'] }] });
});
beforeEach(() => hub.clearFaults());
after(async () => {
  await hub.close();
  await dirs.removeAll();
});


const weightsPath = (cacheDir: string): string => weightsIn(hub, cacheDir, REPO);


const opts = async (extra: Partial<ResolveOptions> = {}) => ({ endpoint: hub.endpoint, cacheDir: await tempDir(), env: {}, ...extra });

function cdnGets(from: number) {
  return hub.requests.slice(from).filter((r) => r.server === 'cdn' && r.method === 'GET');
}

/** Waits for a state (checked every few milliseconds), not for a fixed time. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

test('a cached model serves when the Hub answers 5xx, 429 or a page that is not the Hub\'s; 401/403/404 are still said', async () => {
  const options = await opts();
  const first = await resolveModel({ repo: REPO }, options);
  const answers: HubFault['respond'][] = [
    { status: 503 },
    { status: 500, headers: { 'x-error-message': 'internal error' } },
    { status: 429, headers: { 'retry-after': '30' } },
    { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' },
  ];
  for (const respond of answers) {
    hub.clearFaults();
    hub.addFault({ method: 'HEAD', path: 'config.json', respond, times: 5 });
    const cached = await resolveModel({ repo: REPO }, options);
    assert.equal(cached.source, 'cache', String(respond?.status));
    assert.equal(cached.folder, first.folder);
  }
  hub.clearFaults();
  hub.addFault({ method: 'HEAD', path: 'config.json', respond: { status: 404, headers: { 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' } } });
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('repo-not-found', /no model/));
  hub.addFault({ method: 'HEAD', path: 'config.json', respond: { status: 403, headers: { 'x-error-code': 'GatedRepo', 'x-error-message': 'restricted' } } });
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('forbidden', /gated/));
});

test('a download that stalls, or whose server sends no headers, is resumed after the idle timeout', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', stallAfter: 1000 });
  hub.addFault({ server: 'cdn', method: 'GET', hang: true });
  const from = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, await opts({ downloadTimeoutMs: 200 }));
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  // The hang applies first (no headers), then the stall (1000 bytes), then the resume.
  assert.deepEqual(cdnGets(from).map((r) => r.headers.range), [undefined, undefined, 'bytes=1000-']);
});

test('a download that stalls every time fails as truncated, and keeps its part', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', stallAfter: 1000, times: 3 });
  const options = await opts({ downloadTimeoutMs: 100, maxResumes: 2 });
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('truncated', /model\.safetensors kept breaking off or stalling/));
  assert.equal(statSync(`${weightsPath(options.cacheDir)}.part`).size, 3000);
});

test('429 and 503 with a short Retry-After, and plain 5xx, are retried and said; a long wait or other 4xx is not', async () => {
  const notes: string[] = [];
  const onProgress = (p: { note?: string }): void => { if (p.note) notes.push(p.note); };
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 429, headers: { 'retry-after': '0' } } });
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 503, headers: { 'retry-after': '0' } } });
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 502 } });
  let from = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, await opts({ retryDelayMs: 0, onProgress }));
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  assert.equal(cdnGets(from).length, 4);
  assert.deepEqual(notes, [
    'model.safetensors: the server answered 429; trying again in 0 s (retry 1 of 3).',
    'model.safetensors: the server answered 503; trying again in 0 s (retry 2 of 3).',
    'model.safetensors: the server answered 502; trying again in 0 s (retry 3 of 3).',
  ]);

  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 503, headers: { 'retry-after': '0' } }, times: 10 });
  from = hub.requests.length;
  await assert.rejects(resolveModel({ repo: REPO }, await opts()), isStoreError('server-error', /503 for model\.safetensors/));
  assert.equal(cdnGets(from).length, 4, 'three retries');

  hub.clearFaults();
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 503, headers: { 'retry-after': '120' } } });
  from = hub.requests.length;
  await assert.rejects(resolveModel({ repo: REPO }, await opts()), isStoreError('server-error', /try again in 120 s/));
  assert.equal(cdnGets(from).length, 1);

  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 404 } });
  from = hub.requests.length;
  await assert.rejects(resolveModel({ repo: REPO }, await opts({ retryDelayMs: 0 })), isStoreError('file-not-found', /model\.safetensors/));
  assert.equal(cdnGets(from).length, 1, '404 is not retried');
});

test('a download link the CDN refuses (expired) is asked for again; refused twice, the link is named, not the repo', async () => {
  const expired = { status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' };
  hub.addFault({ server: 'cdn', method: 'GET', respond: expired });
  let from = hub.requests.length;
  sameAsFixture(join((await resolveModel({ repo: REPO }, await opts())).folder, 'model.safetensors'));
  const redirects = (start: number) => hub.requests.slice(start).filter((r) => r.server === 'hub' && r.method === 'GET' && r.path.endsWith('/model.safetensors'));
  assert.equal(redirects(from).length, 2, 'a fresh redirect from the Hub');

  hub.addFault({ server: 'cdn', method: 'GET', respond: expired, times: 2 });
  from = hub.requests.length;
  await assert.rejects(resolveModel({ repo: REPO }, await opts()), (e: Error) => {
    isStoreError('forbidden', /download link for model\.safetensors was refused \(403 from 127\.0\.0\.1:\d+: Request has expired\), although the Hub granted access/)(e);
    assert.doesNotMatch(e.message, /Access to/);
    return true;
  });
  assert.equal(redirects(from).length, 2);
});

test('a lock whose owner stopped refreshing it is taken over at once, even when its pid is alive', async () => {
  const options = await opts();
  const lock = `${weightsPath(options.cacheDir)}.lock`;
  await mkdir(join(lock, '..'), { recursive: true });
  const unrelated = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    await writeFile(lock, String(unrelated.pid));
    const old = new Date(Date.now() - 3600_000);
    await utimes(lock, old, old);
    sameAsFixture(join((await resolveModel({ repo: REPO }, options)).folder, 'model.safetensors'));
    assert.ok(!existsSync(lock), 'no lock file left');
  } finally {
    unrelated.kill();
    await once(unrelated, 'exit');
  }
});

test('an owner that stalled and lost its lock to another process neither writes into that process\'s file nor replaces it: it uses it', async () => {
  const options = await opts({ lockStaleMs: 60_000 });
  const target = weightsPath(options.cacheDir);
  let release!: () => void;
  hub.addFault({ server: 'cdn', method: 'GET', holdUntil: new Promise<void>((done) => { release = done; }) });
  const arrived = new Promise<void>((done) => hub.onRequest((r) => { if (r.server === 'cdn') done(); }));
  const from = hub.requests.length;
  const resolving = resolveModel({ repo: REPO }, options);
  await arrived;
  const old = new Date(0);
  await utimes(`${target}.lock`, old, old); // what a stall past lockStaleMs leaves
  const module = fileURLToPath(new URL('../../extension/inference/store/resolve-model.ts', import.meta.url));
  const script = `
    const { resolveModel } = await import(${JSON.stringify(module)});
    await resolveModel({ repo: ${JSON.stringify(REPO)} }, ${JSON.stringify(options)});
  `;
  const other = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
  const [code] = await once(other, 'exit');
  assert.equal(code, 0, 'the other process downloaded the model');
  const placed = statSync(target);
  release();
  assert.equal((await resolving).source, 'hub');
  assert.equal(cdnGets(from).length, 2, 'the weights were downloaded once by each process, not again');
  const now = statSync(target);
  assert.deepEqual([now.ino, now.size, now.mtimeMs], [placed.ino, placed.size, placed.mtimeMs], 'the file the other process placed was left as it was');
  sameAsFixture(target);
  assert.ok(!existsSync(`${target}.part`) && !existsSync(`${target}.lock`), 'no part or lock file left');
});

test('a cached model serves when every download of a newer commit is reset before its headers, with the reset said otherwise', async () => {
  const options = await opts({ retryDelayMs: 0 });
  const first = await resolveModel({ repo: REPO }, options);
  const moved = await startHubServer({ repos: [{ id: REPO, folder: join(FIXTURES_HF, 'tiny-roberta-ner') }] }); // 'main' moved to another commit
  try {
    moved.addFault({ server: 'cdn', method: 'GET', reset: true, times: 100 });
    const again = await resolveModel({ repo: REPO }, { ...options, endpoint: moved.endpoint });
    assert.equal(again.source, 'cache');
    assert.equal(again.folder, first.folder);
    await assert.rejects(resolveModel({ repo: REPO }, { ...(await opts({ retryDelayMs: 0 })), endpoint: moved.endpoint }),
      isStoreError('network', /Cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNRESET\. Check the connection, or use offline mode with a cached model\./));
  } finally {
    await moved.close();
  }
});

test('the owner of a lock refreshes it while it downloads', async () => {
  const options = await opts({ lockStaleMs: 300 });
  const lock = `${weightsPath(options.cacheDir)}.lock`;
  let release!: () => void;
  hub.addFault({ server: 'cdn', method: 'GET', holdUntil: new Promise<void>((done) => { release = done; }) });
  let arrived = false;
  hub.onRequest((r) => { if (r.server === 'cdn') arrived = true; });
  const resolving = resolveModel({ repo: REPO }, options);
  await until(() => arrived);
  const old = new Date(0);
  await utimes(lock, old, old);
  await until(() => statSync(lock).mtimeMs > 0);
  assert.equal(readFileSync(lock, 'utf8'), String(process.pid));
  release();
  sameAsFixture(join((await resolving).folder, 'model.safetensors'));
});

test('a complete model serves from a cache whose refs cannot be written; an unchanged ref is not rewritten', async () => {
  const options = await opts();
  const first = await resolveModel({ repo: TAGGED }, options);
  const main = join(repoDir(options.cacheDir, TAGGED), 'refs', 'main');
  const ino = statSync(main).ino;
  assert.equal((await resolveModel({ repo: TAGGED }, options)).source, 'cache');
  assert.equal(statSync(main).ino, ino, 'refs/main was not rewritten');
  // refs/ turned into a file: no ref can be written there, as in a read-only cache.
  await rm(join(repoDir(options.cacheDir, TAGGED), 'refs'), { recursive: true });
  await writeFile(join(repoDir(options.cacheDir, TAGGED), 'refs'), '');
  const tagged = await resolveModel({ repo: TAGGED, revision: 'v1.0' }, options);
  assert.equal(tagged.source, 'cache');
  assert.equal(tagged.folder, first.folder);
});

test('a model cache folder that cannot be created is named, with how to choose another', async () => {
  const file = join(await tempDir(), 'not-a-folder');
  await writeFile(file, '');
  const cacheDir = join(file, 'hub');
  await assert.rejects(resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} }),
    isStoreError('not-writable', new RegExp(`model cache folder ${cacheDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be written.*Choose another model cache folder`)));
});

test('a cached file whose size changed is downloaded again online, and named offline', async () => {
  const options = await opts();
  const resolved = await resolveModel({ repo: REPO }, options);
  const weights = join(resolved.folder, 'model.safetensors');
  await truncate(weights, 1000);
  await assert.rejects(resolveModel({ repo: REPO }, { ...options, offline: true }),
    isStoreError('offline', new RegExp(`cached copy of model\\.safetensors of ${REPO} is damaged.*delete .*models--sciwrite-test--tiny-bert-ner, or go online`)));
  const from = hub.requests.length;
  const repaired = await resolveModel({ repo: REPO }, options);
  assert.equal(repaired.source, 'hub');
  sameAsFixture(weights);
  assert.equal(cdnGets(from).length, 1);
  assert.equal((await resolveModel({ repo: REPO }, { ...options, offline: true })).source, 'cache');
});
