// Files a project names that are missing or cannot be read, and where the workspace looks for them:
// the paths a missing bibliography is looked for at are told to listeners (the server watches them);
// "cannot be read" is told apart from "not found" (the bibliography reader says so: no error is
// made up); an included chapter that cannot be read is an include problem; a chapter's root is
// searched in every workspace folder; relative extra bibliography files of a document outside
// every folder are the document folder's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyzeFile, createWorkspace, defaultAnalysisOptions, nodeFileSystem, Workspace, type AnalysisFileSystem, type CorePorts } from '../../extension/analysis/index.ts';
import { createCorePorts } from '../../extension/analysis/core-adapter.ts';
import { collectProject } from '../../extension/core/project/collect.ts';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { normalizeSettings } from '../../extension/protocol/index.ts';
import { analysisOptionsFrom } from '../../extension/server/settings.ts';

const entry = (key: string) => `@article{${key},\n  author = {Jones, Ann},\n  title = {Title of ${key}},\n  year = {2019}\n}\n`;

function folder(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-ws-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the paths a missing bibliography is looked for at are told to listeners, and dropped once it exists', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'paper', 'main.tex');
  mkdirSync(join(dir, 'paper'));
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\n\\cite{k1}\n\\bibliography{../zotero/lib}\n\\end{document}\n');
  const workspace = createWorkspace();
  const told: string[][] = [];
  workspace.onMissingBibliographies((paths) => told.push(paths));
  await workspace.project(main, defaultAnalysisOptions);
  assert.deepEqual(told, [[join(dir, 'zotero', 'lib.bib'), join(dir, 'zotero', 'lib')]]);
  await workspace.project(main, defaultAnalysisOptions);
  assert.equal(told.length, 1, 'told again only when the set changes');
  mkdirSync(join(dir, 'zotero'));
  writeFileSync(join(dir, 'zotero', 'lib.bib'), entry('k1'));
  workspace.filesChanged([join(dir, 'zotero', 'lib.bib')]);
  const project = await workspace.project(main, defaultAnalysisOptions);
  assert.equal(project.lookup('k1')?.entry.title, 'Title of k1');
  assert.deepEqual(told.at(-1), []);
});

test('an extra bibliography file that is missing is told to listeners; closing the document forgets it', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'main.tex');
  const text = '\\documentclass{article}\n\\begin{document}\n\\cite{k1}\n\\end{document}\n';
  writeFileSync(main, text);
  const workspace = createWorkspace();
  const told: string[][] = [];
  workspace.onMissingBibliographies((paths) => told.push(paths));
  workspace.setDocument(main, text, 'latex');
  await workspace.project(main, { ...defaultAnalysisOptions, extraBibliographies: [join(dir, 'nope.bib')] });
  assert.deepEqual(told, [[join(dir, 'nope.bib')]]);
  workspace.closeDocument(main);
  assert.deepEqual(told.at(-1), []);
});

/** The disk, except that `unreadable` exist and cannot be read (as chmod 000 for another user). */
function withUnreadable(unreadable: string[]): AnalysisFileSystem {
  return {
    ...nodeFileSystem,
    readFile: (path) => (unreadable.includes(path) ? Promise.resolve(undefined) : nodeFileSystem.readFile(path)),
    access: (path) => (unreadable.includes(path) ? Promise.resolve('unreadable') : nodeFileSystem.access!(path)),
  };
}

test('a bibliography that exists but cannot be read is not reported as not found, and the key warning names it', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'main.tex');
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(dir, 'refs.bib'), entry('k1'));
  const result = await analyzeFile(createWorkspace(withUnreadable([join(dir, 'refs.bib')])), main);
  const messages = result.diagnostics.map((d) => d.message);
  assert.deepEqual(messages, [
    "Citation key 'k1' is not defined: the project's bibliography refs.bib cannot be read.",
    'Bibliography file cannot be read: refs.bib',
  ]);
});

