// The token-classification (NER) pipeline: texts → windows of at most maxLength tokens overlapping by `stride`
// → batches sorted by length → encoder → transformers' post-processing per window → entities stitched per text,
// returned in input order. A text that fits one window gives exactly transformers' output.

import type { Encoding, Tokenizer } from '../tokenizer/types.ts';
import { runSortedBatches, type BatchingOptions } from './batching.ts';
import { expectDims, packBatch, type EncoderRunner } from './encoder.ts';
import type { ModelLabels } from './labels.ts';
import { postprocessTokenClassification, type TokenClassificationEntity, type TokenPostprocessOptions, type WindowLogits } from './token-aggregation.ts';

export interface TokenClassificationOptions extends TokenPostprocessOptions, BatchingOptions {
  /** Tokens per window, special tokens included (default: the tokenizer's modelMaxLength). */
  maxLength?: number;
  /** Tokens shared by consecutive windows of a long text (default: a quarter of the window's text tokens). */
  stride?: number;
}

interface Job {
  text: number;
  encoding: Encoding;
  indexOffset: number;
}

export class TokenClassificationPipeline {
  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly runner: EncoderRunner,
    private readonly labels: ModelLabels,
  ) {}

  async run(texts: string[], options: TokenClassificationOptions = {}): Promise<TokenClassificationEntity[][]> {
    const maxLength = Math.min(options.maxLength ?? this.tokenizer.modelMaxLength, this.tokenizer.modelMaxLength);
    const textTokens = maxLength - this.tokenizer.numSpecialTokensToAdd(false);
    const stride = options.stride ?? Math.floor(textTokens / 4);
    const jobs: Job[] = [];
    texts.forEach((text, t) => {
      const windows = this.tokenizer.encodeWindows(text, { maxLength, stride });
      windows.forEach((encoding, k) => jobs.push({ text: t, encoding, indexOffset: k * (textTokens - stride) }));
    });
    const numLabels = this.labels.id2label.length;
    const logits = await runSortedBatches(
      jobs,
      (job) => job.encoding.ids.length,
      async (chunk) => {
        const batch = packBatch(
          chunk.map((j) => j.encoding),
          this.tokenizer.padTokenId,
        );
        const out = await this.runner.run(batch);
        expectDims(out, [batch.batchSize, batch.sequenceLength, numLabels], 'token classification');
        const rowSize = batch.sequenceLength * numLabels;
        return chunk.map((job, b) => out.output.subarray(b * rowSize, b * rowSize + job.encoding.ids.length * numLabels));
      },
      options,
    );
    const perText: WindowLogits[][] = texts.map(() => []);
    jobs.forEach((job, j) => perText[job.text].push({ encoding: job.encoding, logits: logits[j], indexOffset: job.indexOffset }));
    return texts.map((text, t) => postprocessTokenClassification(text, perText[t], this.labels.id2label, this.tokenizer, options));
  }
}
