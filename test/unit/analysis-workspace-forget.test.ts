// What the workspace keeps per file is dropped when nothing can use it again: a closed file's project
// snapshot once its bibliography changes, every cache of a deleted file, every cache of a project none
// of whose files is open; an unopened chapter of an open project keeps its segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWorkspace, defaultAnalysisOptions, type FileAnalysis, type Workspace } from '../../extension/analysis/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const entry = (year: number) => `@article{smith2020,\n  author = {Smith, Ann},\n  title = {Sound fields},\n  year = {${year}}\n}\n`;

function thesis(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-forget-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  const a = join(dir, 'a.tex');
  const b = join(dir, 'b.tex');
  const bib = join(dir, 'refs.bib');
  writeFileSync(main, '\\documentclass{book}\n\\usepackage{natbib}\n\\begin{document}\n\\input{a}\n\\input{b}\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(a, 'Chapter A follows \\citet{smith2020} closely.\n');
  writeFileSync(b, 'Chapter B has no citation.\n');
  writeFileSync(bib, entry(2020));
  const workspace = createWorkspace();
  t.after(() => workspace.dispose());
  const open = (path: string) => workspace.setDocument(path, readFileSync(path, 'utf8'), 'latex');
  const files = async (path: string): Promise<Map<string, FileAnalysis>> =>
    new Map((await (await workspace.project(path, defaultAnalysisOptions)).files()).map((file) => [file.file, file]));
  return { dir, main, a, b, bib, workspace, open, files };
}

/** The bibliography `path`'s project reads now, held only weakly. */
async function weakBibliography(workspace: Workspace, path: string): Promise<WeakRef<object>> {
  return new WeakRef((await workspace.project(path, defaultAnalysisOptions)).bibliography);
}

test('after a .bib change, a closed chapter\'s snapshot with the old bibliography is dropped; the open project reads the new one', async (t) => {
  const { main, a, bib, workspace, open, files } = thesis(t);
  open(main);
  open(a);
  await files(a);
  const old = await weakBibliography(workspace, a);
  workspace.closeDocument(a);
  assert.ok(workspace.cachesHolding(a).includes('snapshots'), 'a chapter of the open project keeps its snapshot until the bibliography changes');

  writeFileSync(bib, entry(2021));
  workspace.filesChanged([bib]);
  assert.ok(!workspace.cachesHolding(a).includes('snapshots'), 'the closed chapter\'s snapshot with the old bibliography is dropped');
  assert.ok(workspace.cachesHolding(a).includes('segmenters'), 'its segments stay: the open project reads them');
  assert.match((await files(main)).get(a)!.segments.map((s) => s.prose.text).join('\n'), /Smith \(2021\)/);
  await new Promise((done) => setImmediate(done));
  gc();
  assert.equal(old.deref(), undefined, 'nothing in the workspace holds the old bibliography');
});

test('a deleted chapter leaves nothing behind, though its project is open', async (t) => {
  const { main, b, workspace, open, files } = thesis(t);
  open(main);
  open(b);
  await files(b);
  await workspace.lines(b);
  workspace.closeDocument(b);
  assert.ok(workspace.cachesHolding(b).includes('segmenters'), 'a closed chapter of the open project keeps its segments');
  rmSync(b);
  workspace.filesDeleted([b]);
  assert.deepEqual(workspace.cachesHolding(b), []);
  assert.ok(!(await files(main)).has(b), 'the project reads b no more');
  assert.deepEqual(workspace.cachesHolding(b), []);
});

test('a chapter deleted with no event is dropped from the caches that read it again', async (t) => {
  const { main, b, workspace, open, files } = thesis(t);
  open(main);
  await files(main);
  await workspace.lines(b);
  rmSync(b);
  assert.ok(!(await files(main)).has(b), 'b cannot be read');
  assert.equal(await workspace.lines(b), undefined);
  // Its citation scan is read again only once an event tells the file changed.
  for (const cache of ['segmenters', 'lineIndexes']) assert.ok(!workspace.cachesHolding(b).includes(cache), cache);
});

test('closing the last open file of a project drops every file of it', async (t) => {
  const { main, a, b, workspace, open, files } = thesis(t);
  open(a);
  await files(a);
  const old = await weakBibliography(workspace, a);
  workspace.closeDocument(a);
  for (const path of [main, a, b]) assert.deepEqual(workspace.cachesHolding(path), [], path);
  await new Promise((done) => setImmediate(done));
  gc();
  // The set of .bib files keeps its last bibliography (opening the project again reads no file), nothing else.
  assert.notEqual(old.deref(), undefined);
});

test('an open project\'s unopened chapters keep their segments when another file closes', async (t) => {
  const { dir, main, a, b, workspace, open, files } = thesis(t);
  open(main);
  const before = await files(main);
  open(b);
  await files(b);
  workspace.closeDocument(b);
  const other = join(dir, 'drafts', 'other.tex');
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(other, 'A draft of its own.\n');
  open(other);
  await files(other);
  workspace.closeDocument(other);
  assert.deepEqual(workspace.cachesHolding(other), []);
  const after = await files(main);
  assert.equal(after.get(a)!.segments, before.get(a)!.segments);
  assert.equal(after.get(b)!.segments, before.get(b)!.segments);
});

test('a file closed while its analysis runs keeps nothing once the analysis ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-close-during-'));
  const workspace = createWorkspace();
  try {
    writeFileSync(join(dir, 'refs.bib'), '@article{smith, author = {Smith, A}, title = {T}, year = {2020}}\n');
    const path = join(dir, 'draft.tex');
    const text = '\\documentclass{article}\\begin{document}A draft cites \\cite{smith}.\\bibliography{refs}\\end{document}\n';
    writeFileSync(path, text);
    workspace.setDocument(path, text, 'latex');
    // a pass starts, as the server's would; the user closes the tab before it ends
    const pass = workspace.project(path, defaultAnalysisOptions).then((project) => project.file(path));
    workspace.closeDocument(path);
    assert.ok(await pass, 'the pass still answers');
    assert.deepEqual(workspace.cachesHolding(path), []);
  } finally {
    await workspace.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
