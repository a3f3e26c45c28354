// Downloads one file into `<target>.part`, resuming with Range after a dropped connection
// (and across runs), checks its size and checksum, then renames it into place.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes } from '../../core/format/bytes.ts';
import { ModelStoreError, rethrowFsError } from './errors.ts';
import { cancelled, hubError, request, type ErrorContext, type FileMetadata, type HubContext } from './hub-http.ts';

export interface DownloadTarget {
  /** The /resolve URL at the pinned commit: each attempt follows its redirect afresh, since CDN links are signed and expire. */
  url: string;
  meta: FileMetadata;
  /** Final path; the partial file is `${path}.part`. */
  path: string;
  what: ErrorContext & { file: string };
  maxResumes: number;
  onBytes?: (fileBytes: number) => void;
}

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
 */
async function receive(res: Response, handle: FileHandle, partPath: string, already: number, target: DownloadTarget, ctx: HubContext): Promise<boolean> {
  let written = already;
  let queued = 0;
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const reader = res.body!.getReader();
  const enqueue = (chunk: Uint8Array): void => {
    queued += chunk.byteLength;
    writes = writes.then(async () => {
      if (writeError) return;
      try {
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
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (e) {
      await flush();
      if (ctx.signal?.aborted || (e as Error).name === 'AbortError') throw cancelled(target.what.file);
      return false; // connection cut mid-body: the caller resumes from what was written
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
  try {
    await mkdir(dirname(partPath), { recursive: true });
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
  const started = withLock(target, () => download(target, ctx)).finally(() => inFlight.delete(target.path));
  inFlight.set(target.path, started);
  return started;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `<file>.lock` holds the pid of the process downloading the file; a dead owner's lock is taken over. */
async function withLock(target: DownloadTarget, body: () => Promise<void>): Promise<void> {
  const lockPath = `${target.path}.lock`;
  try {
    await mkdir(dirname(lockPath), { recursive: true });
  } catch (e) {
    rethrowFsError(e, lockPath);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') rethrowFsError(e, lockPath);
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (attempt === 0 && !(Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner))) {
        await rm(lockPath, { force: true });
        continue;
      }
      throw new ModelStoreError('busy', `Another SciWrite process (pid ${owner}) is downloading ${target.what.file} of ${target.what.repo}; try again when it has finished.`, { file: target.what.file });
    }
  }
  try {
    await body();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function download(target: DownloadTarget, ctx: HubContext): Promise<void> {
  const { meta, path, what } = target;
  const partPath = `${path}.part`;
  let resumes = 0;
  let restartedAfter416 = false;
  for (;;) {
    if (ctx.signal?.aborted) throw cancelled(what.file);
    let have = await regularFileSize(partPath);
    if (meta.size !== undefined && have > meta.size) have = 0;
    let complete = meta.size !== undefined && have === meta.size && have > 0;
    if (!complete) {
      // Opened and sized before the request: once the headers are in, reading must start at once.
      const handle = await openPart(partPath, meta.size);
      let ended: boolean;
      try {
        if (have === 0 && (await regularFileSize(partPath)) > 0) await handle.truncate(0);
        const { res, url } = await request(target.url, 'GET', ctx, have > 0 ? { range: `bytes=${have}-` } : {});
        if (res.status === 416 && !restartedAfter416) {
          await res.body?.cancel();
          restartedAfter416 = true;
          await handle.truncate(0);
          continue;
        }
        if (!res.ok) throw await hubError(res, url, ctx, what);
        if (res.status === 206 && contentRangeStart(res.headers.get('content-range'))?.start !== have) {
          await res.body?.cancel(); // a range we did not ask for
          await handle.truncate(0);
          if (++resumes > target.maxResumes) throw new ModelStoreError('bad-response', `The server sent a wrong byte range for ${what.file}.`, { file: what.file });
          continue;
        }
        if (res.status !== 206 && have > 0) { // 200 to a Range request: the bytes restart from the first one
          have = 0;
          await handle.truncate(0);
        }
        target.onBytes?.(have);
        ended = await receive(res, handle, partPath, have, target, ctx);
      } finally {
        await handle.close().catch(() => undefined);
      }
      const size = await regularFileSize(partPath);
      complete = ended && (meta.size === undefined || size >= meta.size);
      if (!complete) {
        if (++resumes > target.maxResumes) {
          throw new ModelStoreError('truncated', `The download of ${what.file} kept breaking off (${formatBytes(size)}${meta.size === undefined ? '' : ` of ${formatBytes(meta.size)}`}); try again later.`, { file: what.file });
        }
        continue;
      }
    }
    await verifyAndPlace(partPath, target);
    return;
  }
}

async function verifyAndPlace(partPath: string, target: DownloadTarget): Promise<void> {
  const { meta, path, what } = target;
  const size = await regularFileSize(partPath);
  if (meta.size !== undefined && size !== meta.size) {
    await rm(partPath, { force: true });
    throw new ModelStoreError('truncated', `${what.file} has ${size} bytes but the Hub announced ${meta.size}; the download was discarded, try again.`, { file: what.file });
  }
  if (meta.sha256 || meta.gitSha1) {
    const got = await digests(partPath, size);
    const mismatch = meta.sha256 ? got.sha256 !== meta.sha256 : got.gitSha1 !== meta.gitSha1;
    if (mismatch) {
      await rm(partPath, { force: true });
      throw new ModelStoreError('checksum', `${what.file} from ${what.repo} is corrupt: its ${meta.sha256 ? 'sha256' : 'git sha1'} does not match the Hub's (${meta.etag}). It was discarded; try again.`, { file: what.file });
    }
  }
  try {
    await rename(partPath, path);
  } catch (e) {
    rethrowFsError(e, path);
  }
}
