// `<file>.lock` holds the pid of the one process downloading the file, which refreshes its mtime
// while it works; a lock not refreshed for `staleMs`, or whose pid is dead (or this process's own:
// download.ts runs one attempt per file), is abandoned and taken over.
//
// Removing an abandoned lock by name is a race: between seeing it abandoned and removing it,
// another process may have removed it and made a fresh one, which would go instead. So a removal
// first claims the lock file's inode, by creating `<lock>.takeover-<ino>-1` exclusively: with the
// claim held, nobody else (its owner releasing it included) can remove that inode from the path,
// so "the path still shows the file seen" followed by its removal cannot be cut in between. A
// claim whose holder died is left where it is and the next level (-2, -3, ...) is claimed instead:
// no claim is ever removed by anyone but its holder, so no two processes can hold the same one.
// A claim is held for a few system calls, but its holder may stall inside them (a laptop asleep)
// for longer than staleMs: judged abandoned by age then, it would let a second process remove the
// lock, make its own, and lose it to the first one resuming. So only its holder's death ends a
// claim, or an age no stall inside a takeover reaches (CLAIM_ABANDONED_MS: a pid since reused).
import { open, rm, stat, utimes, type FileHandle } from 'node:fs/promises';
import { isNodeError, ModelStoreError, rethrowFsError } from './errors.ts';

/** One lock file as read through one open handle, so its identity and content belong together. */
export interface LockView {
  ino: bigint;
  mtimeNs: bigint;
  text: string;
  pid?: number;
}

export interface HeldLock {
  /** Whether the lock file at the path is still this process's one (a long stall may have lost it). */
  isOwn(): Promise<boolean>;
  /** Touches the lock while it is this process's; false when it is not (any more). */
  refresh(): Promise<boolean>;
  release(): Promise<void>;
}

export type LockAttempt = { held: HeldLock } | { owner: { pid?: number } };

export interface LockOptions {
  /** How a release waits before it tries again (tests count the waits instead). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A release waits while another process holds a claim on the lock. A claim lasts a few system calls,
 * so the first wait is short; one held longer belongs to a stalled process (a laptop asleep), for which
 * the waits double up to the last: a second's delay once it goes on, and no loop spinning meanwhile.
 */
const RELEASE_FIRST_WAIT_MS = 10;
const RELEASE_LAST_WAIT_MS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export async function readLock(path: string): Promise<LockView | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (isNodeError(e) && e.code === 'ENOENT') return undefined;
    if (!isNodeError(e) || (e.code !== 'EACCES' && e.code !== 'EPERM')) throw e;
    const st = await stat(path, { bigint: true }).catch(() => undefined); // another user's lock: judged by its age alone
    return st && { ino: st.ino, mtimeNs: st.mtimeNs, text: '' };
  }
  try {
    const st = await handle.stat({ bigint: true });
    const text = (await handle.readFile('utf8').catch(() => '')).trim(); // empty: its owner has not written its pid yet
    return { ino: st.ino, mtimeNs: st.mtimeNs, text, pid: /^\d+$/.test(text) ? Number(text) : undefined };
  } finally {
    await handle.close();
  }
}

