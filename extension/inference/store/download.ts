// Downloads one file into `<target>.part`, resuming with Range after a dropped or silent
// connection (and across runs), checks its size and checksum, then renames it into place.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes } from '../../core/format/bytes.ts';
import { cancelled, ensureDir, ModelStoreError, rethrowFsError } from './errors.ts';
import { tryLock, type HeldLock } from './lock.ts';
import { LockHold } from './lock-hold.ts';
import { hubError, request, sameOrigin, type ErrorContext, type FileMetadata, type HubContext } from './hub-http.ts';
import { pause, resumeWaitMs, retryWait, type RetryPolicy } from './retry.ts';

export interface DownloadTarget extends RetryPolicy {
  /** The /resolve URL at the pinned commit: each attempt follows its redirect afresh, since CDN links are signed and expire. */
  url: string;
  meta: FileMetadata;
  /** Final path; the partial file is `${path}.part`. */
  path: string;
  what: ErrorContext & { file: string };
  /** A lock file not refreshed for this long is abandoned, whatever pid it names. */
  lockStaleMs: number;
  onBytes?: (fileBytes: number) => void;
  /** What the download is doing while no bytes move: waiting for another process, or before a retry. */
  onNote?: (note: string) => void;
}

/** Times the lock may be lost to another process (each time waited for, then resumed) before the download gives up. */
const MAX_LOCK_LOSSES = 3;

async function regularFileSize(path: string): Promise<number> {
  try {
    const st = await stat(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/** sha256 (and the git blob sha1, which hashes "blob <size>\0" + content) of a file. */
async function digests(path: string, size: number): Promise<{ sha256: string; gitSha1: string }> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), gitSha1: sha1.digest('hex') };
}

function contentRangeStart(value: string | null): { start: number; total?: number } | undefined {
  const m = value && /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value.trim());
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === '*' ? undefined : Number(m[2]) };
}

/** Bytes read ahead of the disk before reading waits for writes. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/**
 * Streams one response body to the part file; returns false when the connection dropped.
 * When a connection drops, chunks still queued in the response stream are discarded, so
 * reading never waits for the disk (up to MAX_QUEUED_BYTES): every byte that arrived is kept.
 * Nothing is written before `owned` (the lock still this process's) settles, nor after a stall.
 */
async function receive(res: Response, handle: FileHandle, partPath: string, already: number, target: DownloadTarget, ctx: HubContext, hold: LockHold, owned: Promise<void>): Promise<boolean> {
  let written = already;
  let queued = 0;
  let writeError: unknown;
  let writes: Promise<void> = owned.catch((e: unknown) => { writeError = e; });
  const reader = res.body!.getReader();
  const idleMs = ctx.downloadTimeoutMs;
  const read = async (): Promise<Awaited<ReturnType<typeof reader.read>> | 'silent'> => {
    if (!idleMs) return reader.read();
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<'silent'>((done) => { timer = setTimeout(() => done('silent'), idleMs); });
    try {
      return await Promise.race([reader.read(), silent]);
    } finally {
      clearTimeout(timer);
    }
  };
  const enqueue = (chunk: Uint8Array): void => {
    queued += chunk.byteLength;
    writes = writes.then(async () => {
      if (writeError) return;
      try {
        await hold.check();
        await handle.write(chunk);
      } catch (e) {
        writeError = e;
        return;
      }
      queued -= chunk.byteLength;
      written += chunk.byteLength;
      target.onBytes?.(written);
    });
  };
  const flush = async (): Promise<void> => {
    await writes;
    if (writeError) {
      await reader.cancel().catch(() => undefined);
      rethrowFsError(writeError, partPath, target.meta.size);
    }
  };
  for (;;) {
    let chunk: Awaited<ReturnType<typeof read>>;
    try {
      chunk = await read();
    } catch (e) {
      await flush();
      if (ctx.signal?.aborted || (e as Error).name === 'AbortError') throw cancelled(target.what.file);
      return false; // connection cut mid-body: the caller resumes from what was written
    }
    if (chunk === 'silent') { // a stalled connection: dropped, and resumed like a cut one
      await reader.cancel().catch(() => undefined);
      await flush();
      return false;
    }
    if (chunk.done) {
      await flush();
      if (ctx.signal?.aborted) throw cancelled(target.what.file);
      return true;
    }
    enqueue(chunk.value);
    if (writeError || queued > MAX_QUEUED_BYTES) await flush();
  }
}

