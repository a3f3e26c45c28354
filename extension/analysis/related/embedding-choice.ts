// The `sciwrite.models.embeddings` setting: which model embeds papers for the related-work ranking.
// `builtin` is SPECTER2 once downloaded (else BM25 alone); a folder holds a SPECTER2 layout or a plain
// BERT/RoBERTa encoder; any other "org/name" is a Hugging Face model the model store downloads.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { folderFingerprint } from '../../inference/runtime/build.ts';
import { resolveModel } from '../../inference/store/resolve-model.ts';
import type { ResolveOptions } from '../../inference/store/types.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { EncoderEmbedder, encoderEmbedderId } from './encoder-embedder.ts';
import { findSpecter2, specter2Embedder, type PaperEmbedder } from './specter2.ts';

export type EmbeddingChoice =
  | { kind: 'builtin' }
  | { kind: 'folder'; folder: string }
  | { kind: 'hub'; repo: string }
  | { kind: 'invalid'; spec: string; reason: string };

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** What a value names: a folder that exists (relative ones are read from the workspace folder), else a Hub id. */
export function embeddingChoice(spec: string, workspaceFolder?: string): EmbeddingChoice {
  const value = spec.trim();
  if (value === '' || value === 'builtin') return { kind: 'builtin' };
  const expanded = value === '~' || value.startsWith('~/') ? join(homedir(), value.slice(1)) : value;
  const candidates = isAbsolute(expanded) ? [expanded] : [...(workspaceFolder ? [resolve(workspaceFolder, expanded)] : []), resolve(expanded)];
  const folder = candidates.find(isFolder);
  if (folder) return { kind: 'folder', folder };
  if (HUB_ID.test(value)) return { kind: 'hub', repo: value };
  return { kind: 'invalid', spec: value, reason: `${value} is neither a folder nor a Hugging Face model id` };
}

/**
 * The embedder of a local folder: SPECTER2 when it holds a SPECTER2 layout (what findSpecter2 accepts),
 * else a plain encoder when it holds a config.json. Vectors are cached under `cacheDir`, per model.
 */
export async function folderEmbedder(folder: string, cacheDir?: string): Promise<PaperEmbedder> {
  const specter2 = findSpecter2(folder);
  if (specter2) {
    return specter2Embedder(specter2, cacheDir);
  }
  if (!existsSync(join(folder, 'config.json'))) throw new Error(`${folder} holds neither a SPECTER2 layout (base/ + proximity/) nor an encoder (config.json)`);
  // The id carries the weights' fingerprint: a model replaced in the same folder gets fresh vectors.
  const id = `${encoderEmbedderId(folder)}#${await folderFingerprint(folder)}`;
  return new EncoderEmbedder(folder, { id, ...(cacheDir ? { cache: new EmbeddingCache(cacheDir, id) } : {}) });
}

/** The embedder of a Hugging Face encoder, resolved through the model store (downloaded unless cached; `store.offline` forbids it). */
export async function hubEmbedder(repo: string, store: ResolveOptions, cacheDir?: string): Promise<PaperEmbedder> {
  const model = await resolveModel({ repo, kind: 'model' }, store);
  const source = { repo, commit: model.commit ?? 'unknown' };
  const id = encoderEmbedderId(model.folder, source);
  return new EncoderEmbedder(model.folder, { name: repo, source, id, ...(cacheDir ? { cache: new EmbeddingCache(cacheDir, id) } : {}) });
}
