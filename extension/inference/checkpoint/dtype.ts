// Raw little-endian bytes of a stored dtype → float32 values. The typed-array fast paths
// assume a little-endian host, as onnxruntime-node's platforms all are.
import type { StoredDType } from './types.ts';
import { CheckpointError } from './errors.ts';

export const DTYPE_BYTES: Record<StoredDType, number> = {
  F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** IEEE binary16 → number; every half value is exactly representable in float32. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

let halfValues: Float32Array | undefined;

/** All 65,536 half values, for table lookup when widening large fp16 tensors. */
function halfTable(): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) halfValues[h] = halfToFloat(h);
  }
  return halfValues;
}

/** bfloat16 is the upper half of a float32. */
export function bf16ToFloat(b: number): number {
  u32Scratch[0] = (b & 0xffff) << 16;
  return f32Scratch[0];
}

/**
 * Reads `count` elements of `dtype` starting at `byteOffset` with element `strides`
 * (in elements) over `shape`, widened to float32. Contiguous when strides is omitted.
 */
export function decodeElements(
  bytes: Uint8Array,
  byteOffset: number,
  dtype: StoredDType,
  shape: readonly number[],
  strides?: readonly number[],
): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const width = DTYPE_BYTES[dtype];
  const contiguous = !strides || isContiguous(shape, strides);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new CheckpointError(`invalid shape [${shape}]`);
  if (size === 0) return new Float32Array(0);
  const maxElem = contiguous ? size - 1 : maxElementIndex(shape, strides!);
  if (byteOffset < 0 || byteOffset + (maxElem + 1) * width > bytes.byteLength) {
    throw new CheckpointError(
      `tensor data out of range (needs bytes ${byteOffset}..${byteOffset + (maxElem + 1) * width}, have ${bytes.byteLength}); the file is probably truncated`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(size);
  const read = reader(view, dtype);
  const start = bytes.byteOffset + byteOffset;
  if (contiguous) {
    if (dtype === 'F32' && start % 4 === 0) {
      out.set(new Float32Array(bytes.buffer, start, size));
    } else if (dtype === 'F16' && start % 2 === 0) {
      const table = halfTable();
      const src = new Uint16Array(bytes.buffer, start, size);
      for (let i = 0; i < size; i++) out[i] = table[src[i]];
    } else if (dtype === 'BF16' && start % 2 === 0) {
      const src = new Uint16Array(bytes.buffer, start, size);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < size; i++) bits[i] = src[i] << 16;
    } else {
      for (let i = 0; i < size; i++) out[i] = read(byteOffset + i * width);
    }
    return out;
  }
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let elem = 0;
  for (let i = 0; i < size; i++) {
    out[i] = read(byteOffset + elem * width);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      elem += strides![d];
      if (index[d] < shape[d]) break;
      elem -= strides![d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

function maxElementIndex(shape: readonly number[], strides: readonly number[]): number {
  let max = 0;
  for (let d = 0; d < shape.length; d++) {
    if (strides[d] < 0) throw new CheckpointError('negative strides are not supported');
    max += (shape[d] - 1) * strides[d];
  }
  return max;
}

function reader(view: DataView, dtype: StoredDType): (offset: number) => number {
  switch (dtype) {
    case 'F32': return (o) => view.getFloat32(o, true);
    case 'F64': return (o) => view.getFloat64(o, true);
    case 'F16': return (o) => halfToFloat(view.getUint16(o, true));
    case 'BF16': return (o) => bf16ToFloat(view.getUint16(o, true));
    case 'I64': return (o) => Number(view.getBigInt64(o, true));
    case 'I32': return (o) => view.getInt32(o, true);
    case 'I16': return (o) => view.getInt16(o, true);
    case 'I8': return (o) => view.getInt8(o);
    case 'U8': return (o) => view.getUint8(o);
    case 'BOOL': return (o) => (view.getUint8(o) ? 1 : 0);
  }
}

/** number → IEEE binary16 bits, rounding to nearest, ties to even (as torch's .half()). */
export function floatToHalf(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** number → bfloat16 bits, rounding to nearest, ties to even (as torch's .bfloat16()). */
export function floatToBf16(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0];
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return ((x >>> 16) & 0x8000) | 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}
