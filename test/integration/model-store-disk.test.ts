// Full and read-only disks, as real file systems (small tmpfs mounts, which only root may make;
// skipped elsewhere). A disk that fills up during a download: the error names the file that could
// not be written, the lock and its claims are not left behind, and the next try starts at once.
// A read-only cache: the folder that cannot be written is named, and why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, statfsSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { snapshotDir } from '../../extension/inference/store/cache.ts';
import { isStoreError, sameAsFixture } from '../helpers/model-store-support.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';

const REPO = 'sciwrite-test/tiny-bert-ner';
const work = await mkdtemp(join(tmpdir(), 'sciwrite-store-full-'));
const readOnly = await mkdtemp(join(tmpdir(), 'sciwrite-store-ro-'));
const mount = (options: string, at: string): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'sciwrite-test', at], { stdio: 'ignore' }).status === 0;
const mounted = mount('size=1m', work) && mount('ro,size=64k', readOnly);
let hub: HubServer;

before(async () => { hub = await startHubServer(); });
after(async () => {
  await hub.close();
  for (const dir of [work, readOnly]) {
    spawnSync('umount', [dir], { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
  }
});

/** Fills the file system but `freeBytes`: the model's small files fit, its weights (163 kB) do not. */
function fill(path: string, freeBytes: number): void {
  const { bavail, bsize } = statfsSync(work);
  const fd = openSync(path, 'w');
  try {
    const chunk = Buffer.alloc(bsize);
    for (let i = 0; i < bavail - Math.ceil(freeBytes / bsize); i++) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

test('the disk filling up during the weights: the error names the part file, no lock or claim stays, the retry does not wait', { skip: !mounted && 'mounting a tmpfs needs root' }, async () => {
  const cacheDir = join(work, 'hub');
  const filler = join(work, 'filler');
  fill(filler, 64 * 1024);
  await assert.rejects(resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} }),
    isStoreError('disk-full', /The disk is full: cannot write \S*model\.safetensors\.part \(this file needs 16\d kB\)/));
  const snapshot = snapshotDir(cacheDir, REPO, hub.repos.get(REPO)!.commit);
  assert.deepEqual((await readdir(snapshot)).filter((f) => f.includes('.lock')), [], 'no lock file or claim left');

  await rm(filler);
  const notes: string[] = [];
  const resolved = await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {}, onProgress: (p) => { if (p.note) notes.push(p.note); } });
  sameAsFixture(join(resolved.folder, 'model.safetensors'));
  assert.deepEqual(notes, [], 'the retry waited for nobody');
  assert.deepEqual((await readdir(snapshot)).filter((f) => f.includes('.lock')), []);
});

test('a read-only cache: the folder that cannot be written is named, and why', { skip: !mounted && 'mounting a tmpfs needs root' }, async () => {
  const cacheDir = join(readOnly, 'hub');
  await assert.rejects(resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir, env: {} }),
    isStoreError('not-writable', new RegExp(`cannot be written, so ${REPO} cannot be downloaded: Cannot write ${cacheDir} \\(read-only file system\\)\\.`)));
});
