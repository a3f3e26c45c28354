// One sense per document: the mentions of a name that disagree with a clear majority of its mentions
// take the majority's type; an even split, or a single mention, stays as the tagger said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSISTENT_SHARE, harmonizeTypes } from '../../extension/core/entities/consistency.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function mention(text: string, name: string, type: string, score: number): ProseEntity {
  const start = text.indexOf(name);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score, model: 'test' };
}

test('a clear majority by summed confidence re-types the other mentions, with its mean confidence; case does not matter', () => {
  const texts = ['CaMKII binds PP1.', 'Active camkii rings.', 'CaMKII again.', 'Blocking CaMKII.'];
  const lists = [
    [mention(texts[0], 'CaMKII', 'GeneProtein', 0.9), mention(texts[0], 'PP1', 'GeneProtein', 0.8)],
    [mention(texts[1], 'camkii', 'GeneProtein', 0.7)],
    [mention(texts[2], 'CaMKII', 'Chemical', 0.6)],
    [mention(texts[3], 'CaMKII', 'Method', 0.5)],
  ];
  // GeneProtein holds 1.6 of 2.7 (0.59) — not enough alone; a third protein mention makes it clear.
  const unchanged = lists.map((l) => l.map((e) => ({ ...e })));
  harmonizeTypes(unchanged, texts);
  assert.deepEqual(unchanged.flat().map((e) => e.type), ['GeneProtein', 'GeneProtein', 'GeneProtein', 'Chemical', 'Method'], `below ${CONSISTENT_SHARE} nothing changes`);
  const more = [...texts, 'CaMKII is a kinase.'];
  const withThird = [...lists.map((l) => l.map((e) => ({ ...e }))), [mention(more[4], 'CaMKII', 'GeneProtein', 0.8)]];
  harmonizeTypes(withThird, more);
  assert.deepEqual(withThird.flat().map((e) => e.type), ['GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein']);
  assert.equal(withThird[2][0].score, (0.9 + 0.7 + 0.8) / 3, 'the majority\'s mean confidence');
  assert.equal(withThird[0][1].score, 0.8, 'PP1 untouched');
});

test('an even split and a single mention stay as tagged', () => {
  const texts = ['Alpha here.', 'Alpha there.', 'Beta once.'];
  const lists = [[mention(texts[0], 'Alpha', 'Chemical', 0.8)], [mention(texts[1], 'Alpha', 'Disease', 0.8)], [mention(texts[2], 'Beta', 'Method', 0.9)]];
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map((e) => e.type), ['Chemical', 'Disease', 'Method']);
});

test('through composition: every highlight of a name has the document\'s type', () => {
  const text = '\\begin{document}\nCaMKII binds PP1.\n\nActive CaMKII rings.\n\nMore CaMKII.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [
    [mention(prose[0], 'CaMKII', 'GeneProtein', 0.9)],
    [mention(prose[1], 'CaMKII', 'GeneProtein', 0.9)],
    [mention(prose[2], 'CaMKII', 'Chemical', 0.55)],
  ];
  const entities = composeEntities(segments, text, tagged);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['CaMKII:GeneProtein', 'CaMKII:GeneProtein', 'CaMKII:GeneProtein']);
});
