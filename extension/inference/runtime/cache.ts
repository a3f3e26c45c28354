// Built ONNX models on disk, keyed by what they were built from (repo, commit, build options).
// Each entry is a folder <hash>/ holding model.onnx, info.json and key.json; the folder is
// written under a temporary name and renamed into place, so readers never see half an entry.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelInfo } from '../onnx/encoder.ts';

/** Bumped whenever the graph builder's output changes for the same inputs. */
export const BUILDER_VERSION = 1;

export interface CacheKey {
  /** Hub id or absolute folder path. */
  repo: string;
  /** Hub commit, or a fingerprint of local files. */
  commit: string;
  options: Record<string, string | number | boolean | null>;
}

export interface CachedModel {
  path: string;
  info: ModelInfo;
}

export function defaultCacheDir(): string {
  return process.env.SCIWRITE_MODEL_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sciwrite', 'onnx');
}

export function cacheEntryName(key: CacheKey): string {
  const canonical = JSON.stringify({ v: BUILDER_VERSION, repo: key.repo, commit: key.commit, options: sortKeys(key.options) });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class ModelCache {
  constructor(readonly dir: string = defaultCacheDir()) {}

  async get(key: CacheKey): Promise<CachedModel | undefined> {
    const entry = join(this.dir, cacheEntryName(key));
    const path = join(entry, 'model.onnx');
    if (!existsSync(path)) return undefined;
    try {
      const info = JSON.parse(await readFile(join(entry, 'info.json'), 'utf8')) as ModelInfo;
      return { path, info };
    } catch {
      return undefined;
    }
  }

  async put(key: CacheKey, bytes: Uint8Array, info: ModelInfo): Promise<CachedModel> {
    await mkdir(this.dir, { recursive: true });
    const name = cacheEntryName(key);
    const final = join(this.dir, name);
    const tmp = join(this.dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await mkdir(tmp);
    try {
      await writeFile(join(tmp, 'model.onnx'), bytes);
      await writeFile(join(tmp, 'info.json'), JSON.stringify(info, null, 2));
      await writeFile(join(tmp, 'key.json'), JSON.stringify({ builder: BUILDER_VERSION, ...key }, null, 2));
      try {
        await rename(tmp, final);
      } catch (e) {
        // Another process finished the same entry first: keep theirs.
        if (!existsSync(join(final, 'model.onnx'))) throw e;
        await rm(tmp, { recursive: true, force: true });
      }
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return { path: join(final, 'model.onnx'), info };
  }

  /** Removes every entry built from the Hub repo `repo`, as the model or as its adapter (a deleted download's conversions). */
  async removeBuiltFrom(repo: string): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.')) continue; // an entry being written
      const entry = join(this.dir, name);
      let key: Partial<CacheKey>;
      try {
        key = JSON.parse(await readFile(join(entry, 'key.json'), 'utf8')) as Partial<CacheKey>;
      } catch {
        continue;
      }
      const adapter = key.options?.adapter;
      if (key.repo === repo || (typeof adapter === 'string' && adapter.startsWith(`${repo}@`))) await rm(entry, { recursive: true, force: true });
    }
  }
}
