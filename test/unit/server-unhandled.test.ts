// The server logs an unhandled rejection instead of letting Node end the process. Checked on a real
// child process: with the handler installed, a rejected promise nobody awaits leaves it running and
// the message reaches the log; without it, Node exits with code 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('../../extension/server/unhandled.ts', import.meta.url));

function run(install: boolean): { status: number | null; stdout: string } {
  const script = `
    const { logUnhandledRejections } = await import(${JSON.stringify(module)});
    if (${install}) logUnhandledRejections(process, (m) => console.log(m.split('\\n')[0]));
    Promise.reject(new Error('disk gone'));
    setTimeout(() => console.log('still serving'), 50);
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

test('an unhandled rejection is logged and the process goes on', () => {
  const { status, stdout } = run(true);
  assert.equal(status, 0);
  assert.match(stdout, /a background task failed and was abandoned.*Error: disk gone/);
  assert.match(stdout, /still serving/);
});

test('without the handler Node ends the process (what the handler prevents)', () => {
  const { status, stdout } = run(false);
  assert.equal(status, 1);
  assert.doesNotMatch(stdout, /still serving/);
});
