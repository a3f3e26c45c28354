import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from '../helpers/fast-check.ts';
import { bf16ToFloat, decodeElements, floatToBf16, floatToHalf, halfToFloat } from '../../extension/inference/checkpoint/dtype.ts';
import type { StoredDType } from '../../extension/inference/checkpoint/types.ts';
import { loadCheckpointFile } from '../../extension/inference/checkpoint/load.ts';
import { readSafetensors } from '../../extension/inference/checkpoint/safetensors.ts';
import { writeSafetensors } from '../../extension/inference/checkpoint/safetensors-write.ts';

const HF = new URL('../fixtures/hf/', import.meta.url).pathname;

test('every binary16 value widens to float32 and narrows back to itself', () => {
  for (let h = 0; h < 0x10000; h++) {
    const v = halfToFloat(h);
    if (Number.isNaN(v)) {
      assert.equal((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0, true);
      continue;
    }
    assert.equal(Math.fround(v), v, `half 0x${h.toString(16)} is exact in float32`);
    assert.equal(floatToHalf(v), h, `half 0x${h.toString(16)}`);
  }
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
});

test('every bfloat16 value widens and narrows back to itself', () => {
  for (let b = 0; b < 0x10000; b++) {
    const v = bf16ToFloat(b);
    if (Number.isNaN(v)) continue;
    assert.equal(floatToBf16(v), b);
  }
  assert.equal(bf16ToFloat(0x3f80), 1);
  assert.equal(bf16ToFloat(0xc040), -3);
});

test('narrowing rounds to the nearest representable value', () => {
  const nearest = (v: number, narrow: (x: number) => number, widen: (x: number) => number): void => {
    const bits = narrow(v);
    const got = widen(bits);
    if (!Number.isFinite(got)) return;
    for (const neighbour of [widen(bits - 1), widen(bits + 1)]) {
      if (Number.isFinite(neighbour) && Math.sign(neighbour) === Math.sign(got)) {
        assert.ok(Math.abs(v - got) <= Math.abs(v - neighbour), `${v} → ${got}, but ${neighbour} is closer`);
      }
    }
  };
  fc.assert(fc.property(fc.float({ noNaN: true, min: -60000, max: 60000 }), (v) => {
    nearest(v, floatToHalf, halfToFloat);
    nearest(v, floatToBf16, bf16ToFloat);
  }), { numRuns: 5000 });
  // Ties go to the even mantissa.
  assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00);
  assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(floatToBf16(1 + 2 ** -8), 0x3f80);
  assert.equal(floatToBf16(1 + 3 * 2 ** -8), 0x3f82);
});

for (const dtype of ['F16', 'BF16'] as const) {
  test(`an ${dtype} copy of tiny-roberta-ner loads as the exactly rounded fp32 weights, keeping its dtype`, async () => {
    const fp32 = await loadCheckpointFile(join(HF, 'tiny-roberta-ner', 'model.safetensors'));
    const copy = readSafetensors(writeSafetensors(fp32.values(), { dtype }));
    const narrow = dtype === 'F16' ? floatToHalf : floatToBf16;
    const widen = dtype === 'F16' ? halfToFloat : bf16ToFloat;
    assert.equal(copy.size, fp32.size);
    let changed = 0;
    for (const [name, t] of fp32) {
      const c = copy.get(name)!;
      assert.equal(c.dtype, dtype);
      assert.deepEqual(c.shape, t.shape);
      for (let i = 0; i < t.data.length; i++) {
        const expected = widen(narrow(t.data[i]));
        if (c.data[i] !== expected) assert.fail(`${name}[${i}]: ${c.data[i]} !== ${expected}`);
        if (expected !== t.data[i]) changed++;
        // fp16 keeps 11 significant bits, bf16 8: relative error at most 2^-11 / 2^-8 (normal range).
        if (Math.abs(t.data[i]) > 1e-4) {
          assert.ok(Math.abs(expected - t.data[i]) <= Math.abs(t.data[i]) * (dtype === 'F16' ? 2 ** -11 : 2 ** -8), 'value within the dtype rounding');
        }
      }
    }
    assert.ok(changed > 0, 'rounding changed some weights');
  });
}

test('safetensors header fields are validated', () => {
  const good = writeSafetensors([{ name: 'w', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) }]);
  assert.deepEqual([...readSafetensors(good).get('w')!.data], [1, 2, 3, 4]);
  const withHeader = (header: object, dataBytes = 16): Uint8Array => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  assert.throws(() => readSafetensors(withHeader({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } })), /do not match shape/);
  assert.throws(() => readSafetensors(withHeader({ w: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } })), /unsupported dtype C64/);
  assert.throws(() => readSafetensors(withHeader({ w: { dtype: 'F32', shape: [8], data_offsets: [0, 32] } })), /truncated/);
  assert.throws(() => readSafetensors(withHeader({ w: { dtype: 'F32', shape: 'x' } })), /malformed/);
  const ints = readSafetensors(withHeader({ w: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }));
  assert.equal(ints.get('w')!.dtype, 'I64');
});

test('aligned (typed-array) and unaligned (DataView) decoding agree for every float dtype', () => {
  const values = Array.from({ length: 257 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 9) - 4));
  const encodings: [StoredDType, number, (v: number, view: DataView, at: number) => void][] = [
    ['F32', 4, (v, view, at) => view.setFloat32(at, v, true)],
    ['F16', 2, (v, view, at) => view.setUint16(at, floatToHalf(v), true)],
    ['BF16', 2, (v, view, at) => view.setUint16(at, floatToBf16(v), true)],
  ];
  for (const [dtype, width, put] of encodings) {
    const aligned = new Uint8Array(8 + values.length * width);
    const unaligned = new Uint8Array(9 + values.length * width);
    values.forEach((v, i) => {
      put(v, new DataView(aligned.buffer), 8 + i * width);
      put(v, new DataView(unaligned.buffer), 9 + i * width);
    });
    const a = decodeElements(aligned, 8, dtype, [values.length]);
    const u = decodeElements(unaligned, 9, dtype, [values.length]);
    assert.deepEqual(a, u, dtype);
    const widen = dtype === 'F16' ? (v: number) => halfToFloat(floatToHalf(v)) : dtype === 'BF16' ? (v: number) => bf16ToFloat(floatToBf16(v)) : Math.fround;
    assert.deepEqual([...a], values.map(widen), dtype);
  }
});
