// How the store tries a Hub request again, for the downloads (download.ts) and the metadata
// requests before them (hub-http.ts): after a connection cut or a silence, and after a short
// 408/429/5xx wait.
import { setTimeout as sleep } from 'node:timers/promises';
import { cancelled } from './errors.ts';
import type { HubContext } from './hub-http.ts';

export interface RetryPolicy {
  /** Tries after a connection that broke off or went silent (before the headers too), each after resumeWaitMs. */
  maxResumes: number;
  /** Retries of an answer 408, 429 or 5xx, when the wait (Retry-After, else retryDelayMs doubling) is at most MAX_RETRY_WAIT_S. */
  maxRetries: number;
  retryDelayMs: number;
}

const MAX_RETRY_WAIT_S = 60;

export async function pause(ms: number, ctx: HubContext, file?: string): Promise<void> {
  try {
    await sleep(ms, undefined, { signal: ctx.signal });
  } catch {
    throw cancelled(file);
  }
}

/** Seconds to wait before retrying an answer, or undefined when it is not worth a retry. */
export function retryWait(status: number, retryAfterSeconds: number | undefined, retries: number, policy: RetryPolicy): number | undefined {
  if (!(status === 408 || status === 429 || status >= 500) || retries >= policy.maxRetries) return undefined;
  const wait = retryAfterSeconds ?? (policy.retryDelayMs * 2 ** retries) / 1000;
  return wait <= MAX_RETRY_WAIT_S ? wait : undefined;
}

/** The wait before the `n`th attempt in a row to bring nothing: a quarter of retryDelayMs, doubling, at most retryDelayMs. */
export function resumeWaitMs(n: number, policy: Pick<RetryPolicy, 'retryDelayMs'>): number {
  return policy.retryDelayMs * 2 ** (Math.min(n, 3) - 3);
}
