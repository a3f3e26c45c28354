// The Hub's URL layout and the settings that come from the environment.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ModelStoreError } from './errors.ts';
import type { ResolveOptions } from './types.ts';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

type Env = Readonly<Record<string, string | undefined>>;

export function hubEndpoint(options: Pick<ResolveOptions, 'endpoint' | 'env'>): string {
  const env: Env = options.env ?? process.env;
  const raw = options.endpoint || env.HF_ENDPOINT || DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ModelStoreError('invalid-spec', `The Hugging Face endpoint "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ModelStoreError('invalid-spec', `The Hugging Face endpoint "${raw}" must be an http(s) URL.`);
  }
  return raw.replace(/\/+$/, '');
}

export function hubToken(options: Pick<ResolveOptions, 'token' | 'env'>): string | undefined {
  const env: Env = options.env ?? process.env;
  return options.token || env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
}

export function isOffline(options: Pick<ResolveOptions, 'offline' | 'env'>): boolean {
  if (options.offline !== undefined) return options.offline;
  const env: Env = options.env ?? process.env;
  return ['1', 'on', 'yes', 'true'].includes((env.HF_HUB_OFFLINE ?? '').toLowerCase());
}

/** HF_HUB_DOWNLOAD_TIMEOUT (seconds), as huggingface_hub reads it, else 20 s. */
export function downloadTimeoutMs(options: Pick<ResolveOptions, 'downloadTimeoutMs' | 'env'>): number {
  if (options.downloadTimeoutMs !== undefined) return options.downloadTimeoutMs;
  const seconds = Number((options.env ?? process.env).HF_HUB_DOWNLOAD_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 20_000;
}

export function defaultCacheDir(env: Env = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sciwrite', 'hub');
}

const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

export function checkRepoId(repo: string): void {
  if (!REPO_ID.test(repo) || repo.includes('..') || repo.endsWith('.git')) {
    throw new ModelStoreError('invalid-spec', `"${repo}" is not a Hugging Face repo id (expected "org/name").`);
  }
}

/** A repo file path from the network or an index: relative, no "..", forward slashes. */
export function checkRepoPath(path: string): void {
  const parts = path.split('/');
  if (!path || path.startsWith('/') || path.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new ModelStoreError('bad-response', `Refusing the file path "${path}": it would leave the model folder.`);
  }
}

/** `{endpoint}/{repo}/resolve/{revision}/{path}`; the revision is fully encoded, the path keeps its slashes. */
export function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}
