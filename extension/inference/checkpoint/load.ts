// Finds and reads a model folder's weights in transformers' order of preference.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { StateDict } from './types.ts';
import { CheckpointError } from './errors.ts';
import { readSafetensors } from './safetensors.ts';
import { readPytorch } from './pytorch.ts';

/** Weight file names, most preferred first (transformers: SAFE_WEIGHTS_NAME, SAFE_WEIGHTS_INDEX_NAME, WEIGHTS_NAME, WEIGHTS_INDEX_NAME). */
export const WEIGHT_FILES = [
  'model.safetensors',
  'model.safetensors.index.json',
  'pytorch_model.bin',
  'pytorch_model.bin.index.json',
] as const;

export type WeightFile = (typeof WEIGHT_FILES)[number];

/** The weight file transformers would pick in `folder`, or undefined if there is none. */
export function findWeightFile(folder: string): WeightFile | undefined {
  return WEIGHT_FILES.find((name) => existsSync(join(folder, name)));
}

/** Reads one checkpoint file: safetensors by its header, anything else as a torch.save file. */
export async function loadCheckpointFile(path: string): Promise<StateDict> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CheckpointError(`cannot read: ${(e as Error).message}`, path);
  }
  return path.endsWith('.safetensors') ? readSafetensors(bytes, path) : readPytorch(bytes, path);
}

/** Shard names from a `*.index.json` (`{"weight_map": {tensor: shard}}`), in first-use order. */
export function shardsOfIndex(indexJson: string, file?: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(indexJson);
  } catch (e) {
    throw new CheckpointError(`index is not valid JSON: ${(e as Error).message}`, file);
  }
  const weightMap = (parsed as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null) throw new CheckpointError('index has no weight_map', file);
  const shards = [...new Set(Object.values(weightMap as Record<string, unknown>))];
  for (const shard of shards) {
    // Shard names come from a downloaded file: keep them inside the model folder.
    if (typeof shard !== 'string' || shard !== basename(shard) || shard === '..' || shard.includes(sep)) {
      throw new CheckpointError(`index names an invalid shard ${JSON.stringify(shard)}`, file);
    }
  }
  return shards as string[];
}

async function loadSharded(folder: string, indexName: string): Promise<StateDict> {
  const indexPath = join(folder, indexName);
  const shards = shardsOfIndex(await readFile(indexPath, 'utf8'), indexPath);
  const dict: StateDict = new Map();
  for (const shard of shards) {
    for (const [name, tensor] of await loadCheckpointFile(join(folder, shard))) dict.set(name, tensor);
  }
  return dict;
}

/** Loads a model folder's state dict from the first weight file present in WEIGHT_FILES order. */
export async function loadStateDict(folder: string): Promise<StateDict> {
  const dir = resolve(folder);
  const file = findWeightFile(dir);
  if (!file) {
    throw new CheckpointError(`no weights found in ${dir} (looked for ${WEIGHT_FILES.join(', ')})`);
  }
  return file.endsWith('.index.json') ? loadSharded(dir, file) : loadCheckpointFile(join(dir, file));
}
