// The developer scripts refuse what they cannot use before doing any work: `npm start`'s options
// (scripts/start.mjs) and `npm run bench`'s benchmark names (bench/run.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `node scripts/start.mjs ...` with an empty PATH: whatever gets past the option check fails at its
 * first step (`npm run build`) instead of building and installing code-server.
 */
function start(...args: string[]) {
  return spawnSync(process.execPath, [join(repo, 'scripts/start.mjs'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, PATH: '' }, timeout: 30_000 });
}

test('npm start -- --help lists the options and starts nothing', () => {
  const run = start('--help');
  assert.equal(run.status, 0, run.stderr);
  for (const option of ['--port', '--fresh', '--folder', '--host', '--help']) assert.match(run.stdout, new RegExp(`^ +${option}\\b`, 'm'));
  assert.doesNotMatch(run.stderr, /Building/);
});

test('npm start: a bad option is refused before anything is built', () => {
  for (const [args, message] of [
    [['--port'], /--port needs a port number/],
    [['--port', 'abc'], /--port needs a whole number from 0 to 65535, not 'abc'/],
    [['--port', '70000'], /--port needs a whole number from 0 to 65535, not '70000'/],
    [['--port', '--fresh'], /--port needs a port number/],
    [['--folder'], /--folder needs a folder/],
    [['--folder', join(repo, 'no-such-folder')], /--folder: no such folder: .*no-such-folder/],
    [['--folder', join(repo, 'package.json')], /--folder: .*package\.json is not a folder/],
    [['--host'], /--host needs an address/],
    [['--bogus'], /unknown option --bogus/],
  ] as const) {
    const run = start(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.match(run.stderr, /npm start -- --help/);
    assert.doesNotMatch(run.stderr, /Building|failed with status/, args.join(' '));
  }
});

test('npm run bench -- <unknown name> runs nothing and lists the benchmarks', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bench/run.ts'), 'parse', 'bogus'], { cwd: repo, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /unknown benchmark 'bogus'/);
  assert.match(run.stderr, /parse, manuscript, inference, builtin, editor, related/);
  assert.doesNotMatch(run.stdout, /## parse/, 'nothing ran');
});
