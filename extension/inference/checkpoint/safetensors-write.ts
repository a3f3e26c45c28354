// Writes tensors as a safetensors file, optionally narrowing to fp16/bf16. Used to make
// converted or rounded copies of checkpoints (tests, caches).
import type { NamedTensor } from './types.ts';
import { floatToBf16, floatToHalf } from './dtype.ts';

export type WritableDType = 'F32' | 'F16' | 'BF16';

export interface WriteSafetensorsOptions {
  /** Store every float tensor in this dtype (default: F32). */
  dtype?: WritableDType;
  metadata?: Record<string, string>;
}

export function writeSafetensors(
  tensors: Iterable<Pick<NamedTensor, 'name' | 'shape' | 'data'>>,
  options: WriteSafetensorsOptions = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  const width = dtype === 'F32' ? 4 : 2;
  const list = [...tensors];
  const header: Record<string, unknown> = { __metadata__: options.metadata ?? { format: 'pt' } };
  let offset = 0;
  for (const t of list) {
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length * width] };
    offset += t.data.length * width;
  }
  let json = JSON.stringify(header);
  // The data section starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  // The data section is 8-byte aligned, so typed views of `out` are aligned too (little-endian hosts).
  let p = 8 + headerBytes.length;
  const narrow = dtype === 'F16' ? floatToHalf : floatToBf16;
  for (const t of list) {
    if (dtype === 'F32') {
      new Float32Array(out.buffer, p, t.data.length).set(t.data);
    } else {
      const dst = new Uint16Array(out.buffer, p, t.data.length);
      for (let i = 0; i < t.data.length; i++) dst[i] = narrow(t.data[i]);
    }
    p += t.data.length * width;
  }
  return out;
}
