// Downloading SPECTER2 for the related-work ranking: the base encoder and its two adapters, each
// through the model store (inference/store: pinned commits, sha256 checks, resume, HF_ENDPOINT,
// offline mode, cancel), then the pointer in the related-work folder, written last (specter2-pointer.ts).
import { formatBytes } from '../../core/format/bytes.ts';
import { resolveModel } from '../../inference/store/resolve-model.ts';
import { DEFAULT_ENDPOINT, defaultCacheDir, hubEndpoint } from '../../inference/store/endpoint.ts';
import { ModelStoreError } from '../../inference/store/errors.ts';
import type { ModelKind, ResolveOptions } from '../../inference/store/types.ts';
import { findSpecter2, type Specter2Location } from './specter2.ts';
import { removeSpecter2Pointer, writeSpecter2Pointer, type Specter2Pointer, type Specter2PointerPart } from './specter2-pointer.ts';

export type Specter2Part = 'base' | 'proximity' | 'adhocQuery';

export interface Specter2CatalogueEntry {
  part: Specter2Part;
  repo: string;
  /** Pinned to the commit it resolves to at download time (recorded in the pointer). */
  revision: string;
  kind: ModelKind;
  /** The size the Hub lists for the files SciWrite fetches, in bytes (approximate: shown before the download). */
  approxBytes: number;
  purpose: string;
}

/** The SPECTER2 models (allenai, Apache-2.0), as the Hub lists them: the base's model.safetensors is 440 MB, each adapter's pytorch_adapter.bin 3.59 MB. */
export const SPECTER2_CATALOGUE: readonly Specter2CatalogueEntry[] = [
  { part: 'base', repo: 'allenai/specter2_base', revision: 'main', kind: 'model', approxBytes: 441_000_000, purpose: 'the base encoder' },
  { part: 'proximity', repo: 'allenai/specter2', revision: 'main', kind: 'adapter', approxBytes: 3_600_000, purpose: 'the proximity adapter, for papers' },
  { part: 'adhocQuery', repo: 'allenai/specter2_adhoc_query', revision: 'main', kind: 'adapter', approxBytes: 3_600_000, purpose: 'the ad-hoc query adapter, for your paragraph' },
];

export interface Specter2DownloadPlan {
  /** Where the files come from: the Hub, or the HF_ENDPOINT mirror. */
  endpoint: string;
  /** The model store's cache the files go to. */
  cacheDir: string;
  parts: Specter2CatalogueEntry[];
  approxBytes: number;
  /** What the consent prompt says, word for word. */
  text: string;
}

export type StoreOptions = Pick<ResolveOptions, 'endpoint' | 'token' | 'cacheDir' | 'offline' | 'env' | 'metadataTimeoutMs' | 'maxResumes' | 'proxy'>;

/** What a download would fetch, from where, and the consent text that says so. */
export function specter2DownloadPlan(store: StoreOptions = {}, catalogue: readonly Specter2CatalogueEntry[] = SPECTER2_CATALOGUE): Specter2DownloadPlan {
  const endpoint = hubEndpoint(store);
  const cacheDir = store.cacheDir ?? defaultCacheDir(store.env ?? process.env);
  const approxBytes = catalogue.reduce((sum, entry) => sum + entry.approxBytes, 0);
  const from = endpoint === DEFAULT_ENDPOINT ? 'the Hugging Face Hub (huggingface.co)' : `the Hugging Face mirror ${endpoint} (HF_ENDPOINT)`;
  const list = catalogue.map((entry) => `${entry.repo} (${entry.purpose}, about ${formatBytes(entry.approxBytes)})`);
  const text = [
    `SciWrite will download SPECTER2 from ${from}: ${list.slice(0, -1).join(', ')} and ${list.at(-1)}; about ${formatBytes(approxBytes)} in all.`,
    `The files are checked against the Hub's checksums, kept in ${cacheDir}, and run on this machine.`,
    'Only the model files are requested: nothing from your manuscripts is sent.',
  ].join(' ');
  return { endpoint, cacheDir, parts: [...catalogue], approxBytes, text };
}

