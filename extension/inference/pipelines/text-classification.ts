// The text-classification pipeline: every label with its score, highest first, as transformers'
// TextClassificationPipeline with top_k=None. The function applied to the logits is chosen as transformers
// chooses it: sigmoid for multi-label problems or a single output, softmax for single-label problems or
// several outputs, else config.function_to_apply, else none.

import type { Tokenizer } from '../tokenizer/types.ts';
import { runSortedBatches, type BatchingOptions } from './batching.ts';
import { expectDims, packBatch, type EncoderRunner } from './encoder.ts';
import type { ModelLabels } from './labels.ts';
import { sigmoid, softmax } from './math.ts';

export interface LabelScore {
  label: string;
  score: number;
}

export type ClassificationFunction = 'softmax' | 'sigmoid' | 'none';

export function classificationFunction(labels: ModelLabels): ClassificationFunction {
  const n = labels.id2label.length;
  if (labels.problemType === 'multi_label_classification' || n === 1) return 'sigmoid';
  if (labels.problemType === 'single_label_classification' || n > 1) return 'softmax';
  return labels.functionToApply ?? 'none';
}

/** One row of logits → [{label, score}] for every label, highest first (stable for ties, as Python's sorted). */
export function scoreLabels(logits: ArrayLike<number>, labels: ModelLabels, fn: ClassificationFunction = classificationFunction(labels)): LabelScore[] {
  const scores = fn === 'softmax' ? softmax(logits) : fn === 'sigmoid' ? sigmoid(logits) : Float64Array.from(logits);
  return Array.from(scores, (score, i) => ({ label: labels.id2label[i] ?? `LABEL_${i}`, score })).sort((a, b) => b.score - a.score);
}

export interface TextClassificationOptions extends BatchingOptions {
  /** Truncate inputs to this many tokens (default: the tokenizer's modelMaxLength). */
  maxLength?: number;
  /** A second text per input (sentence-pair models). */
  pairs?: string[];
  functionToApply?: ClassificationFunction;
}

export class TextClassificationPipeline {
  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly runner: EncoderRunner,
    private readonly labels: ModelLabels,
  ) {}

  async run(texts: string[], options: TextClassificationOptions = {}): Promise<LabelScore[][]> {
    const maxLength = Math.min(options.maxLength ?? this.tokenizer.modelMaxLength, this.tokenizer.modelMaxLength);
    const encodings = texts.map((text, i) => this.tokenizer.encode(text, { maxLength, pair: options.pairs?.[i] }));
    const numLabels = this.labels.id2label.length;
    const fn = options.functionToApply ?? classificationFunction(this.labels);
    return runSortedBatches(
      encodings,
      (e) => e.ids.length,
      async (chunk) => {
        const batch = packBatch(chunk, this.tokenizer.padTokenId);
        const out = await this.runner.run(batch);
        expectDims(out, [batch.batchSize, numLabels], 'text classification');
        return chunk.map((_, b) => scoreLabels(out.output.subarray(b * numLabels, (b + 1) * numLabels), this.labels, fn));
      },
      options,
    );
  }
}
