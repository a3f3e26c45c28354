// `npm run bench`: runs each benchmark in its own process (so one's memory and JIT state never
// colour another's figures) and prints their tables. Each benchmark runs its own baseline side by
// side in the same process and prints the ratio. Name benchmarks to run a subset: `npm run bench -- parse`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchmarks = ['parse', 'manuscript', 'inference', 'builtin', 'editor', 'related'];
const wanted = process.argv.slice(2);
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
