// What the related-work ranking reads of prose, and what its key-term query (the words Semantic Scholar
// receives) keeps: topic words, never the vocabulary every paper writes, addresses, identifiers, the
// names before "et al." or words left from figure descriptions. Sentences are from the corpus papers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bm25Index } from '../../extension/core/related/bm25.ts';
import { keyTerms } from '../../extension/core/related/key-terms.ts';
import { scopeQuery, segmentsInScope } from '../../extension/core/related/scope.ts';
import { tokenize } from '../../extension/core/related/terms.ts';
import { createWorkspace } from '../../extension/analysis/index.ts';

const words = (text: string) => tokenize(text).map((token) => token.word);

test('terms: the generic vocabulary of scientific prose is no index term', () => {
  assert.deepEqual(
    words('In this thesis, the results shown in the following chapter are roughly similar for different setups; note that, in addition, this case was discussed.'),
    ['setups'],
  );
  // a prefix stays with the word it changes: "non-small cell lung cancer" is not small cell lung cancer
  assert.deepEqual(words('We investigated the non-linear pre-test of the sub-band filters.'), ['non-linear', 'pre-test', 'sub-band', 'filters']);
  assert.notDeepEqual(tokenize('non-small cell lung cancer').map((t) => t.term), tokenize('small cell lung cancer').map((t) => t.term));
  // words that are generic alone but name a topic in a compound stay
  assert.deepEqual(words('copy number variation, singular value decomposition, instance segmentation, background subtraction, work function, first-order logic, panel data, basis set'),
    ['copy', 'number', 'variation', 'singular', 'value', 'decomposition', 'instance', 'segmentation', 'background', 'subtraction', 'work', 'function', 'first', 'order', 'logic', 'panel', 'data', 'basis', 'set']);
});

test('key terms: a colour names a topic before the word it qualifies, never alone or before what a figure draws', () => {
  const terms = keyTerms('Gray matter atrophy in yellow fever and black holes. Shown as black dots, a red dashed line and a fit (blue).', { limit: 20 });
  for (const word of ['gray', 'yellow', 'black', 'holes', 'matter', 'fever']) assert.ok(terms.includes(word), `${word} in ${terms.join(' ')}`);
  for (const word of ['dots', 'red', 'dashed', 'line', 'blue']) assert.ok(!terms.includes(word), `${word} not in ${terms.join(' ')}`);
});

test('terms: adverbs in -ly are dropped, nouns in -ly kept', () => {
  assert.deepEqual(words('Reads were efficiently and accurately mapped to the assembly of the gene family.'), ['reads', 'mapped', 'assembly', 'gene', 'family']);
});

test('terms: web and e-mail addresses are not words of the prose', () => {
  assert.deepEqual(words('SmartDenovo (https://github.com/ruanjue/smartdenovo; J. Ruan) indexes reads'), ['smartdenovo', 'ruan', 'indexes', 'reads']);
  assert.deepEqual(words('Nanopore Direct RNA-seq dataset (http://bit.ly/na12878ont, www.example.org/x, kls@umich.edu).'), ['nanopore', 'direct', 'rna', 'seq', 'dataset']);
  assert.deepEqual(words('Releases are announced on scipy.org and numfocus.org.'), ['releases', 'announced']);
});

test('terms: the author named before "et al." is no index term', () => {
  assert.deepEqual(words('A binaural model after Dietz et al. was modified'), ['binaural', 'model', 'modified']);
  assert.deepEqual(words('In the mz model, Miller-Smith et al assumed that'), ['mz', 'model', 'assumed']);
});

test('BM25: word pairs do not span punctuation, so no "shared term" joins two sentences', () => {
  const index = new Bm25Index([
    { id: 'a', title: 'Stochastic simulation', abstract: 'Diffusion as reactions. A molecule jumps between voxels. Insertions and deletions are counted.' },
    { id: 'b', title: 'Unrelated soil science' },
  ]);
  const [hit] = index.search('Diffusion is implemented as reactions. A molecule jumps; insertions and deletions');
  assert.equal(hit.id, 'a');
  assert.ok(!hit.sharedTerms.includes('reactions molecule'), hit.sharedTerms.join(', '));
  assert.ok(hit.sharedTerms.includes('molecule jumps'), 'adjacent words still pair');
  assert.ok(hit.sharedTerms.includes('insertions deletions'), 'a pair across a stop word still counts');
});