test('a missing bibliography is named by the key warning instead of "declares no bibliography"', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'main.tex');
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\bibliography{refs,more}\n\\end{document}\n');
  const result = await analyzeFile(createWorkspace(), main);
  const messages = result.diagnostics.map((d) => d.message);
  assert.ok(messages.includes("Citation key 'k1' is not defined: the project's bibliographies refs (not found), more (not found) are unavailable."), JSON.stringify(messages));
  const none = join(dir, 'none.tex');
  writeFileSync(none, '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\end{document}\n');
  const plain = await analyzeFile(createWorkspace(), none);
  assert.deepEqual(plain.diagnostics.map((d) => d.message), ["Citation key 'k1' is not defined because the project declares no bibliography."]);
});

test('an included chapter that exists but cannot be read is an include problem', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'main.tex');
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\n\\input{chap}\n\\end{document}\n');
  writeFileSync(join(dir, 'chap.tex'), 'Chapter.\n');
  const result = await analyzeFile(createWorkspace(withUnreadable([join(dir, 'chap.tex')])), main);
  assert.deepEqual(result.diagnostics.map((d) => [d.code, d.message]), [['include-missing', 'Included file cannot be read: chap']]);
});

test('collectProject: an include that exists but cannot be read is reported as unreadable, LaTeX and Markdown', async () => {
  const files: Record<string, string> = {
    '/p/main.tex': '\\documentclass{article}\n\\begin{document}\n\\input{chap}\n\\input{gone}\n\\end{document}\n',
    '/p/paper.qmd': '---\ntitle: T\n---\n\n{{< include _part.qmd >}}\n',
  };
  const fs = {
    readFile: (path: string) => files[path],
    exists: (path: string) => path in files || path === '/p/chap.tex' || path === '/p/_part.qmd',
    listFiles: () => Object.keys(files),
  };
  const latex = await collectProject('/p/main.tex', fs);
  assert.deepEqual(latex.missingIncludes.map((m) => [m.path, m.unreadable ?? false]), [['chap', true], ['gone', false]]);
  assert.deepEqual(latex.files, ['/p/main.tex']);
  const markdown = await collectProject('/p/paper.qmd', fs);
  assert.deepEqual(markdown.missingIncludes.map((m) => [m.path, m.unreadable ?? false]), [['_part.qmd', true]]);
});

test('loadBibliography: a file that cannot be read is not "not found"', async () => {
  const loaded = await loadBibliography(['/b/missing.bib', '/b/locked.bib'], (path) => {
    if (path === '/b/locked.bib') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return undefined;
  });
  assert.deepEqual(loaded.problems.map((p) => p.message), ['Bibliography file not found: /b/missing.bib', 'Bibliography file cannot be read: /b/locked.bib']);
});

test('loadBibliography: a reader that says a file is unreadable makes it "cannot be read", beside "not found"', async () => {
  const loaded = await loadBibliography(['/b/missing.bib', '/b/locked.bib', '/b/ok.bib'], (path) => {
    if (path === '/b/locked.bib') return { unreadable: true };
    return path === '/b/ok.bib' ? entry('k1') : undefined;
  });
  assert.deepEqual(loaded.problems.map((p) => p.message), ['Bibliography file not found: /b/missing.bib', 'Bibliography file cannot be read: /b/locked.bib']);
  assert.deepEqual([...loaded.entries.keys()], ['k1']);
});

