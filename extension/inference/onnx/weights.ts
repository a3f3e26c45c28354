// State-dict access by role: finds the encoder's prefix ("bert.", "roberta.", none) and accepts
// the old TensorFlow-converted names (LayerNorm.gamma / beta).
import type { NamedTensor, StateDict } from '../checkpoint/types.ts';

export class WeightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightError';
  }
}

const ALIASES: Record<string, string[]> = { weight: ['weight', 'gamma'], bias: ['bias', 'beta'] };

export class Weights {
  readonly prefix: string;

  /** With `consume`, tensors are dropped from the dict once copied, so their memory can be freed early. */
  constructor(private readonly dict: StateDict, private readonly consume = false) {
    const key = [...dict.keys()].find((k) => k.endsWith('embeddings.word_embeddings.weight'));
    if (key === undefined) throw new WeightError('checkpoint has no embeddings.word_embeddings.weight: not a BERT/RoBERTa encoder');
    this.prefix = key.slice(0, key.length - 'embeddings.word_embeddings.weight'.length);
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  private key(name: string): string | undefined {
    const dot = name.lastIndexOf('.');
    const stem = name.slice(0, dot);
    const leaf = name.slice(dot + 1);
    return (ALIASES[leaf] ?? [leaf]).map((alt) => `${stem}.${alt}`).find((k) => this.dict.has(k));
  }

  private lookup(name: string): NamedTensor | undefined {
    const key = this.key(name);
    return key === undefined ? undefined : this.dict.get(key);
  }

  /** A tensor by its full state-dict name, with an expected shape. */
  get(name: string, shape: number[]): Float32Array {
    const t = this.lookup(name);
    if (!t) throw new WeightError(`checkpoint lacks ${name}`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new WeightError(`${name} has shape [${t.shape}], expected [${shape}]`);
    }
    return t.data;
  }

  /** A tensor of the encoder (name relative to the prefix). */
  enc(name: string, shape: number[]): Float32Array {
    return this.get(this.prefix + name, shape);
  }

  /** A PyTorch Linear weight [out, in], returned transposed to [in, out] for MatMul. */
  linear(name: string, out: number, inp: number): Float32Array {
    const t = transpose(this.get(name, [out, inp]), out, inp);
    if (this.consume) this.dict.delete(this.key(name)!);
    return t;
  }
}

/** [rows, cols] row-major → [cols, rows]. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const B = 64;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) {
        const base = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[base + c];
      }
    }
  }
  return out;
}
