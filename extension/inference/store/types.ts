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
}

export interface ResolveOptions {
  /** Hub endpoint; default: HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Hugging Face token for private or gated repos; default: HF_TOKEN. */
  token?: string;
  /** Root of the download cache; default: $XDG_CACHE_HOME/sciwrite/hub (~/.cache/sciwrite/hub). */
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
  /** Resume attempts after a connection drops mid-file (default 5). */
  maxResumes?: number;
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
