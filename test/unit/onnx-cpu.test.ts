// int8 weight type by CPU: s8 where onnxruntime's u8·s8 kernel cannot saturate (VNNI, ARM), else u8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWeightType, hasVnni } from '../../extension/inference/runtime/cpu.ts';

const cpuinfo = (flags: string): string => `processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 ${flags}\n\nprocessor\t: 1\n`;

test('VNNI is read from /proc/cpuinfo flags', () => {
  assert.equal(hasVnni(cpuinfo('avx2 fma avx512f avx512_vnni')), true);
  assert.equal(hasVnni(cpuinfo('avx2 fma avx_vnni')), true);
  assert.equal(hasVnni(cpuinfo('avx2 fma')), false);
  assert.equal(hasVnni('no flags line'), false);
});

test('weight type: s8 with VNNI or on arm64, u8 on x64 without (or unknown)', () => {
  assert.equal(defaultWeightType('x64', true), 's8');
  assert.equal(defaultWeightType('x64', false), 'u8');
  assert.equal(defaultWeightType('x64', null), 'u8');
  assert.equal(defaultWeightType('arm64', null), 's8');
});
