// An onnxruntime-node session over a built encoder graph: pads a batch of token rows,
// runs it, and returns the graph's one output as a flat float array with its dims.
import * as ort from 'onnxruntime-node';
import type { ModelInfo } from '../onnx/encoder.ts';

export interface SessionOptions {
  /** Intra-op threads; default: onnxruntime's own choice (one per physical core). */
  intraOpThreads?: number;
  /** Graph optimisation level; default 'all'. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

export interface EncoderInput {
  /** One row of token ids per sequence; rows may differ in length. */
  inputIds: ArrayLike<number>[];
  /** Defaults to 1 for every token of a row. */
  attentionMask?: ArrayLike<number>[];
  /** Defaults to 0. */
  tokenTypeIds?: ArrayLike<number>[];
}

export interface EncoderOutput {
  /** Row-major values: [batch, seq, hidden|labels] or [batch, labels]. */
  data: Float32Array;
  dims: number[];
}

export class EncoderSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly info: ModelInfo,
    /** The id padded positions carry (masked out, so any valid id does). */
    private readonly padId: number,
  ) {}

  static async create(model: string | Uint8Array, info: ModelInfo, padId: number, options: SessionOptions = {}): Promise<EncoderSession> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: options.optimization ?? 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      logSeverityLevel: 3,
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
    };
    const session = typeof model === 'string'
      ? await ort.InferenceSession.create(model, sessionOptions)
      : await ort.InferenceSession.create(model, sessionOptions);
    return new EncoderSession(session, info, padId);
  }

  async run(input: EncoderInput): Promise<EncoderOutput> {
    const batch = input.inputIds.length;
    if (batch === 0) return { data: new Float32Array(0), dims: [0] };
    let seq = 0;
    for (const row of input.inputIds) seq = Math.max(seq, row.length);
    if (seq > this.info.maxSequenceLength) {
      throw new RangeError(`sequence of ${seq} tokens exceeds the model's ${this.info.maxSequenceLength}`);
    }
    const ids = new BigInt64Array(batch * seq).fill(BigInt(this.padId));
    const mask = new BigInt64Array(batch * seq);
    const types = new BigInt64Array(batch * seq);
    for (let b = 0; b < batch; b++) {
      const row = input.inputIds[b];
      const m = input.attentionMask?.[b];
      const t = input.tokenTypeIds?.[b];
      for (let i = 0; i < row.length; i++) {
        ids[b * seq + i] = BigInt(row[i]);
        mask[b * seq + i] = BigInt(m ? m[i] : 1);
        if (t) types[b * seq + i] = BigInt(t[i]);
      }
    }
    const dims = [batch, seq];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
    };
    if (this.info.inputs.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', types, dims);
    const result = await this.session.run(feeds);
    const out = result[this.info.output];
    const data = out.data as Float32Array;
    const outDims = out.dims.map(Number);
    return { data, dims: outDims };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
