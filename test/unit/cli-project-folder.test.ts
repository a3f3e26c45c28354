// `sciwrite analyze` and `sciwrite related` on a chapter in a subfolder, run from a folder that does
// not hold it: the root that includes the chapter is found in the folders above it (not past a .git).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../extension/cli/dispatch.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import { projectFolderOf } from '../../extension/cli/project-folder.ts';
import type { AnalyzeResult } from '../../extension/analysis/index.ts';

let work: string;

const MAIN = String.raw`\documentclass{article}
\begin{document}
\include{chapters/intro/intro}
\bibliography{refs}
\end{document}
`;
const CHAPTER = String.raw`\chapter{Introduction}
Sound field synthesis drives loudspeaker arrays to recreate a spatial sound scene \cite{spors2013}.
Binaural synthesis renders the same scene over headphones \cite{wierstorf2014}.
`;
const BIB = `@article{spors2013, title = {Spatial Sound Synthesis with Loudspeakers}, author = {Spors, Sascha}, year = {2013}}
@article{wierstorf2014, title = {Perceptual Assessment of Sound Field Synthesis}, author = {Wierstorf, Hagen}, year = {2014}}
@article{folding2021, title = {Protein structure prediction}, author = {Jumper, John}, year = {2021}}
`;

/** A thesis: main.tex at `dir`, its chapter two folders down, its bibliography next to main.tex. */
async function thesis(dir: string): Promise<string> {
  await mkdir(join(dir, 'chapters', 'intro'), { recursive: true });
  await writeFile(join(dir, 'main.tex'), MAIN);
  await writeFile(join(dir, 'refs.bib'), BIB);
  await writeFile(join(dir, 'chapters', 'intro', 'intro.tex'), CHAPTER);
  return join(dir, 'chapters', 'intro', 'intro.tex');
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-cli-root-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function analyzeJson(file: string): Promise<AnalyzeResult> {
  const io = new BufferIo();
  assert.equal(await dispatch(['analyze', file, '--json'], io), 0, io.err);
  return JSON.parse(io.out) as AnalyzeResult;
}

test('analyze on a chapter two folders below its root, from another folder, covers the whole project', async () => {
  const dir = join(work, 'thesis');
  const chapter = await thesis(dir);
  assert.ok(!chapter.startsWith(process.cwd()), 'the test runs from a folder that does not hold the thesis');
  const result = await analyzeJson(chapter);
  assert.equal(result.root, join(dir, 'main.tex'));
  assert.deepEqual(result.files, [join(dir, 'main.tex'), chapter]);
  assert.deepEqual(result.bibliographies, [{ file: join(dir, 'refs.bib'), entries: 3, problems: 0 }]);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), []);
  assert.ok(!result.diagnostics.some((d) => /declares no bibliography/.test(d.message)), JSON.stringify(result.diagnostics));
});

test('the root search stops at a folder holding .git: a chapter in its own repository is its own project', async () => {
  const dir = join(work, 'submodule');
  const chapter = await thesis(dir);
  await mkdir(join(dir, 'chapters', '.git'));
  const result = await analyzeJson(chapter);
  assert.equal(result.root, chapter);
  assert.deepEqual(result.files, [chapter]);
  assert.equal(await projectFolderOf(chapter, work), work, 'no root found: the current folder, which holds the file');
});

test('a root file or a file naming its root needs no search; the nearest root wins', async () => {
  const dir = join(work, 'nested');
  const chapter = await thesis(dir);
  assert.equal(await projectFolderOf(join(dir, 'main.tex'), '/'), dir, 'a root file: its own folder, nothing listed');
  assert.equal(await projectFolderOf(chapter, '/'), dir);
  await writeFile(join(dir, 'chapters', 'book.tex'), String.raw`\documentclass{book}\begin{document}\input{intro/intro}\end{document}`);
  assert.equal(await projectFolderOf(chapter, '/'), join(dir, 'chapters'), 'the nearest folder with a root that includes the file');
  const magic = join(dir, 'chapters', 'magic.tex');
  await writeFile(magic, '% !TEX root = ../main.tex\nText.\n');
  assert.equal(await projectFolderOf(magic, '/'), join(dir, 'chapters'));
});

test('related on a chapter ranks the papers of its root\'s bibliography', async () => {
  const dir = join(work, 'related');
  const chapter = await thesis(dir);
  const io = new BufferIo();
  assert.equal(await dispatch(['related', chapter, '--line', '1', '--offline', '--json', '--embeddings', 'builtin', '--show-cited-here'], io), 0, io.err);
  const keys = (JSON.parse(io.out) as { key?: string }[]).map((p) => p.key);
  assert.ok(keys.includes('spors2013'), `${keys.join(', ')} holds spors2013`);
});
