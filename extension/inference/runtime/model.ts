// loadModel(folder): a ready-to-use model for one task — NER, text classification or embeddings —
// with transformers' pipeline behaviour (helper pipelines) over our ONNX graph and session.
import { loadModelLabels, type ModelLabels } from '../pipelines/labels.ts';
import { TokenClassificationPipeline, type TokenClassificationOptions } from '../pipelines/token-classification.ts';
import type { TokenClassificationEntity } from '../pipelines/token-aggregation.ts';
import { TextClassificationPipeline, type LabelScore, type TextClassificationOptions } from '../pipelines/text-classification.ts';
import { EmbeddingPipeline, type EmbeddingOptions } from '../pipelines/embeddings.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import type { ModelInfo } from '../onnx/encoder.ts';
import { loadEncoder, type LoadEncoderOptions, type LoadedEncoder } from './load.ts';

interface ModelBase {
  info: ModelInfo;
  tokenizer: Tokenizer;
  /** The cached ONNX file, when the cache was used. */
  modelPath?: string;
  release(): Promise<void>;
}

export interface TokenClassifierModel extends ModelBase {
  task: 'token-classification';
  labels: ModelLabels;
  ner(texts: string[], options?: TokenClassificationOptions): Promise<TokenClassificationEntity[][]>;
}

export interface TextClassifierModel extends ModelBase {
  task: 'sequence-classification';
  labels: ModelLabels;
  classify(texts: string[], options?: TextClassificationOptions): Promise<LabelScore[][]>;
}

export interface EmbedderModel extends ModelBase {
  task: 'embedding';
  embed(texts: string[], options?: EmbeddingOptions): Promise<Float32Array[]>;
}

export type LoadedModel = TokenClassifierModel | TextClassifierModel | EmbedderModel;

/** Inputs never exceed what the position table allows, even when the tokenizer knows no limit (vocab-only repos). */
function capped<T extends { maxLength?: number }>(info: ModelInfo, options: T | undefined): T {
  const o = options ?? ({} as T);
  return { ...o, maxLength: Math.min(o.maxLength ?? info.maxSequenceLength, info.maxSequenceLength) };
}

function base(e: LoadedEncoder): ModelBase {
  return { info: e.info, tokenizer: e.tokenizer, modelPath: e.modelPath, release: e.release };
}

/** Loads a model folder for the task its head implies (options.head overrides: 'embedding' on any checkpoint). */
export async function loadModel(folder: string, options: LoadEncoderOptions = {}): Promise<LoadedModel> {
  const encoder = await loadEncoder(folder, options);
  const { tokenizer, session, info } = encoder;
  if (info.head === 'token-classification') {
    const labels = await loadModelLabels(folder);
    const pipeline = new TokenClassificationPipeline(tokenizer, session, labels);
    return { ...base(encoder), task: 'token-classification', labels, ner: (texts, o) => pipeline.run(texts, capped(info, o)) };
  }
  if (info.head === 'sequence-classification') {
    const labels = await loadModelLabels(folder);
    const pipeline = new TextClassificationPipeline(tokenizer, session, labels);
    return { ...base(encoder), task: 'sequence-classification', labels, classify: (texts, o) => pipeline.run(texts, capped(info, o)) };
  }
  const pipeline = new EmbeddingPipeline(tokenizer, session);
  return { ...base(encoder), task: 'embedding', embed: (texts, o) => pipeline.run(texts, capped(info, o)) };
}
