// The embedding pipeline: CLS pooling (the first token's hidden state, as SPECTER2 uses) or attention-masked
// mean pooling (sentence-transformers: sum of unmasked states over max(count, 1e-9)).

import type { Tokenizer } from '../tokenizer/types.ts';
import { runSortedBatches, type BatchingOptions } from './batching.ts';
import { expectDims, packBatch, type EncoderRunner } from './encoder.ts';

export type Pooling = 'cls' | 'mean';

/** Pools one row of a [sequence × hidden] last hidden state. */
export function poolHiddenState(hidden: Float32Array, sequenceLength: number, hiddenSize: number, mask: ArrayLike<number>, pooling: Pooling): Float32Array {
  if (pooling === 'cls') return hidden.slice(0, hiddenSize);
  const sum = new Float64Array(hiddenSize);
  let count = 0;
  for (let t = 0; t < sequenceLength; t++) {
    if (!mask[t]) continue;
    count += mask[t];
    const row = t * hiddenSize;
    for (let h = 0; h < hiddenSize; h++) sum[h] += hidden[row + h] * mask[t];
  }
  const denominator = Math.max(count, 1e-9);
  return Float32Array.from(sum, (v) => v / denominator);
}

export interface EmbeddingOptions extends BatchingOptions {
  pooling?: Pooling;
  /** Truncate inputs to this many tokens (default: the tokenizer's modelMaxLength). */
  maxLength?: number;
  /** Scale each vector to unit length (for cosine similarity by dot product). */
  normalize?: boolean;
}

export class EmbeddingPipeline {
  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly runner: EncoderRunner,
  ) {}

  async run(texts: string[], options: EmbeddingOptions = {}): Promise<Float32Array[]> {
    const pooling = options.pooling ?? 'cls';
    const maxLength = Math.min(options.maxLength ?? this.tokenizer.modelMaxLength, this.tokenizer.modelMaxLength);
    const encodings = texts.map((text) => this.tokenizer.encode(text, { maxLength }));
    const vectors = await runSortedBatches(
      encodings,
      (e) => e.ids.length,
      async (chunk) => {
        const batch = packBatch(chunk, this.tokenizer.padTokenId);
        const out = await this.runner.run(batch);
        if (out.dims.length === 2) {
          expectDims(out, [batch.batchSize, undefined], 'embeddings');
          const hidden = out.dims[1];
          return chunk.map((_, b) => out.output.slice(b * hidden, (b + 1) * hidden));
        }
        expectDims(out, [batch.batchSize, batch.sequenceLength, undefined], 'embeddings');
        const hidden = out.dims[2];
        const rowSize = batch.sequenceLength * hidden;
        return chunk.map((_, b) =>
          poolHiddenState(
            out.output.subarray(b * rowSize, (b + 1) * rowSize),
            batch.sequenceLength,
            hidden,
            batch.attentionMask.subarray(b * batch.sequenceLength, (b + 1) * batch.sequenceLength),
            pooling,
          ),
        );
      },
      options,
    );
    return options.normalize ? vectors.map(unitLength) : vectors;
  }
}

export function unitLength(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm === 0 ? v : Float32Array.from(v, (x) => x / norm);
}
