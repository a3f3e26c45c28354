// biblatex's citation styles as the intent models see them: the numeric family as "[n]", the
// author-year, author-title and verbose families as "(Author, Year)" (the closest form the datasets
// have to a footnote with the full reference or a short title), and labels no dataset has
// (alphabetic "[Knu84]", draft's entry keys) as the numbers of their bibliography's order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, createWorkspace, defaultAnalysisOptions } from '../../extension/analysis/index.ts';
import { citationSentences } from '../../extension/analysis/editor/intents.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';

const styleOf = (options: string, pkg = 'biblatex') => scanLatexStructure(`\\usepackage[${options}]{${pkg}}`).citationStyle;

const AUTHOR_YEAR = [
  'authoryear', 'authoryear-comp', 'authoryear-ibid', 'authoryear-icomp',
  'authortitle', 'authortitle-comp', 'authortitle-ibid', 'authortitle-icomp', 'authortitle-terse', 'authortitle-tcomp', 'authortitle-ticomp',
  'verbose', 'verbose-ibid', 'verbose-note', 'verbose-inote', 'verbose-trad1', 'verbose-trad2', 'verbose-trad3', 'reading',
  'ext-authoryear-iecomp', 'ext-authortitle-tcomp', 'ext-verbose-trad2',
  'apa', 'apa6', 'mla', 'mla-new', 'chicago-authordate', 'chicago-notes', 'iso-authoryear', 'iso-authortitle', 'oxyear', 'oxnotes', 'gb7714-2015ay', 'abnt',
];
const NUMERIC = [
  'numeric', 'numeric-comp', 'numeric-verb', 'alphabetic', 'alphabetic-verb', 'draft', 'debug',
  'ext-numeric', 'ext-numeric-comp', 'ext-alphabetic-verb',
  'ieee', 'ieee-alphabetic', 'nature', 'science', 'chem-acs', 'chem-angew', 'chem-rsc', 'chem-biochem', 'phys', 'nejm', 'vancouver', 'lncs',
  'trad-plain', 'trad-alpha', 'iso-numeric', 'oxnum', 'gb7714-2015', 'abnt-numeric',
];

test('biblatex style=: the standard families, their biblatex-ext variants and common contributed styles', () => {
  for (const style of AUTHOR_YEAR) assert.equal(styleOf(`style=${style}`), 'author-year', style);
  for (const style of NUMERIC) assert.equal(styleOf(`style=${style}`), 'numeric', style);
  assert.equal(styleOf('style=Verbose-Trad1, autocite=footnote'), 'author-year', 'names are read case-insensitively');
  assert.equal(styleOf('style=my-own-style'), undefined, 'an unknown style is left to the default');
  assert.equal(styleOf('backend=biber'), 'numeric', 'biblatex\'s own default');
  assert.equal(styleOf('notes', 'biblatex-chicago'), 'author-year');
});

test('biblatex citestyle= decides how citations print, over style= and whatever bibstyle= says', () => {
  assert.equal(styleOf('style=numeric, citestyle=authoryear'), 'author-year');
  assert.equal(styleOf('citestyle=verbose-trad1, bibstyle=numeric'), 'author-year');
  assert.equal(styleOf('bibstyle=authoryear'), 'numeric', 'the citation style stays biblatex\'s default');
});

test('the default orders: verbose and reading sort as authortitle (nty); biblatex-ext styles as the style they extend', () => {
  const sorting = (options: string) => scanLatexStructure(`\\usepackage[${options}]{biblatex}`).citationSorting;
  assert.equal(sorting('style=verbose-trad1'), 'nty');
  assert.equal(sorting('style=reading'), 'nty');
  assert.equal(sorting('style=ext-authoryear-comp'), 'biblatex-nyt');
  assert.equal(sorting('style=ext-alphabetic'), 'anyt');
  assert.equal(sorting('citestyle=authoryear, bibstyle=numeric'), 'nty', 'the bibliography\'s style orders it');
});

const BIB = String.raw`
@article{knuth84, author = {Knuth, Donald E.}, title = {Literate Programming}, year = {1984}}
@article{lamport94, author = {Lamport, Leslie}, title = {{\LaTeX}: A Document Preparation System}, year = {1994}}
@article{spors13, author = {Spors, Sascha and Wierstorf, Hagen and Raake, Alexander and Melchior, Frank}, title = {Spatial Sound}, year = {2013}}
`;

/** A biblatex manuscript with `preamble` and `body`, and `bib` as its refs.bib, in a folder removed after the test; its path. */
function biblatexManuscript(t: { after(fn: () => void): void }, preamble: string, body: string, bib = BIB): string {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-biblatex-style-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  writeFileSync(main, `\\documentclass{article}\n${preamble}\n\\addbibresource{refs.bib}\n\\begin{document}\n${body}\n\\end{document}\n`);
  writeFileSync(join(dir, 'refs.bib'), bib);
  return main;
}

