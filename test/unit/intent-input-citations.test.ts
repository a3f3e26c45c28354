// The text the citation-intent models read shows citations as their datasets do, so that the
// featurisers' citation pattern finds them: "[1, 3-5]" with an ASCII hyphen, a numeric citation's
// prenote before the brackets and its postnote left out; the sentence the user is shown keeps the
// paper's en dash and notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, defaultAnalysisOptions } from '../../extension/analysis/index.ts';
import { IntentAnalyzer, type IntentClassifier } from '../../extension/analysis/editor/index.ts';
import { datasetCitation, datasetCitationAfter } from '../../extension/core/render/dataset-form.ts';
import { CITATION_WORD, intentWords } from '../../extension/inference/builtin/intent-features.ts';

const BIB = ['Adams', 'Brown', 'Clark', 'Davis', 'Evans']
  .map((name) => `@article{${name[0].toLowerCase()}, author = {${name}, Ann}, title = {On ${name}}, year = {2001}}`).join('\n');

/** The sentences a fake SciCite model is asked about for `body` (numeric-comp: Adams 1 … Evans 5), and the records. */
async function read(t: { after(fn: () => void): void }, body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-intent-input-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  writeFileSync(main, `\\documentclass{article}\n\\usepackage[style=numeric-comp]{biblatex}\n\\addbibresource{refs.bib}\n\\begin{document}\n${body}\n\\end{document}\n`);
  writeFileSync(join(dir, 'refs.bib'), BIB);
  const file = await (await createWorkspace().project(main, defaultAnalysisOptions)).file(main);
  assert.ok(file, 'the manuscript was read');
  const asked: string[] = [];
  const model: IntentClassifier = {
    id: 'fake', task: 'scicite', release: async () => undefined,
    classify: async (texts) => texts.map((text) => {
      asked.push(text);
      return { label: 'background', scores: { background: 1 } };
    }),
  };
  const records = await new IntentAnalyzer().classify([{ file: main, segments: file.segments, text: readFileSync(main, 'utf8') }], { scicite: model });
  assert.ok(records, 'the classification finished');
  return { asked, records };
}

test('a compressed range reaches the models with an ASCII hyphen, where the featuriser finds the citation; the user still sees the en dash', async (t) => {
  const { asked, records } = await read(t, 'Brown \\cite{b} began it. We build on earlier models \\cite{a,c,d,e}.');
  assert.deepEqual(asked, ['Brown [2] began it.', 'We build on earlier models [1, 3-5].']);
  assert.ok(intentWords(asked[1], true).includes(CITATION_WORD), 'the citation is a citation to the featuriser');
  assert.equal(records[1].sentence, 'We build on earlier models [1, 3–5].');
  assert.equal(records[1].sentence.slice(records[1].cited!.start, records[1].cited!.end), '[1, 3–5]');
});

test('a numeric citation\'s prenote is read before its brackets and its postnote not at all', async (t) => {
  const { asked, records } = await read(t, [
    'Programs are reviewed elsewhere \\cite[see][]{b,e}.',
    'Also \\cite{a,b,c,d,e}.',
    'The bound is proved in \\cite[p.~3]{c}.',
    'Both follow \\cites[e.g.][sec.~2]{a}[][]{d}.',
  ].join('\n'));
  assert.deepEqual(records.map((r) => r.sentence), [
    'Programs are reviewed elsewhere [see 2, 5].',
    'Also [1–5].',
    'The bound is proved in [3, p. 3].',
    'Both follow [e.g. 1, sec. 2; 4].',
  ]);
  assert.deepEqual(asked, ['Programs are reviewed elsewhere see [2, 5].', 'Also [1-5].', 'The bound is proved in [3].', 'Both follow e.g. [1, 4].']);
  for (const text of asked) assert.ok(intentWords(text, true).includes(CITATION_WORD), text);
});

test('a prenote read before its brackets is a word of its own after a glued citation or a note mark, and a later one is kept', async (t) => {
  const { asked } = await read(t, [
    'It was shown before\\cite[see][]{b,c}.',
    'Kinetics\\footnote{\\cite[see][p.~3]{c,d,e}} were measured.',
    'Compare \\cites[see][]{a}[cf.][]{d}.',
  ].join('\n'));
  assert.deepEqual(asked.sort(), ['Compare see [1]; cf. [4].', 'It was shown before see [2, 3].', 'Kinetics see [3-5] were measured.']);
});

test('the dataset form of a rendering: numbers kept, notes moved or left out, author-year untouched', () => {
  assert.equal(datasetCitation('[3, 5–7]'), '[3, 5-7]');
  assert.equal(datasetCitation('[see Table 2 in 3]'), 'see Table 2 in [3]');
  assert.equal(datasetCitation('Smith et al. [4, p. 2]'), 'Smith et al. [4]');
  assert.equal(datasetCitation('[smith2020]'), '[smith2020]', 'a key no bibliography defines has no number to show');
  assert.equal(datasetCitation('(see Smith et al., 2020, pp. 3–5)'), '(see Smith et al., 2020, pp. 3–5)');
  assert.equal(datasetCitation('[knuth84, p. 3]'), '[knuth84, p. 3]', 'an undefined key with a page: no citation [3]');
  assert.equal(datasetCitation('[see 1; cf. 4]'), 'see [1]; cf. [4]', 'a later prenote stays with its number');
  assert.equal(datasetCitation('[1; see also 2, 3]'), '[1]; see also [2, 3]');
  assert.equal(datasetCitationAfter('It was shown before', '[see 1, 2]'), ' see [1, 2]', 'a moved prenote is a word of its own');
  assert.equal(datasetCitationAfter('Compare [1]', '[cf. 2]'), ' cf. [2]');
  assert.equal(datasetCitationAfter('Shown in ', '[see 1]'), 'see [1]');
  assert.equal(datasetCitationAfter('Shown', '[1, 2]'), '[1, 2]');
});

test('a note\'s citation, read in the sentence of its mark, reaches the models in the dataset form too', async (t) => {
  const { asked, records } = await read(t, [
    'Brown \\cite{b} began it.',
    'Kinetics were measured before.\\footnote{See \\cite{a,c,d,e} for the buffers.} We differ.',
    'Rates were fitted as usual.\\footnote{\\cite{a,c,d,e}} We differ.',
  ].join('\n'));
  assert.deepEqual(records.map((r) => r.sentence), [
    'Brown [2] began it.',
    'Kinetics were measured before. (See [1, 3–5] for the buffers)',
    'Rates were fitted as usual.[1, 3–5]',
  ]);
  assert.deepEqual(asked, ['Brown [2] began it.', 'Kinetics were measured before. (See [1, 3-5] for the buffers)', 'Rates were fitted as usual.[1, 3-5]']);
});
