// Two open files of one project re-run each other only when what one reads of the other changed, and
// then once. A root and its chapter in different workspace folders get different project keys (each
// holds its own folder): compared across files, those keys once had the two re-run each other for ever,
// about 14 passes a second each, with the editor's intents view reloading at every one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, uriOf } from '../helpers/lsp-client.ts';

const BIB = String.raw`
@article{harwell, author = {Duff, Iain S. and Grimes, Roger G. and Lewis, John G.}, title = {Sparse matrix test problems}, year = {1989}}
@article{lapack, author = {Anderson, Ed}, title = {LAPACK Users' Guide}, year = {1999}}
`;

test('a chapter outside the root\'s workspace folder and the root do not re-run each other: edits of the root that change nothing the chapter reads run no chapter pass', { timeout: 120_000 }, async (t) => {
  const top = mkdtempSync(join(tmpdir(), 'sciwrite-peer-passes-'));
  t.after(() => rmSync(top, { recursive: true, force: true }));
  const paper = join(top, 'paper');
  mkdirSync(paper);
  mkdirSync(join(top, 'shared'));
  const rootPath = join(paper, 'root.tex');
  const chapterPath = join(top, 'shared', 'chapter.tex');
  const rootText = '\\documentclass{article}\n\\begin{document}\n\\input{../shared/chapter}\n\nSparse matrices are stored in the Harwell-Boeing format \\cite{harwell}.\n% a note\n\\bibliographystyle{unsrt}\n\\bibliography{references}\n\\end{document}\n';
  writeFileSync(rootPath, rootText);
  writeFileSync(chapterPath, 'Dense solvers call LAPACK \\cite{lapack}. We use the Matrix library.\n');
  writeFileSync(join(paper, 'references.bib'), BIB);
  const client = await LspTestClient.start({ rootDir: paper, settings: {}, bundle: false });
  t.after(() => client.stop());
  const done = new Map<string, number[]>();
  const waiting: { uri: string; version: number; resolve: () => void }[] = [];
  client.connection.onNotification('sciwrite/entities', (p: { uri: string; version: number; done: boolean }) => {
    if (!p.done) return;
    done.set(p.uri, [...(done.get(p.uri) ?? []), p.version]);
    for (const w of waiting.filter((w) => w.uri === p.uri && p.version >= w.version)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  const passDone = (uri: string, version: number) => new Promise<void>((resolve) => waiting.push({ uri, version, resolve }));
  const rootUri = uriOf(rootPath);
  const chapterUri = uriOf(chapterPath);
  const rootOpened = passDone(rootUri, 0);
  await client.open(rootPath, rootText, 'latex');
  await rootOpened;
  const chapterOpened = passDone(chapterUri, 0);
  await client.open(chapterPath, readFileSync(chapterPath, 'utf8'), 'latex');
  await chapterOpened;
  const chapterPasses = (done.get(chapterUri) ?? []).length;
  // five edits of the root's comment, each waited for: the chapter reads nothing of them
  const line = rootText.split('\n').indexOf('% a note');
  for (let i = 0; i < 5; i++) {
    const version = await client.change(rootUri, [{ range: { start: { line, character: 8 + i }, end: { line, character: 8 + i } }, text: 'x' }]);
    await passDone(rootUri, version);
  }
  assert.equal((done.get(chapterUri) ?? []).length, chapterPasses, `chapter passes after its first: ${JSON.stringify(done.get(chapterUri))}`);
});
