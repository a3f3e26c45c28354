// config.json of a Hugging Face BERT/RoBERTa checkpoint → the fields the graph builder needs.

import { readModelLabels } from '../pipelines/labels.ts';

export type Activation = 'gelu' | 'gelu_new' | 'relu';
export type ModelFamily = 'bert' | 'roberta';
export type HeadKind = 'token-classification' | 'sequence-classification' | 'embedding';

export interface EncoderConfig {
  family: ModelFamily;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  activation: Activation;
  padTokenId: number;
  /** Labels by class index, as transformers reads them (LABEL_i for num_labels classes without id2label). */
  labels: string[];
  architectures: string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function num(raw: Record<string, unknown>, key: string, fallback?: number): number {
  const v = raw[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`config.json lacks a numeric "${key}"`);
}

const ACTIVATIONS: Record<string, Activation> = {
  gelu: 'gelu', gelu_new: 'gelu_new', gelu_pytorch_tanh: 'gelu_new', gelu_fast: 'gelu_new', relu: 'relu',
};

export function parseEncoderConfig(raw: unknown): EncoderConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('config.json is not an object');
  const c = raw as Record<string, unknown>;
  const modelType = String(c.model_type ?? '');
  let family: ModelFamily;
  if (modelType === 'bert') family = 'bert';
  else if (modelType === 'roberta' || modelType === 'xlm-roberta') family = 'roberta';
  else throw new ConfigError(`model_type "${modelType}" is not supported (BERT and RoBERTa are)`);
  const act = ACTIVATIONS[String(c.hidden_act ?? 'gelu')];
  if (!act) throw new ConfigError(`hidden_act "${String(c.hidden_act)}" is not supported (gelu, gelu_new, relu are)`);
  if (c.position_embedding_type !== undefined && c.position_embedding_type !== 'absolute') {
    throw new ConfigError(`position_embedding_type "${String(c.position_embedding_type)}" is not supported`);
  }
  const labels = readModelLabels(c as Parameters<typeof readModelLabels>[0]).id2label;
  const config: EncoderConfig = {
    family,
    vocabSize: num(c, 'vocab_size'),
    hiddenSize: num(c, 'hidden_size'),
    numLayers: num(c, 'num_hidden_layers'),
    numHeads: num(c, 'num_attention_heads'),
    intermediateSize: num(c, 'intermediate_size'),
    maxPositions: num(c, 'max_position_embeddings', 512),
    typeVocabSize: num(c, 'type_vocab_size', 2),
    layerNormEps: num(c, 'layer_norm_eps', 1e-12),
    activation: act,
    padTokenId: num(c, 'pad_token_id', family === 'roberta' ? 1 : 0),
    labels,
    architectures: Array.isArray(c.architectures) ? c.architectures.map(String) : [],
  };
  if (config.hiddenSize % config.numHeads !== 0) {
    throw new ConfigError(`hidden_size ${config.hiddenSize} is not a multiple of num_attention_heads ${config.numHeads}`);
  }
  return config;
}

/** The head the checkpoint's architecture implies. */
export function defaultHead(config: EncoderConfig): HeadKind {
  const arch = config.architectures[0] ?? '';
  if (arch.endsWith('ForTokenClassification')) return 'token-classification';
  if (arch.endsWith('ForSequenceClassification')) return 'sequence-classification';
  return 'embedding';
}
