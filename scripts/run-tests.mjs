// Runs every test file under test/ with Node's own test runner (TypeScript through tsx),
// so CI reads one `node --test` summary. Pass folder names to run a subset: `node scripts/run-tests.mjs unit`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const roots = (wanted.length ? wanted : ['.']).map((w) => join(root, 'test', w));

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (/\.test\.ts$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

const files = roots.flatMap((dir) => collect(dir, [])).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