export interface Specter2Progress {
  /** The repo being fetched now. */
  repo: string;
  file: string;
  /** Bytes of all parts so far (parts already complete included). */
  bytes: number;
  /** Expected bytes of all parts: exact for the parts the Hub has described, the catalogue's estimate for the rest. */
  total: number;
}

export interface Specter2DownloadOptions {
  store?: StoreOptions;
  signal?: AbortSignal;
  onProgress?: (progress: Specter2Progress) => void;
  catalogue?: readonly Specter2CatalogueEntry[];
  /** Writes the pointer (default writeSpecter2Pointer); a test wraps it to stop the download while it writes. */
  writePointer?: (folder: string, pointer: Specter2Pointer) => Promise<void>;
}

export interface Specter2Download {
  location: Specter2Location;
  pointer: Specter2Pointer;
  /** True when any file came from the Hub this time (false: all were in the cache already). */
  fetched: boolean;
}

/**
 * Fetches every part into the model store's cache, then writes the pointer in `folder` (the
 * related-work `specter2` folder) so that findSpecter2 finds the model. Throws the store's
 * ModelStoreError (cancelled, offline, repo-not-found, truncated, checksum, ...) and leaves no pointer then,
 * also when `signal` aborts while the pointer is written.
 */
export async function downloadSpecter2(folder: string, options: Specter2DownloadOptions = {}): Promise<Specter2Download> {
  const catalogue = options.catalogue ?? SPECTER2_CATALOGUE;
  const parts: Partial<Record<Specter2Part, Specter2PointerPart>> = {};
  let done = 0;
  let fetched = false;
  for (let i = 0; i < catalogue.length; i++) {
    const entry = catalogue[i];
    const later = catalogue.slice(i + 1).reduce((sum, e) => sum + e.approxBytes, 0);
    let partBytes = 0;
    const resolved = await resolveModel({ repo: entry.repo, revision: entry.revision, kind: entry.kind }, {
      ...options.store,
      // the model card comes along: "Manage models" shows its licence
      extraFiles: ['README.md'],
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => {
        partBytes = p.bytes;
        options.onProgress?.({ repo: entry.repo, file: p.file, bytes: done + p.bytes, total: done + (p.total ?? Math.max(entry.approxBytes, p.bytes)) + later });
      },
    });
    if (resolved.source === 'hub') fetched = true;
    done += partBytes;
    parts[entry.part] = { repo: entry.repo, revision: entry.revision, ...(resolved.commit ? { commit: resolved.commit } : {}), folder: resolved.folder };
  }
  if (!parts.base || !parts.proximity) throw new ModelStoreError('invalid-spec', 'The SPECTER2 catalogue names no base model or no proximity adapter.');
  const pointer: Specter2Pointer = { version: 1, base: parts.base, proximity: parts.proximity, ...(parts.adhocQuery ? { adhocQuery: parts.adhocQuery } : {}) };
  if (options.signal?.aborted) throw new ModelStoreError('cancelled', 'The SPECTER2 download was cancelled.');
  await (options.writePointer ?? writeSpecter2Pointer)(folder, pointer);
  if (options.signal?.aborted) {
    // Stopped while the pointer was written (Manage Models deletes a part once the download has ended): no pointer to files about to go.
    await removeSpecter2Pointer(folder);
    throw new ModelStoreError('cancelled', 'The SPECTER2 download was cancelled.');
  }
  const location = findSpecter2(folder);
  if (!location) throw new ModelStoreError('bad-response', `SPECTER2 was downloaded to ${parts.base.folder} but its files are incomplete.`);
  return { location, pointer, fetched };
}

/** Why a download failed, as the model store words it, ending with a full stop. */
export function specter2FailureReason(error: unknown): string {
  const why = (error instanceof Error ? error.message : String(error)).trim();
  return /[.!?)]$/.test(why) ? why : `${why}.`;
}

/** What the researcher reads: what went wrong, and that ranking goes on with BM25. */
export function specter2FailureMessage(error: unknown): string {
  if (error instanceof ModelStoreError && error.code === 'cancelled') return 'The SPECTER2 download was cancelled; related work stays ranked by shared terms (BM25). Files already downloaded are kept, so a new download resumes.';
  return `SPECTER2 could not be downloaded. ${specter2FailureReason(error)} Related work stays ranked by shared terms (BM25).`;
}
