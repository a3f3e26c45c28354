// A BERT-base-sized checkpoint with random weights (SciBERT's shape), for benchmarks.
import type { NamedTensor, StateDict } from '../extension/inference/checkpoint/types.ts';
import type { EncoderConfig } from '../extension/inference/onnx/config.ts';

export function scibertShape(labels: number): EncoderConfig {
  return {
    family: 'bert', vocabSize: 31090, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072,
    maxPositions: 512, typeVocabSize: 2, layerNormEps: 1e-12, activation: 'gelu', padTokenId: 0,
    labels: Array.from({ length: labels }, (_, i) => `L${i}`), architectures: ['BertForTokenClassification'],
  };
}

/** config.json text for the same shape. */
export function configJson(c: EncoderConfig): string {
  return JSON.stringify({
    architectures: c.architectures, model_type: 'bert', vocab_size: c.vocabSize, hidden_size: c.hiddenSize,
    num_hidden_layers: c.numLayers, num_attention_heads: c.numHeads, intermediate_size: c.intermediateSize,
    max_position_embeddings: c.maxPositions, type_vocab_size: c.typeVocabSize, layer_norm_eps: c.layerNormEps,
    hidden_act: 'gelu', pad_token_id: 0, id2label: Object.fromEntries(c.labels.map((l, i) => [String(i), l])),
  });
}

/** xorshift32 → approximately normal values (sum of uniforms), fast enough for 110M weights. */
function filler(seed: number): (out: Float32Array, std: number, mean?: number) => void {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return (out, std, mean = 0) => {
    const k = std * Math.sqrt(12 / 4);
    for (let i = 0; i < out.length; i++) out[i] = mean + (next() + next() + next() + next() - 2) * k;
  };
}

/**
 * Random BertForTokenClassification weights. `sharpen` multiplies the classifier so logits have
 * decisive margins, as a fine-tuned head has (and as the int8 agreement check needs).
 */
export function randomBertStateDict(c: EncoderConfig, seed = 7, sharpen = 20): StateDict {
  const fill = filler(seed);
  const dict: StateDict = new Map();
  const add = (name: string, shape: number[], std: number, mean = 0): void => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (std === 0) data.fill(mean);
    else fill(data, std, mean);
    const t: NamedTensor = { name, dtype: 'F32', shape, data };
    dict.set(name, t);
  };
  const H = c.hiddenSize;
  const I = c.intermediateSize;
  const ln = (stem: string): void => {
    add(`${stem}.weight`, [H], 0.05, 1);
    add(`${stem}.bias`, [H], 0.02);
  };
  add('bert.embeddings.word_embeddings.weight', [c.vocabSize, H], 0.05);
  add('bert.embeddings.position_embeddings.weight', [c.maxPositions, H], 0.05);
  add('bert.embeddings.token_type_embeddings.weight', [c.typeVocabSize, H], 0.05);
  ln('bert.embeddings.LayerNorm');
  for (let l = 0; l < c.numLayers; l++) {
    const L = `bert.encoder.layer.${l}`;
    for (const part of ['query', 'key', 'value']) {
      add(`${L}.attention.self.${part}.weight`, [H, H], 0.04);
      add(`${L}.attention.self.${part}.bias`, [H], 0.02);
    }
    add(`${L}.attention.output.dense.weight`, [H, H], 0.03);
    add(`${L}.attention.output.dense.bias`, [H], 0.02);
    ln(`${L}.attention.output.LayerNorm`);
    add(`${L}.intermediate.dense.weight`, [I, H], 0.03);
    add(`${L}.intermediate.dense.bias`, [I], 0.02);
    add(`${L}.output.dense.weight`, [H, I], 0.02);
    add(`${L}.output.dense.bias`, [H], 0.02);
    ln(`${L}.output.LayerNorm`);
  }
  add('classifier.weight', [c.labels.length, H], 0.02 * sharpen);
  add('classifier.bias', [c.labels.length], 0.5);
  return dict;
}
