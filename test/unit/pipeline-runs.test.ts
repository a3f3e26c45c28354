// The pipelines end to end over an encoder that replays transformers' recorded outputs for the exact input ids
// it is given (so tokenisation, batching by length, padding, slicing of outputs and restoring input order are
// all exercised against the real recorded numbers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import type { EncodedBatch, EncoderOutput, EncoderRunner } from '../../extension/inference/pipelines/encoder.ts';
import { readModelLabels } from '../../extension/inference/pipelines/labels.ts';
import { TokenClassificationPipeline } from '../../extension/inference/pipelines/token-classification.ts';
import { TextClassificationPipeline, scoreLabels, classificationFunction } from '../../extension/inference/pipelines/text-classification.ts';
import { EmbeddingPipeline, poolHiddenState } from '../../extension/inference/pipelines/embeddings.ts';
import type { AggregationStrategy } from '../../extension/inference/pipelines/token-aggregation.ts';
import { assertSameEntities } from '../helpers/hf-recorded.ts';

const HF = join(import.meta.dirname, '..', 'fixtures', 'hf');
const read = <T>(model: string, file: string) => JSON.parse(readFileSync(join(HF, model, file), 'utf8')) as T;

/** Replays recorded outputs: rows are looked up by their unpadded input ids; padding rows/positions get NaN. */
class RecordedOutputRunner implements EncoderRunner {
  calls: number[][] = [];
  constructor(
    private readonly recorded: Map<string, number[][] | number[]>,
    private readonly perToken: boolean,
    private readonly width: number,
  ) {}

  async run(batch: EncodedBatch): Promise<EncoderOutput> {
    const { batchSize, sequenceLength: T } = batch;
    const lengths: number[] = [];
    const output = new Float32Array(batchSize * (this.perToken ? T : 1) * this.width).fill(NaN);
    for (let b = 0; b < batchSize; b++) {
      const ids: number[] = [];
      for (let t = 0; t < T; t++) if (batch.attentionMask[b * T + t]) ids.push(batch.inputIds[b * T + t]);
      lengths.push(ids.length);
      const rec = this.recorded.get(ids.join(','));
      if (!rec) throw new Error(`no recorded output for ids ${ids.slice(0, 8).join(',')}...`);
      if (this.perToken) (rec as number[][]).forEach((row, t) => output.set(row, (b * T + t) * this.width));
      else output.set(rec as number[], b * this.width);
    }
    this.calls.push(lengths);
    return { output, dims: this.perToken ? [batchSize, T, this.width] : [batchSize, this.width] };
  }
}

interface NerCase {
  text: string;
  input_ids: number[];
  logits: number[][];
}

for (const model of ['tiny-bert-ner', 'tiny-roberta-ner']) {
  test(`${model}: the NER pipeline over replayed logits, in batches sorted by length, gives transformers' output in input order`, async () => {
    const expected = read<{ cases: NerCase[]; pipeline: Record<AggregationStrategy, Record<string, number | string>[][]> }>(model, 'expected.json');
    const tokenizer = await loadTokenizer(join(HF, model));
    const labels = readModelLabels(read(model, 'config.json'));
    const runner = new RecordedOutputRunner(new Map(expected.cases.map((c) => [c.input_ids.join(','), c.logits])), true, labels.id2label.length);
    const pipeline = new TokenClassificationPipeline(tokenizer, runner, labels);
    const texts = expected.cases.map((c) => c.text);
    for (const strategy of Object.keys(expected.pipeline) as AggregationStrategy[]) {
      runner.calls = [];
      const results = await pipeline.run(texts, { aggregation: strategy, batchSize: 3 });
      results.forEach((entities, k) => assertSameEntities(texts[k], entities, expected.pipeline[strategy][k], `${model} ${strategy} case ${k}`));
      // Batches of at most 3, each holding texts sorted by length.
      const flat = runner.calls.flat();
      assert.deepEqual(flat, [...flat].sort((a, b) => a - b));
      assert.ok(runner.calls.every((c) => c.length <= 3), 'batches of at most 3');
      assert.equal(flat.length, texts.length);
    }
  });
}

