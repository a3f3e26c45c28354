// Writes dist/THIRD-PARTY-NOTICES.txt: every npm package that esbuild bundled into a shipped bundle
// (the metafiles esbuild.mjs writes to out/meta/), plus onnxruntime-node and onnxruntime-common, which
// ship beside the bundles in node_modules/, each with its version, licence and licence texts.
//
//   node scripts/third-party-notices.mjs    after `npm run build` (esbuild.mjs also runs it)
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const metaDir = join(root, 'out', 'meta');
export const noticesFile = join(root, 'dist', 'THIRD-PARTY-NOTICES.txt');

/** Packages the .vsix ships unbundled (.vscodeignore), loaded at run time. */
const unbundled = ['onnxruntime-node', 'onnxruntime-common'];

// LICENSE, LICENCE.md, COPYING, NOTICE, License.txt, LICENSE-MIT, thirdpartynotices.txt...
const licenceFile = /^(licen[cs]e|copying)([.\-_].*)?$|notice/i;

// onnxruntime's npm packages hold no licence file; this is the LICENSE of its repository.
const onnxruntimeLicence = `MIT License

Copyright (c) Microsoft Corporation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

const onnxruntimeNativeNote =
  'The native ONNX Runtime library in bin/ (libonnxruntime, onnxruntime.dll) has third-party notices of its own:\n' +
  'https://github.com/microsoft/onnxruntime/blob/main/ThirdPartyNotices.txt\n' +
  '\n' +
  'The Windows packages also hold DirectML.dll, dxcompiler.dll and dxil.dll, which onnxruntime-node ships for\n' +
  'its DirectML execution provider (SciWrite runs models on the CPU only). They are Microsoft redistributables\n' +
  'under their own terms: DirectML (https://github.com/microsoft/DirectML, its LICENSE) and the DirectX Shader\n' +
  'Compiler (https://github.com/microsoft/DirectXShaderCompiler, its LICENSE.TXT).\n';

/**
 * The copyright lines of a package's README, for a package that ships no licence file (its licence
 * is stated in package.json; MIT and ISC still ask for the copyright notice).
 * @param {string} folder
 */
function readmeCopyright(folder) {
  const readme = readdirSync(join(root, folder)).find((name) => /^readme(\.|$)/i.test(name));
  if (!readme) return [];
  return readFileSync(join(root, folder, readme), 'utf8').split(/\r?\n/).filter((line) => /copyright|\(c\)|©/i.test(line)).map((line) => line.trim());
}

/**
 * The package folder of a bundled input path (relative to the repository root), or undefined for
 * SciWrite's own sources: the part up to the package name after the last node_modules/.
 * @param {string} input
 */
export function packageFolderOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  const nameParts = rest[0].startsWith('@') ? 2 : 1;
  if (rest.length <= nameParts) return undefined;
  return input.slice(0, at + 'node_modules/'.length) + rest.slice(0, nameParts).join('/');
}

/**
 * Package folder -> the bundles it went into, from esbuild metafiles; inputs tree-shaken away
 * entirely (no bytes in any output) are not shipped and not listed.
 * @param {Array<{ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }>} metafiles
 */
export function bundledPackageFolders(metafiles) {
  /** @type {Map<string, Set<string>>} */
  const folders = new Map();
  for (const metafile of metafiles) {
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      if (output.endsWith('.map')) continue;
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        const folder = bytesInOutput > 0 ? packageFolderOf(input) : undefined;
        if (!folder) continue;
        if (!folders.has(folder)) folders.set(folder, new Set());
        folders.get(folder).add(output);
      }
    }
  }
  return folders;
}

/** @param {Record<string, unknown>} manifest */
function licenceOf(manifest) {
  const { license, licenses } = manifest;
  if (typeof license === 'string') return license;
  if (license && typeof license === 'object' && 'type' in license) return String(license.type);
  if (Array.isArray(licenses)) return licenses.map((l) => (typeof l === 'string' ? l : l?.type)).filter(Boolean).join(' OR ');
  return 'none stated';
}

/** @param {Record<string, unknown>} manifest */
function homepageOf(manifest) {
  const { repository, homepage } = manifest;
  if (typeof homepage === 'string') return homepage;
  if (typeof repository === 'string') return repository;
  if (repository && typeof repository === 'object' && 'url' in repository) return String(repository.url);
  return undefined;
}

/**
 * One notice per package name and version, in name order.
 * @param {Map<string, Set<string>>} folders package folder (relative to root) -> where it is shipped
 */
export function collectNotices(folders) {
  /** @type {Map<string, { name: string, version: string, licence: string, homepage?: string, shippedIn: Set<string>, texts: Array<{ file: string, text: string }>, note?: string }>} */
  const byId = new Map();
  for (const [folder, shippedIn] of folders) {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    let notice = byId.get(id);
    if (!notice) {
      const texts = readdirSync(join(root, folder), { withFileTypes: true })
        .filter((entry) => entry.isFile() && licenceFile.test(entry.name))
        .map((entry) => entry.name)
        .sort()
        .map((file) => ({ file, text: readFileSync(join(root, folder, file), 'utf8') }));
      notice = { name: manifest.name, version: manifest.version, licence: licenceOf(manifest), homepage: homepageOf(manifest), shippedIn: new Set(), texts };
      if (manifest.name.startsWith('onnxruntime-')) {
        if (texts.length === 0) notice.texts.push({ file: 'LICENSE of https://github.com/microsoft/onnxruntime (the npm package holds none)', text: onnxruntimeLicence });
        if (manifest.name === 'onnxruntime-node') notice.note = onnxruntimeNativeNote;
      }
      const copyright = notice.texts.length === 0 ? readmeCopyright(folder) : [];
      const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
      if (copyright.length > 0) notice.texts.push({ file: 'copyright, from its README (the package holds no licence file)', text: copyright.join('\n') });
      else if (notice.texts.length === 0 && author) notice.texts.push({ file: 'author, from its package.json (the package holds no licence file)', text: `Copyright (c) ${author}` });
      byId.set(id, notice);
    }
    for (const where of shippedIn) notice.shippedIn.add(where);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** @param {ReturnType<typeof collectNotices>} notices */
export function renderNotices(notices) {
  const rule = '='.repeat(80);
  const lines = [
    'THIRD-PARTY SOFTWARE NOTICES',
    '',
    "SciWrite's own code is under the MIT licence (LICENSE). Its bundles in dist/ hold code of the",
    'npm packages below, and onnxruntime-node and onnxruntime-common ship beside them in',
    'node_modules/. Each is listed with its version, its licence and the text of the licence and',
    'notice files it ships.',
    '',
    ...notices.map((n) => `  ${n.name}@${n.version}  ${n.licence}`),
    '',
  ];
  for (const n of notices) {
    lines.push(rule, `${n.name}@${n.version}`, `Licence: ${n.licence}`);
    if (n.homepage) lines.push(`Source: ${n.homepage}`);
    lines.push(`Shipped in: ${[...n.shippedIn].sort().join(', ')}`);
    if (n.note) lines.push('', n.note.trimEnd());
    if (n.texts.length === 0) lines.push('', `The package holds no licence or notice file; its package.json states the licence ${n.licence}.`);
    for (const { file, text } of n.texts) lines.push('', `--- ${file} ---`, '', text.trimEnd());
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Reads the metafiles in out/meta and writes dist/THIRD-PARTY-NOTICES.txt; returns its path. */
export function writeNotices() {
  const files = existsSync(metaDir) ? readdirSync(metaDir).filter((f) => f.endsWith('.json')).sort() : [];
  if (files.length === 0) throw new Error(`no esbuild metafiles in ${metaDir}: run \`npm run build\` first`);
  const folders = bundledPackageFolders(files.map((f) => JSON.parse(readFileSync(join(metaDir, f), 'utf8'))));
  for (const name of unbundled) folders.set(`node_modules/${name}`, new Set([`node_modules/${name}`]));
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(noticesFile, renderNotices(collectNotices(folders)));
  return noticesFile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.error(`third-party notices: ${writeNotices()}`);
  } catch (error) {
    console.error(`third-party notices: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
