// Bottleneck adapters saved by the adapters library (adapter_config.json + pytorch_adapter.bin),
// in the SeqBn/"pfeiffer" form SPECTER2 uses: an output adapter after each layer's FFN,
// t = LN(h + x); up = scaling·(W_up·act(W_down·t + b_down) + b_up); y = LN(h + x + up).
import type { StateDict } from '../checkpoint/types.ts';

export interface AdapterLayer {
  /** [bottleneck, hidden] and [bottleneck] */
  downWeight: Float32Array;
  downBias: Float32Array;
  /** [hidden, bottleneck] and [hidden] */
  upWeight: Float32Array;
  upBias: Float32Array;
}

export interface BottleneckAdapter {
  name: string;
  nonLinearity: 'relu' | 'gelu' | 'tanh' | 'swish';
  scaling: number;
  bottleneckSize: number;
  /** By layer index; layers in leave_out have none. */
  layers: Map<number, AdapterLayer>;
}

export class AdapterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterError';
  }
}

const KEY = /(?:^|\.)encoder\.layer\.(\d+)\.output\.adapters\.([^.]+)\.adapter_(down\.0|up)\.(weight|bias)$/;

/** Checks the config is the supported adapter form and collects its weights. */
export function parseAdapter(configJson: unknown, dict: StateDict): BottleneckAdapter {
  const root = configJson as { config?: Record<string, unknown>; name?: unknown } | null;
  const c = root?.config;
  if (!c || typeof c !== 'object') throw new AdapterError('adapter_config.json has no "config" object');
  const require = (key: string, expected: unknown): void => {
    if (c[key] !== undefined && c[key] !== expected) {
      throw new AdapterError(`adapter config ${key}=${JSON.stringify(c[key])} is not supported (only ${JSON.stringify(expected)})`);
    }
  };
  require('mh_adapter', false);
  require('output_adapter', true);
  require('original_ln_before', true);
  require('original_ln_after', true);
  require('residual_before_ln', true);
  require('ln_before', false);
  require('ln_after', false);
  require('is_parallel', false);
  require('use_gating', false);
  require('phm_layer', false);
  const nl = String(c.non_linearity ?? 'relu').toLowerCase();
  if (nl !== 'relu' && nl !== 'gelu' && nl !== 'tanh' && nl !== 'swish') {
    throw new AdapterError(`adapter non_linearity "${nl}" is not supported`);
  }
  const scaling = typeof c.scaling === 'number' ? c.scaling : 1;

  const parts = new Map<number, Partial<AdapterLayer>>();
  let name: string | undefined;
  let bottleneck = 0;
  for (const [key, t] of dict) {
    const m = KEY.exec(key);
    if (!m) continue;
    if (name !== undefined && name !== m[2]) throw new AdapterError(`checkpoint holds more than one adapter (${name}, ${m[2]})`);
    name = m[2];
    const layer = Number(m[1]);
    const p = parts.get(layer) ?? {};
    const which = `${m[3] === 'up' ? 'up' : 'down'}${m[4] === 'weight' ? 'Weight' : 'Bias'}` as keyof AdapterLayer;
    p[which] = t.data;
    if (which === 'downWeight') bottleneck = t.shape[0];
    parts.set(layer, p);
  }
  if (name === undefined) throw new AdapterError('pytorch_adapter.bin holds no output adapter weights (…output.adapters.<name>.adapter_down.0.weight)');
  const layers = new Map<number, AdapterLayer>();
  for (const [i, p] of parts) {
    if (!p.downWeight || !p.downBias || !p.upWeight || !p.upBias) throw new AdapterError(`adapter layer ${i} is incomplete`);
    layers.set(i, p as AdapterLayer);
  }
  return { name, nonLinearity: nl, scaling, bottleneckSize: bottleneck, layers };
}
