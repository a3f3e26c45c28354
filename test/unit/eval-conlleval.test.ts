import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreEntities } from '../../extension/core/eval/conlleval.ts';
import { macroF1 } from '../../extension/core/eval/macro-f1.ts';
import { readNer, tagsToEntities, detectNerFormat, readIntentJsonl } from '../../extension/core/eval/readers.ts';
import { charToTokens, sentenceText } from '../../extension/core/eval/ner-eval.ts';

test('conlleval: exact span and type match, worked by hand', () => {
  // sentence 1: gold Chemical[0,1) Disease[3,5); predicted Chemical[0,1) (right), Disease[3,4) (wrong boundary)
  // sentence 2: gold Disease[1,2); predicted Chemical[1,2) (wrong type), Chemical[4,5) (spurious)
  const gold = [
    [{ start: 0, end: 1, label: 'Chemical' }, { start: 3, end: 5, label: 'Disease' }],
    [{ start: 1, end: 2, label: 'Disease' }],
  ];
  const pred = [
    [{ start: 0, end: 1, label: 'Chemical' }, { start: 3, end: 4, label: 'Disease' }],
    [{ start: 1, end: 2, label: 'Chemical' }, { start: 4, end: 5, label: 'Chemical' }],
  ];
  const s = scoreEntities(gold, pred);
  // Chemical: gold 1, predicted 3, correct 1 → P 1/3, R 1, F1 0.5
  assert.deepEqual([s.perType.Chemical.gold, s.perType.Chemical.predicted, s.perType.Chemical.correct], [1, 3, 1]);
  assert.ok(Math.abs(s.perType.Chemical.f1 - 0.5) < 1e-12, 'Chemical F1 is 0.5');
  // Disease: gold 2, predicted 1, correct 0 → all zero
  assert.deepEqual([s.perType.Disease.precision, s.perType.Disease.recall, s.perType.Disease.f1], [0, 0, 0]);
  // micro: correct 1, predicted 4, gold 3 → P .25, R 1/3, F1 2·(1/12)/(7/12) = 2/7
  assert.ok(Math.abs(s.micro.precision - 0.25) < 1e-12, 'micro precision is 1/4');
  assert.ok(Math.abs(s.micro.recall - 1 / 3) < 1e-12, 'micro recall is 1/3');
  assert.ok(Math.abs(s.micro.f1 - 2 / 7) < 1e-12, 'micro F1 is 2/7');
});

test('conlleval: the same prediction twice counts once; sentence counts must align', () => {
  const e = { start: 0, end: 2, label: 'X' };
  const s = scoreEntities([[e]], [[e, { ...e }]]);
  assert.equal(s.micro.predicted, 1);
  assert.equal(s.micro.f1, 1);
  assert.throws(() => scoreEntities([[e]], []));
});

test('macro-F1 worked by hand (the scikit-learn definition)', () => {
  const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
  const pred = ['a', 'a', 'b', 'b', 'c', 'c'];
  // a: P 2/2, R 2/3 → F1 0.8; b: P 1/2, R 1/2 → 0.5; c: P 1/2, R 1 → 2/3
  const s = macroF1(gold, pred);
  assert.ok(Math.abs(s.perClass.a.f1 - 0.8) < 1e-12, 'F1 of a is 0.8');
  assert.ok(Math.abs(s.perClass.b.f1 - 0.5) < 1e-12, 'F1 of b is 0.5');
  assert.ok(Math.abs(s.perClass.c.f1 - 2 / 3) < 1e-12, 'F1 of c is 2/3');
  assert.ok(Math.abs(s.macroF1 - (0.8 + 0.5 + 2 / 3) / 3) < 1e-12, 'macro F1 is the mean of the class F1s');
  assert.ok(Math.abs(s.accuracy - 4 / 6) < 1e-12, 'accuracy is 4/6');
  // a class predicted but never gold scores 0 and still counts in the mean
  const t = macroF1(['a', 'a'], ['a', 'z']);
  assert.equal(t.perClass.z.f1, 0);
  assert.ok(Math.abs(t.macroF1 - (2 / 3) / 2) < 1e-12, 'macro F1 is 1/3');
});

test('tag sequences: IOB2 and IO runs, stray I- starts an entity', () => {
  assert.deepEqual(tagsToEntities(['B-X', 'I-X', 'O', 'I-Y', 'I-Y', 'B-Y', 'I-X']), [
    { start: 0, end: 2, label: 'X' },
    { start: 3, end: 5, label: 'Y' },
    { start: 5, end: 6, label: 'Y' },
    { start: 6, end: 7, label: 'X' },
  ]);
  assert.deepEqual(tagsToEntities(['I-Task', 'I-Task', 'I-Method', 'O']), [
    { start: 0, end: 2, label: 'Task' },
    { start: 2, end: 3, label: 'Method' },
  ]);
});

test('readers: IOB2 TSV and SciERC IO (PTB brackets unescaped)', () => {
  const tsv = 'Naloxone\tB-Chemical\nreverses\tO\nhypertension\tB-Disease\n\nA\tO\n';
  assert.equal(detectNerFormat(tsv), 'iob2');
  const s = readNer(tsv);
  assert.equal(s.length, 2);
  assert.deepEqual(s[0].entities, [{ start: 0, end: 1, label: 'Chemical' }, { start: 2, end: 3, label: 'Disease' }]);
  const io = '-DOCSTART- NN O O\n\nWe NN O O\nuse NN O O\n-LRB- NN O O\nCRFs NN O I-Method\n-RRB- NN O O\n';
  assert.equal(detectNerFormat(io), 'io');
  const t = readNer(io);
  assert.deepEqual(t[0].tokens, ['We', 'use', '(', 'CRFs', ')']);
  assert.deepEqual(t[0].entities, [{ start: 3, end: 4, label: 'Method' }]);
  assert.deepEqual(readIntentJsonl('{"text": "x", "label": "method", "metadata": {}}\n\n'), [{ text: 'x', label: 'method' }]);
  assert.throws(() => readIntentJsonl('{"text": 1}'));
});

test('sentence text and character → token mapping', () => {
  const { text, spans } = sentenceText(['IL', '-', '2', 'binds']);
  assert.equal(text, 'IL - 2 binds');
  assert.deepEqual(charToTokens(spans, 0, 6), [0, 3]);
  assert.deepEqual(charToTokens(spans, 7, 12), [3, 4]);
  assert.deepEqual(charToTokens(spans, 8, 10), [3, 4]); // inside a token: covers it
  assert.equal(charToTokens(spans, 12, 12), null);
});
