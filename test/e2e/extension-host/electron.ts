// The extension-host suites in desktop VS Code, downloaded by @vscode/test-electron (needs
// access to update.code.visualstudio.com; this project's CI machines use code-server instead,
// through test/e2e/extension-host.test.ts). Run after `npm run build`:
//   node --import tsx test/e2e/extension-host/electron.ts [--version stable|insiders|1.139.1]
// On Linux without a display, prefix with `xvfb-run -a`.
import { runTests } from '@vscode/test-electron';
import { copySample } from '../harness/extension.ts';
import { repoRoot } from '../harness/code-server.ts';
import { buildExtensionHostTests } from './build.ts';

const at = process.argv.indexOf('--version');
const version = at > 0 ? process.argv[at + 1] : 'stable';
const bundles = await buildExtensionHostTests();
try {
  await runTests({
    version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: bundles.runner,
    launchArgs: [copySample(), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`extension-host suites failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
