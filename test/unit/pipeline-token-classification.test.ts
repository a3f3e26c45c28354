// Token classification post-processing against transformers 5.17's recorded pipeline outputs: the recorded logits
// of each fixture case go through our tokenizer's encoding and our port of the pipeline, for every aggregation
// strategy recorded; groups, labels, words and spans must be identical, scores within 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import { postprocessTokenClassification, type AggregationStrategy } from '../../extension/inference/pipelines/token-aggregation.ts';
import { readModelLabels } from '../../extension/inference/pipelines/labels.ts';
import { assertSameEntities } from '../helpers/hf-recorded.ts';

const HF = join(import.meta.dirname, '..', 'fixtures', 'hf');

interface Recorded {
  cases: { text: string; logits: number[][] }[];
  pipeline: Partial<Record<AggregationStrategy, Record<string, number | string>[][]>>;
}

for (const model of ['tiny-bert-ner', 'tiny-roberta-ner', 'tiny-bert-ner-vocabonly']) {
  const recorded = JSON.parse(readFileSync(join(HF, model, 'expected.json'), 'utf8')) as Recorded;
  const strategies = Object.keys(recorded.pipeline) as AggregationStrategy[];
  test(`${model}: recorded logits give transformers' entities (${strategies.join(', ')})`, async () => {
    const tokenizer = await loadTokenizer(join(HF, model));
    const labels = readModelLabels(JSON.parse(readFileSync(join(HF, model, 'config.json'), 'utf8')) as object);
    for (const strategy of strategies) {
      recorded.cases.forEach((c, k) => {
        const encoding = tokenizer.encode(c.text, { maxLength: tokenizer.modelMaxLength });
        assert.equal(encoding.ids.length, c.logits.length);
        const entities = postprocessTokenClassification(c.text, [{ encoding, logits: c.logits.flat() }], labels.id2label, tokenizer, { aggregation: strategy });
        assertSameEntities(c.text, entities, recorded.pipeline[strategy]![k], `${model} ${strategy} case ${k}`);
      });
    }
  });
}
