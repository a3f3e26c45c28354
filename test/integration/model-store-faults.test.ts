import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { FIXTURE_WEIGHTS, isStoreError, sameAsFixture, TempDirs, weightsPath as weightsIn } from '../helpers/model-store-support.ts';
import { startHubServer, FIXTURES_HF, type HubServer } from '../helpers/hub-server.ts';

const REPO = 'sciwrite-test/tiny-bert-ner';
const WEIGHTS = FIXTURE_WEIGHTS;
let hub: HubServer;
const dirs = new TempDirs();
const tempDir = () => dirs.make();


before(async () => {
  hub = await startHubServer({
    repos: [
      { id: 'someone/private-ner', folder: join(FIXTURES_HF, 'tiny-bert-ner'), token: 'hf_secret' },
      { id: 'someone/gated-ner', folder: join(FIXTURES_HF, 'tiny-bert-ner'), token: 'hf_approved', gated: true },
    ],
  });
});
beforeEach(() => hub.clearFaults());
after(async () => {
  await hub.close();
  await dirs.removeAll();
});


const weightsPath = (cacheDir: string): string => weightsIn(hub, cacheDir, REPO);


const opts = async (extra: object = {}) => ({ endpoint: hub.endpoint, cacheDir: await tempDir(), env: {}, ...extra });

test('401: a private repo without a token asks for one; a wrong token is called refused; the right one works', async () => {
  await assert.rejects(resolveModel({ repo: 'someone/private-ner' }, await opts()),
    isStoreError('unauthorized', /not found, or it is private or gated.*access token/));
  await assert.rejects(resolveModel({ repo: 'someone/private-ner' }, await opts({ token: 'hf_wrong' })),
    isStoreError('unauthorized', /token was refused/));
  const ok = await resolveModel({ repo: 'someone/private-ner' }, await opts({ token: 'hf_secret' }));
  sameAsFixture(join(ok.folder, 'model.safetensors'));
});

test('401/403 for a gated repo say so and point at its page', async () => {
  await assert.rejects(resolveModel({ repo: 'someone/gated-ner' }, await opts()),
    isStoreError('unauthorized', new RegExp(`gated: accept its conditions at ${hub.endpoint}/someone/gated-ner`)));
  await assert.rejects(resolveModel({ repo: 'someone/gated-ner' }, await opts({ token: 'hf_other' })),
    isStoreError('forbidden', /has not been granted access/));
});

test('404: no such repo, no such revision', async () => {
  await assert.rejects(resolveModel({ repo: 'nobody/nothing' }, await opts({ token: 'hf_any' })),
    isStoreError('repo-not-found', /no model nobody\/nothing at http:\/\/127\.0\.0\.1/));
  await assert.rejects(resolveModel({ repo: REPO, revision: 'v9.9' }, await opts()),
    isStoreError('revision-not-found', /has no revision "v9\.9"/));
  await assert.rejects(resolveModel({ repo: REPO, revision: 'f'.repeat(40) }, await opts()),
    isStoreError('revision-not-found', /has no revision/));
});

test('429 with Retry-After reports the wait; the next try succeeds', async () => {
  hub.addFault({ path: '/resolve/', respond: { status: 429, headers: { 'retry-after': '17' }, body: 'slow down' } });
  const options = await opts();
  await assert.rejects(resolveModel({ repo: REPO }, options), (e: Error) => {
    isStoreError('rate-limited', /try again in 17 s/)(e);
    assert.equal((e as ModelStoreError).details.retryAfterSeconds, 17);
    return true;
  });
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 429, headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() } } });
  await assert.rejects(resolveModel({ repo: REPO }, options), (e: Error) => {
    const seconds = (e as ModelStoreError).details.retryAfterSeconds!;
    assert.ok(seconds > 100 && seconds <= 120, String(seconds));
    return true;
  });
  sameAsFixture(join((await resolveModel({ repo: REPO }, options)).folder, 'model.safetensors'));
});

test('5xx is a server error, not a missing model', async () => {
  hub.addFault({ path: 'config.json', respond: { status: 503, headers: { 'x-error-message': 'down for maintenance' } } });
  await assert.rejects(resolveModel({ repo: REPO }, await opts()), isStoreError('server-error', /503 for config\.json.*down for maintenance/));
});

