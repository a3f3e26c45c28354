// Bundles the mocha runner and the suites for the extension host: out/extension-host-tests/
// {runner,suites}.cjs. `vscode` and `mocha` stay external: the host provides the first, and
// the runner and the suites must share one mocha instance (from the repository's node_modules).
import * as esbuild from 'esbuild';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
export const outDir = join(here, '..', '..', '..', 'out', 'extension-host-tests');

export interface ExtensionHostBundles {
  runner: string;
  suites: string;
  /** The test-only extension that starts `runner` inside code-server. */
  runnerExtension: string;
}

export async function buildExtensionHostTests(): Promise<ExtensionHostBundles> {
  await esbuild.build({
    entryPoints: { runner: join(here, 'runner.ts'), suites: join(here, 'suites', 'index.ts') },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return {
    runner: join(outDir, 'runner.cjs'),
    suites: join(outDir, 'suites.cjs'),
    runnerExtension: join(here, 'runner-extension'),
  };
}
