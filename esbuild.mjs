// Builds the separate bundles: the VS Code client, the language server (also `sciwrite-lsp`),
// the `sciwrite` CLI and, when it exists, the related-work webview.
// `node esbuild.mjs` builds once; `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
// Each bundle's metafile goes to out/meta/ (what it holds, for dist/THIRD-PARTY-NOTICES.txt, which a
// one-off build writes too: scripts/third-party-notices.mjs).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { metaDir, writeNotices } from './scripts/third-party-notices.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Native addons and the VS Code API are loaded at run time, never bundled.
const nativeExternals = ['onnxruntime-node'];

// The sources are ESM and may read `import.meta.url`; in a CommonJS bundle it is rebuilt from __filename.
const importMetaShim = 'const __sciwriteImportMetaUrl = require("node:url").pathToFileURL(__filename).href;';

/** @type {import('esbuild').BuildOptions} */
const nodeCommon = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  define: { 'import.meta.url': '__sciwriteImportMetaUrl' },
  // Prefer the CommonJS build of dual packages; ESM-only packages are still bundled.
  mainFields: ['main', 'module'],
  conditions: ['node', 'require'],
};

const shebang = '#!/usr/bin/env node';

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...nodeCommon,
    entryPoints: { client: 'extension/client/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['vscode', ...nativeExternals],
    banner: { js: importMetaShim },
  },
  {
    ...nodeCommon,
    entryPoints: { server: 'extension/server/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: nativeExternals,
    banner: { js: `${shebang}\n${importMetaShim}` },
  },
  {
    ...nodeCommon,
    entryPoints: { cli: 'extension/cli/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: nativeExternals,
    banner: { js: `${shebang}\n${importMetaShim}` },
  },
];

// Worker entry points that the server and the CLI start with `new Worker(...)`, bundled next to them
// (dist/bib-worker.cjs: the BibTeX parser thread of extension/core/bib).
for (const [name, source] of Object.entries({ 'bib-worker': 'extension/core/bib/worker.ts' })) {
  if (existsSync(source)) {
    builds.push({
      ...nodeCommon,
      entryPoints: { [name]: source },
      outdir: 'dist',
      outExtension: { '.js': '.cjs' },
      external: nativeExternals,
      banner: { js: importMetaShim },
    });
  }
}

// Browser-only VS Code gets a stub that explains why SciWrite cannot run there.
builds.push({
  entryPoints: { extension: 'extension/client/browser.ts' },
  outdir: 'dist/web',
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  external: ['vscode'],
});

if (existsSync('webview/src/main.ts')) {
  builds.push({
    entryPoints: { main: 'webview/src/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify: production,
    logLevel: 'info',
    tsconfig: existsSync('webview/tsconfig.json') ? 'webview/tsconfig.json' : undefined,
  });
} else {
  console.log('esbuild: webview/src/main.ts not present yet, skipping the webview bundle');
}

/** Writes the build's metafile as out/meta/<outdir below dist>-<entry>.json after every (re)build. */
function metafileWriter(options) {
  const name = [...options.outdir.split('/').slice(1), ...Object.keys(options.entryPoints)].join('-');
  return {
    name: 'sciwrite-metafile',
    setup(build) {
      build.onEnd((result) => {
        if (!result.metafile) return;
        mkdirSync(metaDir, { recursive: true });
        writeFileSync(join(metaDir, `${name}.json`), JSON.stringify(result.metafile));
      });
    },
  };
}
for (const options of builds) {
  options.metafile = true;
  options.plugins = [...(options.plugins ?? []), metafileWriter(options)];
}

const executables = ['dist/server.cjs', 'dist/cli.cjs'];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await Promise.all(executables.map((file) => chmod(file, 0o755)));
  writeNotices();
}
