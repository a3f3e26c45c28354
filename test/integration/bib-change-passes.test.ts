// A keystroke in a .bib re-read the bibliography and ran every open file's entity pass again, on a
// thesis with many chapters open a queue of passes per keystroke. A file now runs again only when
// something it reads of the bibliography changed: how its citations print, its cited authors' names,
// the titles its project cites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, uriOf } from '../helpers/lsp-client.ts';

const CHAISSON = '@article{chaisson, author = {Chaisson, Mark J. and Tesler, Glenn}, title = {Mapping single molecule sequencing reads using basic local alignment}, journal = {BMC Bioinformatics}, pages = {238}, year = {2012}}';
const LAPACK = '@book{lapack, author = {Anderson, Ed}, title = {LAPACK Users\' Guide}, year = {1999}}';
const UNUSED = '@article{unused, author = {Nobody, Ann}, title = {A paper no one cites}, year = {2001}}';
const bib = (entries: string[]) => `${entries.join('\n\n')}\n`;
const paper = (body: string) => `\\documentclass{article}\n\\begin{document}\n${body}\n\n\\bibliographystyle{unsrt}\n\\bibliography{refs}\n\\end{document}\n`;

/** Counts each open file's finished entity passes (`sciwrite/entities` with `done`). */
function countPasses(client: LspTestClient): { passes: (uri: string) => number; nextPass: (uri: string) => Promise<void> } {
  const done = new Map<string, number>();
  const waiting: { uri: string; count: number; resolve: () => void }[] = [];
  client.connection.onNotification('sciwrite/entities', (p: { uri: string; done: boolean }) => {
    if (!p.done) return;
    const count = (done.get(p.uri) ?? 0) + 1;
    done.set(p.uri, count);
    for (const w of waiting.filter((w) => w.uri === p.uri && count >= w.count)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  const passes = (uri: string) => done.get(uri) ?? 0;
  /** The next finished pass of `uri` from now. */
  const nextPass = (uri: string) => new Promise<void>((resolve) => waiting.push({ uri, count: passes(uri) + 1, resolve }));
  return { passes, nextPass };
}

// Two papers of their own read one .bib, each citing one entry.
test('a .bib edit runs again only the open papers that read what changed: an uncited entry or a cited one\'s pages run nothing; a cited title, author, deletion or return run its paper once', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-bib-passes-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const aPath = join(folder, 'a.tex');
  const bPath = join(folder, 'b.tex');
  const bibPath = join(folder, 'refs.bib');
  const aText = paper('Reads were assembled with SmartDenovo and aligned with BLASR in HeLa cells \\cite{chaisson}.');
  const bText = paper('Dense solvers call LAPACK routines for p53 expression data \\cite{lapack}.');
  writeFileSync(aPath, aText);
  writeFileSync(bPath, bText);
  writeFileSync(bibPath, bib([CHAISSON, LAPACK, UNUSED]));
  const client = await LspTestClient.start({ rootDir: folder, settings: {}, bundle: false });
  t.after(() => client.stop());
  const { passes, nextPass } = countPasses(client);
  const aUri = uriOf(aPath);
  const bUri = uriOf(bPath);
  const aOpened = nextPass(aUri);
  await client.open(aPath, aText, 'latex');
  await aOpened;
  const bOpened = nextPass(bUri);
  await client.open(bPath, bText, 'latex');
  await bOpened;
  const bibUri = await client.open(bibPath, bib([CHAISSON, LAPACK, UNUSED]), 'bibtex');
  const aBefore = passes(aUri);

  // what a.tex reads of the .bib is unchanged by the first two; b.tex reads a retitled LAPACK
  await client.change(bibUri, [{ text: bib([CHAISSON, LAPACK, UNUSED.replace('no one cites', 'nobody cites')]) }]);
  await client.change(bibUri, [{ text: bib([CHAISSON.replace('{238}', '{238--250}'), LAPACK, UNUSED]) }]);
  const bRan = nextPass(bUri);
  const lapack = LAPACK.replace('LAPACK Users\' Guide', 'LAPACK: a portable linear algebra library');
  await client.change(bibUri, [{ text: bib([CHAISSON.replace('{238}', '{238--250}'), lapack, UNUSED]) }]);
  await bRan;
  assert.equal(passes(aUri), aBefore, 'a.tex passes after edits of what it does not read');

  const steps: [string, string[]][] = [
    ['its cited title names software', [CHAISSON.replace(/title = \{[^}]*\}/, 'title = {SmartDenovo: a de novo assembly program}'), lapack, UNUSED]],
    ['an author of its cited entry renamed', [CHAISSON.replace('Tesler, Glenn', 'Moreau, Glenn'), lapack, UNUSED]],
    ['its cited entry deleted', [lapack, UNUSED]],
    ['its cited entry back', [CHAISSON, lapack, UNUSED]],
  ];
  for (const [i, [change, entries]] of steps.entries()) {
    const aRan = nextPass(aUri);
    await client.change(bibUri, [{ text: bib(entries) }]);
    await aRan;
    // the first edits above ran no pass of a.tex: each of these runs exactly one
    assert.equal(passes(aUri), aBefore + i + 1, `a.tex passes after: ${change}`);
  }
});

// A root and its chapter, both open: a pass of the root after a .bib change (here one of an entry nobody
// cites) saw the project print citations with another bibliography, and ran the chapter again though
// nothing it reads had changed.
test('after a .bib edit the chapter reads nothing of, edits of the root run no chapter pass', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-bib-peers-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const rootPath = join(folder, 'root.tex');
  const chapterPath = join(folder, 'chapter.tex');
  const bibPath = join(folder, 'refs.bib');
  const rootText = paper('\\input{chapter}\n\nReads were assembled with SmartDenovo in HeLa cells \\cite{chaisson}.\n% a note');
  const chapterText = 'Dense solvers call LAPACK routines for p53 expression data \\cite{lapack}.\n';
  writeFileSync(rootPath, rootText);
  writeFileSync(chapterPath, chapterText);
  writeFileSync(bibPath, bib([CHAISSON, LAPACK, UNUSED]));
  const client = await LspTestClient.start({ rootDir: folder, settings: {}, bundle: false });
  t.after(() => client.stop());
  const { passes, nextPass } = countPasses(client);
  const rootUri = uriOf(rootPath);
  const chapterUri = uriOf(chapterPath);
  const rootOpened = nextPass(rootUri);
  await client.open(rootPath, rootText, 'latex');
  await rootOpened;
  const chapterOpened = nextPass(chapterUri);
  await client.open(chapterPath, chapterText, 'latex');
  await chapterOpened;
  const bibUri = await client.open(bibPath, bib([CHAISSON, LAPACK, UNUSED]), 'bibtex');
  const chapterBefore = passes(chapterUri);

  await client.change(bibUri, [{ text: bib([CHAISSON, LAPACK, UNUSED.replace('no one cites', 'nobody cites')]) }]);
  const line = rootText.split('\n').indexOf('% a note');
  for (let i = 0; i < 3; i++) {
    const rootRan = nextPass(rootUri);
    await client.change(rootUri, [{ range: { start: { line, character: 8 + i }, end: { line, character: 8 + i } }, text: 'x' }]);
    await rootRan;
  }
  // the chapter reads its cited authors: one pass, and none before it
  const chapterRan = nextPass(chapterUri);
  await client.change(bibUri, [{ text: bib([CHAISSON, LAPACK.replace('Anderson, Ed', 'Dongarra, Jack'), UNUSED.replace('no one cites', 'nobody cites')]) }]);
  await chapterRan;
  assert.equal(passes(chapterUri), chapterBefore + 1, 'chapter passes');
});