async function renderedIn(t: { after(fn: () => void): void }, preamble: string, body: string): Promise<string[]> {
  const main = biblatexManuscript(t, preamble, body);
  return (await analyzeFile(createWorkspace(), main)).citations.map((c) => `\\${c.command}: ${c.rendered}`);
}

const EVERY_COMMAND = [
  'Sound fields \\footcite{spors13}.',
  'Programs \\autocite[see][12]{knuth84}.',
  'As \\textcite{lamport94} wrote.',
  'Typesetting \\parencite{knuth84,lamport94}.',
  'Spatial audio \\smartcite{spors13}.',
  'Text\\footnote{Documents.\\footcitetext{lamport94}}.',
  'Literate programs \\cite{knuth84}.',
].join('\n\n');

for (const style of ['verbose-trad1', 'authortitle-icomp', 'authoryear']) {
  test(`biblatex style=${style}: every citation command renders as author and year`, async (t) => {
    assert.deepEqual(await renderedIn(t, `\\usepackage[style=${style},autocite=footnote]{biblatex}`, EVERY_COMMAND), [
      '\\footcite: (Spors et al., 2013)',
      '\\autocite: (see Knuth, 1984, 12)',
      '\\textcite: Lamport (1994)',
      '\\parencite: (Knuth, 1984; Lamport, 1994)',
      '\\smartcite: (Spors et al., 2013)',
      '\\footcitetext: (Lamport, 1994)',
      '\\cite: (Knuth, 1984)',
    ]);
  });
}

test('biblatex style=numeric-comp: every citation command renders as a number in nty order', async (t) => {
  // nty: Knuth 1, Lamport 2, Spors 3
  assert.deepEqual(await renderedIn(t, '\\usepackage[style=numeric-comp,autocite=footnote]{biblatex}', EVERY_COMMAND), [
    '\\footcite: [3]',
    '\\autocite: [see 1, 12]',
    '\\textcite: Lamport [2]',
    '\\parencite: [1, 2]',
    '\\smartcite: [3]',
    '\\footcitetext: [2]',
    '\\cite: [1]',
  ]);
});

test('alphabetic styles render as the numbers of their bibliography order ([Knu84] is no form the models were trained on)', async (t) => {
  // anyt: Knu84 1, Lam94 2, Spo+13 3
  const body = 'Programs \\cite{lamport94,knuth84}. As \\textcite{spors13} show.';
  assert.deepEqual(await renderedIn(t, '\\usepackage[style=alphabetic]{biblatex}', body), ['\\cite: [1, 2]', '\\textcite: Spors et al. [3]']);
  assert.deepEqual(await renderedIn(t, '\\usepackage[style=ext-alphabetic-verb]{biblatex}', body), ['\\cite: [1, 2]', '\\textcite: Spors et al. [3]']);
});

test('BibTeX\'s alpha.bst likewise: numbers, not [Knu84]', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-alpha-bst-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  writeFileSync(main, '\\documentclass{article}\n\\begin{document}\nPrograms \\cite{lamport94,knuth84}.\n\\bibliographystyle{alpha}\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(dir, 'refs.bib'), BIB);
  assert.deepEqual((await analyzeFile(createWorkspace(), main)).citations.map((c) => c.rendered), ['[1, 2]']);
});

test('a biblatex style SciWrite does not know keeps the LaTeX default: numbers in order of first citation', async (t) => {
  assert.deepEqual(await renderedIn(t, '\\usepackage[style=my-own-style]{biblatex}', 'Programs \\autocite{lamport94,knuth84}. Waves \\cite{spors13}.'), ['\\autocite: [1, 2]', '\\cite: [3]']);
});

test('a footnote mark on its author\'s name reads as the datasets write it, "Lamport (1994)"; one on another word gets a space; one after a full stop stays with its sentence, unless the stop ends "et al." and it follows its author: "Spors et al. (2013)."', async (t) => {
  const body = [
    'This was found by Lamport\\autocite{lamport94} and extends Knuth\'s\\autocite{knuth84} program.',
    'Waves are treated in the diffraction theory\\autocite{spors13} of light.',
    'It is well summarized in Spors et al.\\autocite{spors13} Programs follow.',
    'Compare Figure 7 in Spors et al.\\autocite{spors13}',
    '',
    'Edges diffract.\\autocite{knuth84} Here, the sources are lines.',
  ].join('\n');
  const main = biblatexManuscript(t, '\\usepackage[style=verbose-trad1]{biblatex}', body);
  const analysis = await analyzeFile(createWorkspace(), main);
  const sentences = analysis.segments.flatMap((s) => s.sentences);
  assert.deepEqual(sentences, [
    'This was found by Lamport (1994) and extends Knuth\'s (1984) program.',
    'Waves are treated in the diffraction theory (Spors et al., 2013) of light.',
    'It is well summarized in Spors et al. (2013).',
    'Programs follow.',
    'Compare Figure 7 in Spors et al. (2013).',
    'Edges diffract.(Knuth, 1984)',
    'Here, the sources are lines.',
  ]);
});

