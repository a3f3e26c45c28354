// Tensors as read from a checkpoint, before any graph is built.

export type StoredDType = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export interface NamedTensor {
  name: string;
  /** The dtype the checkpoint stored. */
  dtype: StoredDType;
  shape: number[];
  /** Values widened to float32 (fp16/bf16 converted exactly); integer tensors converted too. */
  data: Float32Array;
}

/** All tensors of a checkpoint by their state-dict name (e.g. "bert.encoder.layer.0.attention.self.query.weight"). */
export type StateDict = Map<string, NamedTensor>;