async function openPart(partPath: string, size?: number): Promise<FileHandle> {
  await ensureDir(dirname(partPath));
  try {
    return await open(partPath, 'a');
  } catch (e) {
    return rethrowFsError(e, partPath, size);
  }
}

const inFlight = new Map<string, Promise<void>>();

/** Downloads `target` unless this process is already doing so, in which case it waits for that. */
export function downloadFile(target: DownloadTarget, ctx: HubContext): Promise<void> {
  const running = inFlight.get(target.path);
  if (running) return running;
  const started = withLock(target, ctx, async (hold, held) => {
    if (!(await placed(target))) await download(target, held, hold); // placed: another process finished it while this one waited
  }).finally(() => inFlight.delete(target.path));
  inFlight.set(target.path, started);
  return started;
}

async function placed(target: DownloadTarget): Promise<boolean> {
  const size = await regularFileSize(target.path);
  return size > 0 && (target.meta.size === undefined || size === target.meta.size);
}

/**
 * Runs `body` holding `<file>.lock` (see lock.ts), kept fresh meanwhile; waits while another live
 * process holds it. A body stopped because another process took the lock over (see lock-hold.ts)
 * waits for that process in turn, then runs again: it finds the file placed, or resumes the part.
 */
async function withLock(target: DownloadTarget, ctx: HubContext, body: (hold: LockHold, held: HubContext) => Promise<void>): Promise<void> {
  const lockPath = `${target.path}.lock`;
  await ensureDir(dirname(lockPath));
  let told = false;
  let losses = 0;
  for (;;) {
    let lock: HeldLock;
    for (;;) {
      const attempt = await tryLock(lockPath, target.lockStaleMs);
      if ('held' in attempt) {
        lock = attempt.held;
        break;
      }
      if (!told) {
        const { pid } = attempt.owner;
        target.onNote?.(`Waiting for another SciWrite process${pid ? ` (pid ${pid})` : ''} to finish downloading ${target.what.file} (lock file ${lockPath}).`);
        told = true;
      }
      await pause(Math.min(1000, target.lockStaleMs / 4), ctx, target.what.file);
    }
    const hold = new LockHold(lock, target.lockStaleMs, target.what.file);
    try {
      await body(hold, hold.context(ctx));
      return;
    } catch (e) {
      if (!hold.isLost || ctx.signal?.aborted || ++losses >= MAX_LOCK_LOSSES) throw e;
      told = false;
    } finally {
      hold.stop();
      // A lock left behind names this process, so it is taken over once this process is gone; a
      // failure here must not hide the body's own error (the full disk that also stopped the release).
      // A lock another process took over is left to it (release looks first).
      await lock.release().catch(() => undefined);
    }
  }
}

