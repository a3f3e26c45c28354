// Undefined abbreviations across a project's files: chapter 1 defines ITD for chapter 6; an
// abbreviation defined only in a later chapter is reported as used before its definition; a file
// alone keeps the single-file report. Real segmenter, real line index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionsElsewhere, readsAsDeveloperDocument, undefinedAbbreviations } from '../../extension/analysis/editor/abbreviation-findings.ts';
import { LineIndex } from '../../extension/analysis/line-index.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function chapter(file: string, body: string) {
  const text = `${body}\n`;
  return { file, text, lines: new LineIndex(text), segments: segmentDocument({ file, text, languageId: 'latex' }).segments };
}

const intro = chapter('/thesis/01_intro.tex', 'The interaural time difference (ITD) and the head-related transfer functions (HRTFs) are cues.');
const model = chapter('/thesis/06_model.tex', 'The ITD and the HRTF of the model follow the ILD and the ERB scale.');
const outlook = chapter('/thesis/07_outlook.tex', 'The equivalent rectangular bandwidth (ERB) is a scale.');
const project = [intro, model, outlook];

test('what the other files define: earlier files\' short forms, and the first later file of each', () => {
  const elsewhere = definitionsElsewhere(project, model.file);
  assert.deepEqual([...elsewhere.earlier].sort(), ['HRTFs', 'ITD']);
  assert.deepEqual([...elsewhere.later], [['ERB', '/thesis/07_outlook.tex']]);
});

test('chapter 6: ITD and HRTF are defined by chapter 1, ERB only later, ILD nowhere', () => {
  const findings = undefinedAbbreviations(model, definitionsElsewhere(project, model.file));
  assert.deepEqual(findings.map((f) => f.text), ['ILD', 'ERB']);
  assert.match(findings[0].message, /'ILD' is not defined in this document/);
  assert.match(findings[1].message, /'ERB' is used before its definition in 07_outlook\.tex: write its long form at its first use, followed by '\(ERB\)'/);
  assert.deepEqual(findings[1].range.start, { line: 0, character: model.text.indexOf('ERB') });
});

test('a file alone, or without the project, reports every undefined abbreviation', () => {
  assert.deepEqual(undefinedAbbreviations(model).map((f) => f.text), ['ITD', 'HRTF', 'ILD', 'ERB']);
  assert.deepEqual(undefinedAbbreviations(model, definitionsElsewhere([model], model.file)).map((f) => f.text), ['ITD', 'HRTF', 'ILD', 'ERB']);
});

test('a README or CHANGELOG without citations or front matter is developer prose: its abbreviations are not reported', () => {
  const doc = (file: string, text: string, citations = 0) => ({ file, text, citations: Array.from({ length: citations }, () => ({}) as never) });
  assert.equal(readsAsDeveloperDocument(doc('/repo/README.md', 'The CLI calls the API.\n')), true);
  assert.equal(readsAsDeveloperDocument(doc('/repo/docs/CHANGELOG.md', '## 1.2\nThe PR fixes the GUI.\n')), true);
  assert.equal(readsAsDeveloperDocument(doc('/repo/readme.ja.md', 'The CLI calls the API.\n')), true);
  assert.equal(readsAsDeveloperDocument(doc('/repo/README.md', '---\ntitle: A paper\n---\nThe CLI calls the API.\n')), false, 'front matter: a manuscript');
  assert.equal(readsAsDeveloperDocument(doc('/repo/README.md', 'As [@smith] showed, the CLI calls the API.\n', 1)), false, 'citations: a manuscript');
  assert.equal(readsAsDeveloperDocument(doc('/repo/paper.md', 'The CLI calls the API.\n')), false);
});
