// The pipelines on the real encoder: each fixture's graph built by extension/inference (from its safetensors or
// legacy/vocab-only weights) and run by onnxruntime-node, in padded batches sorted by length, must give the
// pipeline outputs transformers 5.17 recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEncoder } from '../../extension/inference/runtime/load.ts';
import { sessionRunner } from '../../extension/inference/pipelines/encoder.ts';
import { loadModelLabels } from '../../extension/inference/pipelines/labels.ts';
import { TokenClassificationPipeline } from '../../extension/inference/pipelines/token-classification.ts';
import { TextClassificationPipeline } from '../../extension/inference/pipelines/text-classification.ts';
import { EmbeddingPipeline } from '../../extension/inference/pipelines/embeddings.ts';
import type { AggregationStrategy } from '../../extension/inference/pipelines/token-aggregation.ts';
import { HF_FIXTURES, assertSameEntities, readFixtureJson } from '../helpers/hf-recorded.ts';

for (const model of ['tiny-bert-ner', 'tiny-roberta-ner', 'tiny-bert-ner-vocabonly']) {
  test(`${model}: NER pipeline on the ONNX encoder reproduces transformers' pipeline outputs`, async () => {
    const dir = join(HF_FIXTURES, model);
    const expected = readFixtureJson<{ cases: { text: string }[]; pipeline: Record<AggregationStrategy, Record<string, number | string>[][]> }>(model, 'expected.json');
    const encoder = await loadEncoder(dir, { cache: false });
    try {
      const pipeline = new TokenClassificationPipeline(encoder.tokenizer, sessionRunner(encoder.session), await loadModelLabels(dir));
      const texts = expected.cases.map((c) => c.text);
      for (const strategy of Object.keys(expected.pipeline) as AggregationStrategy[]) {
        const results = await pipeline.run(texts, { aggregation: strategy, batchSize: 3 });
        results.forEach((entities, k) => assertSameEntities(texts[k], entities, expected.pipeline[strategy][k], `${model} ${strategy} case ${k}`));
      }
    } finally {
      await encoder.release();
    }
  });
}

test('tiny-bert-cite: classification pipeline on the ONNX encoder reproduces transformers', async () => {
  const dir = join(HF_FIXTURES, 'tiny-bert-cite');
  const expected = readFixtureJson<{ cases: { text: string; pipeline: { label: string; score: number }[][] }[] }>('tiny-bert-cite', 'expected.json');
  const encoder = await loadEncoder(dir, { cache: false });
  try {
    const results = await new TextClassificationPipeline(encoder.tokenizer, sessionRunner(encoder.session), await loadModelLabels(dir)).run(
      expected.cases.map((c) => c.text),
      { batchSize: 3 },
    );
    expected.cases.forEach((c, k) => {
      assert.deepEqual(results[k].map((r) => r.label), c.pipeline[0].map((w) => w.label), `case ${k}`);
      results[k].forEach((r, i) => assert.ok(Math.abs(r.score - c.pipeline[0][i].score) < 1e-4, `case ${k} ${r.label}`));
    });
  } finally {
    await encoder.release();
  }
});

test('a classifier whose config.json has num_labels but no id2label runs with LABEL_i, as transformers names them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-numlabels-'));
  cpSync(join(HF_FIXTURES, 'tiny-bert-cite'), dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const recordedLabels = Object.values(config.id2label as Record<string, string>);
  delete config.id2label;
  delete config.label2id;
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, num_labels: recordedLabels.length }));
  const expected = readFixtureJson<{ cases: { text: string; pipeline: { label: string; score: number }[][] }[] }>('tiny-bert-cite', 'expected.json');
  const encoder = await loadEncoder(dir, { cache: false });
  try {
    const [first] = await new TextClassificationPipeline(encoder.tokenizer, sessionRunner(encoder.session), await loadModelLabels(dir)).run([expected.cases[0].text]);
    const recorded = expected.cases[0].pipeline[0][0];
    assert.equal(first[0].label, `LABEL_${recordedLabels.indexOf(recorded.label)}`, 'the top label is named by its index');
    assert.ok(Math.abs(first[0].score - recorded.score) < 1e-4, 'the same score as the named model');
  } finally {
    await encoder.release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tiny-bert-embed: CLS and mean pooling on the ONNX encoder match the recorded hidden states', async () => {
  const dir = join(HF_FIXTURES, 'tiny-bert-embed');
  const expected = readFixtureJson<{ texts: string[]; attention_mask: number[][]; cls_embeddings: number[][]; last_hidden_state_first_paper: number[][] }>('tiny-bert-embed', 'expected.json');
  const encoder = await loadEncoder(dir, { cache: false });
  try {
    const pipeline = new EmbeddingPipeline(encoder.tokenizer, sessionRunner(encoder.session));
    const cls = await pipeline.run(expected.texts, { pooling: 'cls', batchSize: 2 });
    cls.forEach((v, k) => v.forEach((x, h) => assert.ok(Math.abs(x - expected.cls_embeddings[k][h]) < 1e-4, `paper ${k} dim ${h}`)));
    const [mean] = await pipeline.run([expected.texts[0]], { pooling: 'mean' });
    const kept = expected.last_hidden_state_first_paper.filter((_, t) => expected.attention_mask[0][t] === 1);
    mean.forEach((x, h) => assert.ok(Math.abs(x - kept.reduce((s, row) => s + row[h], 0) / kept.length) < 1e-4, `dim ${h}`));
  } finally {
    await encoder.release();
  }
});
