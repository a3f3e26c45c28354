// Citation numbers and labels as BibTeX/biber print them, worked by hand from the styles' presort
// functions (plain.bst: names, year, title; biblatex nty: names, title, year; alpha.bst labels),
// and the project-wide order in which an unsorted style numbers (includes read where they stand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { computeCitationLabels } from '../../extension/core/render/bibliography-order.ts';
import { projectCitationOrder, scanLatexCitations, type FileCitations } from '../../extension/core/render/citation-order.ts';
import { createCitationRenderer } from '../../extension/core/render/citation-renderer.ts';
import type { Bibliography, CitationSorting } from '../../extension/core/types.ts';

const BIB = String.raw`
@article{zeta, author = {Zimmer, Anna}, title = {Waves}, year = {2001}}
@article{knuth84, author = {Knuth, Donald E.}, title = {Literate Programming}, year = {1984}}
@article{lamport94, author = {Lamport, Leslie}, title = {{\LaTeX}: A Document Preparation System}, year = {1994}}
@article{knuth74, author = {Knuth, Donald E.}, title = {Structured Programming with go to Statements}, year = {1974}}
@article{oest2010, author = {{\"O}sterreicher, Hans and Adams, Bob}, title = {The Alpine Flora}, year = {2010}}
@article{ortega99, author = {Ortega, Luis}, title = {Rivers}, year = {1999}}
`;

function bibOf(text: string): Promise<Bibliography> {
  return loadBibliography(['/refs.bib'], () => text);
}

const bib = await bibOf(BIB);
// Cited in this order; sorted order differs.
const CITED = ['zeta', 'lamport94', 'knuth84', 'oest2010', 'knuth74', 'ortega99'];

function numbered(sorting: CitationSorting | undefined): string[] {
  const { numbers } = computeCitationLabels(bib, CITED, sorting);
  return [...numbers].sort((a, b) => a[1] - b[1]).map(([key]) => key);
}

test('unsrt and biblatex sorting=none number by first citation', () => {
  assert.deepEqual(numbered('none'), CITED);
  assert.deepEqual(numbered(undefined), CITED);
});

test('plain sorts by names, then year, then title; Ö sorts as O', () => {
  // knuth 1974 < knuth 1984 (same names, year decides); "osterreicher" after "ortega" (s > r), before zimmer.
  assert.deepEqual(numbered('nyt'), ['knuth74', 'knuth84', 'lamport94', 'ortega99', 'oest2010', 'zeta']);
});

test('biblatex nty (its default) sorts by names, then title, then year', () => {
  // Knuth's "Literate…" before his "Structured…", although 1984 > 1974.
  assert.deepEqual(numbered('nty'), ['knuth84', 'knuth74', 'lamport94', 'ortega99', 'oest2010', 'zeta']);
});

test('biber\'s orders honour presort, sortkey, sortname, sorttitle and sortyear; BibTeX\'s ignore them', async () => {
  // biblatex.def's templates: presort (default "mm"), then sortkey as the final key — an entry with
  // a sortkey sorts after those without one under the same presort, since biber compares the absent
  // key as the empty string — then names (sortname first), title (sorttitle), year (sortyear).
  const fields = await bibOf(BIB + String.raw`
@manual{who, author = {{World Health Organization}}, title = {Guidelines}, year = {2020}, sortname = {Health Organization, World}}
@article{first, author = {Zwicky, Fritz}, title = {Nebulae}, year = {1933}, presort = {aa}}
@article{keyed, author = {Abbott, Ann}, title = {Keyed}, year = {2000}, sortkey = {Adams}}
@article{retitled, author = {Knuth, Donald E.}, title = {The {\TeX}book}, year = {1984}, sorttitle = {Aardvark}}
@article{redated, author = {Lamport, Leslie}, title = {{\LaTeX}: A Document Preparation System}, year = {1994}, sortyear = {1900}}
`);
  const cited = [...CITED, 'who', 'first', 'keyed', 'retitled', 'redated'];
  const order = (sorting: CitationSorting) => [...computeCitationLabels(fields, cited, sorting).numbers].sort((a, b) => a[1] - b[1]).map(([key]) => key);
  assert.deepEqual(order('nty'), ['first', 'who', 'retitled', 'knuth84', 'knuth74', 'redated', 'lamport94', 'ortega99', 'oest2010', 'zeta', 'keyed']);
  assert.deepEqual(order('biblatex-nyt'), ['first', 'who', 'knuth74', 'retitled', 'knuth84', 'redated', 'lamport94', 'ortega99', 'oest2010', 'zeta', 'keyed']);
  assert.deepEqual(order('ydnt').slice(0, 3), ['first', 'who', 'oest2010'], 'presort first, then the latest year');
  assert.deepEqual(order('nyt').slice(0, 4), ['keyed', 'knuth74', 'knuth84', 'retitled'], 'plain.bst reads none of these fields');
});

