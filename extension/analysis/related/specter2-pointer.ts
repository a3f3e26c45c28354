// A downloaded SPECTER2 lives in the model store's cache (one snapshot per repo and commit); the
// related-work folder holds only `specter2.json`, naming those snapshots. It is written last, through
// a temporary file and a rename, once every part is complete: a half-finished download is never found.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Specter2Location } from './specter2.ts';

export const SPECTER2_POINTER = 'specter2.json';

export interface Specter2PointerPart {
  repo: string;
  /** The revision asked for (a branch, tag or commit). */
  revision: string;
  /** The commit the files were pinned to. */
  commit?: string;
  /** The snapshot folder (absolute). */
  folder: string;
}

export interface Specter2Pointer {
  version: 1;
  base: Specter2PointerPart;
  proximity: Specter2PointerPart;
  adhocQuery?: Specter2PointerPart;
}

const MODEL_WEIGHTS = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'];

function complete(folder: unknown, kind: 'model' | 'adapter'): folder is string {
  if (typeof folder !== 'string' || folder === '') return false;
  if (kind === 'adapter') return existsSync(join(folder, 'adapter_config.json')) && existsSync(join(folder, 'pytorch_adapter.bin'));
  return existsSync(join(folder, 'config.json')) && MODEL_WEIGHTS.some((file) => existsSync(join(folder, file)));
}

function folderOf(part: unknown): unknown {
  return typeof part === 'object' && part !== null ? (part as Record<string, unknown>).folder : undefined;
}

/** The SPECTER2 a pointer in `dir` names, when the pointer exists and its snapshots are still on disk (e.g. not deleted in "Manage models"). */
export function readSpecter2Pointer(dir: string): Specter2Location | undefined {
  const path = join(dir, SPECTER2_POINTER);
  if (!existsSync(path)) return undefined;
  let pointer: Partial<Record<keyof Specter2Pointer, unknown>>;
  try {
    pointer = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<keyof Specter2Pointer, unknown>>;
  } catch {
    return undefined;
  }
  const base = folderOf(pointer.base);
  const proximity = folderOf(pointer.proximity);
  if (!complete(base, 'model') || !complete(proximity, 'adapter')) return undefined;
  const adhoc = folderOf(pointer.adhocQuery);
  return { base, proximity, ...(complete(adhoc, 'adapter') ? { adhocQuery: adhoc } : {}) };
}

/** Writes the pointer through a temporary file and a rename: readers see the old pointer or the new one, never half of one. */
export async function writeSpecter2Pointer(dir: string, pointer: Specter2Pointer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, SPECTER2_POINTER);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(pointer, null, 1)}\n`);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Removes the pointer in `dir` (none: nothing to do). */
export async function removeSpecter2Pointer(dir: string): Promise<void> {
  await rm(join(dir, SPECTER2_POINTER), { force: true });
}