test('key terms: topic words, not colours of a figure, numbers with units, accessions, versions or grant numbers', () => {
  const camkii = 'The decay kinetics of CaMKII were obtained by curve fitting of experimental data. It was given by a double-exponential function (1 C, magenta). We estimate the black dashed line from the red and blue dots; note that the decay is roughly exponential.';
  const terms = keyTerms(camkii, { limit: 6 });
  for (const generic of ['magenta', 'black', 'dashed', 'red', 'blue', 'dots', 'note', 'roughly', 'given']) assert.ok(!terms.includes(generic), `${generic} in ${terms.join(' ')}`);
  assert.ok(terms.includes('decay') && terms.includes('camkii') && terms.includes('exponential'), terms.join(' '));

  const minimap = 'With 5bp windows and 10kbp reads from SRR5286960 (v2.15.2), minimap2 finds overlaps of HPC k-mers. KLS received support from the NIH (T32 GM070449).';
  const sent = keyTerms(minimap, { limit: 12 });
  for (const identifying of ['5bp', '10kbp', 'srr5286960', 'v2', 'gm070449']) assert.ok(!sent.includes(identifying), `${identifying} in ${sent.join(' ')}`);
  assert.ok(sent.includes('minimap2') && sent.includes('overlaps'), sent.join(' '));

  const thesis = keyTerms('Above 1.5 kHz the ILD dominates; spatial aliasing starts at 2 kHz and 4 kHz for WFS.', { limit: 8 });
  assert.ok(!thesis.includes('khz'), thesis.join(' '));
  assert.ok(thesis.includes('aliasing') && thesis.includes('wfs'), thesis.join(' '));
});

test('key terms: among words the library never holds, the longer, rarer one comes first', () => {
  // Both unseen in the library: frequency ties, so the specific word must win over the short one.
  const terms = keyTerms('The band alias spreads. Spatial aliasing of the secondary sources.', { limit: 2, idf: () => 4 });
  assert.deepEqual(terms, ['aliasing', 'secondary']);
});

test('scope: a cursor on the heading after a paragraph with a footnote takes the paragraph, not the footnote', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-scope-'));
  try {
    const file = join(dir, 'main.tex');
    const text = [
      '\\documentclass{article}',
      '\\begin{document}',
      '\\section{Aliasing}',
      'Spatial aliasing of the secondary sources\\footnote{\\cite{volk}} limits the synthesized sound field above a frequency.',
      '',
      '%----',
      '\\paragraph{Distance perception}',
      'Listeners judge the distance of synthesized point sources.',
      '\\end{document}',
      '',
    ].join('\n');
    writeFileSync(file, text);
    writeFileSync(join(dir, 'refs.bib'), '@article{volk, title={Distance}}\n');
    const project = await createWorkspace().project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
    const analysis = await project.file(file);
    assert.ok(analysis, 'the manuscript is read');
    const offset = text.indexOf('\\paragraph');
    const query = scopeQuery(segmentsInScope(analysis.segments, analysis.text, 'latex', 'paragraph', offset));
    assert.match(query.text, /^Spatial aliasing of the secondary sources limits/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scope: the manuscript title is not counted twice when the document scope already holds it', () => {
  const segment = (text: string) => ({ file: 'paper.Rmd', span: { start: 0, end: text.length }, prose: { text, sourceStart: new Int32Array(text.length), sourceEnd: new Int32Array(text.length) }, sentences: [{ start: 0, end: text.length }], citations: [] });
  const title = 'OptiFit: an improved method for fitting amplicon sequences to existing OTUs';
  const query = scopeQuery([segment(title), segment('Abstract text about clustering.')], 'OptiFit: an improved method for fitting amplicon sequences to existing OTUs');
  assert.equal(query.text.split('OptiFit').length - 1, 1, query.text);
  assert.match(scopeQuery([segment('Abstract text about clustering.')], title).text, /^OptiFit/, 'a title the scope lacks is prepended');
});
