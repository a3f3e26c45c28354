// BERT / RoBERTa encoder + head → ONNX, following transformers' modeling_bert / modeling_roberta.
// Two forms: `fused` emits onnxruntime's com.microsoft ops (Attention, SkipLayerNormalization,
// BiasGelu/FastGelu, DynamicQuantizeMatMul, QAttention on request); `plain` emits standard ONNX only.
// Measured on BERT-base, seq 128, 2 threads (bench/inference.ts, round-robin; tokens/s wall-clock
// on the quietest run, then per CPU time, which other load on the shared cores distorts less):
//   fp32  batch 1: fused 1399 / plain 1772 (CPU 1903 / 2062); batch 8: 1689 / 1946 (2072 / 2208)
//   int8  batch 1: fused 2905 / plain 3346 (CPU 3587 / 4078); batch 8: 1800 / 3259 (3436 / 4117)
// Over ten loaded runs plain also used less CPU time in 8 of 10 fp32 and all int8 comparisons.
// onnxruntime 1.30 (level "all", CPU) fuses the plain graph's GELU and attention scaling itself;
// its Attention kernel saves nothing here. Plain is the default; fused stays available.
// Embeddings are plain in both forms (Gather + Add + LayerNormalization): they are <1% of the
// work, so EmbedLayerNormalization (not measured) could save little, and the plain form serves
// BERT and RoBERTa (positions computed from the ids) alike.
import type { StateDict } from '../checkpoint/types.ts';
import type { BottleneckAdapter } from './adapter.ts';
import { defaultHead, type EncoderConfig, type HeadKind } from './config.ts';
import { GraphBuilder, MS_DOMAIN } from './graph.ts';
import { DataType } from './proto.ts';
import { quantizeColumns, toUint8 } from './quantize.ts';
import { Weights, WeightError } from './weights.ts';

export type Quantization = 'none' | 'int8';
export type WeightType = 's8' | 's8-reduced' | 'u8';

export interface BuildOptions {
  head?: HeadKind;
  /** com.microsoft fused ops or plain ONNX (default: plain, measured faster). */
  fused?: boolean;
  quantization?: Quantization;
  adapter?: BottleneckAdapter;
  /**
   * For int8, how weights are stored: 's8' full-range int8, 's8-reduced' int8 in 7 bits
   * (see quantize.ts), 'u8' uint8 with zero point 128. Default 'u8'.
   */
  weightType?: WeightType;
  /**
   * For int8: dense layers whose state-dict name contains one of these stay float. Default: the
   * heads, and the attention's Q/K/V projections unless quantizeAttention (softmax amplifies
   * their error: on a random BERT-base with a sharpened head, quantised Q/K/V flipped 1-3% of
   * confident token labels; float Q/K/V flipped none).
   */
  keepFloat?: string[];
  /** For int8: quantise the Q/K/V projections too (QAttention in the fused form). Default false. */
  quantizeAttention?: boolean;
  /** Drop tensors from `dict` as they are copied into the graph (lower peak memory; the dict is spent). */
  consume?: boolean;
}

/** What a runtime needs to know about a built graph (also stored next to cached models). */
export interface ModelInfo {
  family: 'bert' | 'roberta';
  head: HeadKind;
  labels: string[];
  hiddenSize: number;
  /** Longest input (special tokens included) the position table allows. */
  maxSequenceLength: number;
  inputs: string[];
  /** logits for classification heads, last_hidden_state for embedding. */
  output: string;
  fused: boolean;
  quantization: Quantization;
  adapter?: string;
}

export interface BuiltModel {
  bytes: Uint8Array;
  info: ModelInfo;
}

/** The faster form (see the figures above): plain for both precisions. */
export function defaultFused(_quantization: Quantization): boolean {
  return false;
}

const B = 'batch';
const S = 'sequence';