test('tiny-bert-cite: the text-classification pipeline gives every label, highest first, as transformers', async () => {
  const expected = read<{ cases: { text: string; input_ids: number[]; logits: number[]; pipeline: { label: string; score: number }[][] }[] }>('tiny-bert-cite', 'expected.json');
  const tokenizer = await loadTokenizer(join(HF, 'tiny-bert-cite'));
  const labels = readModelLabels(read('tiny-bert-cite', 'config.json'));
  assert.equal(classificationFunction(labels), 'softmax');
  const runner = new RecordedOutputRunner(new Map(expected.cases.map((c) => [c.input_ids.join(','), c.logits])), false, 3);
  const results = await new TextClassificationPipeline(tokenizer, runner, labels).run(
    expected.cases.map((c) => c.text),
    { batchSize: 4 },
  );
  expected.cases.forEach((c, k) => {
    const want = c.pipeline[0];
    assert.deepEqual(results[k].map((r) => r.label), want.map((w) => w.label), `case ${k}`);
    results[k].forEach((r, i) => assert.ok(Math.abs(r.score - want[i].score) < 1e-4, `case ${k} ${r.label}`));
    assert.deepEqual(scoreLabels(c.logits, labels).map((r) => r.label), want.map((w) => w.label));
  });
});

test('classification function follows problem_type and the number of labels', () => {
  assert.equal(classificationFunction({ id2label: ['a', 'b'], problemType: 'multi_label_classification' }), 'sigmoid');
  assert.equal(classificationFunction({ id2label: ['score'] }), 'sigmoid');
  assert.equal(classificationFunction({ id2label: ['a', 'b', 'c'] }), 'softmax');
  const multi = scoreLabels([2, -1], { id2label: ['a', 'b'], problemType: 'multi_label_classification' });
  assert.ok(Math.abs(multi[0].score - 1 / (1 + Math.exp(-2))) < 1e-12, 'score is sigmoid(2)');
  assert.deepEqual(readModelLabels({ num_labels: 3 }).id2label, ['LABEL_0', 'LABEL_1', 'LABEL_2']);
});

test('tiny-bert-embed: CLS pooling of the recorded hidden state is the recorded CLS embedding; mean pooling skips padding', () => {
  const expected = read<{ attention_mask: number[][]; cls_embeddings: number[][]; last_hidden_state_first_paper: number[][] }>('tiny-bert-embed', 'expected.json');
  const hidden = Float32Array.from(expected.last_hidden_state_first_paper.flat());
  const T = expected.last_hidden_state_first_paper.length;
  const H = expected.cls_embeddings[0].length;
  const mask = expected.attention_mask[0];
  const cls = poolHiddenState(hidden, T, H, mask, 'cls');
  cls.forEach((v, h) => assert.ok(Math.abs(v - expected.cls_embeddings[0][h]) < 1e-6, 'CLS embedding matches the recorded one'));
  const mean = poolHiddenState(hidden, T, H, mask, 'mean');
  const kept = expected.last_hidden_state_first_paper.filter((_, t) => mask[t] === 1);
  assert.ok(kept.length < T, 'the first paper is padded');
  for (let h = 0; h < H; h++) {
    const want = kept.reduce((s, row) => s + row[h], 0) / kept.length;
    assert.ok(Math.abs(mean[h] - want) < 1e-5, 'mean pooling matches the recorded one');
  }
});

test('tiny-bert-embed: the embedding pipeline pools each paper and returns them in input order', async () => {
  const expected = read<{ texts: string[]; input_ids: number[][]; attention_mask: number[][]; cls_embeddings: number[][] }>('tiny-bert-embed', 'expected.json');
  const tokenizer = await loadTokenizer(join(HF, 'tiny-bert-embed'));
  const H = expected.cls_embeddings[0].length;
  // Hidden states are only recorded at the CLS position for papers 2 and 3: replay those, NaN elsewhere.
  const recorded = new Map<string, number[][]>();
  expected.input_ids.forEach((ids, k) => {
    const n = expected.attention_mask[k].reduce((a, b) => a + b, 0);
    recorded.set(ids.slice(0, n).join(','), [expected.cls_embeddings[k]]);
  });
  const runner = new RecordedOutputRunner(recorded, true, H);
  const vectors = await new EmbeddingPipeline(tokenizer, runner).run(expected.texts, { pooling: 'cls', batchSize: 2 });
  vectors.forEach((v, k) => v.forEach((x, h) => assert.ok(Math.abs(x - expected.cls_embeddings[k][h]) < 1e-6, `paper ${k}`)));
});
