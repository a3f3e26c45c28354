// Token classification post-processing against transformers 5.17's recorded pipeline outputs: the recorded logits
// of each fixture case go through our tokenizer's encoding and our port of the pipeline, for every aggregation
// strategy recorded; groups, labels, words and spans must be identical, scores within 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import { labelSchemeOf, postprocessTokenClassification, type AggregationStrategy } from '../../extension/inference/pipelines/token-aggregation.ts';
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

test('BIOES labels group as whole entities under labelScheme "bioes", and as transformers does by default', async () => {
  const tokenizer = await loadTokenizer(join(HF, 'tiny-bert-ner'));
  const id2label = ['O', 'B-protein', 'I-protein', 'E-protein', 'S-protein'];
  assert.equal(labelSchemeOf(id2label), 'bioes');
  assert.equal(labelSchemeOf(['O', 'B-protein', 'I-protein', 'B-Simple_chemical']), 'bio');
  const text = 'glucocorticoid receptor alpha binds p53 and MDM2 here';
  const encoding = tokenizer.encode(text, { maxLength: tokenizer.modelMaxLength });
  const wordOf = (t: number): string => text.slice(encoding.offsets[t][0], encoding.offsets[t][1]);
  // Each word's first piece decides; later pieces copy it (E- pieces of "glucocorticoid" stay I-).
  const wanted: Record<string, number> = { glucocorticoid: 1, receptor: 2, alpha: 3, p53: 4, MDM2: 4 };
  let word = '';
  const logits = encoding.ids.flatMap((_, t) => {
    const row = [5, 0, 0, 0, 0];
    if (encoding.specialTokensMask[t]) return row;
    const [start] = encoding.offsets[t];
    const startsWord = start === 0 || text[start - 1] === ' ';
    if (startsWord) word = text.slice(start, text.indexOf(' ', start) < 0 ? text.length : text.indexOf(' ', start));
    const label = wanted[word] ?? 0;
    const pieceLabel = !startsWord && label === 1 ? 2 : label;
    row[0] = 0;
    row[pieceLabel] = 5;
    return row;
  });
  assert.ok(encoding.ids.some((_, t) => wordOf(t) === 'receptor'), 'the fixture tokenizer keeps "receptor" whole');
  const spans = (scheme?: 'bio' | 'bioes'): string[] =>
    postprocessTokenClassification(text, [{ encoding, logits }], id2label, tokenizer, { aggregation: 'simple', ...(scheme ? { labelScheme: scheme } : {}) })
      .map((e) => `${'entity_group' in e ? e.entity_group : e.entity}:${text.slice(e.start, e.end)}`);
  assert.deepEqual(spans('bioes'), ['protein:glucocorticoid receptor alpha', 'protein:p53', 'protein:MDM2']);
  // transformers' get_tag reads "E-protein" as the tag "E-protein" and group_sub_entities keeps what follows the first dash.
  assert.deepEqual(spans(), ['protein:glucocorticoid receptor', 'protein:alpha', 'protein:p53', 'protein:MDM2'], 'the default is transformers\' grouping');
});
