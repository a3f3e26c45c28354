// Tokenizers for repos without tokenizer.json, built the way transformers builds its tokenizers backend from the
// slow files (BertTokenizer / RobertaTokenizer with their defaults for missing keys), then run like any
// tokenizer.json. BertTokenizer's defaults: do_lower_case=True, strip_accents follows lower-casing,
// tokenize_chinese_chars=True — so an empty tokenizer_config.json means a lower-casing tokenizer.

import { specialTokenContent, type AddedTokenJson, type SpecialTokenValue, type TokenizerConfigJson, type TokenizerJson } from './json-shapes.ts';

export interface BuiltTokenizer {
  json: TokenizerJson;
  /** tokenizer_config.json with the defaults filled in. */
  config: TokenizerConfigJson;
}

/** vocab.txt: one token per line, id = line number (a repeated token keeps its last line, as transformers' load_vocab). */
export function parseVocabTxt(text: string): Record<string, number> {
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    vocab[line.endsWith('\r') ? line.slice(0, -1) : line] = i;
  });
  return vocab;
}

/** merges.txt: "a b" per line after an optional "#version" header. */
export function parseMerges(text: string): string[] {
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith('#version')));
}

interface SpecialSpec {
  key: 'unk_token' | 'cls_token' | 'sep_token' | 'pad_token' | 'mask_token' | 'bos_token' | 'eos_token';
  fallback: string;
  lstrip?: boolean;
}

function addedTokens(vocab: Record<string, number>, config: TokenizerConfigJson, specs: SpecialSpec[]): { tokens: AddedTokenJson[]; config: TokenizerConfigJson } {
  const filled: TokenizerConfigJson = { ...config };
  const byContent = new Map<string, AddedTokenJson>();
  let nextId = Math.max(-1, ...Object.values(vocab)) + 1;
  const add = (value: SpecialTokenValue, lstripDefault = false) => {
    const content = specialTokenContent(value);
    if (content === undefined || byContent.has(content)) return;
    const obj = typeof value === 'string' ? undefined : value;
    const id = vocab[content] ?? nextId++;
    byContent.set(content, {
      id,
      content,
      single_word: obj?.single_word ?? false,
      lstrip: obj?.lstrip ?? lstripDefault,
      rstrip: obj?.rstrip ?? false,
      normalized: obj?.normalized ?? false,
      special: true,
    });
  };
  for (const spec of specs) {
    const given = config[spec.key];
    if (given === null) continue;
    const value = given ?? spec.fallback;
    filled[spec.key] = value;
    add(value, spec.lstrip);
  }
  for (const extra of config.additional_special_tokens ?? []) add(extra);
  for (const [id, token] of Object.entries(config.added_tokens_decoder ?? {})) {
    if (byContent.has(token.content)) continue;
    byContent.set(token.content, { special: false, ...token, id: Number(id) });
  }
  return { tokens: [...byContent.values()].sort((a, b) => a.id - b.id), config: filled };
}

export function wordPieceTokenizerJson(vocabTxt: string, config: TokenizerConfigJson): BuiltTokenizer {
  const vocab = parseVocabTxt(vocabTxt);
  const { tokens, config: filled } = addedTokens(vocab, config, [
    { key: 'pad_token', fallback: '[PAD]' },
    { key: 'unk_token', fallback: '[UNK]' },
    { key: 'cls_token', fallback: '[CLS]' },
    { key: 'sep_token', fallback: '[SEP]' },
    { key: 'mask_token', fallback: '[MASK]' },
  ]);
  const cls = specialTokenContent(filled.cls_token) as string;
  const sep = specialTokenContent(filled.sep_token) as string;
  const idOf = (t: string) => tokens.find((a) => a.content === t)?.id ?? vocab[t];
  const lowercase = config.do_lower_case ?? true;
  const json: TokenizerJson = {
    added_tokens: tokens,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: config.tokenize_chinese_chars ?? true,
      strip_accents: config.strip_accents ?? null,
      lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: {
      type: 'WordPiece',
      vocab,
      unk_token: specialTokenContent(filled.unk_token) ?? '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: {
        [cls]: { id: cls, ids: [idOf(cls)], tokens: [cls] },
        [sep]: { id: sep, ids: [idOf(sep)], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  };
  return { json, config: { ...filled, do_lower_case: lowercase } };
}

export function bpeTokenizerJson(vocab: Record<string, number>, mergesTxt: string, config: TokenizerConfigJson): BuiltTokenizer {
  const { tokens, config: filled } = addedTokens(vocab, config, [
    { key: 'bos_token', fallback: '<s>' },
    { key: 'pad_token', fallback: '<pad>' },
    { key: 'eos_token', fallback: '</s>' },
    { key: 'unk_token', fallback: '<unk>' },
    // transformers 5.17 saved <mask> with lstrip=false (tiny-roberta-ner's tokenizer.json), unlike v4's lstrip=True.
    { key: 'mask_token', fallback: '<mask>' },
    { key: 'cls_token', fallback: '<s>' },
    { key: 'sep_token', fallback: '</s>' },
  ]);
  const cls = specialTokenContent(filled.cls_token) as string;
  const sep = specialTokenContent(filled.sep_token) as string;
  const idOf = (t: string) => tokens.find((a) => a.content === t)?.id ?? vocab[t];
  const addPrefixSpace = config.add_prefix_space ?? false;
  const trimOffsets = config.trim_offsets ?? true;
  const json: TokenizerJson = {
    added_tokens: tokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: true },
    model: {
      type: 'BPE',
      vocab,
      merges: parseMerges(mergesTxt),
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
    },
    post_processor: { type: 'RobertaProcessing', sep: [sep, idOf(sep)], cls: [cls, idOf(cls)], trim_offsets: trimOffsets, add_prefix_space: addPrefixSpace },
    decoder: { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: true },
  };
  return { json, config: filled };
}
