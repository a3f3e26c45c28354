// Diagnostics as an editor lives with them: a .bib's parse errors show whether or not a manuscript
// that reads it is open, and go when fixed or when nothing shows them any more; an edit in one file
// of a project re-checks the project's other open files; a .bib outside the workspace folders (a
// Zotero export) is watched by the server itself, since the client's watchers stop at the folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, uriOf } from '../helpers/lsp-client.ts';

const GOOD = '@article{jones2019,\n  author = {Jones, Ann},\n  title = {Insulin},\n  journal = {J},\n  year = {2019}\n}\n';
const BROKEN = `${GOOD}@article{broken,\n  title = {oops\n`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-diagnostics-'));
  writeFileSync(join(dir, 'main.tex'), '\\documentclass{article}\n\\begin{document}\n\\input{ch1}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(dir, 'ch1.tex'), 'Insulin acts \\cite{jones2019} and \\cite{undef1}.\n');
  writeFileSync(join(dir, 'refs.bib'), BROKEN);
  writeFileSync(join(dir, 'other.bib'), '@misc{undef1,\n  title = {Other},\n  year = {2001}\n}\n');
  return dir;
}

const errors = (diagnostics: { severity?: number }[]) => diagnostics.filter((d) => d.severity === 1).length;

/** A server on a fresh copy of the project, stopped and removed after `run`. */
async function withProject(run: (client: LspTestClient, dir: string) => Promise<void>): Promise<void> {
  const dir = project();
  const client = await LspTestClient.start({ rootDir: dir });
  try {
    await run(client, dir);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a broken .bib opened alone in a project shows its error; fixed in the editor, the error goes', { timeout: 60_000 }, () => withProject(async (client, dir) => {
  const bibUri = await client.open(join(dir, 'refs.bib'), BROKEN, 'bibtex');
  await client.waitForDiagnostics(bibUri, (p) => errors(p.diagnostics) === 1);
  await client.change(bibUri, [{ text: GOOD }]);
  await client.waitForDiagnostics(bibUri, (p) => errors(p.diagnostics) === 0);
}));

test('closing the manuscript that showed a .bib\'s error clears it; the .bib opened later shows its own, until fixed', { timeout: 60_000 }, () => withProject(async (client, dir) => {
  const mainUri = await client.open(join(dir, 'main.tex'));
  const bibUri = uriOf(join(dir, 'refs.bib'));
  await client.waitForDiagnostics(bibUri, (p) => errors(p.diagnostics) === 1);
  await client.close(mainUri);
  await client.waitForDiagnostics(bibUri, (p) => p.diagnostics.length === 0);
  await client.open(join(dir, 'refs.bib'), BROKEN, 'bibtex');
  await client.waitForDiagnostics(bibUri, (p) => errors(p.diagnostics) === 1);
  await client.change(bibUri, [{ text: GOOD }]);
  await client.waitForDiagnostics(bibUri, (p) => errors(p.diagnostics) === 0);
}));

test('editing the root\'s \\bibliography re-checks an open chapter without touching it', { timeout: 60_000 }, () => withProject(async (client, dir) => {
  const mainText = '\\documentclass{article}\n\\begin{document}\n\\input{ch1}\n\\bibliography{refs}\n\\end{document}\n';
  const mainUri = await client.open(join(dir, 'main.tex'), mainText);
  const chapterUri = await client.open(join(dir, 'ch1.tex'));
  const unresolved = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'unresolved-key').map((d) => /'([^']+)'/.exec(String(d.message))?.[1]).sort();
  await client.waitForDiagnostics(chapterUri, (p) => JSON.stringify(unresolved(p)) === '["undef1"]');
  const at = positionOf(mainText, 'refs}');
  await client.change(mainUri, [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'other' }]);
  const after = await client.waitForDiagnostics(chapterUri, (p) => JSON.stringify(unresolved(p)) === '["jones2019"]');
  assert.deepEqual(unresolved(after), ['jones2019'], 'the chapter now reads other.bib');
}));

test('a .bib outside the workspace folders is watched by the server though the client watches files', { timeout: 60_000 }, async () => {
  const dir = project();
  const outside = mkdtempSync(join(tmpdir(), 'sciwrite-zotero-'));
  mkdirSync(join(outside, 'export'));
  const library = join(outside, 'export', 'My Library.bib');
  writeFileSync(library, GOOD);
  writeFileSync(join(dir, 'solo.tex'), `\\documentclass{article}\n\\begin{document}\nNew \\cite{newkey}.\n\\bibliography{${join(outside, 'export', 'My Library')}}\n\\end{document}\n`);
  const client = await LspTestClient.start({ rootDir: dir, initializationOptions: { watchesFiles: true } });
  try {
    const uri = await client.open(join(dir, 'solo.tex'));
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unresolved-key'));
    writeFileSync(library, `${GOOD}@misc{newkey,\n  title = {Exported just now},\n  year = {2024}\n}\n`);
    await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'unresolved-key'));
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