test('alpha styles number entries in the order of their labels (Knu74, Knu84, Lam94, ÖA10, Ort99, Zim01)', () => {
  const labels = computeCitationLabels(bib, CITED, 'alpha');
  const order = [...labels.numbers].sort((a, b) => a[1] - b[1]).map(([key]) => key);
  assert.deepEqual(order, ['knuth74', 'knuth84', 'lamport94', 'oest2010', 'ortega99', 'zeta']);
  // the models are shown the labels' order as numbers, not the labels
  const r = createCitationRenderer(bib, 'numeric', labels.numbers);
  const occ = { file: 'a.tex', span: { start: 0, end: 1 }, command: 'cite', form: 'parenthetical' as const,
    keys: ['lamport94', 'knuth84', 'nosuchkey'].map((key) => ({ key, span: { start: 0, end: 1 } })) };
  assert.equal(r(occ), '[2, 3, nosuchkey]');
});

test('alpha: entries with one label sort by title; more than four authors label with three initials and +', async () => {
  const two = await bibOf(String.raw`
@book{k2, author = {Knuth, Donald}, title = {Volume Two}, year = {1984}}
@book{k1, author = {Knuth, Donald}, title = {Volume One}, year = {1984}}
@article{many, author = {Vaswani, A. and Shazeer, N. and Parmar, N. and Uszkoreit, J. and Jones, L.}, title = {Attention}, year = {2017}}
@article{vt, author = {Vtest, Victor}, title = {Between}, year = {2017}}
`);
  const order = (sorting: CitationSorting) => [...computeCitationLabels(two, ['vt', 'k2', 'k1', 'many'], sorting).numbers].sort((a, b) => a[1] - b[1]).map(([key]) => key);
  // alpha.bst: Knu84 (One, then Two), VSP+17 before Vte17
  assert.deepEqual(order('alpha'), ['k1', 'k2', 'many', 'vt']);
  // biblatex: Vas+17 before Vte17
  assert.deepEqual(order('anyt'), ['k1', 'k2', 'many', 'vt']);
});

test('\\nocite{*} numbers every entry; keys no bibliography defines get no number', () => {
  const { numbers } = computeCitationLabels(bib, ['lamport94', 'nosuchkey', '*'], 'none');
  assert.equal(numbers.get('lamport94'), 1);
  assert.equal(numbers.size, 6);
  assert.equal(numbers.has('nosuchkey'), false);
  assert.equal(numbers.get('zeta'), 2, 'the rest in bibliography order');
});

test('2020a/2020b: plainnat orders by cite key, biblatex authoryear (nyt) and apalike by title', async () => {
  const same = await bibOf(`
@article{aaa-zebra, author = {Smith, J. and Jones, K. and Lee, M.}, title = {Zebra}, year = {2020}}
@article{zzz-apple, author = {Smith, J. and Jones, K. and Lee, M.}, title = {Apple}, year = {2020}}
@article{other, author = {Smith, J.}, title = {Alone}, year = {2020}}
`);
  const cited = ['zzz-apple', 'aaa-zebra', 'other'];
  assert.deepEqual(Object.fromEntries(computeCitationLabels(same, cited, 'natbib').yearSuffixes), { 'aaa-zebra': 'a', 'zzz-apple': 'b' });
  assert.deepEqual(Object.fromEntries(computeCitationLabels(same, cited, 'nyt').yearSuffixes), { 'zzz-apple': 'a', 'aaa-zebra': 'b' });
  assert.deepEqual(Object.fromEntries(computeCitationLabels(same, cited, undefined).yearSuffixes), { 'zzz-apple': 'a', 'aaa-zebra': 'b' });
});

