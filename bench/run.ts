// `npm run bench`: runs each benchmark in its own process (so one's memory and JIT state never
// colour another's figures) and prints their tables. Three set their figures beside a baseline run in
// the same process and print the ratio: parse (@retorquere/bibtex-parser on the same slice), manuscript
// (latex-utensils parsing the same LaTeX) and inference (transformers.js on the same ONNX file, next to
// this machine's MatMul limit). The others print plain figures against fixed targets: builtin checks
// the built-in models' speed targets (a 10,000-word manuscript tagged in < 2 s, 300 citation contexts
// classified in < 1 s by each intent model), editor the highlighting latencies, related its recall
// (beside a random ranking's) and ranking time.
// Name benchmarks to run a subset: `npm run bench -- parse`; an unknown name runs nothing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchmarks = ['parse', 'manuscript', 'inference', 'builtin', 'editor', 'related'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benchmarks.includes(name));
if (unknown.length > 0) {
  console.error(`npm run bench: unknown benchmark${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `'${name}'`).join(', ')}; the benchmarks are ${benchmarks.join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b)) : benchmarks;

let failed = 0;
for (const name of selected) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`benchmark ${name} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
