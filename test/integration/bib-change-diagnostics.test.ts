// A keystroke in a .bib published every open file's diagnostics again, the same ones for all but the
// files whose citations it touched: a thesis's chapters flickered at each keystroke. A file's diagnostics
// are now sent only when they differ from the last ones sent for its text; those that change go out at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient, uriOf } from '../helpers/lsp-client.ts';

const CHAISSON = '@article{chaisson, author = {Chaisson, Mark J. and Tesler, Glenn}, title = {Mapping single molecule sequencing reads using basic local alignment}, journal = {BMC Bioinformatics}, pages = {238}, year = {2012}}';
const LAPACK = '@book{lapack, author = {Anderson, Ed}, title = {LAPACK Users\' Guide}, year = {1999}}';
const UNUSED = '@article{unused, author = {Nobody, Ann}, title = {A paper no one cites}, year = {2001}}';
const bib = (entries: string[]) => `${entries.join('\n\n')}\n`;
const paper = (body: string) => `\\documentclass{article}\n\\begin{document}\n${body}\n\n\\bibliographystyle{unsrt}\n\\bibliography{refs}\n\\end{document}\n`;

const unresolved = (key: string) => (params: PublishDiagnosticsParams) => params.diagnostics.some((d) => d.code === 'unresolved-key' && typeof d.message === 'string' && d.message.includes(`'${key}'`));

// Two papers of their own read one .bib; b.tex is opened last, so its diagnostics after a .bib edit are
// published after a.tex's would be.
test('a .bib edit publishes diagnostics only for the open files whose diagnostics it changes, at once', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-bib-diagnostics-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const aPath = join(folder, 'a.tex');
  const bPath = join(folder, 'b.tex');
  const bibPath = join(folder, 'refs.bib');
  const aText = paper('Reads were aligned with BLASR \\cite{chaisson}.');
  const bText = paper('Dense solvers call LAPACK routines \\cite{lapack}.');
  writeFileSync(aPath, aText);
  writeFileSync(bPath, bText);
  writeFileSync(bibPath, bib([CHAISSON, LAPACK, UNUSED]));
  const client = await LspTestClient.start({ rootDir: folder, settings: { entities: { enabled: false } }, bundle: false });
  t.after(() => client.stop());
  const published = (uri: string) => client.publications.get(uri) ?? 0;
  const aUri = uriOf(aPath);
  const bUri = uriOf(bPath);
  await client.open(aPath, aText, 'latex');
  await client.waitForCurrentDiagnostics(aUri);
  await client.open(bPath, bText, 'latex');
  await client.waitForCurrentDiagnostics(bUri);
  const bibUri = await client.open(bibPath, bib([CHAISSON, LAPACK, UNUSED]), 'bibtex');
  const aBefore = published(aUri);
  const bBefore = published(bUri);

  // an uncited entry retitled, a cited one's pages: neither file's diagnostics change
  await client.change(bibUri, [{ text: bib([CHAISSON, LAPACK, UNUSED.replace('no one cites', 'nobody cites')]) }]);
  await client.change(bibUri, [{ text: bib([CHAISSON.replace('{238}', '{238--250}'), LAPACK, UNUSED]) }]);
  // LAPACK deleted: b.tex's citation is undefined
  const bUndefined = client.waitForDiagnostics(bUri, unresolved('lapack'));
  await client.change(bibUri, [{ text: bib([CHAISSON.replace('{238}', '{238--250}'), UNUSED]) }]);
  await bUndefined;
  assert.equal(published(bUri), bBefore + 1, 'b.tex publications');
  assert.equal(published(aUri), aBefore, 'a.tex publications');

  // back: b.tex's diagnostic goes, a.tex's are still as they were
  const bDefined = client.waitForDiagnostics(bUri, (params) => !unresolved('lapack')(params));
  await client.change(bibUri, [{ text: bib([CHAISSON, LAPACK, UNUSED]) }]);
  await bDefined;
  assert.equal(published(bUri), bBefore + 2, 'b.tex publications');
  assert.equal(published(aUri), aBefore, 'a.tex publications');

  // a.tex's cited entry deleted: its diagnostic is published too
  const aUndefined = client.waitForDiagnostics(aUri, unresolved('chaisson'));
  await client.change(bibUri, [{ text: bib([LAPACK, UNUSED]) }]);
  await aUndefined;
  assert.equal(published(aUri), aBefore + 1, 'a.tex publications');

  // an edit of a.tex publishes its diagnostics again, the same ones: the editor may have moved their ranges
  const version = await client.change(aUri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '% x\n' }]);
  await client.waitForDiagnostics(aUri, (params) => params.version === version && unresolved('chaisson')(params));
  assert.equal(published(aUri), aBefore + 2, 'a.tex publications');
});
