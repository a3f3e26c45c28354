// An onnxruntime-node session over a built encoder graph: pads a batch of token rows,
// runs it, and returns the graph's one output as a flat float array with its dims.
import '../ort-telemetry-off.ts'; // before onnxruntime-node loads
import * as ort from 'onnxruntime-node';
import type { ModelInfo } from '../onnx/encoder.ts';
import type { EncodedBatch, EncoderOutput as PipelineOutput, EncoderRunner } from '../pipelines/encoder.ts';

export interface SessionOptions {
  /** Intra-op threads; default: onnxruntime's own choice (one per physical core). */
  intraOpThreads?: number;
  /** Graph optimisation level; default 'all'. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Let idle intra-op threads spin (onnxruntime's default: lower latency, but burns CPU that the
   * editor and other processes on a small machine may need). Default true.
   */
  allowSpinning?: boolean;
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

export class EncoderSession implements EncoderRunner {
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
      ...(options.allowSpinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
    };
    const session = typeof model === 'string'
      ? await ort.InferenceSession.create(model, sessionOptions)
      : await ort.InferenceSession.create(model, sessionOptions);
    return new EncoderSession(session, info, padId);
  }

  /** The pipelines' seam: a batch already padded (int32 rows) → the graph's output. */
  async run(batch: EncodedBatch): Promise<PipelineOutput>;
  /** Rows of ids (any lengths), padded here. */
  async run(input: EncoderInput): Promise<EncoderOutput & PipelineOutput>;
  async run(input: EncodedBatch | EncoderInput): Promise<EncoderOutput & PipelineOutput> {
    if ('batchSize' in input) return this.runPacked(input);
    const out = await this.runRows(input);
    return { ...out, output: out.data };
  }

  private async runPacked(batch: EncodedBatch): Promise<EncoderOutput & PipelineOutput> {
    const n = batch.batchSize * batch.sequenceLength;
    if (n === 0) return { data: new Float32Array(0), output: new Float32Array(0), dims: [batch.batchSize, 0] };
    if (batch.sequenceLength > this.info.maxSequenceLength) {
      throw new RangeError(`sequence of ${batch.sequenceLength} tokens exceeds the model's ${this.info.maxSequenceLength}`);
    }
    const widen = (a: Int32Array): BigInt64Array => {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = BigInt(a[i]);
      return out;
    };
    const out = await this.feed(widen(batch.inputIds), widen(batch.attentionMask), widen(batch.tokenTypeIds), [batch.batchSize, batch.sequenceLength]);
    return { ...out, output: out.data };
  }

  private async runRows(input: EncoderInput): Promise<EncoderOutput> {
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
    return this.feed(ids, mask, types, [batch, seq]);
  }

  private async feed(ids: BigInt64Array, mask: BigInt64Array, types: BigInt64Array, dims: number[]): Promise<EncoderOutput> {
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
