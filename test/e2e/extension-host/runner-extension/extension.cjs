// Test-only extension: code-server cannot take --extensionTestsPath, so this one starts the
// mocha runner (built by test/e2e/extension-host/build.ts) once the workbench has started.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry loading the runner by path */
const { existsSync, writeFileSync } = require('node:fs');

exports.activate = function activate() {
  const runner = process.env.SCIWRITE_EXT_HOST_TESTS;
  if (!runner) return;
  // Tells the wrapper that the runner started: a missing runner fails fast instead of timing out.
  if (process.env.SCIWRITE_EXT_HOST_RESULTS) writeFileSync(`${process.env.SCIWRITE_EXT_HOST_RESULTS}.started`, String(process.pid));
  Promise.resolve()
    .then(() => require(runner).run())
    .catch((error) => {
      // run() has written the per-test results already; a failure to load leaves none.
      const target = process.env.SCIWRITE_EXT_HOST_RESULTS;
      if (target && !existsSync(target)) {
        writeFileSync(target, JSON.stringify({ tests: [], errors: [String((error && error.stack) || error)] }));
      }
    });
};

exports.deactivate = function deactivate() {};