test('a connection cut mid-body is resumed with a Range request', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', cutAfter: 50_000 });
  const from = hub.requests.length;
  const options = await opts();
  const resolved = await resolveModel({ repo: REPO }, options);
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  const gets = hub.requests.slice(from).filter((r) => r.server === 'cdn');
  assert.equal(gets.length, 2);
  assert.equal(gets[0].headers.range, undefined);
  // Bytes still queued in the client when the connection drops are lost, so the resume point is at most the cut.
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(gets[1].headers.range ?? '')?.[1]);
  assert.ok(resumedAt > 0 && resumedAt <= 50_000, `resumed at ${gets[1].headers.range}`);
  assert.equal(gets[1].status, 206);
  assert.ok(!existsSync(`${weightsPath(options.cacheDir)}.part`), 'no .part file left');
});

test('a connection reset before the headers is tried again, and counts as a resume', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', reset: true });
  const from = hub.requests.length;
  sameAsFixture(join((await resolveModel({ repo: REPO }, await opts({ retryDelayMs: 0 }))).folder, 'model.safetensors'));
  const gets = hub.requests.slice(from).filter((r) => r.server === 'cdn');
  assert.deepEqual(await Promise.all(gets.map((r) => r.ended)), ['dropped', 'answered']);
  // Reset every time: no answer ever came, so the reset is said (and a cached snapshot would serve).
  hub.addFault({ server: 'cdn', method: 'GET', reset: true, times: 3 });
  await assert.rejects(resolveModel({ repo: REPO }, await opts({ maxResumes: 2, retryDelayMs: 0 })), isStoreError('network', /ECONNRESET\. Check the connection/));
});

test('a download that keeps breaking off fails as truncated, keeps its part, and a later run resumes it', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', cutAfter: 30_000, times: 3 });
  const options = await opts({ maxResumes: 2 });
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('truncated', /kept breaking off/));
  const part = `${weightsPath(options.cacheDir)}.part`;
  const kept = statSync(part).size;
  assert.ok(kept > 0 && kept <= 90_000, `kept ${kept}`);
  assert.ok(!existsSync(weightsPath(options.cacheDir)), 'no weights file left');
  const from = hub.requests.length;
  sameAsFixture(join((await resolveModel({ repo: REPO }, options)).folder, 'model.safetensors'));
  const gets = hub.requests.slice(from).filter((r) => r.server === 'cdn');
  assert.deepEqual(gets.map((r) => r.headers.range), [`bytes=${kept}-`]);
});

test('a server that answers a Range request with the whole file restarts the part cleanly', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', cutAfter: 20_000 });
  hub.addFault({ server: 'cdn', method: 'GET', ignoreRange: true });
  const resolved = await resolveModel({ repo: REPO }, await opts());
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
});

test('a wrong sha256 (LFS) or git sha1 (small file) is caught, the file discarded, and a retry succeeds', async () => {
  const options = await opts();
  hub.addFault({ server: 'cdn', method: 'GET', corrupt: true });
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('checksum', /model\.safetensors .* is corrupt: its sha256 does not match/));
  assert.ok(!existsSync(weightsPath(options.cacheDir)), 'no weights file left');
  assert.ok(!existsSync(`${weightsPath(options.cacheDir)}.part`), 'no .part file left');
  // Files verified and placed before the failure are kept; the retry fetches only the rest.
  const from = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, options);
  assert.deepEqual(hub.requests.slice(from).filter((r) => r.method === 'GET').map((r) => r.server === 'cdn' ? 'cdn' : r.path.replace(/.*\//, '')), ['model.safetensors', 'cdn']);
  const fresh = await opts();
  hub.addFault({ server: 'hub', method: 'GET', path: /resolve-cache.*vocab\.txt$/, corrupt: true });
  await assert.rejects(resolveModel({ repo: REPO }, fresh), isStoreError('checksum', /vocab\.txt .* git sha1 does not match/));
  await resolveModel({ repo: REPO }, fresh);
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  assert.deepEqual(readFileSync(join(resolved.folder, 'vocab.txt')), readFileSync(join(FIXTURES_HF, 'tiny-bert-ner', 'vocab.txt')));
});

test('a response shorter than announced is truncated, not silently accepted', async () => {
  // The CDN closes cleanly after a short body whose Content-Length matches it: only the size check can tell.
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 200, body: 'x'.repeat(1000) }, times: 10 });
  await assert.rejects(resolveModel({ repo: REPO }, await opts({ maxResumes: 1 })), isStoreError('truncated', /model\.safetensors/));
});

