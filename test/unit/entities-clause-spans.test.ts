// Computer-science spans that ran over a clause, checked against SciERC's annotations (none holds one
// of the verbs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { FINITE_VERBS, runsOverClause } from '../../extension/core/entities/clause-spans.ts';
import { readNer } from '../../extension/core/eval/readers.ts';

test('a method holding a finite verb ran over a clause; noun uses, the first word and biomedical types do not count', () => {
  assert.equal(runsOverClause('neighbouring subunit proceeds clockwise', 'Method'), true);
  assert.equal(runsOverClause('Iterative Hessian factorization denotes algorithms', 'Method'), true);
  assert.equal(runsOverClause('classification results', 'Metric'), false);
  assert.equal(runsOverClause('database of TV shows', 'Material'), false);
  assert.equal(runsOverClause('Is it worth it', 'Task'), false);
  assert.equal(runsOverClause('the CAN bus', 'Material'), false, 'an acronym in capitals is a name');
  assert.equal(runsOverClause('IS-IS routing', 'Method'), false);
  assert.equal(runsOverClause('protein that contains zinc', 'GeneProtein'), false);
});

const SCIERC = ['sciie/train.conll', 'sciie/dev.conll'].map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('no SciERC entity holds one of the verbs after its first word', { skip: !SCIERC.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  let entities = 0;
  const holding: string[] = [];
  for (const url of SCIERC) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        entities++;
        const words = s.tokens.slice(e.start, e.end);
        if (words.slice(1).some((w) => FINITE_VERBS.has(w.toLowerCase()))) holding.push(words.join(' '));
      }
    }
  }
  assert.ok(entities > 6000, `${entities} entities read`);
  assert.deepEqual(holding, []);
});
