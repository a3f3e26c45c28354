// Releasing the download lock while another process holds a claim on it (it is taking the lock over,
// and may stall there): the release waits longer each time instead of trying every 10 ms, and stops as
// soon as the claim is gone, or the lock is no longer this process's. The waits are counted through the
// lock's `sleep` (no real time passes); its tries are counted as the claims it tries to create.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsp, { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readLock, tryLock, type LockOptions } from '../../extension/inference/store/lock.ts';

const STALE_MS = 30_000;
/** Tries after which the test gives the claim up itself (a release that spins would otherwise never end). */
const SPIN_LIMIT = 200;

interface Scene {
  dir: string;
  lock: string;
  claimPath: string;
  /** Claims the release tried to create. */
  tries: () => number;
  restore: () => void;
}

/** A lock folder; `claimPath` is set once the lock is taken (its inode names the claim). */
async function scene(): Promise<Scene> {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-lock-release-'));
  const lock = join(dir, 'model.safetensors.lock');
  const realOpen = fsp.open;
  let tries = 0;
  const s: Scene = {
    dir, lock, claimPath: '',
    tries: () => tries,
    restore: () => {
      fsp.open = realOpen;
      syncBuiltinESMExports();
    },
  };
  fsp.open = (async (path: Parameters<typeof realOpen>[0], flags?: Parameters<typeof realOpen>[1], mode?: Parameters<typeof realOpen>[2]) => {
    if (String(path).startsWith(`${lock}.takeover-`) && flags === 'wx' && ++tries === SPIN_LIMIT) await rm(s.claimPath, { force: true });
    return realOpen(path, flags, mode);
  }) as typeof realOpen;
  syncBuiltinESMExports();
  return s;
}

test('a release waits for another process\'s claim with doubling waits, and ends once the claim is gone', async () => {
  const s = await scene();
  try {
    const waits: number[] = [];
    const options: LockOptions = {
      sleep: async (ms) => {
        waits.push(ms);
        // the other process stalled inside its takeover for 10 s, then gave up its claim
        if (waits.reduce((a, b) => a + b, 0) >= 10_000) await rm(s.claimPath, { force: true });
      },
    };
    const attempt = await tryLock(s.lock, STALE_MS, options);
    assert.ok('held' in attempt, 'a free lock is taken');
    s.claimPath = `${s.lock}.takeover-${(await readLock(s.lock))!.ino}-1`;
    await writeFile(s.claimPath, String(process.ppid));
    await attempt.held.release();
    assert.ok(s.tries() < SPIN_LIMIT, `${s.tries()} tries: the release spun`);
    assert.deepEqual(waits, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(s.tries(), waits.length + 1, 'one try after each wait, the last one holding the claim');
    assert.deepEqual(await readdir(s.dir), [], 'the lock is released, and no claim is left');
  } finally {
    s.restore();
    await rm(s.dir, { recursive: true, force: true });
  }
});

test('a release stops once another process has taken the lock over, though its claim is still there', async () => {
  const s = await scene();
  try {
    const waits: number[] = [];
    const attempt = await tryLock(s.lock, STALE_MS, {
      sleep: async (ms) => {
        waits.push(ms);
        // the other process removes this lock and makes its own, then stalls before it gives up its claim
        await rm(s.lock);
        await writeFile(s.lock, String(process.ppid));
      },
    });
    assert.ok('held' in attempt, 'a free lock is taken');
    s.claimPath = `${s.lock}.takeover-${(await readLock(s.lock))!.ino}-1`;
    await writeFile(s.claimPath, String(process.ppid));
    await attempt.held.release();
    assert.ok(s.tries() < SPIN_LIMIT, `${s.tries()} tries: the release waited for the claim to go`);
    assert.deepEqual(waits, [10], 'one wait, then the lock was seen to be another\'s');
    assert.equal(await readFile(s.lock, 'utf8'), String(process.ppid), 'the other process\'s lock is left alone');
    assert.deepEqual((await readdir(s.dir)).sort(), [basename(s.lock), basename(s.claimPath)], 'the other process\'s claim is left to it');
  } finally {
    s.restore();
    await rm(s.dir, { recursive: true, force: true });
  }
});
