// Runs the mocha suites of test/e2e/extension-host/ inside code-server's extension host (the
// real `vscode` API, the packaged extension) and reports each mocha test as a node:test
// subtest, so CI reads one summary. The same suites run under @vscode/test-electron with
// `node --import tsx test/e2e/extension-host/electron.ts` where VS Code can be downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtensionHostTests } from './extension-host/build.ts';
import type { MochaResults } from './extension-host/runner.ts';
import { screenshot } from './harness/browser.ts';
import { startSession } from './harness/session.ts';
import { waitFor } from './harness/wait.ts';

test('extension-host suites (mocha inside code-server)', { timeout: 900_000 }, async (t) => {
  const bundles = await buildExtensionHostTests();
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'sciwrite-ext-host-')), 'results.json');
  const session = await startSession({
    unpackedExtensions: [bundles.runnerExtension],
    env: { SCIWRITE_EXT_HOST_TESTS: bundles.runner, SCIWRITE_EXT_HOST_RESULTS: resultsFile },
  });
  let results: MochaResults;
  try {
    await waitFor('the test-runner extension to start', () => existsSync(`${resultsFile}.started`), 180_000, 250);
    // The runner writes the file once mocha has finished (the wait ends on that state).
    results = await waitFor('the mocha results', () =>
      existsSync(resultsFile) && (JSON.parse(readFileSync(resultsFile, 'utf8')) as MochaResults), 780_000, 500);
    await screenshot(session.page, 'extension-host-suites');
  } finally {
    await session.close();
  }
  assert.deepEqual(results.errors, [], 'no hook or load failures');
  assert.ok(results.tests.length > 0, 'mocha ran tests');
  for (const result of results.tests) {
    await t.test(result.title, { skip: result.state === 'pending' ? 'skipped by the suite on this platform' : false }, () => {
      if (result.state === 'failed') assert.fail(result.error);
    });
  }
});
