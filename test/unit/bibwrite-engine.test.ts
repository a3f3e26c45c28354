// New .bib entries take the field names of the program that reads the manuscript's bibliography, as the
// manuscript declares it, not the habit of the .bib: BibTeX does not know biblatex's `journaltitle`/`date`
// (an entry written with them loses its journal and year), and biblatex reads BibTeX's names only as
// aliases. Checked on the real corpus papers: of the six, only the Wierstorf thesis uses biblatex
// (`\usepackage[...]{biblatex}` over several lines with comments, though it names its files with
// \bibliography); minimap2, CaMKII and SciPy use BibTeX; the two pandoc papers declare nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { projectBibEngine } from '../../extension/analysis/related/bib-engine.ts';
import { detectBibEngine } from '../../extension/core/bibwrite/engine.ts';
import { planBibInsertion } from '../../extension/core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../extension/core/bibwrite/metadata.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const OPTIONS = { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] };

const PAPER: PaperMetadata = {
  type: 'article',
  title: 'Perceptual evaluation of binaural sound field synthesis',
  authors: [{ family: 'Okafor', given: 'Maria' }],
  year: 2021,
  date: '2021-03-15',
  journal: 'Journal of the Audio Engineering Society',
  volume: '69',
  doi: '10.5555/jaes.2021.1',
};

const MANUSCRIPTS: [string, 'biblatex' | 'bibtex' | undefined][] = [
  ['minimap2/minimap2.tex', 'bibtex'],
  ['camkii-subunit-exchange/CaMKII_Paper_2018-elife.tex', 'bibtex'],
  ['scipy-1.0/paper.tex', 'bibtex'],
  ['sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.tex', 'biblatex'],
  ['optifit/paper.Rmd', undefined],
  ['donor-responses/index.qmd', undefined],
];

test('the corpus papers declare their bibliography program: only the Wierstorf thesis uses biblatex', async () => {
  for (const [name, expected] of MANUSCRIPTS) {
    const project = await createWorkspace().project(join(corpus, name), OPTIONS);
    assert.equal(await projectBibEngine(project), expected, name);
  }
});

test('detection ignores comments and reads package lists and \\addbibresource', () => {
  assert.equal(detectBibEngine(['% \\usepackage{biblatex}\n\\usepackage{natbib}\n']), 'bibtex');
  assert.equal(detectBibEngine(['\\usepackage{csquotes,biblatex}']), 'biblatex');
  assert.equal(detectBibEngine(['\\RequirePackage[backend=biber]{biblatex}']), 'biblatex');
  assert.equal(detectBibEngine(['\\documentclass{article}', '\\addbibresource{refs.bib}']), 'biblatex', 'an included file may hold it');
  assert.equal(detectBibEngine(['50\\% of \\bibliography{refs}']), 'bibtex');
  assert.equal(detectBibEngine(['\\section{Intro} no bibliography here']), undefined);
});

function fieldNames(entry: string): string[] {
  const parsed = parseBibTeX('new.bib', entry).entries[0];
  assert.ok(parsed, `the entry parses: ${entry}`);
  return Object.keys(parsed.fields);
}

test('the thesis (biblatex) gets journaltitle/date although its .bib uses journal/year', async () => {
  const thesis = join(corpus, 'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.tex');
  const bibPath = join(corpus, 'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib');
  const bib = readFileSync(bibPath, 'utf8');
  assert.match(bib, /\bjournal = \{/, 'the file itself uses BibTeX names');
  const bibEngine = await projectBibEngine(await createWorkspace().project(thesis, OPTIONS));
  // The file is a Mendeley export (refused in the editor); allowed here to look at the field names alone.
  const plan = planBibInsertion(bib, PAPER, { file: bibPath, bibEngine, allowAutoExport: true });
  assert.ok(plan.kind === 'append', JSON.stringify(plan));
  const names = fieldNames(plan.entry);
  assert.ok(names.includes('journaltitle') && names.includes('date'), names.join(','));
  assert.ok(!names.includes('journal') && !names.includes('year'), names.join(','));
  assert.match(plan.entry, /date = \{2021-03-15\}/);
  assert.ok((bib + plan.text).startsWith(bib), 'existing bytes unchanged');
});

test('a BibTeX paper (minimap2, natbib) gets journal/year even into a Better BibLaTeX-style .bib (the donor-responses one)', async () => {
  const minimap = join(corpus, 'minimap2/minimap2.tex');
  const bibEngine = await projectBibEngine(await createWorkspace().project(minimap, OPTIONS));
  assert.equal(bibEngine, 'bibtex');
  const biblatexStyle = readFileSync(join(corpus, 'donor-responses/references.bib'), 'utf8');
  assert.match(biblatexStyle, /journaltitle = \{/);
  const plan = planBibInsertion(biblatexStyle, PAPER, { file: 'references.bib', bibEngine, allowAutoExport: true });
  assert.ok(plan.kind === 'append', JSON.stringify(plan));
  const names = fieldNames(plan.entry);
  assert.ok(names.includes('journal') && names.includes('year'), names.join(','));
  assert.ok(!names.includes('journaltitle') && !names.includes('date'), names.join(','));
  // The Quarto paper itself declares nothing: its .bib's habit (biblatex names) decides.
  const donor = await projectBibEngine(await createWorkspace().project(join(corpus, 'donor-responses/index.qmd'), OPTIONS));
  const own = planBibInsertion(biblatexStyle, PAPER, { file: 'references.bib', ...(donor ? { bibEngine: donor } : {}), allowAutoExport: true });
  assert.ok(own.kind === 'append' && fieldNames(own.entry).includes('journaltitle'), JSON.stringify(own));
});
