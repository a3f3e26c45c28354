// The download lock of the model store, on real files with real processes: many processes that
// find the same abandoned lock at once end with exactly one owner, a live lock is never taken
// over, and a lock that changes while a process looks at it is left to whoever changed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { on, once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLock, takeOver, tryLock } from '../../extension/inference/store/lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('../../extension/inference/store/lock.ts', import.meta.url));
const STALE_MS = 30_000;

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  assert.ok(pid, 'a short process ran');
  return pid;
}

async function lockFolder(): Promise<{ dir: string; lock: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-lock-'));
  return { dir, lock: join(dir, 'model.safetensors.lock') };
}

interface Contender { child: ChildProcess; answers: AsyncIterator<unknown[]> }

/** A process that makes one `tryLock` for each lock path it is sent and answers whether it took the lock; held locks stay held while it lives. */
function contender(): Contender {
  const script = `
    const { tryLock } = await import(${JSON.stringify(LOCK_MODULE)});
    process.on('message', async (lock) => {
      const attempt = await tryLock(lock, ${STALE_MS});
      process.send({ lock, held: 'held' in attempt });
    });
    process.send('ready');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, answers: on(child, 'message', { close: ['exit'] }) }; // a process that dies ends its answers, and the test fails instead of waiting
}

async function answer<T>(from: Contender): Promise<T> {
  const next = await from.answers.next();
  assert.ok(!next.done, `process ${from.child.pid} ended`);
  return next.value[0] as T;
}

test('many processes taking over one abandoned lock at once: exactly one owns it, and a live lock is never taken', async () => {
  const children = Array.from({ length: 20 }, contender);
  const dead = deadPid();
  const folders: string[] = [];
  try {
    for (const ready of await Promise.all(children.map((c) => answer(c)))) assert.equal(ready, 'ready');
    for (let round = 0; round < 60; round++) {
      const { dir, lock } = await lockFolder();
      folders.push(dir);
      const kind = (['dead owner', 'not refreshed', 'live'] as const)[round % 3];
      await writeFile(lock, String(kind === 'dead owner' ? dead : process.pid)); // this test's pid is alive, and none of the contenders'
      if (kind === 'not refreshed') await utimes(lock, new Date(0), new Date(0));
      const before = await readLock(lock);
      for (const { child } of children) child.send(lock);
      const answers = await Promise.all(children.map((c) => answer<{ lock: string; held: boolean }>(c)));
      const owners = children.filter((_, i) => answers[i].held);
      assert.ok(answers.every((a) => a.lock === lock), 'every process answered for this round\'s lock');
      if (kind === 'live') {
        assert.equal(owners.length, 0, `round ${round}: a live lock was taken over`);
        assert.deepEqual(await readLock(lock), before, `round ${round}: the live lock changed`);
      } else {
        assert.equal(owners.length, 1, `round ${round} (${kind}): ${owners.length} processes own the lock`);
        assert.equal(await readFile(lock, 'utf8'), String(owners[0].child.pid), `round ${round}: the lock file names its owner`);
      }
      assert.deepEqual(await readdir(dir), [basename(lock)], `round ${round}: no claim is left behind`);
    }
  } finally {
    for (const { child } of children) if (child.connected) child.disconnect();
    await Promise.all(children.map(({ child }) => child.exitCode === null && child.signalCode === null && once(child, 'exit')));
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  }
});

test('concurrent tries in one process never take a live lock', async () => {
  const { dir, lock } = await lockFolder();
  try {
    await writeFile(lock, String(process.ppid));
    const before = await readLock(lock);
    const attempts = await Promise.all(Array.from({ length: 20 }, () => tryLock(lock, STALE_MS)));
    assert.deepEqual(attempts, Array.from({ length: 20 }, () => ({ owner: { pid: process.ppid } })));
    assert.deepEqual(await readLock(lock), before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an abandoned lock removed, or replaced by a live one, after it was seen: the takeover leaves the path as it found it', async () => {
  const { dir, lock } = await lockFolder();
  try {
    await writeFile(lock, String(deadPid()));
    let seen = (await readLock(lock))!;
    await rm(lock);
    assert.equal(await takeOver(lock, seen), 'done');
    assert.deepEqual(await readdir(dir), []);

    await writeFile(lock, String(deadPid()));
    seen = (await readLock(lock))!;
    await rm(lock);
    await writeFile(lock, String(process.ppid)); // often on the inode the abandoned one freed
    const fresh = await readLock(lock);
    assert.equal(await takeOver(lock, seen), 'done');
    assert.deepEqual(await readLock(lock), fresh, 'the live lock is still there');
    assert.deepEqual(await readdir(dir), [basename(lock)]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a takeover another live process is making is waited for; one whose process died does not block', async () => {
  const { dir, lock } = await lockFolder();
  try {
    await writeFile(lock, String(deadPid()));
    const { ino } = (await readLock(lock))!;
    await writeFile(`${lock}.takeover-${ino}-1`, String(process.ppid));
    assert.deepEqual(await tryLock(lock, STALE_MS), { owner: {} });
    assert.ok((await readLock(lock))?.pid !== process.pid, 'the lock was left to the other process');

    await writeFile(`${lock}.takeover-${ino}-1`, String(deadPid()));
    const attempt = await tryLock(lock, STALE_MS);
    assert.ok('held' in attempt, 'the dead process\'s takeover did not block this one');
    assert.equal(await readFile(lock, 'utf8'), String(process.pid));
    await attempt.held.release();
    assert.deepEqual(await readdir(dir), [`${basename(lock)}.takeover-${ino}-1`], 'only the dead process\'s claim is left');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a takeover that stalls past staleMs keeps its claim while its process lives: the lock ends with one owner', async () => {
  const { dir, lock } = await lockFolder();
  // Stops inside its takeover, claim held and the abandoned lock verified, until it is told to go on (a laptop asleep, SIGSTOP).
  const script = `
    import fsp from 'node:fs/promises';
    import { once } from 'node:events';
    import { syncBuiltinESMExports } from 'node:module';
    const realRm = fsp.rm;
    let stalled = false;
    fsp.rm = async (path, options) => {
      if (path === ${JSON.stringify(lock)} && !stalled) {
        stalled = true;
        process.send('stalled');
        await once(process, 'message');
      }
      return realRm(path, options);
    };
    syncBuiltinESMExports();
    const { tryLock } = await import(${JSON.stringify(LOCK_MODULE)});
    const attempt = await tryLock(${JSON.stringify(lock)}, ${STALE_MS});
    process.send({ held: 'held' in attempt });
    process.disconnect();
  `;
  await writeFile(lock, String(deadPid()));
  const { ino } = (await readLock(lock))!;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const stalled: Contender = { child, answers: on(child, 'message', { close: ['exit'] }) };
  try {
    assert.equal(await answer(stalled), 'stalled');
    const claimPath = join(dir, `${basename(lock)}.takeover-${ino}-1`);
    assert.equal(await readFile(claimPath, 'utf8'), String(child.pid), 'the stalled process holds the claim');
    const past = new Date(Date.now() - 2 * STALE_MS);
    await utimes(claimPath, past, past);
    const mine = await tryLock(lock, STALE_MS);
    child.send('go on');
    const theirs = await answer<{ held: boolean }>(stalled);
    assert.deepEqual({ mine: 'held' in mine, theirs: theirs.held }, { mine: false, theirs: true }, 'one owner: the process whose takeover stalled');
    assert.equal(await readFile(lock, 'utf8'), String(child.pid), 'the lock file names its owner');
    assert.deepEqual(await readdir(dir), [basename(lock)], 'no claim is left behind');
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  }
});

test('a claim whose pid lives on (reused by another process) gives way after an hour; one naming this process, which does not hold it, at once', async () => {
  const { dir, lock } = await lockFolder();
  try {
    for (const [holder, ageMs] of [[process.ppid, 2 * 60 * 60 * 1000], [process.pid, 0]]) {
      await writeFile(lock, String(deadPid()));
      const { ino } = (await readLock(lock))!;
      const claimPath = `${lock}.takeover-${ino}-1`;
      await writeFile(claimPath, String(holder));
      const at = new Date(Date.now() - ageMs);
      await utimes(claimPath, at, at);
      const attempt = await tryLock(lock, STALE_MS);
      assert.ok('held' in attempt, `a claim of pid ${holder}, ${ageMs} ms old, did not block`);
      await attempt.held.release();
      await rm(claimPath);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a held lock is refreshed and released only while the lock file is still its own', async () => {
  const { dir, lock } = await lockFolder();
  try {
    const attempt = await tryLock(lock, STALE_MS);
    assert.ok('held' in attempt, 'a free lock is taken');
    await utimes(lock, new Date(0), new Date(0));
    await attempt.held.refresh();
    assert.ok((await readLock(lock))!.mtimeNs > 0n, 'refreshed');
    await rm(lock);
    await writeFile(lock, String(process.ppid)); // another process's, after this one stalled
    assert.equal(await attempt.held.isOwn(), false);
    await utimes(lock, new Date(0), new Date(0));
    await attempt.held.refresh();
    await attempt.held.release();
    assert.deepEqual(await readLock(lock), { ...(await readLock(lock))!, mtimeNs: 0n, text: String(process.ppid) }, 'neither refreshed nor removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
