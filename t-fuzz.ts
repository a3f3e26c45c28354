import { readFileSync } from 'node:fs';
import { readPytorch } from './extension/inference/checkpoint/pytorch.ts';
import { readSafetensors } from './extension/inference/checkpoint/safetensors.ts';
import { CheckpointError } from './extension/inference/checkpoint/errors.ts';
const files: [string, (b: Uint8Array) => unknown][] = [['pytorch_model.bin', readPytorch], ['pytorch_model.legacy.bin', readPytorch], ['model.safetensors', readSafetensors]];
let seed = Number(process.argv[2] ?? 7);
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const escapes = new Map<string, number>();
let ok = 0;
for (const [f, read] of files) {
  const orig = readFileSync('test/fixtures/hf/tiny-bert-cite/' + f);
  for (let i = 0; i < 4000; i++) {
    const b = Buffer.from(orig);
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) b[Math.floor(rnd() * Math.min(b.length, f.includes('legacy') ? 5000 : (f.endsWith('.bin') ? b.length : 3000)))] = Math.floor(rnd() * 256);
    try { read(new Uint8Array(b)); ok++; } catch (e) {
      if (!(e instanceof CheckpointError)) { const k = f + ': ' + (e as Error).name + ': ' + (e as Error).message.slice(0, 100); escapes.set(k, (escapes.get(k) ?? 0) + 1); }
    }
  }
}
console.log(ok, escapes);
