// Which files of a repo a model needs, in the order transformers (or adapters) looks for them.
import type { ModelKind } from './types.ts';

export interface FilePlan {
  /** Must exist. */
  required: readonly string[];
  /** Fetched when present. */
  optional: readonly string[];
  /** The first one present is used; `.index.json` ones pull in their shards. */
  weights: readonly string[];
  /** The file sets tokenizer/load.ts reads a tokenizer from: one must be present, checked before anything is downloaded. */
  tokenizer?: readonly (readonly string[])[];
}

export const MODEL_FILES: FilePlan = {
  required: ['config.json'],
  optional: [
    'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'added_tokens.json',
    'vocab.txt', 'vocab.json', 'merges.txt',
  ],
  weights: ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'],
  tokenizer: [['tokenizer.json'], ['vocab.txt'], ['vocab.json', 'merges.txt']],
};

/** adapters library (AdapterHub) layout: adapter_config.json + pytorch_adapter.bin. */
export const ADAPTER_FILES: FilePlan = {
  required: ['adapter_config.json'],
  optional: [],
  weights: ['pytorch_adapter.bin'],
};

export function filePlan(kind: ModelKind = 'model', extraFiles: readonly string[] = []): FilePlan {
  const base = kind === 'adapter' ? ADAPTER_FILES : MODEL_FILES;
  return { ...base, optional: [...base.optional, ...extraFiles.filter((f) => !base.optional.includes(f))] };
}
