// Errors worded for the researcher who sees them, with a stable code for callers.
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
    readonly details: { status?: number; retryAfterSeconds?: number; url?: string; file?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModelStoreError';
  }
}

export function isNodeError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** ENOSPC/EDQUOT become a clear disk-full error; anything else is rethrown. */
export function rethrowFsError(e: unknown, where: string, neededBytes?: number): never {
  if (isNodeError(e) && (e.code === 'ENOSPC' || e.code === 'EDQUOT')) {
    const need = neededBytes === undefined ? '' : ` (this file needs ${formatBytes(neededBytes)})`;
    throw new ModelStoreError('disk-full', `The disk is full: cannot write ${where}${need}. Free some space or choose another model cache folder.`, { cause: e });
  }
  throw e;
}
