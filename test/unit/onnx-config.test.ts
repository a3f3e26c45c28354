// config.json and adapter_config.json → builder inputs, with clear refusals for what is unsupported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultHead, parseEncoderConfig } from '../../extension/inference/onnx/config.ts';
import { AdapterError, parseAdapter } from '../../extension/inference/onnx/adapter.ts';
import type { StateDict } from '../../extension/inference/checkpoint/types.ts';

const HF = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'hf');
const json = (p: string): Record<string, unknown> => JSON.parse(readFileSync(join(HF, p), 'utf8')) as Record<string, unknown>;

test('fixture configs parse to the right family, head, labels and sizes', () => {
  const ner = parseEncoderConfig(json('tiny-bert-ner/config.json'));
  assert.equal(ner.family, 'bert');
  assert.equal(defaultHead(ner), 'token-classification');
  assert.equal(ner.labels[9], 'B-protein');
  assert.equal(ner.layerNormEps, 1e-12);
  const roberta = parseEncoderConfig(json('tiny-roberta-ner/config.json'));
  assert.equal(roberta.family, 'roberta');
  assert.equal(roberta.padTokenId, 1);
  assert.equal(defaultHead(parseEncoderConfig(json('tiny-bert-cite/config.json'))), 'sequence-classification');
  assert.equal(defaultHead(parseEncoderConfig(json('tiny-bert-embed/config.json'))), 'embedding');
});

test('unsupported configs are refused with the reason', () => {
  const base = json('tiny-bert-ner/config.json');
  assert.throws(() => parseEncoderConfig({ ...base, model_type: 'gpt2' }), (e: Error) => e instanceof ConfigError && /gpt2/.test(e.message));
  assert.throws(() => parseEncoderConfig({ ...base, hidden_act: 'silu' }), /hidden_act "silu"/);
  assert.throws(() => parseEncoderConfig({ ...base, position_embedding_type: 'relative_key' }), /relative_key/);
  assert.throws(() => parseEncoderConfig({ ...base, num_attention_heads: 5 }), /multiple/);
  assert.equal(parseEncoderConfig({ ...base, hidden_act: 'gelu_new' }).activation, 'gelu_new');
});

test('adapter configs other than the SPECTER2 bottleneck form are refused', () => {
  const cfg = json('tiny-specter-adapter/adapter/adapter_config.json');
  const dict: StateDict = new Map();
  const t = (name: string, shape: number[]) => dict.set(name, { name, dtype: 'F32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  t('bert.encoder.layer.0.output.adapters.[PRX].adapter_down.0.weight', [16, 32]);
  t('bert.encoder.layer.0.output.adapters.[PRX].adapter_down.0.bias', [16]);
  t('bert.encoder.layer.0.output.adapters.[PRX].adapter_up.weight', [32, 16]);
  t('bert.encoder.layer.0.output.adapters.[PRX].adapter_up.bias', [32]);
  const ok = parseAdapter(cfg, dict);
  assert.equal(ok.name, '[PRX]');
  assert.equal(ok.bottleneckSize, 16);
  assert.deepEqual([...ok.layers.keys()], [0]);
  const inner = cfg.config as Record<string, unknown>;
  assert.throws(() => parseAdapter({ ...cfg, config: { ...inner, mh_adapter: true } }, dict), (e: Error) => e instanceof AdapterError && /mh_adapter/.test(e.message));
  assert.throws(() => parseAdapter({ ...cfg, config: { ...inner, residual_before_ln: false } }, dict), /residual_before_ln/);
  assert.throws(() => parseAdapter(cfg, new Map()), /no output adapter weights/);
  dict.delete('bert.encoder.layer.0.output.adapters.[PRX].adapter_up.bias');
  assert.throws(() => parseAdapter(cfg, dict), /incomplete/);
});
