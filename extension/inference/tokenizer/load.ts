// loadTokenizer(folder): tokenizer.json when the repo has one, else WordPiece from vocab.txt, else byte-level
// BPE from vocab.json + merges.txt; tokenizer_config.json and special_tokens_map.json fill in the rest, and
// config.json's max_position_embeddings bounds the model's maximum length.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bpeTokenizerJson, wordPieceTokenizerJson } from './from-vocab.ts';
import { HfTokenizer } from './hf-tokenizer.ts';
import type { TokenizerConfigJson, TokenizerJson } from './json-shapes.ts';
import type { Tokenizer } from './types.ts';

export class TokenizerLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerLoadError';
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseJson<T>(text: string | undefined, file: string): T | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new TokenizerLoadError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

interface ModelConfigJson {
  model_type?: string;
  max_position_embeddings?: number;
  pad_token_id?: number;
}

/** The longest input the model's position table allows (RoBERTa reserves pad_token_id + 1 positions). */
function positionLimit(config: ModelConfigJson | undefined): number | undefined {
  const max = config?.max_position_embeddings;
  if (max === undefined) return undefined;
  if (config?.model_type === 'roberta' || config?.model_type === 'xlm-roberta' || config?.model_type === 'camembert') {
    return max - (config.pad_token_id ?? 1) - 1;
  }
  return max;
}

export async function loadTokenizer(folder: string): Promise<Tokenizer> {
  const file = (name: string) => join(folder, name);
  const config: TokenizerConfigJson = {
    ...(parseJson<TokenizerConfigJson>(await readOptional(file('special_tokens_map.json')), 'special_tokens_map.json') ?? {}),
    ...(parseJson<TokenizerConfigJson>(await readOptional(file('tokenizer_config.json')), 'tokenizer_config.json') ?? {}),
  };
  const modelConfig = parseJson<ModelConfigJson>(await readOptional(file('config.json')), 'config.json');
  const limit = positionLimit(modelConfig);
  const declared = config.model_max_length ?? config.max_len;
  const sane = declared !== undefined && declared > 0 && declared < 1e9 ? declared : undefined;
  const modelMaxLength = sane !== undefined ? (limit !== undefined ? Math.min(sane, limit) : sane) : Math.min(limit ?? 512, 512);

  const tokenizerJson = parseJson<TokenizerJson>(await readOptional(file('tokenizer.json')), 'tokenizer.json');
  if (tokenizerJson) return new HfTokenizer(tokenizerJson, config, { modelMaxLength });

  const vocabTxt = await readOptional(file('vocab.txt'));
  if (vocabTxt !== undefined) {
    const built = wordPieceTokenizerJson(vocabTxt, config);
    return new HfTokenizer(built.json, built.config, { modelMaxLength });
  }
  const vocabJson = await readOptional(file('vocab.json'));
  const merges = await readOptional(file('merges.txt'));
  if (vocabJson !== undefined && merges !== undefined) {
    const vocab = parseJson<Record<string, number>>(vocabJson, 'vocab.json') ?? {};
    const built = bpeTokenizerJson(vocab, merges, config);
    return new HfTokenizer(built.json, built.config, { modelMaxLength });
  }
  throw new TokenizerLoadError(`${folder} has no tokenizer.json, vocab.txt, or vocab.json with merges.txt`);
}
