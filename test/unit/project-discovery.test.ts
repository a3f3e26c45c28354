import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { collectProject } from '../../extension/core/project/collect.ts';
import { memoryProjectFileSystem, nodeProjectFileSystem } from '../../extension/core/project/file-system.ts';
import { findRootFile, findRootFileDetail } from '../../extension/core/project/root.ts';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const countHeaders = (text: string) => (text.match(/^[ \t]*@(?!string\b|comment\b|preamble\b)[A-Za-z]+[ \t]*[{(]/gim) ?? []).length;

test('root: magic comment, then \\begin{document}, then the file that includes it, else itself', async () => {
  const fs = memoryProjectFileSystem({
    '/p/main.tex': '\\documentclass{article}\n\\begin{document}\n\\input{chapters/intro}\n\\include{chapters/results.tex}\n\\end{document}',
    '/p/chapters/intro.tex': 'Intro text \\input{chapters/detail}',
    '/p/chapters/detail.tex': 'Deep inside.',
    '/p/chapters/results.tex': '% !TEX root = ../main.tex\nResults.',
    '/p/other/magic.tex': '%!TEX root=../main\nText.',
    '/p/lonely.tex': 'Nobody includes me.',
    '/p/standalone.tex': '\\begin{document}x\\end{document}',
  });
  assert.deepEqual(await findRootFileDetail('/p/chapters/results.tex', fs), { root: '/p/main.tex', reason: 'magic-comment' });
  assert.deepEqual(await findRootFileDetail('/p/other/magic.tex', fs), { root: '/p/main.tex', reason: 'magic-comment' });
  assert.deepEqual(await findRootFileDetail('/p/standalone.tex', fs), { root: '/p/standalone.tex', reason: 'document-environment' });
  assert.deepEqual(await findRootFileDetail('/p/chapters/detail.tex', fs), { root: '/p/main.tex', reason: 'includes-file' });
  assert.deepEqual(await findRootFileDetail('/p/lonely.tex', fs), { root: '/p/lonely.tex', reason: 'fallback' });
  assert.deepEqual(await findRootFileDetail('/p/paper.qmd', fs), { root: '/p/paper.qmd', reason: 'markdown' });
});

test('project files: .tex added, \\input relative to the root, cycles guarded, missing includes reported', async () => {
  const fs = memoryProjectFileSystem({
    '/p/main.tex': '\\begin{document}\n\\input{a}\n\\input{sub/b}\n\\input{missing}\n\\bibliography{refs,more/other.bib}\n\\end{document}',
    '/p/a.tex': '\\input{sub/b}',
    '/p/sub/b.tex': '\\input{a} \\input{main}',
    '/p/refs.bib': '',
    '/p/more/other.bib': '',
  });
  const p = await collectProject('/p/main.tex', fs);
  assert.equal(p.kind, 'latex');
  assert.deepEqual(p.files, ['/p/main.tex', '/p/a.tex', '/p/sub/b.tex']);
  assert.deepEqual(p.bibFiles, ['/p/refs.bib', '/p/more/other.bib']);
  assert.deepEqual(p.missingIncludes.map((m) => m.path), ['missing']);
  assert.deepEqual(p.bibReferences.map((r) => [r.path, r.resolved]), [['refs', '/p/refs.bib'], ['more/other.bib', '/p/more/other.bib']]);
});

test('\\import resolves later \\input against its folder; \\subimport and \\subfile against the including file', async () => {
  const fs = memoryProjectFileSystem({
    '/p/main.tex': '\\begin{document}\\import{parts/one/}{one}\\subfile{parts/two}\\addbibresource{lib/refs.bib}\\end{document}',
    '/p/parts/one/one.tex': '\\input{fig} \\subimport{deeper/}{three}',
    '/p/parts/one/fig.tex': 'figure',
    '/p/parts/one/deeper/three.tex': 'three',
    '/p/parts/two.tex': '\\documentclass[../main.tex]{subfiles}\\begin{document}\\subfile{inner}\\end{document}',
    '/p/parts/inner.tex': 'inner',
    '/p/lib/refs.bib': '',
  });
  const p = await collectProject('/p/main.tex', fs);
  assert.deepEqual(p.files, ['/p/main.tex', '/p/parts/one/one.tex', '/p/parts/one/fig.tex', '/p/parts/one/deeper/three.tex', '/p/parts/two.tex', '/p/parts/inner.tex']);
  assert.deepEqual(p.bibFiles, ['/p/lib/refs.bib']);
});

test('Markdown: YAML bibliography (string or list), Quarto _quarto.yml, extra files from settings', async () => {
  const fs = memoryProjectFileSystem({
    '/m/paper.md': '---\ntitle: X\nbibliography: [refs.bib, lib/zotero.json]\n---\nText [@a].',
    '/m/refs.bib': '',
    '/m/lib/zotero.json': '[]',
    '/m/extra.bib': '',
    '/q/index.qmd': '---\ntitle: Q\n---\nText.',
    '/q/_quarto.yml': 'project:\n  type: manuscript\nbibliography: references.bib\n',
    '/q/references.bib': '',
  });
  const p = await collectProject('/m/paper.md', fs, { extraBibFiles: ['extra.bib', '/abs/missing.bib'] });
  assert.equal(p.kind, 'markdown');
  assert.deepEqual(p.bibFiles, ['/m/refs.bib', '/m/lib/zotero.json', '/m/extra.bib']);
  assert.ok(p.bibReferences.some((r) => r.command === 'setting' && r.resolved === undefined), 'the unresolved setting reference is listed');
  const q = await collectProject('/q/index.qmd', fs);
  assert.deepEqual(q.bibFiles, ['/q/references.bib']);
});

test('corpus scipy-1.0: chapters found through \\input, root found from a chapter, numeric style, \\inlinecite macro', async () => {
  const dir = join(corpus, 'scipy-1.0');
  const fs = nodeProjectFileSystem([dir]);
  const root = await findRootFile(join(dir, 'ckdtree.tex'), fs);
  assert.equal(root, join(dir, 'paper.tex'));
  const p = await collectProject(root, fs);
  assert.deepEqual(p.files.map((f) => f.slice(dir.length + 1)),
    ['paper.tex', 'core-dev.tex', 'subpackages.tex', 'ckdtree.tex', 'scipy-optimize.tex', 'poly.tex', 'consortium.tex']);
  assert.deepEqual(p.bibFiles, [join(dir, 'references.bib')]);
  assert.equal(p.citationStyle, 'numeric');
  assert.deepEqual(p.citationMacros.map((m) => m.name), ['inlinecite']);
  const bib = await loadBibliography(p.bibFiles, (f) => readFileSync(f, 'utf8'));
  assert.equal(bib.entries.size, countHeaders(readFileSync(p.bibFiles[0], 'utf8')));
  assert.deepEqual(bib.problems, []);
});

test('corpus sfs-thesis: eight chapters through \\import, two .bib files with @string macros in the first', async () => {
  const dir = join(corpus, 'sfs-thesis-wierstorf');
  const fs = nodeProjectFileSystem([dir]);
  const rootName = 'wierstorf2014-perceptual_assessment_of_sound_field_synthesis';
  const root = await findRootFile(join(dir, '05_psychoacoustics', '05_psychoacoustics.tex'), fs);
  assert.equal(root, join(dir, `${rootName}.tex`));
  const p = await collectProject(root, fs);
  assert.equal(p.files.length, 9);
  assert.equal(p.files[8], join(dir, '07_conclusion', '07_conclusion.tex'));
  assert.deepEqual(p.bibFiles, [join(dir, 'long.bib'), join(dir, `${rootName}.bib`)]);
  const bib = await loadBibliography(p.bibFiles, (f) => readFileSync(f, 'utf8'));
  assert.deepEqual(bib.problems, []);
  assert.equal(bib.entries.size, countHeaders(readFileSync(p.bibFiles[1], 'utf8')));
});

test('corpus pandoc papers: R Markdown and Quarto name their bibliography in YAML', async () => {
  for (const [folder, file] of [['optifit', 'paper.Rmd'], ['donor-responses', 'index.qmd']]) {
    const dir = join(corpus, folder);
    const fs = nodeProjectFileSystem([dir]);
    const p = await collectProject(await findRootFile(join(dir, file), fs), fs);
    assert.deepEqual(p.bibFiles, [join(dir, 'references.bib')], folder);
    const bib = await loadBibliography(p.bibFiles, (f) => readFileSync(f, 'utf8'));
    assert.equal(bib.entries.size, countHeaders(readFileSync(p.bibFiles[0], 'utf8')), folder);
  }
});

test('corpus single-file papers: minimap2 (natbib) and CaMKII (eLife)', async () => {
  for (const [folder, file, bibName] of [['minimap2', 'minimap2.tex', 'minimap2.bib'], ['camkii-subunit-exchange', 'CaMKII_Paper_2018-elife.tex', 'bibliography.bib']]) {
    const dir = join(corpus, folder);
    const fs = nodeProjectFileSystem([dir]);
    const root = await findRootFile(join(dir, file), fs);
    assert.equal(root, join(dir, file));
    const p = await collectProject(root, fs);
    assert.deepEqual(p.files, [root]);
    assert.deepEqual(p.bibFiles, [join(dir, bibName)]);
    assert.equal(p.citationStyle, 'author-year', folder);
  }
});