async function download(target: DownloadTarget, ctx: HubContext, hold: LockHold): Promise<void> {
  const { meta, path, what } = target;
  const partPath = `${path}.part`;
  let resumes = 0;
  let fruitless = 0; // attempts in a row that brought no byte
  let answered = false; // some attempt got the response's headers
  let unanswered: ModelStoreError | undefined; // the last failure before the headers
  let retries = 0;
  let restartedAfter416 = false;
  let linkRefused = false;
  for (;;) {
    if (ctx.signal?.aborted) throw cancelled(what.file);
    await hold.check();
    let have = await regularFileSize(partPath);
    if (meta.size !== undefined && have > meta.size) have = 0;
    let complete = meta.size !== undefined && have === meta.size && have > 0;
    if (!complete) {
      // Opened and sized before the request: once the headers are in, reading must start at once.
      const handle = await openPart(partPath, meta.size);
      let ended = false;
      try {
        if (have === 0 && (await regularFileSize(partPath)) > 0) await handle.truncate(0);
        const sent = await request(target.url, 'GET', ctx, have > 0 ? { range: `bytes=${have}-` } : {}).catch((e: unknown) => {
          // No headers in time, or the connection reset before them: resumed like a stalled or cut body.
          if (e instanceof ModelStoreError && (e.details.timedOut || e.details.cut)) {
            unanswered = e;
            return undefined;
          }
          throw e;
        });
        if (sent) {
          answered = true;
          // This process may have stalled while it waited, and lost the part file to another. Looked
          // at while the body is read already: the body must be read at once (see receive).
          const owned = hold.check(true);
          owned.catch(() => undefined);
          const { res, url } = sent;
          if (res.status === 416 && !restartedAfter416) {
            await res.body?.cancel();
            restartedAfter416 = true;
            await owned;
            await handle.truncate(0);
            continue;
          }
          if (res.status === 403 && !sameOrigin(url, ctx.endpoint)) {
            // The Hub granted access; the CDN refused its signed link (expired, say): a fresh redirect brings a new one.
            const text = await res.text().catch(() => '');
            if (!linkRefused) {
              linkRefused = true;
              continue;
            }
            const why = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
            throw new ModelStoreError('forbidden', `The download link for ${what.file} was refused (403 from ${new URL(url).host}${why ? `: ${why}` : ''}), although the Hub granted access to ${what.repo}; try again later.`, { status: 403, url, file: what.file });
          }
          if (!res.ok) {
            const error = await hubError(res, url, ctx, what);
            const wait = retryWait(res.status, error.details.retryAfterSeconds, retries, target);
            if (wait === undefined) throw error;
            retries++;
            target.onNote?.(`${what.file}: the server answered ${res.status}; trying again in ${wait} s (retry ${retries} of ${target.maxRetries}).`);
            await pause(wait * 1000, ctx, what.file);
            continue;
          }
          if (res.status === 206 && contentRangeStart(res.headers.get('content-range'))?.start !== have) {
            await res.body?.cancel(); // a range we did not ask for
            await owned;
            await handle.truncate(0);
            if (++resumes > target.maxResumes) throw new ModelStoreError('bad-response', `The server sent a wrong byte range for ${what.file}.`, { file: what.file });
            continue;
          }
          if (res.status !== 206 && have > 0) { // 200 to a Range request: the bytes restart from the first one
            have = 0;
            await owned;
            await handle.truncate(0);
          }
          target.onBytes?.(have);
          ended = await receive(res, handle, partPath, have, target, ctx, hold, owned);
        }
      } finally {
        await handle.close().catch(() => undefined);
      }
      const size = await regularFileSize(partPath);
      fruitless = size > have ? 0 : fruitless + 1;
      complete = ended && (meta.size === undefined || size >= meta.size);
      if (!complete) {
        if (++resumes > target.maxResumes) {
          // No answer at all: the network (or a proxy) failed, as its error says, and a cached snapshot may serve instead (resolve-model.ts).
          if (!answered && unanswered) throw unanswered;
          throw new ModelStoreError('truncated', `The download of ${what.file} kept breaking off or stalling (${formatBytes(size)}${meta.size === undefined ? '' : ` of ${formatBytes(meta.size)}`}); try again later.`, { file: what.file });
        }
        if (fruitless) await pause(resumeWaitMs(fruitless, target), ctx, what.file);
        continue;
      }
    }
    await verifyAndPlace(partPath, target, hold);
    return;
  }
}

/** Checks the part file and renames it into place; each step on the part file only while the lock is still this process's. */
async function verifyAndPlace(partPath: string, target: DownloadTarget, hold: LockHold): Promise<void> {
  const { meta, path, what } = target;
  const size = await regularFileSize(partPath);
  if (meta.size !== undefined && size !== meta.size) {
    await hold.check(true);
    await rm(partPath, { force: true });
    throw new ModelStoreError('truncated', `${what.file} has ${size} bytes but the Hub announced ${meta.size}; the download was discarded, try again.`, { file: what.file });
  }
  if (meta.sha256 || meta.gitSha1) {
    const got = await digests(partPath, size);
    const mismatch = meta.sha256 ? got.sha256 !== meta.sha256 : got.gitSha1 !== meta.gitSha1;
    if (mismatch) {
      await hold.check(true);
      await rm(partPath, { force: true });
      throw new ModelStoreError('checksum', `${what.file} from ${what.repo} is corrupt: its ${meta.sha256 ? 'sha256' : 'git sha1'} does not match the Hub's (${meta.etag}). It was discarded; try again.`, { file: what.file });
    }
  }
  await hold.check(true);
  try {
    await rename(partPath, path);
  } catch (e) {
    rethrowFsError(e, path);
  }
}