test('the workspace reads a .bib that cannot be read as { unreadable: true } (a folder, or a port that says so), never as an error', async (t) => {
  const dir = folder(t);
  const main = join(dir, 'main.tex');
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\end{document}\n');
  mkdirSync(join(dir, 'folder.bib'));
  writeFileSync(join(dir, 'locked.bib'), entry('k1'));
  writeFileSync(join(dir, 'ok.bib'), entry('k2'));
  const core = createCorePorts();
  const reads: Record<string, unknown> = {};
  const recording: CorePorts = {
    ...core,
    loadBibliography: (files, readText) => core.loadBibliography(files, async (path) => (reads[basename(path)] = await readText(path))),
  };
  const workspace = new Workspace(recording, withUnreadable([join(dir, 'locked.bib')]));
  t.after(() => workspace.dispose());
  const extraBibliographies = ['folder.bib', 'locked.bib', 'ok.bib'].map((name) => join(dir, name));
  const project = await workspace.project(main, { ...defaultAnalysisOptions, extraBibliographies });
  assert.deepEqual(reads, { 'folder.bib': { unreadable: true }, 'locked.bib': { unreadable: true }, 'ok.bib': entry('k2') });
  assert.deepEqual(project.bibliography.problems.map((p) => p.message), [
    `Bibliography file cannot be read: ${join(dir, 'folder.bib')}`,
    `Bibliography file cannot be read: ${join(dir, 'locked.bib')}`,
  ]);
  assert.deepEqual(project.bibFiles.map((b) => [basename(b.file), b.exists, b.unreadable ?? false]), [['folder.bib', false, true], ['locked.bib', false, true], ['ok.bib', true, false]]);
});

test('nodeFileSystem.access tells a readable file, a missing one and a folder apart', async (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'a.bib'), entry('k1'));
  mkdirSync(join(dir, 'folder.bib'));
  assert.equal(await nodeFileSystem.access!(join(dir, 'a.bib')), 'readable');
  assert.equal(await nodeFileSystem.access!(join(dir, 'none.bib')), 'missing');
  assert.equal(await nodeFileSystem.access!(join(dir, 'a.bib', 'below.bib')), 'missing');
  assert.equal(await nodeFileSystem.access!(join(dir, 'folder.bib')), 'unreadable');
});

test("a chapter's root is searched in every workspace folder, its own first", async (t) => {
  const dir = folder(t);
  mkdirSync(join(dir, 'A'));
  mkdirSync(join(dir, 'B'));
  writeFileSync(join(dir, 'A', 'main.tex'), '\\documentclass{article}\n\\begin{document}\n\\input{../B/chapter}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(dir, 'A', 'refs.bib'), entry('k1'));
  writeFileSync(join(dir, 'B', 'chapter.tex'), 'Chapter \\cite{k1}.\n');
  const chapter = join(dir, 'B', 'chapter.tex');
  const alone = await createWorkspace().project(chapter, { ...defaultAnalysisOptions, workspaceFolder: join(dir, 'B') });
  assert.equal(alone.root, chapter);
  const multi = await createWorkspace().project(chapter, { ...defaultAnalysisOptions, workspaceFolder: join(dir, 'B'), workspaceFolders: [join(dir, 'A'), join(dir, 'B')] });
  assert.equal(multi.root, join(dir, 'A', 'main.tex'));
  assert.equal(multi.lookup('k1')?.entry.title, 'Title of k1');
});

test("relative extra bibliography files: the workspace folder's, else the document's folder, never the server's", async (t) => {
  const settings = normalizeSettings({ bibliography: { extraFiles: ['lib.bib', '/abs/z.bib'] } });
  assert.deepEqual(analysisOptionsFrom(settings, '/ws', '/elsewhere/paper.tex').extraBibliographies, ['/ws/lib.bib', '/abs/z.bib']);
  assert.deepEqual(analysisOptionsFrom(settings, undefined, '/elsewhere/paper.tex').extraBibliographies, ['/elsewhere/lib.bib', '/abs/z.bib']);
  const dir = folder(t);
  const paper = join(dir, 'paper.tex');
  writeFileSync(paper, '\\documentclass{article}\n\\begin{document}\nSee \\cite{k1}.\n\\end{document}\n');
  writeFileSync(join(dir, 'lib.bib'), entry('k1'));
  const project = await createWorkspace().project(paper, { ...defaultAnalysisOptions, extraBibliographies: ['lib.bib'] });
  assert.deepEqual(project.bibFiles.map((b) => b.file), [join(dir, 'lib.bib')]);
  assert.equal(project.lookup('k1')?.entry.title, 'Title of k1');
});
