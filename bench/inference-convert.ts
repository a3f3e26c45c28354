// Child process of bench/inference.ts: converts one checkpoint folder into a cached ONNX model
// and reports wall time and peak memory as JSON on stdout.
import { readFileSync } from 'node:fs';
import { buildFromFolder } from '../extension/inference/runtime/build.ts';
import { ModelCache } from '../extension/inference/runtime/cache.ts';

const [folder, cacheDir, quantization] = process.argv.slice(2);
const start = performance.now();
const model = await buildFromFolder(folder, { quantization: quantization === 'int8' ? 'int8' : 'none' });
const built = performance.now();
await new ModelCache(cacheDir).put({ repo: folder, commit: 'bench', options: { quantization } }, model.bytes, model.info);
const end = performance.now();
process.stdout.write(`${JSON.stringify({
  buildSeconds: (built - start) / 1000,
  totalSeconds: (end - start) / 1000,
  bytes: model.bytes.byteLength,
  maxRssMB: peakRssKB() / 1024,
})}\n`);

/** VmHWM: this process's own peak RSS (getrusage's maxRSS survives exec, so it would report the parent's). */
function peakRssKB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : process.resourceUsage().maxRSS;
}
