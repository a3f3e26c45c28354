// Files the workspace folders do not hold, and folders that hold each other's files: a bibliography
// outside the folders that is missing (not exported yet, deleted and rewritten) is read when it
// appears, whether or not the client watches files; a chapter that a root in another workspace folder
// includes belongs to that root's project; relative extra bibliography files of a document outside
// every folder are read from the document's folder; a bibliography that cannot be read says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, uriOf } from '../helpers/lsp-client.ts';

const entry = (key: string) => `@article{${key},\n  author = {Jones, Ann},\n  title = {Title of ${key}},\n  journal = {J},\n  year = {2019}\n}\n`;
const paper = (bibliography: string) => `\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\bibliography{${bibliography}}\n\\end{document}\n`;
const text = (message: string | { value: string }) => (typeof message === 'string' ? message : message.value);
const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code);

/** A workspace folder and, beside it, a folder outside the workspace (where Zotero exports). */
function layout(t: { after: (fn: () => void) => void }): { ws: string; outside: string } {
  const top = mkdtempSync(join(tmpdir(), 'sciwrite-ws-files-'));
  t.after(() => rmSync(top, { recursive: true, force: true }));
  const ws = join(top, 'ws');
  const outside = join(top, 'zotero');
  mkdirSync(ws);
  mkdirSync(outside);
  return { ws, outside };
}

async function started(t: { after: (fn: () => Promise<void>) => void }, options: Parameters<typeof LspTestClient.start>[0]): Promise<LspTestClient> {
  const client = await LspTestClient.start({ settings: { diagnostics: { delay: 10 } }, ...options });
  t.after(() => client.stop());
  return client;
}

for (const mode of ['client watches files', 'client watches nothing'] as const) {
  test(`a bibliography outside the workspace that is exported later is read when it appears (${mode})`, { timeout: 30_000 }, async (t) => {
    const { ws, outside } = layout(t);
    writeFileSync(join(ws, 'main.tex'), paper('../zotero/lib'));
    const client = await started(t, { rootDir: ws, dynamicWatchers: mode === 'client watches files' });
    const uri = await client.open(join(ws, 'main.tex'));
    const before = await client.waitForCurrentDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(before).sort(), ['bibliography-missing', 'unresolved-key']);
    writeFileSync(join(outside, 'lib.bib'), entry('k1'));
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  test(`a bibliography outside the workspace that is deleted and written again is read again (${mode})`, { timeout: 30_000 }, async (t) => {
    const { ws, outside } = layout(t);
    const lib = join(outside, 'lib.bib');
    writeFileSync(lib, entry('k1'));
    writeFileSync(join(ws, 'main.tex'), paper('../zotero/lib'));
    const client = await started(t, { rootDir: ws, dynamicWatchers: mode === 'client watches files' });
    const uri = await client.open(join(ws, 'main.tex'));
    await client.waitForCurrentDiagnostics(uri, (d) => d.length === 0);
    unlinkSync(lib);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'bibliography-missing'));
    writeFileSync(lib, entry('k1'));
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  });
}

test('a bibliography whose folder does not exist yet is read when the folder and the file appear', { timeout: 30_000 }, async (t) => {
  const { ws, outside } = layout(t);
  writeFileSync(join(ws, 'main.tex'), paper('../zotero/export/deep/lib'));
  const client = await started(t, { rootDir: ws });
  const uri = await client.open(join(ws, 'main.tex'));
  await client.waitForCurrentDiagnostics(uri, (d) => d.some((x) => x.code === 'bibliography-missing'));
  mkdirSync(join(outside, 'export', 'deep'), { recursive: true });
  writeFileSync(join(outside, 'export', 'deep', 'lib.bib'), entry('k1'));
  await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
});

