// The tokenizer contract shared by every tokenizer SciWrite loads (tokenizer.json, vocab.txt, vocab.json + merges.txt).
// Offsets are UTF-16 code-unit offsets into the text given to encode(), half-open [start, end), as JavaScript
// strings index. transformers reports Python code-point offsets: they differ only after an astral character (emoji).

export type Offset = [number, number];

export interface Encoding {
  ids: number[];
  typeIds: number[];
  attentionMask: number[];
  tokens: string[];
  /** Character span of each token in its own input text; [0, 0] for tokens the post-processor added and padding. */
  offsets: Offset[];
  /** 1 for tokens the post-processor added ([CLS], [SEP], <s>, </s>) and padding, as transformers' special_tokens_mask. */
  specialTokensMask: number[];
  /** Index of the pre-tokenized word each token comes from (transformers' word_ids()); null for added specials and padding. */
  wordIds: (number | null)[];
  /** 0 for tokens of the first text, 1 for the pair text, null for added specials and padding. */
  sequenceIds: (0 | 1 | null)[];
}

export interface EncodeOptions {
  /** A second text, encoded as the pair sequence (e.g. [CLS] A [SEP] B [SEP]). */
  pair?: string;
  /** Add the post-processor's special tokens (default true). */
  addSpecialTokens?: boolean;
  /** Truncate to this many tokens, special tokens included (longest-first for pairs). */
  maxLength?: number;
}

export interface WindowOptions {
  /** Tokens per window, special tokens included (default: modelMaxLength). */
  maxLength?: number;
  /** Tokens shared by consecutive windows, as transformers' `stride` (default 0). */
  stride?: number;
}

export interface BatchOptions extends EncodeOptions {
  /** 'longest' pads to the longest encoding of the batch, 'max_length' to maxLength (default 'longest'). */
  padding?: 'longest' | 'max_length' | false;
}

export interface SpecialTokens {
  unk?: string;
  cls?: string;
  sep?: string;
  pad?: string;
  mask?: string;
  bos?: string;
  eos?: string;
}

export type SubwordModel = 'WordPiece' | 'BPE' | 'Unigram' | 'other';

export interface Tokenizer {
  encode(text: string, options?: EncodeOptions): Encoding;
  /** Encodes every text, then pads them to a common length on the right (ids padTokenId, mask 0, type 0). */
  encodeBatch(texts: string[], options?: BatchOptions): Encoding[];
  /**
   * Splits a long text into overlapping windows exactly as transformers' tokenizer with
   * `truncation=True, return_overflowing_tokens=True, stride` does; a short text gives one window.
   */
  encodeWindows(text: string, options?: WindowOptions): Encoding[];
  idToToken(id: number): string | undefined;
  tokenToId(token: string): number | undefined;
  /** Turns tokens back into text as transformers' convert_tokens_to_string (the tokenizer's decoder). */
  convertTokensToString(tokens: string[]): string;
  readonly specialTokens: SpecialTokens;
  readonly unkTokenId: number | undefined;
  readonly padTokenId: number;
  readonly clsTokenId: number | undefined;
  readonly sepTokenId: number | undefined;
  readonly modelMaxLength: number;
  readonly vocabSize: number;
  /** The subword model, and its continuing-subword prefix ("##" for WordPiece; null when the model has none). */
  readonly subwordModel: SubwordModel;
  readonly continuingSubwordPrefix: string | null;
  /** Number of special tokens the post-processor adds to a single text (2 for BERT and RoBERTa). */
  numSpecialTokensToAdd(pair: boolean): number;
}