test('orders the reviewers checked against the styles\' .bbx files: ieee-alphabetic by label, draft by entry key, ext-authornumber by name', async (t) => {
  const sorting = (options: string) => scanLatexStructure(`\\usepackage[${options}]{biblatex}`).citationSorting;
  assert.equal(sorting('style=ieee-alphabetic'), 'anyt');
  assert.equal(sorting('style=draft'), 'key');
  assert.equal(sorting('sorting=debug'), 'key');
  assert.equal(sorting('style=ext-authornumber-comp'), 'biblatex-nyt');
  assert.equal(styleOf('style=ext-authornumber-comp'), 'author-year', '"Young [1]": the author, with a number counted per author');
  // zeta cited first; Knu84 sorts before Zim01, and the key aaa (Zimmer's) before knuth84
  const body = 'A \\cite{zeta}. B \\cite{knuth84}. C \\cite{aaa}.';
  const bib = '@article{zeta, author = {Zimmer, Zoe}, title = {Last}, year = {2001}}\n@article{aaa, author = {Zimmer, Zoe}, title = {Later}, year = {2002}}';
  const render = async (style: string) => {
    const main = biblatexManuscript(t, `\\usepackage[style=${style}]{biblatex}`, body, `${BIB}\n${bib}\n`);
    return (await analyzeFile(createWorkspace(), main)).citations.map((c) => c.rendered);
  };
  assert.deepEqual(await render('ieee-alphabetic'), ['[2]', '[1]', '[3]'], 'Knu84, Zim01, Zim02');
  assert.deepEqual(await render('draft'), ['[3]', '[2]', '[1]'], 'aaa, knuth84, zeta: by key, not by name');
});

test('a citestyle= SciWrite does not know leaves the citations to style=', () => {
  assert.equal(styleOf('style=authoryear, citestyle=my-own-cite'), 'author-year');
  assert.equal(styleOf('style=my-own-style, citestyle=my-own-cite'), undefined);
});

test('after its author: a full stop inside a sentence takes the space, a postnote in parentheses stays, a group author is no number, "Merchel et al." is Merchel and Groth, and a note\'s citation reads so at its mark', async (t) => {
  const body = [
    'This thesis modifies Dietz\' et al.\\autocite{dietz11} model.',
    'See Ahrens\\autocite[(3.49)]{ahrens12} for it.',
    'We used variants\\autocite{kg15} from the panel.',
    'It began with a paper by Merchel et al.\\autocite{merchel10} Models came later.',
    'As Young\\footnote{\\cite{young00}} showed, waves interfere.',
  ].join('\n');
  const main = biblatexManuscript(t, '\\usepackage[style=authoryear]{biblatex}', body, String.raw`
@article{dietz11, author = {Dietz, Mathias and Ewert, Stephan D. and Hohmann, Volker}, title = {Auditory model}, year = {2011}}
@book{ahrens12, author = {Ahrens, Jens}, title = {Analytic Methods of Sound Field Synthesis}, year = {2012}}
@article{kg15, author = {{1000 Genomes Project Consortium}}, title = {A global reference}, year = {2015}}
@article{young00, author = {Young, Thomas}, title = {Waves}, year = {2000}}
@article{merchel10, author = {Merchel, Sebastian and Groth, Stephan}, title = {Localization}, year = {2010}}
`);
  const analysis = await analyzeFile(createWorkspace(), main);
  assert.deepEqual(analysis.segments.flatMap((s) => s.sentences).slice(0, 5), [
    'This thesis modifies Dietz\' et al. (2011) model.',
    'See Ahrens (2012, (3.49)) for it.',
    'We used variants (1000 Genomes Project Consortium, 2015) from the panel.',
    'It began with a paper by Merchel et al. (2010).',
    'Models came later.',
  ]);
  const workspace = createWorkspace();
  const file = await (await workspace.project(main, defaultAnalysisOptions)).file(main);
  const read = file && citationSentences(main, file.segments).find((r) => r.keys.includes('young00'));
  assert.equal(read?.sentence, 'As Young (2000) showed, waves interfere.');
  assert.equal(read && read.cited && read.sentence.slice(read.cited.start, read.cited.end), '(2000)');
});
