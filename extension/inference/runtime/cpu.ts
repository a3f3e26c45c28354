// Which int8 weight type suits this CPU. onnxruntime's u8·s8 kernel on x86 without VNNI sums pairs
// of products in int16 (vpmaddubsw) and can saturate; with VNNI (vpdpbusd) or on ARM (sdot) it
// cannot, and it is faster than u8·u8 (measured on this machine's AVX512-VNNI EPYC: identical
// logits, ~1.3× the tokens/s). Unknown x86 CPUs get the safe u8 weights.
import { readFileSync } from 'node:fs';
import type { WeightType } from '../onnx/encoder.ts';

/** null when the flags cannot be read (not Linux). */
export function hasVnni(cpuinfo?: string): boolean | null {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return null;
    }
  }
  const flags = /^flags\s*:(.*)$/m.exec(text)?.[1].split(/\s+/) ?? [];
  return flags.includes('avx512_vnni') || flags.includes('avx_vnni');
}

export function defaultWeightType(arch: string = process.arch, vnni: boolean | null = hasVnni()): WeightType {
  if (arch === 'arm64') return 's8';
  return vnni ? 's8' : 'u8';
}
