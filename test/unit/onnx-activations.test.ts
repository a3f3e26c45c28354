// hidden_act gelu_new and relu have no recorded fixture: check both graph forms against a plain
// JavaScript forward pass of the same tiny BERT (written from transformers' modeling_bert).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadStateDict } from '../../extension/inference/checkpoint/load.ts';
import type { StateDict } from '../../extension/inference/checkpoint/types.ts';
import { parseEncoderConfig, type Activation, type EncoderConfig } from '../../extension/inference/onnx/config.ts';
import { buildEncoderModel } from '../../extension/inference/onnx/encoder.ts';
import { EncoderSession } from '../../extension/inference/runtime/session.ts';

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'hf', 'tiny-bert-ner');

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead (|x| is small here)
  const sign = Math.sign(x);
  const a = Math.abs(x);
  if (a > 6) return sign;
  let sum = 0;
  let term = a;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-a * a) / (n + 1);
  }
  return (sign * 2 * sum) / Math.sqrt(Math.PI);
}

const ACT: Record<Activation, (x: number) => number> = {
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  gelu_new: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  relu: (x) => Math.max(0, x),
};

/** transformers' BertForTokenClassification forward for one unpadded sequence, in float64. */
function reference(c: EncoderConfig, sd: StateDict, ids: number[]): number[][] {
  const W = (n: string): Float32Array => sd.get(n)!.data;
  const H = c.hiddenSize, nh = c.numHeads, dh = H / nh, S = ids.length;
  const linear = (x: number[][], name: string, out: number): number[][] => {
    const w = W(`${name}.weight`), b = W(`${name}.bias`), inp = x[0].length;
    return x.map((row) => Array.from({ length: out }, (_, o) => {
      let s = b[o];
      for (let i = 0; i < inp; i++) s += row[i] * w[o * inp + i];
      return s;
    }));
  };
  const ln = (x: number[][], name: string): number[][] => x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / H;
    const v = row.reduce((a, b) => a + (b - mean) ** 2, 0) / H;
    return row.map((r, i) => ((r - mean) / Math.sqrt(v + c.layerNormEps)) * W(`${name}.weight`)[i] + W(`${name}.bias`)[i]);
  });
  const add = (a: number[][], b: number[][]): number[][] => a.map((r, i) => r.map((v, j) => v + b[i][j]));
  let x = ids.map((id, t) => Array.from({ length: H }, (_, h) =>
    W('bert.embeddings.word_embeddings.weight')[id * H + h] + W('bert.embeddings.position_embeddings.weight')[t * H + h] + W('bert.embeddings.token_type_embeddings.weight')[h]));
  x = ln(x, 'bert.embeddings.LayerNorm');
  for (let l = 0; l < c.numLayers; l++) {
    const L = `bert.encoder.layer.${l}`;
    const q = linear(x, `${L}.attention.self.query`, H), k = linear(x, `${L}.attention.self.key`, H), v = linear(x, `${L}.attention.self.value`, H);
    const ctx = x.map(() => new Array<number>(H).fill(0));
    for (let h = 0; h < nh; h++) {
      for (let i = 0; i < S; i++) {
        const scores = Array.from({ length: S }, (_, j) => {
          let s = 0;
          for (let d = 0; d < dh; d++) s += q[i][h * dh + d] * k[j][h * dh + d];
          return s / Math.sqrt(dh);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < S; j++) for (let d = 0; d < dh; d++) ctx[i][h * dh + d] += (e[j] / z) * v[j][h * dh + d];
      }
    }
    const h1 = ln(add(linear(ctx, `${L}.attention.output.dense`, H), x), `${L}.attention.output.LayerNorm`);
    const inter = linear(h1, `${L}.intermediate.dense`, c.intermediateSize).map((r) => r.map(ACT[c.activation]));
    x = ln(add(linear(inter, `${L}.output.dense`, H), h1), `${L}.output.LayerNorm`);
  }
  return linear(x, 'classifier', c.labels.length);
}

for (const activation of ['gelu', 'gelu_new', 'relu'] as const) {
  test(`hidden_act ${activation}: fused and plain graphs match a JavaScript forward pass`, async () => {
    const config = { ...parseEncoderConfig(JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8'))), activation };
    const sd = await loadStateDict(DIR);
    const ids = [2, 336, 337, 235, 267, 243, 69, 339, 3];
    const want = reference(config, sd, ids).flat();
    for (const fused of [true, false]) {
      const m = buildEncoderModel(config, sd, { fused });
      const s = await EncoderSession.create(m.bytes, m.info, 0, { intraOpThreads: 1 });
      const got = (await s.run({ inputIds: [ids] })).data;
      let d = 0;
      for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
      assert.ok(d < 1e-4, `${activation} ${fused ? 'fused' : 'plain'}: max |Δ| ${d}`);
      await s.release();
    }
  });
}
