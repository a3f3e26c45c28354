// The built server bundle (dist/server.cjs, the `sciwrite-lsp` bin) over stdio, with a bibliography
// big enough to be parsed on the bundled worker thread (dist/bib-worker.cjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let client: LspTestClient;

before(async () => {
  if (!existsSync(join(repo, 'dist/server.cjs')) || !existsSync(join(repo, 'dist/bib-worker.cjs'))) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-bundle-'));
  const entries: string[] = [];
  for (let i = 0; i < 6000; i++) {
    entries.push(`@article{gen${i},\n  title = {Generated study number ${i} of protein folding kinetics},\n  author = {Author${i}, Ann and Second, Bob and Third, Carol},\n  journal = {Journal of Generated Results},\n  year = {${1950 + (i % 70)}}\n}\n`);
  }
  const bib = entries.join('\n');
  assert.ok(bib.length > 1_000_000, 'big enough for the worker thread');
  writeFileSync(join(dir, 'big.bib'), bib);
  writeFileSync(join(dir, 'paper.tex'), '\\documentclass{article}\n\\begin{document}\nFolding is fast \\cite{gen5999} and slow \\cite{gen6000}.\n\\bibliography{big}\n\\end{document}\n');
  client = await LspTestClient.start({ rootDir: dir, settings: {}, bundle: true });
});

after(async () => {
  await client?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the bundled server parses a big .bib off-thread and answers hover and diagnostics', async () => {
  const text = '\\documentclass{article}\n\\begin{document}\nFolding is fast \\cite{gen5999} and slow \\cite{gen6000}.\n\\bibliography{big}\n\\end{document}\n';
  const uri = await client.open(join(dir, 'paper.tex'), text);
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => d.code), ['unresolved-key']);
  assert.match(JSON.stringify(diagnostics[0].message), /gen6000/);
  const hover = await client.hover(uri, positionOf(text, 'gen5999', 2));
  assert.match((hover?.contents as MarkupContent).value, /Generated study number 5999/);
  assert.equal(client.stderr.join(''), '');
});

test('completion over thousands of entries sends only those matching what is typed', async () => {
  const text = '\\documentclass{article}\n\\begin{document}\nSee \\cite{gen59}.\n\\bibliography{big}\n\\end{document}\n';
  const uri = await client.open(join(dir, 'other.tex'), text);
  const items = await client.completion(uri, positionOf(text, 'gen59}', 5));
  const labels = items.map((item) => item.label);
  assert.ok(labels.includes('gen5999'), 'labels.includes(\'gen5999\')');
  assert.ok(labels.every((label) => label.startsWith('gen59')), 'filtered by the typed prefix');
  assert.equal(labels.length, 111);
});
