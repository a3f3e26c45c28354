// Shapes of the model store: where a model comes from, and what it resolved to.
import type { ProxySetting } from '../../net/proxy.ts';

/** What the files are for: a transformers model, or an adapters-library adapter. */
export type ModelKind = 'model' | 'adapter';

export type ModelSpec =
  | { repo: string; revision?: string; kind?: ModelKind }
  | { folder: string; kind?: ModelKind };

export interface DownloadProgress {
  /** Path of the file inside the repo. */
  file: string;
  fileBytes: number;
  fileTotal?: number;
  /** Bytes of all files in this resolve, including ones already cached. */
  bytes: number;
  total?: number;
  /** The file was in the cache already: nothing was downloaded for it. */
  cached?: boolean;
  /** Why no bytes move (waiting for another process's download of the file, a retry); the counts are unchanged. */
  note?: string;
}

export interface ResolveOptions {
  /** Hub endpoint; default: HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Hugging Face token for private or gated repos; default: HF_TOKEN. */
  token?: string;
  /** Root of the download cache; default: $XDG_CACHE_HOME/sciwrite/hub (~/.cache/sciwrite/hub), see endpoint.ts defaultCacheDir. */
  cacheDir?: string;
  /** Use only the cache; default: HF_HUB_OFFLINE=1. */
  offline?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Extra repo files to fetch when present (e.g. "head_config.json"). */
  extraFiles?: readonly string[];
  /** Environment to read HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each metadata request (default 10 s, like huggingface_hub's HF_HUB_ETAG_TIMEOUT). */
  metadataTimeoutMs?: number;
  /** Resume attempts after a connection drops or stalls mid-file, and tries of a metadata request reset before its answer (default 5). */
  maxResumes?: number;
  /** Limit for a download's headers and for each silence in its body, after which it resumes (default HF_HUB_DOWNLOAD_TIMEOUT s, else 20 s). */
  downloadTimeoutMs?: number;
  /** Retries of a download answered 408, 429 or 5xx with a wait of at most a minute (default 3). */
  maxRetries?: number;
  /** The first wait before such a retry when the server names none (Retry-After), doubling after (default 1 s). */
  retryDelayMs?: number;
  /** Another process's download lock not refreshed for this long is abandoned (default 30 s). */
  lockStaleMs?: number;
  /**
   * Called with the snapshot folder once every file but the weights is in, before the weights are
   * downloaded: throwing stops there (a model that can never load costs no weights download).
   */
  checkFiles?: (folder: string) => Promise<void> | void;
  /** VS Code's http.proxy / http.proxyStrictSSL; without a URL: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from `env`. */
  proxy?: ProxySetting;
}

export interface ResolvedModel {
  /** A local folder holding the files, ready for loadStateDict and the tokenizer loaders. */
  folder: string;
  repo?: string;
  /** Requested revision (branch, tag or commit). */
  revision?: string;
  /** The commit the files were pinned to. */
  commit?: string;
  /** Paths relative to `folder` of the files this model needs. */
  files: string[];
  /** Where the files came from this time. */
  source: 'hub' | 'cache' | 'folder';
}
