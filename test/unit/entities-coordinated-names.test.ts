// A distinctive name the tagger left bare beside a name it typed, in one coordination ("SciBERT [2]
// and BioBERT [10]", "FOXP3, GILZ and BCL-2", "CD4/CD8"), takes that name's type, saying why; never
// across a sentence, from a phrase or a common noun, out of a list its commas do not close, into a
// path, a citation, math or a figure's label, nor past a name whose type disagrees. The sample
// paper's "BioBERT" becomes a method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { clearTypes } from '../../extension/core/entities/consistency.ts';
import { addCoordinatedMentions } from '../../extension/core/entities/coordinated-names.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import type { Span } from '../../extension/core/types.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { addEditorAnalysis } from '../../extension/analysis/editor/index.ts';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function mention(text: string, name: string, type: string, score = 0.9, from = 0): ProseEntity {
  const start = text.indexOf(name, from);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score, model: 'test' };
}

/** The names added to one paragraph whose tagged entities are `typed`, as "name:type". */
function added(text: string, typed: ProseEntity[], citations: Span[] = []): string[] {
  const lists = [typed.slice()];
  addCoordinatedMentions(lists, [text], clearTypes(lists, [text]), { citations: () => citations });
  return lists[0].filter((e) => !typed.includes(e)).map((e) => `${text.slice(e.start, e.end)}:${e.type}`);
}

test('a bare distinctive name joined to a typed one by "and", "or", a closed list or a slash takes its type, saying why', () => {
  const text = 'Encoders such as SciBERT and BioBERT are standard.';
  const lists = [[mention(text, 'SciBERT', 'Method', 0.7)]];
  addCoordinatedMentions(lists, [text], clearTypes(lists, [text]));
  const [, bio] = lists[0];
  assert.equal(text.slice(bio.start, bio.end), 'BioBERT');
  assert.equal(bio.type, 'Method');
  assert.equal(bio.typedBecause, 'it is listed with SciBERT, which has this type');
  assert.equal(bio.score, 0.7);
  assert.equal(bio.model, 'test');
  assert.deepEqual(added('Either BioBERT or SciBERT works.', [mention('Either BioBERT or SciBERT works.', 'SciBERT', 'Method')]), ['BioBERT:Method']);
  const list = 'We measured FOXP3, GILZ, and BCL-2 in cells.';
  assert.deepEqual(added(list, [mention(list, 'FOXP3', 'GeneProtein')]), ['GILZ:GeneProtein', 'BCL-2:GeneProtein']);
  const slash = 'The CD4/CD8 ratio and the SciBERT/BioBERT pair.';
  assert.deepEqual(added(slash, [mention(slash, 'CD4', 'GeneProtein'), mention(slash, 'BioBERT', 'Method')]), ['CD8:GeneProtein', 'SciBERT:Method']);
});

test('a name the tagger guessed below the highlights\' confidence takes its confident neighbour\'s type and confidence', () => {
  const text = 'Encoders such as SciBERT and BioBERT are standard.';
  for (const type of ['Method', 'Material']) {
    const lists = [[mention(text, 'SciBERT', 'Method', 0.7), mention(text, 'BioBERT', type, 0.36)]];
    addCoordinatedMentions(lists, [text], clearTypes([[lists[0][0]]], [text]));
    assert.deepEqual(lists[0].map((e) => [text.slice(e.start, e.end), e.type, e.score, e.typedBecause]), [
      ['SciBERT', 'Method', 0.7, undefined],
      ['BioBERT', 'Method', 0.7, 'it is listed with SciBERT, which has this type'],
    ], type);
  }
  const confident = [[mention(text, 'SciBERT', 'Method', 0.7), mention(text, 'BioBERT', 'Material', 0.6)]];
  addCoordinatedMentions(confident, [text], clearTypes(confident, [text]));
  assert.deepEqual(confident[0].map((e) => e.type), ['Method', 'Material'], 'a confident guess stays, and blocks nothing but itself');
});

test('citations may follow each name of the coordination', () => {
  const text = 'Encoders such as SciBERT [2] and BioBERT [10, 11], are standard.';
  const citations = ['[2]', '[10, 11]'].map((c) => ({ start: text.indexOf(c), end: text.indexOf(c) + c.length }));
  assert.deepEqual(added(text, [mention(text, 'SciBERT', 'Method')], citations), ['BioBERT:Method']);
  assert.deepEqual(added(text, [mention(text, 'SciBERT', 'Method')]), [], 'text in brackets that is no citation ends it');
});

