// safetensors: u64 little-endian header length, a JSON header, then the raw tensor bytes.
// https://github.com/huggingface/safetensors#format
import type { NamedTensor, StateDict, StoredDType } from './types.ts';
import { CheckpointError } from './errors.ts';
import { DTYPE_BYTES, decodeElements } from './dtype.ts';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const SAFETENSORS_DTYPES: Record<string, StoredDType> = {
  F32: 'F32', F16: 'F16', BF16: 'BF16', F64: 'F64', I64: 'I64', I32: 'I32', I16: 'I16',
  I8: 'I8', U8: 'U8', BOOL: 'BOOL',
};

export interface SafetensorsHeader {
  tensors: Map<string, HeaderEntry>;
  metadata: Record<string, string>;
  /** Offset of the data section in the file. */
  dataStart: number;
}

export function readSafetensorsHeader(bytes: Uint8Array, file?: string): SafetensorsHeader {
  if (bytes.byteLength < 8) throw new CheckpointError('too short for a safetensors file (truncated?)', file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > 100_000_000) throw new CheckpointError(`implausible safetensors header length ${headerLength}`, file);
  if (8 + headerLength > bytes.byteLength) {
    throw new CheckpointError(`safetensors header needs ${headerLength} bytes but the file has ${bytes.byteLength - 8} (truncated?)`, file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw new CheckpointError(`safetensors header is not valid JSON: ${(e as Error).message}`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CheckpointError('safetensors header is not a JSON object', file);
  }
  const tensors = new Map<string, HeaderEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    const entry = value as Partial<HeaderEntry> | null;
    if (
      !entry || typeof entry.dtype !== 'string' || !Array.isArray(entry.shape) ||
      !Array.isArray(entry.data_offsets) || entry.data_offsets.length !== 2 ||
      !entry.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      !entry.data_offsets.every((d) => Number.isInteger(d) && d >= 0)
    ) {
      throw new CheckpointError(`malformed safetensors entry for "${name}"`, file);
    }
    tensors.set(name, entry as HeaderEntry);
  }
  return { tensors, metadata, dataStart: 8 + headerLength };
}

/** Reads every tensor of a safetensors file; fp16/bf16 are widened exactly to float32. */
export function readSafetensors(bytes: Uint8Array, file?: string): StateDict {
  const header = readSafetensorsHeader(bytes, file);
  const dataLength = bytes.byteLength - header.dataStart;
  const dict: StateDict = new Map();
  for (const [name, entry] of header.tensors) {
    const dtype = SAFETENSORS_DTYPES[entry.dtype];
    if (!dtype) throw new CheckpointError(`tensor "${name}" has unsupported dtype ${entry.dtype}`, file);
    const [begin, end] = entry.data_offsets;
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== size * DTYPE_BYTES[dtype]) {
      throw new CheckpointError(`tensor "${name}": data_offsets [${begin}, ${end}] do not match shape [${entry.shape}] of ${dtype}`, file);
    }
    if (end > dataLength) {
      throw new CheckpointError(`tensor "${name}" ends at byte ${end} of the data section, which has only ${dataLength} bytes (truncated file?)`, file);
    }
    const tensor: NamedTensor = {
      name,
      dtype,
      shape: [...entry.shape],
      data: decodeElements(bytes, header.dataStart + begin, dtype, entry.shape),
    };
    dict.set(name, tensor);
  }
  return dict;
}
