// The Hub's metadata requests (HEAD /resolve) are tried again after a connection reset before their
// answer, as downloads are: against the Hub stand-in on 127.0.0.1, resetting the first HEADs (on the
// Hub, and on the redirect a small file's HEAD follows). A reset every time is a network error. With a
// complete snapshot of the revision cached, a reset of the HEAD that pins it serves that snapshot at once.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { isStoreError, sameAsFixture, TempDirs } from '../helpers/model-store-support.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';

const REPO = 'sciwrite-test/tiny-bert-ner';
let hub: HubServer;
const dirs = new TempDirs();

before(async () => {
  hub = await startHubServer();
});
beforeEach(() => hub.clearFaults());
after(async () => {
  await hub.close();
  await dirs.removeAll();
});

const options = async (extra: { maxResumes?: number } = {}) => ({ endpoint: hub.endpoint, cacheDir: await dirs.make(), env: {}, retryDelayMs: 0, ...extra });

/** The HEADs since `from` whose path ends with `path`. */
function heads(from: number, path: string) {
  return hub.requests.slice(from).filter((r) => r.method === 'HEAD' && decodeURIComponent(r.path.replace(/\?.*/, '')).endsWith(path));
}

test('a HEAD reset before its answer is tried again, the first file\'s, another\'s and a redirect\'s', async () => {
  hub.addFault({ method: 'HEAD', path: `/${REPO}/resolve/main/config.json`, reset: true, times: 2 });
  hub.addFault({ method: 'HEAD', path: /\/model\.safetensors$/, reset: true });
  hub.addFault({ method: 'HEAD', path: /^\/api\/resolve-cache\/.*\/vocab\.txt$/, reset: true });
  const from = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, await options());
  assert.equal(resolved.source, 'hub');
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  const config = heads(from, `/${REPO}/resolve/main/config.json`);
  assert.deepEqual(await Promise.all(config.map((r) => r.ended)), ['dropped', 'dropped', 'answered'], 'config.json: two resets, then its answer');
  assert.deepEqual(await Promise.all(heads(from, '/model.safetensors').map((r) => r.ended)), ['dropped', 'answered']);
  const vocab = heads(from, '/vocab.txt');
  assert.deepEqual(await Promise.all(vocab.map((r) => r.ended)), ['answered', 'dropped', 'answered', 'answered'], 'vocab.txt: its redirect reset, then both hops again');
  assert.deepEqual(vocab.map((r) => r.path.startsWith('/api/resolve-cache/')), [false, true, false, true]);
});

test('a HEAD reset every time fails as a network error after the resumes when nothing is cached', async () => {
  hub.addFault({ method: 'HEAD', path: `/${REPO}/resolve/main/config.json`, reset: true, times: 3 });
  const from = hub.requests.length;
  await assert.rejects(resolveModel({ repo: REPO }, await options({ maxResumes: 2 })), isStoreError('network', /ECONNRESET\. Check the connection/));
  assert.equal(heads(from, '/config.json').length, 3, 'the first try and two more');
});

test('with a complete snapshot of the revision cached, a reset of the pinning HEAD serves the cache at once, without trying again', async () => {
  const cached = await options();
  const first = await resolveModel({ repo: REPO }, cached);
  hub.addFault({ method: 'HEAD', path: /.*/, reset: true, times: 1000 });
  const from = hub.requests.length;
  const again = await resolveModel({ repo: REPO }, cached);
  assert.deepEqual([again.source, again.folder], ['cache', first.folder]);
  assert.equal(hub.requests.slice(from).filter((r) => r.method === 'HEAD').length, 1, 'one HEAD, no retry');
});

test('a cached snapshot that is damaged does not count: the reset pinning HEAD is tried again and the file downloaded again', async () => {
  const cached = await options();
  const first = await resolveModel({ repo: REPO }, cached);
  await truncate(join(first.folder, 'model.safetensors'), 10);
  hub.addFault({ method: 'HEAD', path: `/${REPO}/resolve/main/config.json`, reset: true });
  const from = hub.requests.length;
  const again = await resolveModel({ repo: REPO }, cached);
  assert.equal(again.source, 'hub');
  sameAsFixture(join(again.folder, 'model.safetensors'));
  assert.deepEqual(await Promise.all(heads(from, `/${REPO}/resolve/main/config.json`).map((r) => r.ended)), ['dropped', 'answered']);
});