export function buildEncoderModel(config: EncoderConfig, dict: StateDict, options: BuildOptions = {}): BuiltModel {
  const head = options.head ?? defaultHead(config);
  const quantization = options.quantization ?? 'none';
  const fused = options.fused ?? defaultFused(quantization);
  const weightType = options.weightType ?? 'u8';
  // heads are tiny, and a fine-tuned head's large weights would amplify quantisation error
  const keepFloat = options.keepFloat ?? ['classifier', 'pooler', ...(options.quantizeAttention ? [] : ['attention.self.'])];
  const quantWeights = (W: Float32Array, inp: number, out: number, stem: string): { values: string; scales: string; zeros: string } => {
    const q = quantizeColumns(W, inp, out, weightType === 's8-reduced');
    if (weightType === 'u8') {
      return { values: g.uint8(`${stem}.wq`, [inp, out], toUint8(q)), scales: g.float(`${stem}.ws`, [out], q.scales),
        zeros: g.uint8(`${stem}.wz`, [out], new Uint8Array(out).fill(128)) };
    }
    return { values: g.int8(`${stem}.wq`, [inp, out], q.values), scales: g.float(`${stem}.ws`, [out], q.scales),
      zeros: g.int8(`${stem}.wz`, [out], new Int8Array(out)) };
  };
  const w = new Weights(dict, options.consume ?? false);
  const g = new GraphBuilder();
  const H = config.hiddenSize;
  const nh = config.numHeads;
  const dh = H / nh;
  const eps = { float: config.layerNormEps };
  const p = w.prefix;

  const ids = g.input('input_ids', DataType.INT64, [B, S]);
  const mask = g.input('attention_mask', DataType.INT64, [B, S]);
  const useTypes = config.family === 'bert';
  const types = useTypes ? g.input('token_type_ids', DataType.INT64, [B, S]) : '';

  // ---- dense layers: x·W + b, float or dynamically quantised
  const dense = (x: string, name: string, out: number, inp: number, withBias = true): string => {
    const W = w.linear(`${name}.weight`, out, inp);
    const bias = withBias ? w.get(`${name}.bias`, [out]) : undefined;
    return matmul(x, W, bias, inp, out, name);
  };
  const matmul = (x: string, W: Float32Array, bias: Float32Array | undefined, inp: number, out: number, stem: string): string => {
    if (quantization === 'int8' && !keepFloat.some((k) => stem.includes(k))) {
      const q = quantWeights(W, inp, out, stem);
      const inputs = [x, q.values, q.scales, q.zeros];
      if (bias) inputs.push(g.float(`${stem}.b`, [out], bias));
      return g.op('DynamicQuantizeMatMul', inputs, {}, MS_DOMAIN);
    }
    const y = g.op('MatMul', [x, g.float(`${stem}.w`, [inp, out], W)]);
    return bias ? g.op('Add', [y, g.float(`${stem}.b`, [out], bias)]) : y;
  };
  // a dense layer whose bias a fused consumer adds (SkipLayerNormalization, BiasGelu)
  const denseNoBias = (x: string, name: string, out: number, inp: number): [string, string] => {
    const y = matmul(x, w.linear(`${name}.weight`, out, inp), undefined, inp, out, name);
    return [y, g.float(`${name}.b`, [out], w.get(`${name}.bias`, [out]))];
  };
  const layerNorm = (x: string, name: string): string =>
    g.op('LayerNormalization', [x, g.float(`${name}.g`, [H], w.get(`${name}.weight`, [H])), g.float(`${name}.beta`, [H], w.get(`${name}.bias`, [H]))], { axis: -1, epsilon: eps });
  const skipLayerNorm = (x: string, skip: string, bias: string, name: string, sumOut = false): string[] => {
    const gamma = g.float(`${name}.g`, [H], w.get(`${name}.weight`, [H]));
    const beta = g.float(`${name}.beta`, [H], w.get(`${name}.bias`, [H]));
    return g.node('SkipLayerNormalization', [x, skip, gamma, beta, bias], sumOut ? ['sln', '', '', 'sln_sum'] : 1, { epsilon: eps }, MS_DOMAIN);
  };
  const scalar = (stem: string, v: number): string => g.float(stem, [], new Float32Array([v]));
  const activation = (x: string, kind: string): string => {
    if (kind === 'relu') return g.op('Relu', [x]);
    if (kind === 'tanh') return g.op('Tanh', [x]);
    if (kind === 'swish') return g.op('Mul', [x, g.op('Sigmoid', [x])]);
    if (kind === 'gelu_new') {
      // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const x3 = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [x3, scalar('c044715', 0.044715)])]), scalar('sqrt2pi', Math.sqrt(2 / Math.PI))]);
      return g.op('Mul', [g.op('Mul', [x, scalar('half', 0.5)]), g.op('Add', [g.op('Tanh', [inner]), scalar('one', 1)])]);
    }
    // exact gelu: 0.5·x·(1 + erf(x/√2))
    const erf = g.op('Erf', [g.op('Div', [x, scalar('sqrt2', Math.SQRT2)])]);
    return g.op('Mul', [g.op('Mul', [x, g.op('Add', [erf, scalar('one', 1)])]), scalar('half', 0.5)]);
  };

  // ---- embeddings
  const V = config.vocabSize;
  const words = g.op('Gather', [g.float('word_embeddings', [V, H], w.enc('embeddings.word_embeddings.weight', [V, H])), ids], { axis: 0 });
  const posTable = g.float('position_embeddings', [config.maxPositions, H], w.enc('embeddings.position_embeddings.weight', [config.maxPositions, H]));
  let positions: string;
  if (config.family === 'roberta') {
    // transformers' create_position_ids_from_input_ids: cumsum(ids != pad) * (ids != pad) + pad
    const notPad = g.op('Cast', [g.op('Not', [g.op('Equal', [ids, g.int64('pad_id', [], [config.padTokenId])])])], { to: DataType.INT64 });
    const cum = g.op('CumSum', [notPad, g.int64('axis1', [], [1])]);
    const posIds = g.op('Add', [g.op('Mul', [cum, notPad]), g.int64('pad_offset', [], [config.padTokenId])]);
    positions = g.op('Gather', [posTable, posIds], { axis: 0 });
  } else {
    const seqLen = g.op('Gather', [g.op('Shape', [ids]), g.int64('idx1', [1], [1])], { axis: 0 });
    positions = g.op('Slice', [posTable, g.int64('zero1', [1], [0]), seqLen, g.int64('axis0', [1], [0])]);
  }
  let emb = g.op('Add', [words, positions]);
  const T = config.typeVocabSize;
  const typeTable = w.enc('embeddings.token_type_embeddings.weight', [T, H]);
  if (useTypes) emb = g.op('Add', [emb, g.op('Gather', [g.float('token_type_embeddings', [T, H], typeTable), types], { axis: 0 })]);
  else emb = g.op('Add', [emb, g.float('token_type_row0', [H], typeTable.slice(0, H))]);
  let x = layerNorm(emb, `${p}embeddings.LayerNorm`);

  // ---- attention mask
  let maskIndex = '';
  let additiveMask = '';
  if (fused) {
    maskIndex = g.op('Cast', [mask], { to: DataType.INT32 });
  } else {
    // (1 - mask) · -10000, shaped [batch, 1, 1, seq] (onnxruntime's Attention uses the same filter value)
    const m = g.op('Cast', [mask], { to: DataType.FLOAT });
    const neg = g.op('Mul', [g.op('Sub', [scalar('one_m', 1), m]), scalar('neg_big', -10000)]);
    additiveMask = g.op('Unsqueeze', [neg, g.int64('axes12', [2], [1, 2])]);
  }

  const I = config.intermediateSize;
  const shapeHeads = fused ? '' : g.int64('shape_heads', [4], [0, 0, nh, dh]);
  const shapeHidden = fused ? '' : g.int64('shape_hidden', [3], [0, 0, H]);
  for (let l = 0; l < config.numLayers; l++) {
    const L = `${p}encoder.layer.${l}`;
    const A = `${L}.attention`;
    let attnOut: string;
    if (fused) {
      const Wqkv = new Float32Array(H * 3 * H);
      const bqkv = new Float32Array(3 * H);
      ['query', 'key', 'value'].forEach((part, k) => {
        const Wt = w.linear(`${A}.self.${part}.weight`, H, H);
        for (let r = 0; r < H; r++) Wqkv.set(Wt.subarray(r * H, (r + 1) * H), r * 3 * H + k * H);
        bqkv.set(w.get(`${A}.self.${part}.bias`, [H]), k * H);
      });
      const bias = g.float(`${A}.qkv.b`, [3 * H], bqkv);
      if (quantization === 'int8' && options.quantizeAttention) {
        const q = quantWeights(Wqkv, H, 3 * H, `${A}.qkv`);
        const [xq, xs, xz] = g.node('DynamicQuantizeLinear', [x], 3);
        attnOut = g.op('QAttention', [xq, q.values, bias, xs, q.scales, maskIndex, xz, q.zeros], { num_heads: nh }, MS_DOMAIN);
      } else {
        attnOut = g.op('Attention', [x, g.float(`${A}.qkv.w`, [H, 3 * H], Wqkv), bias, maskIndex], { num_heads: nh }, MS_DOMAIN);
      }
    } else {
      const heads = (part: string): string => g.op('Reshape', [dense(x, `${A}.self.${part}`, H, H), shapeHeads]);
      const q = g.op('Transpose', [heads('query')], { perm: [0, 2, 1, 3] });
      const k = g.op('Transpose', [heads('key')], { perm: [0, 2, 3, 1] });
      const v = g.op('Transpose', [heads('value')], { perm: [0, 2, 1, 3] });
      const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [q, k]), scalar(`sqrt_dh`, Math.sqrt(dh))]), additiveMask]);
      const probs = g.op('Softmax', [scores], { axis: -1 });
      const ctx = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] });
      attnOut = g.op('Reshape', [ctx, shapeHidden]);
    }
    let h1: string;
    if (fused) {
      const [o, ob] = denseNoBias(attnOut, `${A}.output.dense`, H, H);
      h1 = skipLayerNorm(o, x, ob, `${A}.output.LayerNorm`)[0];
    } else {
      h1 = layerNorm(g.op('Add', [dense(attnOut, `${A}.output.dense`, H, H), x]), `${A}.output.LayerNorm`);
    }
    let inter: string;
    if (fused && config.activation !== 'relu') {
      const [y, yb] = denseNoBias(h1, `${L}.intermediate.dense`, I, H);
      inter = g.op(config.activation === 'gelu' ? 'BiasGelu' : 'FastGelu', [y, yb], {}, MS_DOMAIN);
    } else {
      inter = activation(dense(h1, `${L}.intermediate.dense`, I, H), config.activation);
    }
    const adapterLayer = options.adapter?.layers.get(l);
    const outLN = `${L}.output.LayerNorm`;
    if (fused) {
      const [o, ob] = denseNoBias(inter, `${L}.output.dense`, H, I);
      const [t, sum] = skipLayerNorm(o, h1, ob, outLN, adapterLayer !== undefined).filter((n) => n !== '');
      if (adapterLayer && options.adapter) {
        const up = adapterUp(t, adapterLayer, options.adapter, l);
        x = skipLayerNorm(up.y, sum, up.bias, outLN)[0];
      } else {
        x = t;
      }
    } else {
      const s = g.op('Add', [dense(inter, `${L}.output.dense`, H, I), h1]);
      const t = layerNorm(s, outLN);
      if (adapterLayer && options.adapter) {
        const up = adapterUp(t, adapterLayer, options.adapter, l);
        x = layerNorm(g.op('Add', [s, g.op('Add', [up.y, up.bias])]), outLN);
      } else {
        x = t;
      }
    }
  }

  function adapterUp(t: string, a: { downWeight: Float32Array; downBias: Float32Array; upWeight: Float32Array; upBias: Float32Array },
    adapter: BottleneckAdapter, l: number): { y: string; bias: string } {
    const Bn = adapter.bottleneckSize;
    const stem = `adapter.${l}`;
    const down = activation(matmul(t, transposeOf(a.downWeight, Bn, H), a.downBias, H, Bn, `${stem}.down`), adapter.nonLinearity);
    const upW = transposeOf(a.upWeight, H, Bn);
    const upB = Float32Array.from(a.upBias);
    if (adapter.scaling !== 1) {
      for (let i = 0; i < upW.length; i++) upW[i] *= adapter.scaling;
      for (let i = 0; i < upB.length; i++) upB[i] *= adapter.scaling;
    }
    return { y: matmul(down, upW, undefined, Bn, H, `${stem}.up`), bias: g.float(`${stem}.up.b`, [H], upB) };
  }

  // ---- heads
  const labels = config.labels;
  let output: string;
  if (head === 'embedding') {
    g.op('Identity', [x], {}, '', 'last_hidden_state');
    g.output('last_hidden_state', DataType.FLOAT, [B, S, H]);
    output = 'last_hidden_state';
  } else {
    const nl = labels.length;
    if (nl === 0) throw new WeightError('config.json has no id2label: cannot build a classification head');
    let logits: string;
    if (head === 'token-classification') {
      logits = dense(x, 'classifier', nl, H);
    } else {
      const cls = g.op('Gather', [x, g.int64('idx0', [], [0])], { axis: 1 });
      if (config.family === 'roberta') {
        logits = dense(g.op('Tanh', [dense(cls, 'classifier.dense', H, H)]), 'classifier.out_proj', nl, H);
      } else {
        logits = dense(g.op('Tanh', [dense(cls, `${p}pooler.dense`, H, H)]), 'classifier', nl, H);
      }
    }
    g.op('Identity', [logits], {}, '', 'logits');
    g.output('logits', DataType.FLOAT, head === 'token-classification' ? [B, S, nl] : [B, nl]);
    output = 'logits';
  }

  const info: ModelInfo = {
    family: config.family,
    head,
    labels,
    hiddenSize: H,
    maxSequenceLength: config.family === 'roberta' ? config.maxPositions - config.padTokenId - 1 : config.maxPositions,
    inputs: useTypes ? ['input_ids', 'attention_mask', 'token_type_ids'] : ['input_ids', 'attention_mask'],
    output,
    fused,
    quantization,
    ...(options.adapter ? { adapter: options.adapter.name } : {}),
  };
  const bytes = g.encode(`${config.family} ${head}${options.adapter ? ` + adapter ${options.adapter.name}` : ''}`, {
    sciwrite_info: JSON.stringify(info),
  });
  return { bytes, info };
}

function transposeOf(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}
