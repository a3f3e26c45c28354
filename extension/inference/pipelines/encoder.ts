// The one seam between the pipelines and whatever runs the network (the ONNX Runtime session of
// extension/inference, or a recorded-output replay in tests).
//
// A runner receives a padded batch and returns the model's single output tensor, row-major float32:
//   token classification      → dims [batch, sequence, numLabels]  (logits)
//   sequence classification   → dims [batch, numLabels]            (logits)
//   embeddings                → dims [batch, sequence, hidden]     (last hidden state; pooled here), or
//                               dims [batch, hidden]               (already pooled in the graph)
// Inputs are int32 (EmbedLayerNormalization wants int32; a graph with int64 inputs converts at its boundary).

import type { Encoding } from '../tokenizer/types.ts';

export interface EncodedBatch {
  batchSize: number;
  /** Padded length of every row. */
  sequenceLength: number;
  /** Row-major [batchSize × sequenceLength]. */
  inputIds: Int32Array;
  tokenTypeIds: Int32Array;
  attentionMask: Int32Array;
}

export interface EncoderOutput {
  output: Float32Array;
  dims: number[];
}

export interface EncoderRunner {
  run(batch: EncodedBatch): Promise<EncoderOutput>;
}

/** Packs encodings into one batch, padding on the right to the longest (ids padId, type 0, mask 0). */
export function packBatch(encodings: Encoding[], padId: number): EncodedBatch {
  const batchSize = encodings.length;
  const sequenceLength = Math.max(0, ...encodings.map((e) => e.ids.length));
  const inputIds = new Int32Array(batchSize * sequenceLength).fill(padId);
  const tokenTypeIds = new Int32Array(batchSize * sequenceLength);
  const attentionMask = new Int32Array(batchSize * sequenceLength);
  encodings.forEach((e, b) => {
    const row = b * sequenceLength;
    for (let t = 0; t < e.ids.length; t++) {
      inputIds[row + t] = e.ids[t];
      tokenTypeIds[row + t] = e.typeIds[t];
      attentionMask[row + t] = e.attentionMask[t];
    }
  });
  return { batchSize, sequenceLength, inputIds, tokenTypeIds, attentionMask };
}

/** Checks an output's shape against what the pipeline expects, with a message that names the mismatch. */
export function expectDims(out: EncoderOutput, expected: (number | undefined)[], what: string): void {
  const ok = out.dims.length === expected.length && expected.every((d, i) => d === undefined || out.dims[i] === d);
  const size = out.dims.reduce((a, b) => a * b, 1);
  if (!ok || size !== out.output.length) {
    throw new Error(`${what}: the encoder returned dims [${out.dims.join(', ')}] (${out.output.length} values), expected [${expected.map((d) => d ?? '?').join(', ')}]`);
  }
}

/** A session that takes one row per sequence and pads them itself (runtime/session.ts's EncoderSession). */
export interface RowEncoderSession {
  run(input: { inputIds: ArrayLike<number>[]; attentionMask?: ArrayLike<number>[]; tokenTypeIds?: ArrayLike<number>[] }): Promise<{ data: Float32Array; dims: number[] }>;
}

/** Adapts a row-taking session to EncoderRunner: rows are the padded batch's rows, masks included. */
export function sessionRunner(session: RowEncoderSession): EncoderRunner {
  return {
    async run(batch) {
      const { batchSize: B, sequenceLength: T } = batch;
      const rows = (a: Int32Array) => Array.from({ length: B }, (_, b) => a.subarray(b * T, (b + 1) * T));
      const out = await session.run({ inputIds: rows(batch.inputIds), attentionMask: rows(batch.attentionMask), tokenTypeIds: rows(batch.tokenTypeIds) });
      return { output: out.data, dims: out.dims };
    },
  };
}