test('no type from a phrase, a common noun, a short acronym or a weak guess; no common word or modifier gets one', () => {
  const cases: [string, string, string, number?][] = [
    ['Transformer encoders and BioBERT are standard.', 'Transformer encoders', 'Method'],
    ['Regulatory T-cell/FOXP3 staining.', 'T-cell', 'Cell'],
    ['Both GR and FOXP3 bind.', 'GR', 'GeneProtein'],
    ['Both SciBERT and BioBERT work.', 'SciBERT', 'Method', 0.3],
    ['Both SciBERT and BioBERT-based models work.', 'SciBERT', 'Method'],
    ['Both SciBERT and tools work.', 'SciBERT', 'Method'],
  ];
  for (const [text, name, type, score] of cases) assert.deepEqual(added(text, [mention(text, name, type, score)]), [], text);
});

test('commas a conjunction does not close, a sentence\'s end or a clause are no coordination', () => {
  const cases = ['After SciBERT, BioBERT was tried.', 'We used SciBERT. BioBERT came later.', 'We used SciBERT [2]. And BioBERT came later.', 'SciBERT and BioBERT, GPT2 and T5.'];
  const typed = (text: string) => [mention(text, 'SciBERT', 'Method')];
  for (const text of cases.slice(0, 3)) assert.deepEqual(added(text, typed(text)), [], text);
  assert.deepEqual(added(cases[3], typed(cases[3])), ['BioBERT:Method'], 'the second list is another coordination');
});

test('a path, a URL, an identifier or "and/or" is no slash coordination', () => {
  const cases = ['See bin/SciBERT/BioBERT now.', 'See github.com/SciBERT/BioBERT now.', 'See ./SciBERT/BioBERT now.', 'See SciBERT/BioBERT/ now.', 'See SciBERT/BioBERT.load now.', 'See SciBERT/BioBERT.py now.'];
  for (const text of cases) assert.deepEqual(added(text, [mention(text, 'SciBERT', 'Method')]), [], text);
  const andOr = 'SciBERT and/or BioBERT.';
  assert.deepEqual(added(andOr, [mention(andOr, 'SciBERT', 'Method')]), ['BioBERT:Method'], '"and/or" joins two names');
});

test('typed names that disagree, a name the document types otherwise or a figure label get nothing', () => {
  const mixed = 'We ran SciBERT, FOXP3 and GILZ1 here.';
  assert.deepEqual(added(mixed, [mention(mixed, 'SciBERT', 'Method'), mention(mixed, 'FOXP3', 'GeneProtein')]), []);
  const texts = ['We ran SciBERT and BioBERT.', 'BioBERT is a corpus.', 'BioBERT is a corpus again.'];
  const lists = [[mention(texts[0], 'SciBERT', 'Method')], [mention(texts[1], 'BioBERT', 'Material')], [mention(texts[2], 'BioBERT', 'Material')]];
  addCoordinatedMentions(lists, texts, clearTypes(lists, texts));
  assert.equal(lists[0].length, 1, 'the document calls BioBERT a material');
  const label = 'Figures S1 and S2 show it.';
  assert.deepEqual(added(label, [mention(label, 'S1', 'GeneProtein')]), []);
});