test('a missing bibliography names itself in the undefined-key warning', { timeout: 30_000 }, async (t) => {
  const { ws } = layout(t);
  writeFileSync(join(ws, 'main.tex'), paper('../zotero/lib'));
  const client = await started(t, { rootDir: ws });
  const uri = await client.open(join(ws, 'main.tex'));
  const diagnostics = await client.waitForCurrentDiagnostics(uri, (d) => d.some((x) => x.code === 'unresolved-key'));
  const message = text(diagnostics.find((d) => d.code === 'unresolved-key')?.message ?? '');
  assert.doesNotMatch(message, /declares no bibliography/);
  assert.match(message, /\.\.\/zotero\/lib/);
});

test('multi-root: a chapter in one folder that a root in another folder includes belongs to that root', { timeout: 30_000 }, async (t) => {
  const { ws: top } = layout(t);
  const a = join(top, 'A');
  const b = join(top, 'B');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'main.tex'), '\\documentclass{article}\n\\begin{document}\n\\input{../B/chapter}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(a, 'refs.bib'), entry('k1'));
  writeFileSync(join(b, 'chapter.tex'), 'Chapter B cites \\cite{k1}.\n');
  const client = await started(t, { rootDir: a, workspaceFolders: [b] });
  const uri = await client.open(join(b, 'chapter.tex'));
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => d.message), []);
});

test('relative extra bibliography files of a document outside every workspace folder are read from its folder', { timeout: 30_000 }, async (t) => {
  const { ws, outside } = layout(t);
  writeFileSync(join(outside, 'paper.tex'), '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\end{document}\n');
  writeFileSync(join(outside, 'lib.bib'), entry('k1'));
  const client = await started(t, { rootDir: ws, settings: { diagnostics: { delay: 10 }, bibliography: { extraFiles: ['lib.bib'] } } });
  const uri = await client.open(join(outside, 'paper.tex'));
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => d.message), []);
  const published = [...client.diagnostics.values()].filter((p) => p.diagnostics.length > 0).map((p) => p.uri);
  assert.deepEqual(published, []);
});

test('an extra bibliography file that is a folder cannot be read, and the warnings say so', { timeout: 30_000 }, async (t) => {
  const { ws } = layout(t);
  mkdirSync(join(ws, 'lib.bib'));
  writeFileSync(join(ws, 'main.tex'), '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\end{document}\n');
  const client = await started(t, { rootDir: ws, settings: { diagnostics: { delay: 10 }, bibliography: { extraFiles: ['lib.bib'] } } });
  const uri = await client.open(join(ws, 'main.tex'));
  const diagnostics = await client.waitForCurrentDiagnostics(uri, (d) => d.some((x) => x.code === 'unresolved-key'));
  assert.match(text(diagnostics.find((d) => d.code === 'unresolved-key')?.message ?? ''), /lib\.bib cannot be read/);
  const atFile = await client.waitForDiagnostics(uriOf(join(ws, 'lib.bib')), (p) => p.diagnostics.length > 0);
  assert.deepEqual(atFile.diagnostics.map((d) => d.message), ['Bibliography file cannot be read: lib.bib']);
});

test('a bibliography and a chapter that exist but cannot be read say so', { timeout: 30_000, skip: process.getuid?.() === 0 ? 'root reads every file' : false }, async (t) => {
  const { ws } = layout(t);
  writeFileSync(join(ws, 'main.tex'), '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\input{chap}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(ws, 'chap.tex'), 'Chapter.\n');
  writeFileSync(join(ws, 'refs.bib'), entry('k1'));
  chmodSync(join(ws, 'chap.tex'), 0);
  chmodSync(join(ws, 'refs.bib'), 0);
  const client = await started(t, { rootDir: ws });
  const uri = await client.open(join(ws, 'main.tex'));
  const diagnostics = await client.waitForCurrentDiagnostics(uri, (d) => d.some((x) => x.code === 'unresolved-key'));
  const messages = diagnostics.map((d) => text(d.message));
  assert.ok(messages.some((m) => /refs\.bib cannot be read/.test(m)), JSON.stringify(messages));
  assert.ok(messages.includes('Included file cannot be read: chap'), JSON.stringify(messages));
});