// With entities off a pass reads nothing of the bibliography, but recorded no key either: every .bib edit ran it again.
test('with entities off, a .bib edit runs no pass, though it changes what the file cites', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-bib-passes-off-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const aPath = join(folder, 'a.tex');
  const bibPath = join(folder, 'refs.bib');
  const aText = paper('Reads were assembled with SmartDenovo and aligned with BLASR in HeLa cells \\cite{chaisson}.');
  writeFileSync(aPath, aText);
  writeFileSync(bibPath, bib([CHAISSON, LAPACK]));
  const client = await LspTestClient.start({ rootDir: folder, settings: { entities: { enabled: false } }, bundle: false });
  t.after(() => client.stop());
  const { passes, nextPass } = countPasses(client);
  const aUri = uriOf(aPath);
  const aOpened = nextPass(aUri);
  await client.open(aPath, aText, 'latex');
  await aOpened;
  const bibUri = await client.open(bibPath, bib([CHAISSON, LAPACK]), 'bibtex');
  const aBefore = passes(aUri);

  await client.change(bibUri, [{ text: bib([CHAISSON.replace('Tesler, Glenn', 'Moreau, Glenn'), LAPACK]) }]);
  // its cited entry deleted: the diagnostics that say so come after a pass would have (the passes' delay is the shorter)
  const undefinedKey = client.waitForDiagnostics(aUri, (p) => p.diagnostics.some((d) => d.code === 'unresolved-key'));
  await client.change(bibUri, [{ text: bib([LAPACK]) }]);
  await undefinedKey;
  assert.equal(passes(aUri), aBefore, 'a.tex passes');
});
