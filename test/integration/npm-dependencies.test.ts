// What `npm i -g sciwrite` installs: package.json's dependencies are exactly the packages the built
// bundles load at run time (esbuild's externals, in the metafiles of out/meta), so the packages
// bundled into dist/ are devDependencies and are not installed again beside it; and
// package-lock.json was regenerated after the last change to either list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const metaDir = join(root, 'out', 'meta');

interface Metafile { outputs: Record<string, { imports?: { path: string; external?: boolean }[] }> }
interface Manifest { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }

/** The package a bare import names: "a/b" → "a", "@s/a/b" → "@s/a". */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The packages the bundles require at run time: their externals that are neither Node built-ins nor the VS Code API. */
function runTimePackages(): Set<string> {
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  for (const file of readdirSync(metaDir).filter((f) => f.endsWith('.json'))) {
    const meta = JSON.parse(readFileSync(join(metaDir, file), 'utf8')) as Metafile;
    for (const output of Object.values(meta.outputs)) {
      for (const { path, external } of output.imports ?? []) {
        if (!external || path.startsWith('node:') || builtins.has(path) || builtins.has(packageOf(path)) || path === 'vscode') continue;
        packages.add(packageOf(path));
      }
    }
  }
  return packages;
}

test('dependencies are the packages the bundles load at run time, nothing they bundle', () => {
  if (!existsSync(join(metaDir, 'server.json')) || !existsSync(join(metaDir, 'cli.json'))) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const needed = [...runTimePackages()].sort();
  assert.ok(needed.includes('onnxruntime-node'), `the bundles load onnxruntime-node (externals: ${needed.join(', ')})`);
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), needed);
});

test('package-lock.json lists the same dependencies and devDependencies as package.json', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, Manifest> };
  const locked = lock.packages[''];
  assert.deepEqual(locked.dependencies ?? {}, manifest.dependencies ?? {});
  assert.deepEqual(locked.devDependencies ?? {}, manifest.devDependencies ?? {});
});