function sameFile(a: LockView, b: LockView): boolean {
  return a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.text === b.text;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(view: LockView): number {
  return Date.now() - Number(view.mtimeNs / 1_000_000n);
}

function abandoned(view: LockView, staleMs: number): boolean {
  return ageMs(view) > staleMs || (view.pid !== undefined && (view.pid === process.pid || !processAlive(view.pid)));
}

const CLAIM_ABANDONED_MS = 60 * 60 * 1000;

/** The claims this process holds now: one naming this pid that is not among them was left by an earlier process with the same pid. */
const heldClaims = new Set<string>();

function claimAbandoned(path: string, view: LockView): boolean {
  if (ageMs(view) > CLAIM_ABANDONED_MS) return true;
  if (view.pid === undefined) return false; // its holder is writing its pid, or it is another user's: by age alone
  return view.pid === process.pid ? !heldClaims.has(path) : !processAlive(view.pid);
}

/** Creates the lock file with this process's pid; undefined when one is already there. */
async function create(path: string): Promise<LockView | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx');
  } catch (e) {
    if (isNodeError(e) && e.code === 'EEXIST') return undefined;
    return rethrowFsError(e, path);
  }
  try {
    await handle.writeFile(String(process.pid));
    const st = await handle.stat({ bigint: true });
    return { ino: st.ino, mtimeNs: st.mtimeNs, text: String(process.pid), pid: process.pid };
  } catch (e) {
    await dropMade(handle, path);
    return rethrowFsError(e, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Removes a file this process has just created exclusively but could not write its pid into (a
 * full disk): left there, a lock or claim without a pid would pass for a live one until it is stale.
 */
async function dropMade(handle: FileHandle, path: string): Promise<void> {
  await handle.close().catch(() => undefined);
  await rm(path, { force: true }).catch(() => undefined);
}

/** The path of this process's claim on the lock file `ino`, or undefined while a live process holds it. */
async function claim(lockPath: string, ino: bigint): Promise<string | undefined> {
  for (let level = 1; ; level++) {
    const path = `${lockPath}.takeover-${ino}-${level}`;
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'wx');
    } catch (e) {
      if (!isNodeError(e) || e.code !== 'EEXIST') return rethrowFsError(e, path);
    }
    if (handle) {
      try {
        await handle.writeFile(String(process.pid));
      } catch (e) {
        await dropMade(handle, path);
        return rethrowFsError(e, path);
      }
      await handle.close();
      heldClaims.add(path);
      return path;
    }
    const holder = await readLock(path);
    if (!holder) level--; // released meanwhile: this level again
    else if (!claimAbandoned(path, holder)) return undefined;
  }
}

async function unclaim(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } finally {
    heldClaims.delete(path);
  }
}

/**
 * Removes the lock file `seen` if the path still shows it; 'busy' while another process is
 * removing it. Whatever took its place (nothing, a fresh lock) is left alone.
 */
export async function takeOver(lockPath: string, seen: LockView): Promise<'done' | 'busy'> {
  const held = await claim(lockPath, seen.ino);
  if (!held) return 'busy';
  try {
    const now = await readLock(lockPath);
    if (now && sameFile(now, seen)) {
      try {
        await rm(lockPath, { force: true });
      } catch (e) {
        throw new ModelStoreError('busy', `The abandoned lock file ${lockPath} cannot be removed (${isNodeError(e) ? e.code : String(e)}): delete it, then try again.`, { cause: e });
      }
    }
  } finally {
    await unclaim(held);
  }
  return 'done';
}

function heldLock(path: string, own: LockView, options: LockOptions): HeldLock {
  const isOwn = async (): Promise<boolean> => {
    const now = await readLock(path).catch(() => undefined);
    return now !== undefined && now.ino === own.ino && now.text === own.text;
  };
  return {
    isOwn,
    async refresh() {
      if (!(await isOwn())) return false;
      const now = new Date();
      await utimes(path, now, now);
      return true;
    },
    async release() {
      // Under a claim too, so that a process taking it over (after a stall here) cannot see it, then lose it to this removal and remove a fresh lock instead.
      for (let wait = RELEASE_FIRST_WAIT_MS; ; wait = Math.min(2 * wait, RELEASE_LAST_WAIT_MS)) {
        let held: string | undefined;
        try {
          held = await claim(path, own.ino);
        } catch {
          // No claim can be written (a full or read-only disk): removed unclaimed, which risks less than a lock left to wait for.
          if (await isOwn()) await rm(path, { force: true });
          return;
        }
        if (!held) {
          // Another process is taking it over (it judged this one abandoned): once it is gone, nothing is left to release.
          if (!(await isOwn())) return;
          await (options.sleep ?? sleep)(wait);
          continue;
        }
        try {
          if (await isOwn()) await rm(path, { force: true });
        } finally {
          await unclaim(held);
        }
        return;
      }
    },
  };
}

/** One try: takes the lock (removing an abandoned one), or names the live process that holds it. */
export async function tryLock(path: string, staleMs: number, options: LockOptions = {}): Promise<LockAttempt> {
  for (;;) {
    const made = await create(path);
    if (made) return { held: heldLock(path, made, options) };
    const seen = await readLock(path);
    if (!seen) continue; // released meanwhile
    if (!abandoned(seen, staleMs)) return { owner: { pid: seen.pid } };
    if ((await takeOver(path, seen)) === 'busy') return { owner: {} }; // another process is taking it over
  }
}