test('the sorting comes from \\bibliographystyle and biblatex options', () => {
  const sorting = (tex: string) => scanLatexStructure(tex).citationSorting;
  assert.equal(sorting('\\bibliographystyle{plain}'), 'nyt');
  assert.equal(sorting('\\bibliographystyle{unsrt}'), 'none');
  assert.equal(sorting('\\bibliographystyle{IEEEtran}'), 'none');
  assert.equal(sorting('\\bibliographystyle{plainnat}'), 'natbib');
  assert.equal(sorting('\\bibliographystyle{alpha}'), 'alpha');
  assert.equal(sorting('\\bibliographystyle{mystyle}'), undefined);
  assert.equal(sorting('\\usepackage{biblatex}'), 'nty');
  assert.equal(sorting('\\usepackage[style=numeric-comp]{biblatex}'), 'nty');
  assert.equal(sorting('\\usepackage[style=numeric,sorting=none]{biblatex}'), 'none');
  assert.equal(sorting('\\usepackage[style=ieee]{biblatex}'), 'none');
  assert.equal(sorting('\\usepackage[style=authoryear]{biblatex}'), 'biblatex-nyt');
  assert.equal(sorting('\\usepackage[style=alphabetic]{biblatex}'), 'anyt');
  assert.equal(sorting('\\usepackage{biblatex}\\ExecuteBibliographyOptions{sorting=ynt}'), undefined);
  assert.equal(sorting('\\usepackage{biblatex}\\ExecuteBibliographyOptions{sorting=none}'), 'none');
});

test('project order: an included file is read where its \\input stands; \\nocite{*} and comments', () => {
  const scans = new Map<string, FileCitations>([
    ['/p/main.tex', scanLatexCitations('/p/main.tex', '\\cite{zeta}\n% \\cite{commented}\n\\input{sec/a}\n\\citep{lamport94,zeta}\n\\nocite{*}\n\\bibliographystyle{unsrt}')],
    ['/p/sec/a.tex', scanLatexCitations('/p/sec/a.tex', 'See \\citet{knuth74}.')],
  ]);
  const order = projectCitationOrder('/p/main.tex', ['/p/main.tex', '/p/sec/a.tex'], scans, { '/p/main.tex': ['/p/sec/a.tex'] });
  assert.deepEqual(order, { keys: ['zeta', 'knuth74', 'lamport94', 'zeta', '*'], sorting: 'none' });
});

test('through the analysis layer: plain numbers by sorted order across files and renumbers after an edit elsewhere', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-numbering-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  const sec = join(dir, 'sec.tex');
  const mainText = '\\documentclass{article}\n\\begin{document}\nWaves \\cite{zeta}.\n\n\\input{sec}\n\nTeX \\cite{lamport94}.\n\n'
    + '\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n';
  writeFileSync(main, mainText);
  writeFileSync(sec, 'Programs \\cite{knuth74}.\n');
  writeFileSync(join(dir, 'refs.bib'), BIB);
  const workspace = createWorkspace();
  const rendered = async () => Object.fromEntries((await analyzeFile(workspace, main)).citations.map((c) => [c.keys.join(','), c.rendered]));
  // plain: knuth74 [1], lamport94 [2], zeta [3].
  assert.deepEqual(await rendered(), { zeta: '[3]', knuth74: '[1]', lamport94: '[2]' });
  // A citation added in the other file renumbers main.tex: knuth74, knuth84, lamport94, zeta.
  workspace.setDocument(sec, 'Programs \\cite{knuth74,knuth84}.\n');
  assert.deepEqual(await rendered(), { zeta: '[4]', 'knuth74,knuth84': '[1, 2]', lamport94: '[3]' });
  // unsrt: first citation, the included file read where \input stands.
  workspace.setDocument(main, mainText.replace('{plain}', '{unsrt}'));
  assert.deepEqual(await rendered(), { zeta: '[1]', 'knuth74,knuth84': '[2, 3]', lamport94: '[4]' });
});

test('a Quarto include is read where it stands: a numeric CSL style numbers the child\'s citations there, also when the child is analysed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-numbering-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const index = join(dir, 'index.qmd');
  const methods = join(dir, '_methods.qmd');
  writeFileSync(index, '---\ntitle: Q\nbibliography: refs.bib\ncsl: ieee.csl\n---\n\nWaves [@zeta].\n\n{{< include _methods.qmd >}}\n\nTeX [@lamport94].\n');
  writeFileSync(methods, 'Programs [@knuth74].\n');
  writeFileSync(join(dir, 'refs.bib'), BIB);
  const workspace = createWorkspace();
  const rendered = async (file: string) => Object.fromEntries((await analyzeFile(workspace, file)).citations.map((c) => [c.keys.join(','), c.rendered]));
  assert.deepEqual(await rendered(index), { zeta: '[1]', knuth74: '[2]', lamport94: '[3]' });
  assert.deepEqual(await rendered(methods), { zeta: '[1]', knuth74: '[2]', lamport94: '[3]' }, 'the included file belongs to its includer\'s project');
});
