// BibTeX from Semantic Scholar (cleaned or rebuilt), style detection details, key templates, names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cleanS2Bibtex } from '../../extension/core/bibwrite/clean-s2.ts';
import { detectBibStyle } from '../../extension/core/bibwrite/style.ts';
import { applyKeyTemplate, detectKeyTemplate, uniqueKey } from '../../extension/core/bibwrite/key-style.ts';
import { splitPersonName, type PaperMetadata } from '../../extension/core/bibwrite/metadata.ts';
import { planBibInsertion } from '../../extension/core/bibwrite/plan.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const BASE: PaperMetadata = { title: 'Attention is All you Need', authors: [{ family: 'Vaswani', given: 'Ashish' }], year: 2017 };

test('S2 BibTeX: valid entries lend venue, pages, volume; a key with spaces and a bare & are repaired', () => {
  const ok = cleanS2Bibtex('@Article{Vaswani2017AttentionIA,\n author = {Ashish Vaswani},\n journal = {ArXiv},\n volume = {abs/1706.03762},\n pages = {5998-6008},\n title = {Attention is All you Need},\n year = {2017}\n}', BASE);
  assert.equal(ok.usedBibtex, true);
  assert.equal(ok.metadata.pages, '5998-6008');
  assert.equal(ok.metadata.type, 'article');
  const repaired = cleanS2Bibtex('@Conference{Smith 2020 A,\n author = {A. Smith},\n booktitle = {Proc. of Signal & Image},\n title = {Signals & images},\n year = {2020}\n}', { ...BASE, title: 'Signals & images' });
  assert.equal(repaired.usedBibtex, true);
  assert.equal(repaired.metadata.booktitle, 'Proc. of Signal & Image');
  assert.equal(repaired.metadata.type, 'inproceedings');
});

test('S2 BibTeX: unbalanced braces, two entries, no title or nothing at all → the JSON metadata alone', () => {
  for (const bad of [
    '@Article{X,\n title = {{Broken title},\n year = {2017}\n',
    '@Article{A, title = {One}}\n@Article{B, title = {Two}}',
    '@Article{A, year = {2017}}',
    '',
    'not bibtex at all',
  ]) {
    const result = cleanS2Bibtex(bad, BASE);
    assert.equal(result.usedBibtex, false, bad);
    assert.ok(result.problem, 'a problem is reported');
    assert.deepEqual(result.metadata, BASE);
  }
});

test('style: quotes, upper-case types and field names, no trailing comma, BOM and CRLF are read from the file', () => {
  const style = detectBibStyle('\uFEFF@ARTICLE{x,\r\n    TITLE = "A",\r\n    YEAR = "2000"\r\n}\r\n');
  assert.equal(style.bom, true);
  assert.equal(style.eol, '\r\n');
  assert.equal(style.indent, '    ');
  assert.equal(style.quotes, true);
  assert.equal(style.typeCase, 'upper');
  assert.equal(style.fieldCase, 'upper');
  assert.equal(style.trailingComma, false);
  const text = '\uFEFF@ARTICLE{x,\r\n    TITLE = "A",\r\n    YEAR = "2000"\r\n}\r\n';
  const plan = planBibInsertion(text, { ...BASE, title: 'He said "no"' }, { file: 'a.bib' });
  assert.equal(plan.kind, 'append');
  const appended = (plan as { text: string }).text;
  assert.match(appended, /^\r\n@MISC\{vaswani2017he,\r\n {4}AUTHOR = "Vaswani, Ashish",\r\n {4}TITLE = \{He said "no"\},/);
  assert.equal(parseBibTeX('a.bib', text + appended).entries.length, 2);
  const minimap = detectBibStyle(readFileSync(`${CORPUS}minimap2/minimap2.bib`, 'utf8'));
  assert.equal(minimap.indent, '\t');
  assert.equal(minimap.fieldCase, 'capital');
  const donor = detectBibStyle(readFileSync(`${CORPUS}donor-responses/references.bib`, 'utf8'));
  assert.equal(donor.biblatex, true, 'Better BibLaTeX-style fields (date, journaltitle)');
  assert.equal(donor.autoExport, undefined);
});

test('key templates learned from real corpus files', () => {
  const keyOf = (file: string) => {
    const entries = parseBibTeX(file, readFileSync(file, 'utf8')).entries;
    const { template, matches, sampled } = detectKeyTemplate(entries);
    return { key: applyKeyTemplate(template, { family: 'Vaswani', year: '2017', title: 'Attention is All you Need' }), share: matches / sampled };
  };
  // Zotero's default: family_firstword_year in lower case.
  const optifit = keyOf(`${CORPUS}optifit/references.bib`);
  assert.equal(optifit.key, 'vaswani_attention_2017');
  assert.ok(optifit.share > 0.5, 'most optifit keys follow that style');
  assert.equal(keyOf(`${CORPUS}scipy-1.0/references.bib`).key, 'vaswani2017attention');
  assert.equal(uniqueKey('smith2020', new Set(['smith2020', 'smith2020a'])), 'smith2020b');
});

test('person names from S2 strings', () => {
  assert.deepEqual(splitPersonName('Ashish Vaswani'), { family: 'Vaswani', given: 'Ashish' });
  assert.deepEqual(splitPersonName('Ludwig van Beethoven'), { family: 'van Beethoven', given: 'Ludwig' });
  assert.deepEqual(splitPersonName('Smith, J. R.'), { family: 'Smith', given: 'J. R.' });
  assert.deepEqual(splitPersonName('Plato'), { family: 'Plato' });
});
