// Errors worded for the researcher who sees them, with a stable code for callers.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatBytes } from '../../core/format/bytes.ts';

export type ModelStoreErrorCode =
  | 'unauthorized' // 401: private or gated repo, no or a refused token
  | 'forbidden' // 403: e.g. gated repo whose conditions were not accepted
  | 'repo-not-found'
  | 'revision-not-found'
  | 'file-not-found'
  | 'rate-limited' // 429
  | 'server-error'
  | 'network'
  | 'disk-full'
  | 'not-writable' // the model cache folder is read-only or not ours
  | 'truncated'
  | 'checksum'
  | 'offline' // offline mode and the cache lacks the files
  | 'cancelled'
  | 'busy' // another process is downloading the same file
  | 'invalid-spec'
  | 'bad-response';

export class ModelStoreError extends Error {
  constructor(
    readonly code: ModelStoreErrorCode,
    message: string,
    readonly details: {
      status?: number; retryAfterSeconds?: number; url?: string; file?: string; cause?: unknown; timedOut?: boolean;
      /** The connection was reset or closed before the answer's headers. */
      cut?: boolean;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModelStoreError';
  }
}

export function cancelled(file?: string): ModelStoreError {
  return new ModelStoreError('cancelled', file ? `Download of ${file} was cancelled.` : 'Download was cancelled.', { file });
}

export function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** ENOSPC/EDQUOT become a clear disk-full error, EROFS/EACCES/EPERM a not-writable one; anything else is rethrown. */
export function rethrowFsError(e: unknown, where: string, neededBytes?: number): never {
  if (isNodeError(e) && (e.code === 'ENOSPC' || e.code === 'EDQUOT')) {
    const need = neededBytes === undefined ? '' : ` (this file needs ${formatBytes(neededBytes)})`;
    throw new ModelStoreError('disk-full', `The disk is full: cannot write ${where}${need}. Free some space or choose another model cache folder.`, { cause: e });
  }
  if (isNodeError(e) && (e.code === 'EROFS' || e.code === 'EACCES' || e.code === 'EPERM')) {
    throw new ModelStoreError('not-writable', `Cannot write ${where} (${e.code === 'EROFS' ? 'read-only file system' : 'permission denied'}).`, { cause: e });
  }
  throw e;
}

/** mkdir -p; a path that cannot become a folder (a dangling link, a file on the way) is not-writable too. */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    // A recursive mkdir says ENOENT for a folder it may not make (a read-only file system): made alone, the first missing folder tells why.
    const missing = isNodeError(e) && e.code === 'ENOENT' ? firstMissing(dir) : dir;
    const why = missing === dir ? e : await mkdir(missing).then(() => e, (alone: unknown) => alone);
    if (isNodeError(why) && (why.code === 'ENOENT' || why.code === 'ENOTDIR' || why.code === 'EEXIST')) {
      throw new ModelStoreError('not-writable', `Cannot create the folder ${dir} (${why.code}).`, { cause: why });
    }
    rethrowFsError(why, missing);
  }
}

/** The outermost folder of `dir` that does not exist yet. */
function firstMissing(dir: string): string {
  let missing = resolve(dir);
  while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
  return missing;
}
