// `npm run package`: one platform-specific .vsix per target (`vsce package --target`), each with
// only that platform's onnxruntime-node binary, the bundles and the built-in models.
//
//   node scripts/package.mjs                       all targets, after a production build
//   node scripts/package.mjs --target linux-x64    one target (repeatable, or comma-separated)
//   node scripts/package.mjs --current             the target of this machine
//   options: --out DIR (default out/vsix), --no-build (package the dist/ that is there)
//
// Each package holds dist/THIRD-PARTY-NOTICES.txt, written again here from the build's metafiles
// (scripts/third-party-notices.mjs), and docs/marketplace/README.md as its readme.
//
// Prints the path of each .vsix on stdout, one a line. Intel macOS (darwin-x64) is not offered:
// onnxruntime-node ships no darwin/x64 binary after 1.23.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeNotices } from './third-party-notices.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
/** What users read: shipped as the package's extension/readme.md. */
const marketplaceReadme = 'docs/marketplace/README.md';
export const targets = {
  'linux-x64': ['linux', 'x64'],
  'linux-arm64': ['linux', 'arm64'],
  'win32-x64': ['win32', 'x64'],
  'win32-arm64': ['win32', 'arm64'],
  'darwin-arm64': ['darwin', 'arm64'],
};

function parseArgs(argv) {
  const options = { targets: [], out: join(root, 'out', 'vsix'), build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target') options.targets.push(...argv[++i].split(','));
    else if (arg === '--current') options.targets.push(`${process.platform}-${process.arch}`);
    else if (arg === '--out') options.out = resolve(argv[++i]);
    else if (arg === '--no-build') options.build = false;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (options.targets.length === 0) options.targets = Object.keys(targets);
  for (const target of options.targets) {
    if (!targets[target]) throw new Error(`unsupported target ${target} (supported: ${Object.keys(targets).join(', ')})`);
  }
  return options;
}

function run(command, args) {
  // Their output goes to stderr: stdout carries only the .vsix paths.
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
}

/** The onnxruntime-node binary folder(s) for a target, relative to the repository root. */
function binaryFolders(target) {
  const [os, arch] = targets[target];
  const base = 'node_modules/onnxruntime-node/bin';
  const folders = readdirSync(join(root, base))
    .filter((napi) => /^napi-v\d+$/.test(napi))
    .map((napi) => `${base}/${napi}/${os}/${arch}`)
    .filter((folder) => existsSync(join(root, folder)));
  if (folders.length === 0) throw new Error(`onnxruntime-node has no binary for ${target}`);
  return folders;
}

function packageTarget(target, out, manifest) {
  mkdirSync(out, { recursive: true });
  const ignoreFile = join(out, `.vscodeignore-${target}`);
  const base = readFileSync(join(root, '.vscodeignore'), 'utf8');
  // Each file of the platform's folder (vsce lets an include win over any exclude, whatever the order),
  // but macOS's libonnxruntime.1.x.y.dylib: a 45 MB copy of libonnxruntime.1.dylib, which the binding loads
  // (npm keeps no symlink).
  const keep = binaryFolders(target).flatMap((f) => readdirSync(join(root, f)).filter((name) => !/^libonnxruntime\.\d+\.\d+\.\d+\.dylib$/.test(name)).map((name) => `!${f}/${name}`));
  writeFileSync(ignoreFile, `${base}\n# ${target}\n${keep.join('\n')}\n`);
  const vsix = join(out, `${manifest.name}-${manifest.version}-${target}.vsix`);
  // The Marketplace page and the Extensions view show the users' readme, not the developers' README.md.
  const args = ['package', '--target', target, '--ignoreFile', ignoreFile, '--readme-path', marketplaceReadme, '--out', vsix];
  // Publishing needs both; a local build says what is missing instead of stopping at a prompt.
  if (!manifest.repository) {
    console.error('package: package.json has no "repository" (the Marketplace wants one)');
    // Without a repository vsce cannot turn README's relative links into absolute ones.
    args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  }
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(join(root, f)))) {
    console.error('package: no LICENSE file (the Marketplace wants one)');
    args.push('--skip-license');
  }
  run(join(root, 'node_modules', '.bin', 'vsce'), args);
  return vsix;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (options.build) run(process.execPath, ['esbuild.mjs', '--production']);
  writeNotices();
  for (const target of options.targets) console.log(packageTarget(target, options.out, manifest));
}

try {
  main();
} catch (error) {
  console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