test('cancelling from the progress callback stops the download and keeps the part for later', async () => {
  const options = await opts();
  const controller = new AbortController();
  hub.addFault({ server: 'cdn', method: 'GET', stallAfter: 40_000 });
  await assert.rejects(resolveModel({ repo: REPO }, {
    ...options,
    signal: controller.signal,
    onProgress: (p) => { if (p.file === 'model.safetensors' && p.fileBytes > 0) controller.abort(); },
  }), isStoreError('cancelled', /cancelled/));
  const part = `${weightsPath(options.cacheDir)}.part`;
  const kept = statSync(part).size;
  assert.ok(kept > 0 && kept <= 40_000, `kept ${kept}`);
  const from = hub.requests.length;
  sameAsFixture(join((await resolveModel({ repo: REPO }, options)).folder, 'model.safetensors'));
  assert.deepEqual(hub.requests.slice(from).filter((r) => r.server === 'cdn').map((r) => r.headers.range), [`bytes=${kept}-`]);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(resolveModel({ repo: REPO }, { ...(await opts()), signal: aborted.signal }), isStoreError('cancelled', /cancelled/));
});

test('cancelled once the last file is in: no manifest or ref makes the copy complete, and the files are kept for the next resolve', async () => {
  const options = await opts();
  const controller = new AbortController();
  // the update after the weights' rename: every file is in, the manifest not written yet
  await assert.rejects(resolveModel({ repo: REPO }, {
    ...options,
    signal: controller.signal,
    onProgress: (p) => { if (p.file === 'model.safetensors' && existsSync(weightsPath(options.cacheDir))) controller.abort(); },
  }), isStoreError('cancelled', /cancelled/));
  sameAsFixture(weightsPath(options.cacheDir));
  await assert.rejects(resolveModel({ repo: REPO }, { ...options, offline: true }), isStoreError('offline', /not in the model cache/));
  const from = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, options);
  assert.equal(resolved.source, 'hub');
  assert.deepEqual(hub.requests.slice(from).filter((r) => r.method === 'GET'), [], 'nothing downloaded again');
});

test('a full disk (ENOSPC) is reported as such', { skip: !existsSync('/dev/full') && 'needs /dev/full' }, async () => {
  const options = await opts();
  const target = weightsPath(options.cacheDir);
  await mkdir(join(target, '..'), { recursive: true });
  await symlink('/dev/full', `${target}.part`); // every write to it fails with ENOSPC
  await assert.rejects(resolveModel({ repo: REPO }, options), isStoreError('disk-full', /disk is full.*model\.safetensors\.part.*needs 16\d kB/));
  await rm(`${target}.part`);
  sameAsFixture(join((await resolveModel({ repo: REPO }, options)).folder, 'model.safetensors'));
});

test('a server that is not a Hub (no X-Repo-Commit) gets a clear error', async () => {
  hub.addFault({ path: 'config.json', respond: { status: 200, body: '{}' } });
  await assert.rejects(resolveModel({ repo: REPO }, await opts()), isStoreError('bad-response', /no X-Repo-Commit/));
});

test('two resolves of the same model at once in one process download each file once', async () => {
  const options = await opts();
  const from = hub.requests.length;
  const [a, b] = await Promise.all([resolveModel({ repo: REPO }, options), resolveModel({ repo: REPO }, options)]);
  assert.equal(a.folder, b.folder);
  sameAsFixture(join(a.folder, 'model.safetensors'));
  assert.equal(hub.requests.slice(from).filter((r) => r.server === 'cdn').length, 1);
});

test('a download locked by another live process waits for it and uses its file; a dead owner\'s lock is taken over', async () => {
  const options = await opts();
  const target = weightsPath(options.cacheDir);
  await mkdir(join(target, '..'), { recursive: true });
  const other = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const notes: string[] = [];
  try {
    await writeFile(`${target}.lock`, String(other.pid));
    const from = hub.requests.length;
    // The other process "finishes" as soon as this one says that it waits.
    const finish = async (): Promise<void> => {
      await writeFile(target, WEIGHTS);
      await rm(`${target}.lock`);
    };
    let finished: Promise<void> | undefined;
    const resolved = await resolveModel({ repo: REPO }, { ...options, onProgress: (p) => { if (p.note) { notes.push(p.note); finished ??= finish(); } } });
    await finished;
    sameAsFixture(join(resolved.folder, 'model.safetensors'));
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0], new RegExp(`Waiting for another SciWrite process \\(pid ${other.pid}\\) to finish downloading model\\.safetensors \\(lock file .*model\\.safetensors\\.lock\\)`));
    assert.equal(hub.requests.slice(from).filter((r) => r.server === 'cdn').length, 0, 'the weights were not downloaded again');
  } finally {
    other.kill();
    await once(other, 'exit');
  }
  // `other` has exited: a lock naming it is stale.
  const again = await opts();
  const lock = `${weightsPath(again.cacheDir)}.lock`;
  await mkdir(join(lock, '..'), { recursive: true });
  await writeFile(lock, String(other.pid));
  sameAsFixture(join((await resolveModel({ repo: REPO }, again)).folder, 'model.safetensors'));
  assert.ok(!existsSync(lock), 'no lock file left');
});
