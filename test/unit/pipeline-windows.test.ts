// Long texts: split into overlapping windows and stitched, the NER pipeline must give the entities of one
// full-window run everywhere except near the seams. No recorded oracle exists for this, so it is checked by
// construction with a deterministic fake encoder whose logits for a token depend on that token and its two
// neighbours in the row (a window edge therefore changes only the edge tokens, like a real encoder's context,
// but in a known place).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import type { EncodedBatch, EncoderOutput, EncoderRunner } from '../../extension/inference/pipelines/encoder.ts';
import { readModelLabels } from '../../extension/inference/pipelines/labels.ts';
import { TokenClassificationPipeline } from '../../extension/inference/pipelines/token-classification.ts';
import type { EntityGroup } from '../../extension/inference/pipelines/token-aggregation.ts';
import { HF_FIXTURES, readFixtureJson } from '../helpers/hf-recorded.ts';

class NeighbourHashFakeEncoder implements EncoderRunner {
  rows = 0;
  constructor(private readonly numLabels: number) {}

  async run(batch: EncodedBatch): Promise<EncoderOutput> {
    const { batchSize, sequenceLength: T, inputIds, attentionMask } = batch;
    const C = this.numLabels;
    const output = new Float32Array(batchSize * T * C);
    for (let b = 0; b < batchSize; b++) {
      this.rows++;
      const id = (t: number) => (t >= 0 && t < T && attentionMask[b * T + t] ? inputIds[b * T + t] : -1);
      for (let t = 0; t < T; t++) {
        for (let c = 0; c < C; c++) {
          const h = (id(t) * 31 + (id(t - 1) + 2) * 17 + (id(t + 1) + 2) * 7 + c * 13) % 23;
          output[(b * T + t) * C + c] = h / 4 + (c === 0 ? 1.5 : 0);
        }
      }
    }
    return { output, dims: [batchSize, T, C] };
  }
}

const TEXT = [
  'The glucocorticoid receptor (GR) binds IL-2 promoter regions in human T cells and CD28 co-stimulation.',
  'NF-kappa B activation through 5-lipoxygenase requires reactive oxygen production by lymphocytes.',
  'Protein binding of transcription factors to the promoter induced expression of the gene in Jurkat cells.',
  'We use the transformer architecture (Vaswani et al., 2017) and compare with BiLSTM-CRF baselines [12].',
].join(' ');

for (const aggregation of ['simple', 'average'] as const) {
  test(`windows of 24 tokens with stride 8 give the full-window entities away from the seams (${aggregation})`, async () => {
    const tokenizer = await loadTokenizer(join(HF_FIXTURES, 'tiny-bert-ner'));
    const labels = readModelLabels(readFixtureJson('tiny-bert-ner', 'config.json'));
    const encoder = new NeighbourHashFakeEncoder(labels.id2label.length);
    const pipeline = new TokenClassificationPipeline(tokenizer, encoder, labels);

    const full = tokenizer.encode(TEXT);
    assert.ok(full.ids.length > 60 && full.ids.length <= tokenizer.modelMaxLength, `${full.ids.length} tokens fit one window`);
    const [fullRun] = (await pipeline.run([TEXT], { aggregation })) as EntityGroup[][];

    const maxLength = 24;
    const stride = 8;
    encoder.rows = 0;
    const [windowed] = (await pipeline.run([TEXT], { aggregation, maxLength, stride })) as EntityGroup[][];
    const windows = tokenizer.encodeWindows(TEXT, { maxLength, stride });
    assert.ok(windows.length >= 4, 'at least 4 windows');
    assert.equal(encoder.rows, windows.length);

    // Seam tokens: the first and last text token of each window where it is not the text's own start or end.
    const budget = maxLength - 2;
    const step = budget - stride;
    const nText = full.ids.length - 2;
    const seams = new Set<number>();
    windows.forEach((_, k) => {
      if (k > 0) seams.add(1 + k * step);
      if (k < windows.length - 1) seams.add(1 + k * step + budget - 1);
    });
    // Compared in words: a seam may change its word's label, and that word may then join a neighbouring group.
    const wordAt = (char: number) => full.wordIds[full.offsets.findIndex(([s, e], i) => i > 0 && i <= nText && s <= char && char < e)] as number;
    const seamWords = [...seams].map((t) => full.wordIds[t] as number);
    const awayFromSeams = (e: EntityGroup) => {
      const a = wordAt(e.start);
      const b = wordAt(e.end - 1);
      return seamWords.every((w) => w < a - 1 || w > b + 1);
    };
    const key = (e: EntityGroup) => `${e.entity_group}|${e.word}|${e.start}|${e.end}`;
    const fullAway = fullRun.filter(awayFromSeams);
    const windowedAway = windowed.filter(awayFromSeams);
    assert.ok(fullAway.length >= 5, `enough entities to compare (${fullAway.length})`);
    assert.deepEqual(windowedAway.map(key), fullAway.map(key));
    const scores = new Map(fullAway.map((e) => [key(e), e.score]));
    for (const e of windowedAway) assert.ok(Math.abs(e.score - (scores.get(key(e)) as number)) < 1e-6, 'score equals the unwindowed one');
    // Entities come out sorted and never overlap after stitching.
    for (let i = 1; i < windowed.length; i++) assert.ok(windowed[i].start >= windowed[i - 1].end, 'windowed entities do not overlap');
  });
}

test('many short texts: one row each, results in input order whatever the batch size', async () => {
  const tokenizer = await loadTokenizer(join(HF_FIXTURES, 'tiny-bert-ner'));
  const labels = readModelLabels(readFixtureJson('tiny-bert-ner', 'config.json'));
  const pipeline = new TokenClassificationPipeline(tokenizer, new NeighbourHashFakeEncoder(labels.id2label.length), labels);
  const texts = TEXT.split(/(?<=\.) /).flatMap((s) => [s, s.slice(0, 30), '']).concat(['T cells.']);
  const one = await Promise.all(texts.map((t) => pipeline.run([t], { aggregation: 'first' })));
  const batched = await pipeline.run(texts, { aggregation: 'first', batchSize: 4 });
  assert.deepEqual(batched, one.map((r) => r[0]));
});

test('a cancelled run stops before the next batch', async () => {
  const tokenizer = await loadTokenizer(join(HF_FIXTURES, 'tiny-bert-ner'));
  const labels = readModelLabels(readFixtureJson('tiny-bert-ner', 'config.json'));
  const controller = new AbortController();
  const encoder = new NeighbourHashFakeEncoder(labels.id2label.length);
  const abortingEncoder: EncoderRunner = {
    run: async (batch) => {
      controller.abort();
      return encoder.run(batch);
    },
  };
  const pipeline = new TokenClassificationPipeline(tokenizer, abortingEncoder, labels);
  await assert.rejects(pipeline.run(['a', 'b', 'c', 'd'], { batchSize: 1, signal: controller.signal }), { name: 'AbortError' });
  assert.equal(encoder.rows, 1);
});
