// Model folder (config.json + weights, optionally an adapter folder) → ONNX bytes.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StateDict } from '../checkpoint/types.ts';
import { findWeightFile, loadCheckpointFile, loadStateDict } from '../checkpoint/load.ts';
import { parseAdapter } from '../onnx/adapter.ts';
import { defaultWeightType } from './cpu.ts';
import { ConfigError, parseEncoderConfig, type EncoderConfig, type HeadKind } from '../onnx/config.ts';
import { buildEncoderModel, type BuiltModel, type Quantization, type WeightType } from '../onnx/encoder.ts';

export interface BuildFromFolderOptions {
  head?: HeadKind;
  quantization?: Quantization;
  /** com.microsoft fused ops or plain ONNX (default: plain, measured faster). */
  fused?: boolean;
  /** A folder with adapter_config.json + pytorch_adapter.bin (or adapter_model.safetensors). */
  adapterFolder?: string;
  /** Read this weight file of the folder instead of transformers' preferred one. */
  weightsFile?: string;
  /** int8 weight storage (default: what suits this CPU, see cpu.ts). */
  weightType?: WeightType;
}

export async function readConfig(folder: string): Promise<EncoderConfig> {
  const text = await readFile(join(folder, 'config.json'), 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config.json: ${(e as Error).message}`);
  }
  return parseEncoderConfig(raw);
}

export async function readWeights(folder: string, weightsFile?: string): Promise<StateDict> {
  return weightsFile ? loadCheckpointFile(join(folder, weightsFile)) : loadStateDict(folder);
}

export async function buildFromFolder(folder: string, options: BuildFromFolderOptions = {}): Promise<BuiltModel> {
  const config = await readConfig(folder);
  const dict = await readWeights(folder, options.weightsFile);
  let adapter;
  if (options.adapterFolder) {
    const adapterConfig = JSON.parse(await readFile(join(options.adapterFolder, 'adapter_config.json'), 'utf8')) as unknown;
    const file = ['pytorch_adapter.bin', 'adapter_model.safetensors'].map((f) => join(options.adapterFolder!, f)).find((f) => existsSync(f));
    if (!file) throw new Error(`${options.adapterFolder}: no pytorch_adapter.bin`);
    adapter = parseAdapter(adapterConfig, await loadCheckpointFile(file));
  }
  return buildEncoderModel(config, dict, {
    head: options.head, quantization: options.quantization, fused: options.fused, adapter, consume: true,
    weightType: options.weightType ?? defaultWeightType(),
  });
}

/** A cheap fingerprint of a local folder's model files (names, sizes, mtimes, config text). */
export async function folderFingerprint(folder: string, weightsFile?: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(resolve(folder));
  for (const config of ['config.json', 'adapter_config.json']) {
    if (existsSync(join(folder, config))) hash.update(await readFile(join(folder, config)));
  }
  const weights = weightsFile ?? findWeightFile(folder);
  if (weights) {
    const s = await stat(join(folder, weights));
    hash.update(`${weights}:${s.size}:${s.mtimeMs}`);
  }
  for (const extra of ['adapter_config.json', 'pytorch_adapter.bin']) {
    if (existsSync(join(folder, extra))) {
      const s = await stat(join(folder, extra));
      hash.update(`${extra}:${s.size}:${s.mtimeMs}`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
