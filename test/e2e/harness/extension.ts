// The extension under test as a user gets it: the current build packaged as this machine's
// .vsix by scripts/package.mjs, and a scratch copy of the sample workspace to open.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from './code-server.ts';

/** Builds dist/ when it is missing, then packages it for this platform; returns the .vsix path. */
export function packageForThisMachine(outDir = mkdtempSync(join(tmpdir(), 'sciwrite-vsix-'))): string {
  if (!existsSync(join(repoRoot, 'dist', 'client.cjs'))) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) throw new Error(`npm run build failed with status ${build.status}`);
  }
  const result = spawnSync(
    process.execPath,
    ['scripts/package.mjs', '--current', '--no-build', '--out', outDir],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const vsix = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !vsix.endsWith('.vsix') || !existsSync(vsix)) {
    throw new Error(`scripts/package.mjs failed with status ${result.status}: ${result.stdout}`);
  }
  return vsix;
}

/** A fresh copy of sample/ that a test may change (break a .bib, insert citations). */
export function copySample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sciwrite-sample-')), 'sample');
  cpSync(join(repoRoot, 'sample'), dir, { recursive: true });
  return dir;
}

/** One-based line of the first occurrence of `text` in `source`. */
export function lineOf(source: string, text: string): number {
  const at = source.indexOf(text);
  if (at < 0) throw new Error(`"${text}" not found`);
  return source.slice(0, at).split('\n').length;
}

/**
 * Fails when dist/ is older than the extension's sources or package.json: the packaged extension
 * would then run stale code (or settings defaults newer than its code) and the tests would judge
 * something other than the working tree. `npm run test:e2e` builds first.
 */
export function assertFreshBuild(): void {
  const bundles = ['client.cjs', 'server.cjs', 'cli.cjs'].map((name) => join(repoRoot, 'dist', name));
  const missing = bundles.filter((b) => !existsSync(b));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build\``);
  const built = Math.min(...bundles.map((b) => statSync(b).mtimeMs));
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
  });
  const newer = [...walk(join(repoRoot, 'extension')), join(repoRoot, 'package.json')].filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) throw new Error(`dist/ is older than ${newer.map((f) => relative(repoRoot, f)).join(', ')}: run \`npm run build\``);
}
