// `npm run package` for every target: each .vsix holds the bundles, the built-in models,
// exactly one platform's onnxruntime-node binary and the notices of every third-party package it
// ships, nothing else, and stays under 60 MB; its readme is the users' (docs/marketplace/README.md)
// and it has its icon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
const targets = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  'darwin-arm64': 'darwin/arm64',
};
const maxBytes = 60 * 1024 * 1024;

interface ZipEntry { name: string; size: number; method: number; compressedSize: number; localOffset: number }

/** The central directory of a zip file (a .vsix is one). */
function listZip(zip: Buffer): ZipEntry[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'a zip end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function readEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const start = entry.localOffset + 30 + zip.readUInt16LE(entry.localOffset + 26) + zip.readUInt16LE(entry.localOffset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data);
}

/** Where every file of a package may come from; anything else is a stray file. */
function allowed(name: string, platformDir: string): boolean {
  const ort = 'extension/node_modules/onnxruntime-node/';
  return [
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
    /^extension\/(package\.json|readme\.md|README\.md|CHANGELOG\.md|changelog\.md|LICENSE(\.md|\.txt)?|icon\.png)$/,
    /^extension\/media\/.+\.(png|svg|gif)$/,
    /^extension\/dist\/.+\.(cjs|js|mjs|css|html|json|wasm|ttf|svg)$/,
    /^extension\/dist\/THIRD-PARTY-NOTICES\.txt$/,
    /^extension\/models\/taxonomy\.json$/,
    /^extension\/models\/(intent|tagger)\/README\.md$/,
    /^extension\/models\/(.+\/)?([^/]+\.onnx|features\.json|tagger\.json|runtime\.json|config\.json|labels\.json|vocab\.txt|tokenizer\.json|LICENSE[^/]*)$/,
    /^extension\/node_modules\/onnxruntime-node\/(package\.json|LICENSE|dist\/[^/]+\.js)$/,
    /^extension\/node_modules\/onnxruntime-common\/(package\.json|LICENSE|dist\/cjs\/.+\.js|dist\/cjs\/package\.json)$/,
  ].some((pattern) => pattern.test(name)) || (name.startsWith(`${ort}bin/`) && new RegExp(`^${ort}bin/napi-v\\d+/${platformDir}/[^/]+$`).test(name));
}

/**
 * name@version of every npm package with code in a bundle, read from esbuild's metafiles (out/meta),
 * and of the unbundled onnxruntime packages the .vsix ships.
 */
function shippedPackages(): Set<string> {
  const metaDir = join(root, 'out', 'meta');
  const ids = new Set<string>();
  const add = (folder: string) => {
    const { name, version } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { name: string; version: string };
    ids.add(`${name}@${version}`);
  };
  for (const file of readdirSync(metaDir).filter((f) => f.endsWith('.json'))) {
    const meta = JSON.parse(readFileSync(join(metaDir, file), 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (match && bytesInOutput > 0) add(match[1]);
      }
    }
  }
  add('node_modules/onnxruntime-node');
  add('node_modules/onnxruntime-common');
  return ids;
}

const outDir = mkdtempSync(join(tmpdir(), 'sciwrite-package-test-'));