test('through composition: no mention in math or a citation, and an added mention does not vote for its name\'s other mentions', () => {
  const text = String.raw`\begin{document}
We ran SciBERT and BioBERT first. Then SciBERT and $BioBERT$ ran. Then SciBERT and \citet{lee} ran.

Later BioBERT was slow.
\end{document}
`;
  const { segments } = segmentDocument({ file: '/paper.tex', text, languageId: 'latex' }, { renderCitation: () => 'BioBERT (2020)' });
  const prose = segments.map((s) => s.prose.text);
  const sciBerts = [...prose[0].matchAll(/SciBERT/gu)].map((m) => mention(prose[0], 'SciBERT', 'Method', 0.9, m.index));
  const entities = composeEntities(segments, text, [sciBerts, []]);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}:${e.segment}`), ['SciBERT:Method:0', 'BioBERT:Method:0', 'SciBERT:Method:0', 'SciBERT:Method:0']);
  assert.deepEqual(composeEntities(segments, text, [sciBerts, []], { dismissed: (t) => t === 'BioBERT' }).map((e) => e.text), ['SciBERT', 'SciBERT', 'SciBERT']);
});

test('the sample paper: "SciBERT [2] and BioBERT [10]" in the introduction makes BioBERT a method', async () => {
  const paper = fileURLToPath(new URL('../../sample/latex/paper.tex', import.meta.url));
  const workspace = createWorkspace();
  const result = await addEditorAnalysis(workspace, await analyzeFile(workspace, paper));
  const bio = result.entities.filter((e) => e.file === paper && e.text === 'BioBERT').map((e) => [e.range.start.line + 1, e.type, e.typedBecause]);
  assert.deepEqual(bio, [[44, 'Method', 'it is listed with SciBERT, which has this type']]);
});

test('", and" or ", or" between two names joins two clauses, not a list; it closes a list of three or more', () => {
  const cases: [string, string, string][] = [
    ['Reads were mapped with Bowtie2, and GRCh37 served as the reference.', 'GRCh37', 'GeneProtein'],
    ['We knocked down the receptor in HeLa, and FOXP3 was measured by qPCR.', 'HeLa', 'CellLine'],
    ['We ran SciBERT, or BioBERT failed.', 'SciBERT', 'Method'],
  ];
  for (const [text, name, type] of cases) assert.deepEqual(added(text, [mention(text, name, type)]), [], text);
  const list = 'We ran SciBERT, BioBERT, or GPT2.';
  assert.deepEqual(added(list, [mention(list, 'SciBERT', 'Method')]), ['BioBERT:Method', 'GPT2:Method']);
});

test('the comma closing a sentence\'s opening phrase is no list comma ("In HEK293T, FOXP3 and GILZ …"), unless a comma closes the list too', () => {
  const cases: [string, string, string][] = [
    ['In HEK293T, FOXP3 and GILZ were co-expressed with the receptor.', 'HEK293T', 'CellLine'],
    ['We sorted cells. After treating cells with GSK3787, FOXP3 and GILZ rose.', 'GSK3787', 'Chemical'],
    ['In contrast to HeLa [3], FOXP3 and GILZ were absent.', 'HeLa', 'CellLine'],
  ];
  for (const [text, name, type] of cases) {
    const citations = [...text.matchAll(/\[\d\]/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    assert.deepEqual(added(text, [mention(text, name, type)], citations), [], text);
  }
  const intro = 'In HEK293T, FOXP3 and GILZ were co-expressed.';
  assert.deepEqual(added(intro, [mention(intro, 'FOXP3', 'GeneProtein')]), ['GILZ:GeneProtein'], 'the names after the comma are still a coordination');
  const slash = 'In HEK293T/HeLa, FOXP3 and GILZ were co-expressed.';
  assert.deepEqual(added(slash, [mention(slash, 'HEK293T', 'CellLine')]), ['HeLa:CellLine'], 'and the names before it');
  for (const list of ['For SciBERT, BioBERT and GPT2, we tuned the rate.', 'For SciBERT, BioBERT and GPT2 models, we tuned the rate.']) {
    assert.deepEqual(added(list, [mention(list, 'SciBERT', 'Method')]), ['BioBERT:Method', 'GPT2:Method'], list);
  }
  const mid = 'We measured HEK293T, HeLa and U2OS cells.';
  assert.deepEqual(added(mid, [mention(mid, 'HEK293T', 'CellLine')]), ['HeLa:CellLine', 'U2OS:CellLine']);
});

test('"between A and B" relates two names, of two kinds as often as one', () => {
  const cases: [string, string, string][] = [
    ['We measured the correlation between IL6 and HbA1c in patients.', 'HbA1c', 'Chemical'],
    ['We found an association between rs429358 and LDL-C.', 'LDL-C', 'Chemical'],
    ['The overlap between the FOXP3, GILZ and BCL2 targets.', 'FOXP3', 'GeneProtein'],
  ];
  for (const [text, name, type] of cases) assert.deepEqual(added(text, [mention(text, name, type)]), [], text);
});
