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
  // each YAML reference points at its own file name (a missing one is underlined there, not over the whole header)
  const text = '---\ntitle: X\nbibliography: [refs.bib, lib/zotero.json]\n---\nText [@a].';
  const spans = p.bibReferences.filter((r) => r.command === 'yaml').map((r) => r.span && text.slice(r.span.start, r.span.end));
  assert.deepEqual(spans, ['refs.bib', 'lib/zotero.json']);
});

test('Markdown projects: Quarto includes and knitr children are part of the including document, found from the child; missing ones reported; escaped shortcodes include nothing', async () => {
  const fs = memoryProjectFileSystem({
    '/q/index.qmd': '---\ntitle: Q\nbibliography: refs.bib\n---\nIntro [@a].\n\n{{< include _methods.qmd >}}\n\n{{< include "_missing.qmd" >}}\n\nEscaped, as printed: {{{< include _printed.qmd >}}} and {{</* include _printed.qmd */>}}.\n',
    '/q/_methods.qmd': '## Methods\n\nAs in @b.\n\n{{< include parts/_detail.qmd >}}\n',
    '/q/parts/_detail.qmd': 'Details [@c].\n',
    '/q/refs.bib': '',
    '/r/paper.Rmd': '---\ntitle: R\nbibliography: refs.bib\n---\nText.\n\n```{r, child = c("intro.Rmd", "methods.Rmd")}\n```\n',
    '/r/intro.Rmd': 'Intro [@a].\n',
    '/r/methods.Rmd': 'Methods [@b].\n',
    '/r/refs.bib': '',
    '/lone/notes.md': 'No front matter, nobody includes me [@z].\n',
  });
  const q = await collectProject('/q/index.qmd', fs);
  assert.deepEqual(q.files, ['/q/index.qmd', '/q/_methods.qmd', '/q/parts/_detail.qmd']);
  assert.deepEqual(q.missingIncludes.map((m) => [m.file, m.command, m.path]), [['/q/index.qmd', 'include', '_missing.qmd']]);
  assert.deepEqual(q.includeTargets['/q/index.qmd'], ['/q/_methods.qmd', undefined]);
  for (const child of ['/q/_methods.qmd', '/q/parts/_detail.qmd']) {
    assert.deepEqual(await findRootFileDetail(child, fs), { root: '/q/index.qmd', reason: 'includes-file' }, child);
  }
  assert.deepEqual((await collectProject(await findRootFile('/q/_methods.qmd', fs), fs)).bibFiles, ['/q/refs.bib'], 'the child cites from the book\'s bibliography');
  const r = await collectProject('/r/paper.Rmd', fs);
  assert.deepEqual(r.files, ['/r/paper.Rmd', '/r/intro.Rmd', '/r/methods.Rmd']);
  assert.equal(await findRootFile('/r/methods.Rmd', fs), '/r/paper.Rmd');
  assert.deepEqual(await findRootFileDetail('/lone/notes.md', fs), { root: '/lone/notes.md', reason: 'markdown' });
});

test('bookdown books: chapters belong to index.Rmd (rmd_files, else the folder\'s files by name); a Quarto book\'s chapters folder reads _quarto.yml above it', async () => {
  const fs = memoryProjectFileSystem({
    '/b/_bookdown.yml': 'book_filename: book\n',
    '/b/index.Rmd': '---\ntitle: B\nbibliography: book.bib\nsite: bookdown::bookdown_site\n---\nPreface.\n',
    '/b/02-methods.Rmd': '# Methods\n\nAs in [@b].\n',
    '/b/01-intro.Rmd': '# Intro\n\nAs in [@a].\n',
    '/b/_notes.Rmd': 'Not a chapter.\n',
    '/b/book.bib': '',
    '/l/_bookdown.yml': 'rmd_files: ["index.Rmd", "z.Rmd", "gone.Rmd"]\n',
    '/l/index.Rmd': '---\ntitle: L\n---\n',
    '/l/z.Rmd': '# Z\n',
    '/l/a.Rmd': '# A, not listed\n',
    '/k/_quarto.yml': 'project:\n  type: book\nbibliography: refs.bib\n',
    '/k/refs.bib': '',
    '/k/chapters/intro.qmd': '# Intro\n\nAs in [@a].\n',
  });
  assert.equal(await findRootFile('/b/02-methods.Rmd', fs), '/b/index.Rmd');
  const b = await collectProject('/b/index.Rmd', fs);
  assert.deepEqual(b.files, ['/b/index.Rmd', '/b/01-intro.Rmd', '/b/02-methods.Rmd']);
  assert.deepEqual(b.bibFiles, ['/b/book.bib']);
  assert.deepEqual((await collectProject('/l/index.Rmd', fs)).files, ['/l/index.Rmd', '/l/z.Rmd']);
  assert.deepEqual((await collectProject('/k/chapters/intro.qmd', fs)).bibFiles, ['/k/refs.bib']);
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