test('npm run package makes one clean .vsix per platform', { timeout: 900_000 }, async (t) => {
  if (!existsSync(join(root, 'dist', 'client.cjs')) || !existsSync(join(root, 'out', 'meta', 'client.json'))) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: ['ignore', 2, 2] });
    assert.equal(build.status, 0, 'npm run build');
  }
  const result = spawnSync(
    process.execPath,
    ['scripts/package.mjs', '--no-build', '--out', outDir, '--target', Object.keys(targets).join(',')],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  assert.equal(result.status, 0, `scripts/package.mjs failed:\n${result.stderr.slice(-4000)}`);
  const made = result.stdout.trim().split('\n');
  assert.equal(made.length, Object.keys(targets).length, 'one .vsix per target');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; browser?: string; icon?: string; galleryBanner?: { color: string } };
  const marketplaceReadme = readFileSync(join(root, 'docs', 'marketplace', 'README.md'), 'utf8');
  const packages = shippedPackages();
  assert.ok(packages.size > 20, `the metafiles name ${packages.size} packages`);

  for (const [target, platformDir] of Object.entries(targets)) {
    await t.test(target, (st) => {
      const vsix = made.find((path) => path.endsWith(`-${target}.vsix`));
      assert.ok(vsix && existsSync(vsix), `a .vsix for ${target}`);
      const bytes = statSync(vsix).size;
      assert.ok(bytes <= maxBytes, `${target}: ${(bytes / 1048576).toFixed(1)} MB is over 60 MB`);
      const zip = readFileSync(vsix);
      const entries = listZip(zip);
      const names = entries.map((e) => e.name);
      st.diagnostic(`${target}: ${(bytes / 1048576).toFixed(1)} MB, ${names.length} files`);
      const stray = names.filter((name) => !allowed(name, platformDir));
      assert.deepEqual(stray, [], `stray files in the ${target} package`);

      // Exactly this platform's native binary, nothing of the others.
      const binaries = names.filter((n) => n.endsWith('onnxruntime_binding.node'));
      assert.equal(binaries.length, 1, binaries.join(', '));
      assert.ok(binaries[0].includes(`/${platformDir}/`), binaries[0]);
      // and one ONNX Runtime library: macOS's versioned copy of libonnxruntime.1.dylib is 45 MB more
      const runtimes = names.filter((n) => /\/(lib)?onnxruntime(\.[\d.]+)?\.(so[\d.]*|dylib|dll)$/.test(n));
      assert.equal(runtimes.length, 1, runtimes.join(', '));

      // The manifest's entry points are in the package, and the package says its platform.
      for (const entry of [manifest.main, manifest.browser].filter((e): e is string => Boolean(e))) {
        assert.ok(names.includes(`extension/${entry.replace(/^\.\//, '')}`), `${entry} is packaged`);
      }
      assert.ok(names.includes('extension/dist/server.cjs'), 'the language server bundle');
      assert.ok(names.includes('extension/node_modules/onnxruntime-common/dist/cjs/index.js'), 'onnxruntime-common');
      const vsixManifest = readEntry(zip, entries.find((e) => e.name === 'extension.vsixmanifest') as ZipEntry).toString('utf8');
      assert.match(vsixManifest, new RegExp(`TargetPlatform="${target}"`));
      // The packaged package.json is the extension's own manifest (not a dev copy).
      const packaged = JSON.parse(readEntry(zip, entries.find((e) => e.name === 'extension/package.json') as ZipEntry).toString('utf8')) as { main: string };
      assert.equal(packaged.main, manifest.main);

      // The licences of what it ships: a notice for every bundled package and for onnxruntime.
      const notices = entries.find((e) => e.name === 'extension/dist/THIRD-PARTY-NOTICES.txt');
      assert.ok(notices, 'dist/THIRD-PARTY-NOTICES.txt is packaged');
      const noticesText = readEntry(zip, notices).toString('utf8');
      const headings = new Set(noticesText.split('\n'));
      const missing = [...packages].filter((id) => !headings.has(id));
      assert.deepEqual(missing, [], 'packages without a notice');
      // onnxruntime's npm packages hold no LICENSE: its repository's MIT licence stands in.
      assert.match(noticesText, /^onnxruntime-node@[^\n]*\n(?:(?!={80})[^]*?)Copyright \(c\) Microsoft Corporation/m);
      assert.ok(names.some((n) => /^extension\/changelog\.md$/i.test(n)), 'the changelog');

      // What the Extensions view and the Marketplace show: the users' readme (not the developers'
      // README.md, shipped beside it under another case), the icon and the banner.
      assert.deepEqual(names.filter((n) => /^extension\/readme\.md$/i.test(n)), ['extension/readme.md'], 'one readme');
      const readme = readEntry(zip, entries.find((e) => e.name === 'extension/readme.md') as ZipEntry).toString('utf8');
      assert.equal(readme, marketplaceReadme, 'extension/readme.md is docs/marketplace/README.md');
      assert.match(vsixManifest, /<Asset Type="Microsoft\.VisualStudio\.Services\.Content\.Details" Path="extension\/readme\.md"/);
      assert.ok(manifest.icon, 'package.json names an icon');
      const icon = `extension/${manifest.icon}`;
      assert.ok(names.includes(icon), `${icon} is packaged`);
      assert.ok(readEntry(zip, entries.find((e) => e.name === icon) as ZipEntry).equals(readFileSync(join(root, manifest.icon))), 'the icon as committed');
      assert.match(vsixManifest, new RegExp(`<Icon>${icon.replace(/\./g, '\\.')}</Icon>`));
      assert.match(vsixManifest, new RegExp(`Id="Microsoft\\.VisualStudio\\.Services\\.Branding\\.Color" Value="${manifest.galleryBanner?.color}"`));
    });
  }
  rmSync(outDir, { recursive: true, force: true });
});
