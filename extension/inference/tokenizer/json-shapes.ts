// The parts of a Hugging Face tokenizer.json (and tokenizer_config.json) that SciWrite reads.
// Field names follow the files; anything not listed is passed through to @huggingface/tokenizers untouched.

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export interface ComponentJson {
  type: string;
  [key: string]: unknown;
}

export interface ModelJson extends ComponentJson {
  vocab: Record<string, number> | [string, number][];
  unk_token?: string | null;
  continuing_subword_prefix?: string | null;
  end_of_word_suffix?: string | null;
  max_input_chars_per_word?: number;
  merges?: string[] | [string, string][];
}

export interface TokenizerJson {
  version?: string;
  truncation?: unknown;
  padding?: unknown;
  added_tokens: AddedTokenJson[];
  normalizer: ComponentJson | null;
  pre_tokenizer: ComponentJson | null;
  model: ModelJson;
  post_processor: ComponentJson | null;
  decoder: ComponentJson | null;
}

/** A special token in tokenizer_config.json / special_tokens_map.json: a string or an AddedToken-like object. */
export type SpecialTokenValue = string | { content: string; lstrip?: boolean; rstrip?: boolean; normalized?: boolean; single_word?: boolean };

export interface TokenizerConfigJson {
  tokenizer_class?: string;
  do_lower_case?: boolean;
  strip_accents?: boolean | null;
  tokenize_chinese_chars?: boolean;
  model_max_length?: number;
  max_len?: number;
  add_prefix_space?: boolean;
  trim_offsets?: boolean;
  unk_token?: SpecialTokenValue | null;
  cls_token?: SpecialTokenValue | null;
  sep_token?: SpecialTokenValue | null;
  pad_token?: SpecialTokenValue | null;
  mask_token?: SpecialTokenValue | null;
  bos_token?: SpecialTokenValue | null;
  eos_token?: SpecialTokenValue | null;
  additional_special_tokens?: SpecialTokenValue[];
  added_tokens_decoder?: Record<string, Omit<AddedTokenJson, 'id'>>;
  [key: string]: unknown;
}

export function specialTokenContent(value: SpecialTokenValue | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.content;
}
