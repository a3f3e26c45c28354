// A Tokenizer over a tokenizer.json, run by @huggingface/tokenizers (normalizer, pre-tokenizer, subword model),
// with the character offsets that library does not return computed here: added tokens are split on the
// original text, each normalised section carries a map back to the original (alignment.ts), each
// pre-tokenized piece is located in the normalised text, and each subword's share of its piece is mapped back.
// Post-processing (special tokens, type ids, byte-level offset trimming), truncation, windows and padding
// follow the tokenizers crate, so ids, tokens and offsets equal transformers' fast tokenizers.

import { Tokenizer as LibTokenizer } from '@huggingface/tokenizers';
import { AddedTokenSplitter, type Section } from './added-tokens.ts';
import { AlignedNormalizer, type AlignedText } from './alignment.ts';
import { makeBertNormalizer, type BertNormalizerConfig } from './bert-normalizer.ts';
import { byteLevelPreTokenize, byteLevelToBytes, byteToCharIndex } from './byte-level.ts';
import { makeTokensToString } from './decoder.ts';
import { specialTokenContent, type ComponentJson, type TokenizerConfigJson, type TokenizerJson } from './json-shapes.ts';
import { planPostProcessor, trimByteLevelOffset, type PostProcessorPlan } from './post-processor.ts';
import type { BatchOptions, EncodeOptions, Encoding, Offset, SpecialTokens, SubwordModel, Tokenizer, WindowOptions } from './types.ts';

/** One text's tokens before post-processing. */
interface Sequence {
  ids: number[];
  tokens: string[];
  offsets: Offset[];
  wordIds: number[];
}

export interface HfTokenizerOptions {
  /** Overrides tokenizer_config.json's model_max_length (e.g. from config.json's max_position_embeddings). */
  modelMaxLength?: number;
}

const decoderUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function usesComponent(config: ComponentJson | null, type: string): boolean {
  if (!config) return false;
  if (config.type === type) return true;
  const children = (config.pretokenizers ?? config.normalizers ?? config.decoders ?? config.processors) as ComponentJson[] | undefined;
  return Array.isArray(children) && children.some((c) => usesComponent(c, type));
}

function findComponent(config: ComponentJson | null, type: string): ComponentJson | undefined {
  if (!config) return undefined;
  if (config.type === type) return config;
  const children = (config.pretokenizers ?? config.normalizers ?? config.decoders ?? config.processors) as ComponentJson[] | undefined;
  if (!Array.isArray(children)) return undefined;
  for (const c of children) {
    const found = findComponent(c, type);
    if (found) return found;
  }
  return undefined;
}

export class HfTokenizer implements Tokenizer {
  readonly specialTokens: SpecialTokens;
  readonly unkTokenId: number | undefined;
  readonly padTokenId: number;
  readonly clsTokenId: number | undefined;
  readonly sepTokenId: number | undefined;
  readonly modelMaxLength: number;
  readonly vocabSize: number;
  readonly subwordModel: SubwordModel;
  readonly continuingSubwordPrefix: string | null;

  private readonly lib: LibTokenizer;
  private readonly aligner: AlignedNormalizer;
  private readonly rawSplitter: AddedTokenSplitter;
  private readonly normalizedSplitter: AddedTokenSplitter;
  private readonly plan: PostProcessorPlan;
  private readonly byteLevel: boolean;
  /** A top-level ByteLevel pre-tokenizer runs here, with the crate's whitespace class (byteLevelPreTokenize). */
  private readonly byteLevelConfig: ComponentJson | null;
  private readonly metaspace: string | null;
  private readonly endOfWordSuffix: string | null;
  private readonly tokensToString: (tokens: string[]) => string;

  constructor(json: TokenizerJson, config: TokenizerConfigJson = {}, options: HfTokenizerOptions = {}) {
    this.lib = new LibTokenizer(json, config);
    const normalizer = this.lib.normalizer;
    this.aligner = new AlignedNormalizer(
      json.normalizer?.type === 'BertNormalizer'
        ? makeBertNormalizer(json.normalizer as BertNormalizerConfig)
        : normalizer
          ? (text) => normalizer(text)
          : null,
    );
    const added = json.added_tokens ?? [];
    // Special tokens never go through the normalizer; others only when they say so (the crate's default).
    this.rawSplitter = new AddedTokenSplitter(added.filter((t) => !(t.normalized ?? !t.special) || !json.normalizer));
    this.normalizedSplitter = new AddedTokenSplitter(json.normalizer ? added.filter((t) => t.normalized ?? !t.special) : []);
    this.plan = planPostProcessor(json.post_processor);
    this.byteLevel = usesComponent(json.pre_tokenizer, 'ByteLevel');
    this.byteLevelConfig = json.pre_tokenizer?.type === 'ByteLevel' ? json.pre_tokenizer : null;
    const meta = findComponent(json.pre_tokenizer, 'Metaspace');
    this.metaspace = meta ? String(meta.replacement ?? '\u2581') : null;
    const model = json.model;
    const type = model.type ?? (model.merges ? 'BPE' : 'WordPiece');
    this.subwordModel = type === 'WordPiece' || type === 'BPE' || type === 'Unigram' ? type : 'other';
    const prefix = model.continuing_subword_prefix;
    this.continuingSubwordPrefix = typeof prefix === 'string' && prefix.length > 0 ? prefix : null;
    this.endOfWordSuffix = typeof model.end_of_word_suffix === 'string' && model.end_of_word_suffix.length > 0 ? model.end_of_word_suffix : null;
    const libDecoder = this.lib.decoder;
    this.tokensToString = makeTokensToString(json.decoder, (tokens) => (libDecoder ? libDecoder(tokens) : tokens.join(' ')));

    const fromConfig = (key: keyof SpecialTokens): string | undefined =>
      specialTokenContent(config[`${key}_token`] as TokenizerConfigJson['unk_token']);
    const modelUnk = typeof model.unk_token === 'string' ? model.unk_token : undefined;
    // Without a tokenizer_config.json, the template's first and last specials are CLS and SEP, and the
    // conventional names give the others.
    const templateSpecials = this.plan.single.filter((p) => p.kind === 'special').map((p) => (p.kind === 'special' ? p.tokens[0] : ''));
    const named = (...names: string[]) => added.find((t) => names.includes(t.content))?.content;
    this.specialTokens = {
      unk: fromConfig('unk') ?? modelUnk ?? named('[UNK]', '<unk>'),
      cls: fromConfig('cls') ?? templateSpecials[0],
      sep: fromConfig('sep') ?? templateSpecials[templateSpecials.length - 1],
      pad: fromConfig('pad') ?? named('[PAD]', '<pad>'),
      mask: fromConfig('mask') ?? named('[MASK]', '<mask>'),
      bos: fromConfig('bos'),
      eos: fromConfig('eos'),
    };
    const idOf = (t: string | undefined) => (t === undefined ? undefined : this.lib.token_to_id(t));
    this.unkTokenId = idOf(this.specialTokens.unk);
    this.padTokenId = idOf(this.specialTokens.pad) ?? 0;
    this.clsTokenId = idOf(this.specialTokens.cls);
    this.sepTokenId = idOf(this.specialTokens.sep);
    this.vocabSize = this.lib.get_vocab(true).size;
    const fromFile = config.model_max_length ?? config.max_len;
    this.modelMaxLength = options.modelMaxLength ?? (fromFile !== undefined && fromFile > 0 && fromFile < 1e9 ? fromFile : 512);
  }

  idToToken(id: number): string | undefined {
    return this.lib.id_to_token(id);
  }

  tokenToId(token: string): number | undefined {
    return this.lib.token_to_id(token);
  }

  convertTokensToString(tokens: string[]): string {
    return this.tokensToString(tokens);
  }

  numSpecialTokensToAdd(pair: boolean): number {
    return (pair ? this.plan.pair : this.plan.single).reduce((n, p) => n + (p.kind === 'special' ? p.ids.length : 0), 0);
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    const addSpecial = options.addSpecialTokens !== false;
    const first = this.encodeSequence(text, 0);
    const second = options.pair !== undefined ? this.encodeSequence(options.pair, 0) : undefined;
    if (options.maxLength !== undefined) {
      const budget = options.maxLength - (addSpecial ? this.numSpecialTokensToAdd(second !== undefined) : 0);
      truncateLongestFirst(first, second, Math.max(0, budget));
    }
    return this.postProcess(first, second, addSpecial);
  }

  encodeBatch(texts: string[], options: BatchOptions = {}): Encoding[] {
    const encodings = texts.map((t) => this.encode(t, options));
    const padding = options.padding ?? 'longest';
    if (padding === false) return encodings;
    const target =
      padding === 'max_length' && options.maxLength !== undefined ? options.maxLength : Math.max(0, ...encodings.map((e) => e.ids.length));
    return encodings.map((e) => padEncoding(e, target, this.padTokenId, this.specialTokens.pad ?? ''));
  }

  encodeWindows(text: string, options: WindowOptions = {}): Encoding[] {
    const maxLength = options.maxLength ?? this.modelMaxLength;
    const stride = options.stride ?? 0;
    const sequence = this.encodeSequence(text, 0);
    const budget = maxLength - this.numSpecialTokensToAdd(false);
    if (budget <= 0) throw new Error(`maxLength ${maxLength} leaves no room for text tokens`);
    if (stride >= budget) throw new Error(`stride ${stride} must be smaller than the ${budget} text tokens of a window`);
    const n = sequence.ids.length;
    if (n <= budget) return [this.postProcess(sequence, undefined, true)];
    // The tokenizers crate's truncate(): parts start every (budget - stride) tokens until one reaches the end.
    const windows: Encoding[] = [];
    for (let start = 0; ; start += budget - stride) {
      const stop = Math.min(start + budget, n);
      windows.push(this.postProcess(sliceSequence(sequence, start, stop), undefined, true));
      if (stop === n) break;
    }
    return windows;
  }

  private postProcess(first: Sequence, second: Sequence | undefined, addSpecial: boolean): Encoding {
    const out: Encoding = { ids: [], typeIds: [], attentionMask: [], tokens: [], offsets: [], specialTokensMask: [], wordIds: [], sequenceIds: [] };
    const sequences = [first, second];
    const trimmed = sequences.map((s) => (s && this.plan.trimOffsets ? this.trimmedOffsets(s) : s?.offsets));
    const template = second ? this.plan.pair : this.plan.single;
    const pieces = addSpecial ? template : template.filter((p) => p.kind === 'sequence');
    for (const piece of pieces) {
      if (piece.kind === 'special') {
        piece.ids.forEach((id, k) => {
          out.ids.push(id);
          out.tokens.push(piece.tokens[k] ?? this.idToToken(id) ?? '');
          out.typeIds.push(piece.typeId);
          out.attentionMask.push(1);
          out.offsets.push([0, 0]);
          out.specialTokensMask.push(1);
          out.wordIds.push(null);
          out.sequenceIds.push(null);
        });
        continue;
      }
      const seq = sequences[piece.sequence];
      const offsets = trimmed[piece.sequence];
      if (!seq || !offsets) continue;
      for (let i = 0; i < seq.ids.length; i++) {
        out.ids.push(seq.ids[i]);
        out.tokens.push(seq.tokens[i]);
        out.typeIds.push(addSpecial ? piece.typeId : piece.sequence);
        out.attentionMask.push(1);
        out.offsets.push(offsets[i]);
        out.specialTokensMask.push(0);
        out.wordIds.push(seq.wordIds[i]);
        out.sequenceIds.push(piece.sequence);
      }
    }
    return out;
  }

  private trimmedOffsets(seq: Sequence): Offset[] {
    return seq.offsets.map((o, i) => trimByteLevelOffset(seq.tokens[i], o, this.plan.addPrefixSpace, i === 0));
  }

  /** Added-token split, normalisation, pre-tokenisation and the subword model, with offsets into `text`. */
  private encodeSequence(input: string, firstWord: number): Sequence {
    // A lone surrogate becomes U+FFFD (same length, so offsets hold), as UTF-8 conversion would make it.
    const text = input.replace(/\p{Cs}/gu, '\uFFFD');
    const seq: Sequence = { ids: [], tokens: [], offsets: [], wordIds: [] };
    let word = firstWord;
    const sections = this.rawSplitter.split(text, 0, text.length);
    sections.forEach((section, sectionIndex) => {
      if (section.kind === 'added') {
        this.pushAdded(seq, section, word++);
        return;
      }
      const aligned = this.aligner.apply(text, section.start, section.end);
      if (aligned.text.length === 0) return;
      for (const sub of this.normalizedSplitter.split(aligned.text, 0, aligned.text.length)) {
        if (sub.kind === 'added') {
          this.pushAdded(seq, { ...sub, start: aligned.start[sub.start], end: aligned.end[sub.end - 1] }, word++);
          continue;
        }
        word = this.encodeNormalized(seq, aligned, sub.start, sub.end, sectionIndex, word);
      }
    });
    return seq;
  }

  private pushAdded(seq: Sequence, section: Extract<Section, { kind: 'added' }>, word: number): void {
    seq.ids.push(section.token.id);
    seq.tokens.push(section.token.content);
    seq.offsets.push([section.start, section.end]);
    seq.wordIds.push(word);
  }

  private encodeNormalized(seq: Sequence, aligned: AlignedText, from: number, to: number, sectionIndex: number, word: number): number {
    const subText = aligned.text.slice(from, to);
    const pieces = this.preTokenize(subText, sectionIndex);
    const model = this.lib.model;
    if (!model) throw new Error('tokenizer.json has no model');
    let cursor = 0;
    for (const piece of pieces) {
      const located = this.locatePiece(piece, subText, cursor);
      if (located.end > cursor) cursor = located.end;
      // Per representation unit of the piece (a char, or a byte for byte-level), its original span.
      const unitStart = new Int32Array(piece.length);
      const unitEnd = new Int32Array(piece.length);
      for (let k = 0; k < piece.length; k++) {
        const j = located.unitToSub(k);
        const a = from + Math.min(Math.max(j, 0), subText.length - 1);
        unitStart[k] = aligned.start[a];
        unitEnd[k] = aligned.end[a];
      }
      const tokens: string[] = model([piece]);
      const spans = this.tokenSpans(piece, tokens);
      tokens.forEach((token, i) => {
        const [a, b] = spans[i];
        const start = b > a ? unitStart[a] : a < piece.length ? unitStart[a] : piece.length > 0 ? unitEnd[piece.length - 1] : 0;
        const end = b > a ? unitEnd[b - 1] : start;
        seq.ids.push(this.lib.token_to_id(token) ?? this.unkTokenId ?? 0);
        seq.tokens.push(token);
        seq.offsets.push([start, Math.max(start, end)]);
        seq.wordIds.push(word);
      });
      word++;
    }
    return word;
  }

  private preTokenize(text: string, sectionIndex: number): string[] {
    if (this.byteLevelConfig) {
      const c = this.byteLevelConfig;
      return byteLevelPreTokenize(text, c.add_prefix_space === true, c.use_regex !== false);
    }
    const preTokenizer = this.lib.pre_tokenizer;
    return preTokenizer ? preTokenizer(text, { section_index: sectionIndex }) : [text];
  }

  /**
   * Where a pre-tokenized piece sits in the normalised subsection: its end there, and for each unit of the
   * piece the subsection index it comes from. Byte-level pieces are decoded to text first; a space the
   * pre-tokenizer prepended (add_prefix_space, Metaspace) maps to the first real character, as the crate aligns it.
   */
  private locatePiece(piece: string, subText: string, cursor: number): { end: number; unitToSub: (k: number) => number } {
    let surface: string;
    let bytes: number[] | undefined;
    if (this.byteLevel && (bytes = byteLevelToBytes(piece)) !== undefined) {
      surface = decoderUtf8.decode(new Uint8Array(bytes));
    } else {
      surface = this.metaspace ? piece.replaceAll(this.metaspace, ' ') : piece;
    }
    let prefixUnits = 0;
    let at = subText.indexOf(surface, cursor);
    if (at < 0 && surface.startsWith(' ')) {
      at = subText.indexOf(surface.slice(1), cursor);
      if (at >= 0) {
        prefixUnits = 1;
        surface = surface.slice(1);
      }
    }
    if (at < 0) {
      // Unlocatable (a pre-tokenizer that rewrites text): everything maps to the cursor position.
      return { end: cursor, unitToSub: () => cursor };
    }
    const pos = at;
    if (bytes) {
      const { charStart } = byteToCharIndex(surface);
      return {
        end: pos + surface.length,
        unitToSub: (k) => (k < prefixUnits ? pos : pos + charStart[k - prefixUnits]),
      };
    }
    return { end: pos + surface.length, unitToSub: (k) => (k < prefixUnits ? pos : pos + k - prefixUnits) };
  }

  /** Each subword's [start, end) in units of its piece. */
  private tokenSpans(piece: string, tokens: string[]): [number, number][] {
    const stripped = tokens.map((t, i) => {
      let s = t;
      if (i > 0 && this.continuingSubwordPrefix && s.startsWith(this.continuingSubwordPrefix)) s = s.slice(this.continuingSubwordPrefix.length);
      if (this.endOfWordSuffix && i === tokens.length - 1 && s.endsWith(this.endOfWordSuffix)) s = s.slice(0, -this.endOfWordSuffix.length);
      return s;
    });
    if (stripped.join('') === piece) {
      const spans: [number, number][] = [];
      let c = 0;
      for (const s of stripped) {
        spans.push([c, c + s.length]);
        c += s.length;
      }
      return spans;
    }
    // An unknown token (WordPiece gives one for the whole word) or a rewritten piece: match what can be matched.
    if (tokens.length === 1) return [[0, piece.length]];
    const spans: [number, number][] = new Array(tokens.length);
    let c = 0;
    let pending: number[] = [];
    tokens.forEach((token, i) => {
      const s = stripped[i];
      const at = token === this.specialTokens.unk || s.length === 0 ? -1 : piece.indexOf(s, c);
      if (at < 0) {
        pending.push(i);
        return;
      }
      for (const p of pending) spans[p] = [c, at];
      pending = [];
      spans[i] = [at, at + s.length];
      c = at + s.length;
    });
    for (const p of pending) spans[p] = [c, piece.length];
    return spans;
  }
}

function sliceSequence(seq: Sequence, start: number, stop: number): Sequence {
  return {
    ids: seq.ids.slice(start, stop),
    tokens: seq.tokens.slice(start, stop),
    offsets: seq.offsets.slice(start, stop),
    wordIds: seq.wordIds.slice(start, stop),
  };
}

function truncateTo(seq: Sequence, n: number): void {
  seq.ids.length = Math.min(seq.ids.length, n);
  seq.tokens.length = Math.min(seq.tokens.length, n);
  seq.offsets.length = Math.min(seq.offsets.length, n);
  seq.wordIds.length = Math.min(seq.wordIds.length, n);
}

/** The crate's LongestFirst strategy (utils/truncation.rs): `budget` text tokens for both sequences together. */
function truncateLongestFirst(first: Sequence, second: Sequence | undefined, budget: number): void {
  if (!second) {
    truncateTo(first, budget);
    return;
  }
  if (first.ids.length + second.ids.length <= budget) return;
  let n1 = first.ids.length;
  let n2 = second.ids.length;
  const swap = n1 > n2;
  if (swap) [n1, n2] = [n2, n1];
  n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
  if (n1 + n2 > budget) {
    n1 = Math.floor(budget / 2);
    n2 = n1 + (budget % 2);
  }
  if (swap) [n1, n2] = [n2, n1];
  truncateTo(first, n1);
  truncateTo(second, n2);
}

export function padEncoding(e: Encoding, length: number, padId: number, padToken: string): Encoding {
  const n = length - e.ids.length;
  if (n <= 0) return e;
  const fill = <T>(v: T) => new Array<T>(n).fill(v);
  return {
    ids: [...e.ids, ...fill(padId)],
    typeIds: [...e.typeIds, ...fill(0)],
    attentionMask: [...e.attentionMask, ...fill(0)],
    tokens: [...e.tokens, ...fill(padToken)],
    offsets: [...e.offsets, ...Array.from({ length: n }, (): Offset => [0, 0])],
    specialTokensMask: [...e.specialTokensMask, ...fill(1)],
    wordIds: [...e.wordIds, ...fill<number | null>(null)],
    sequenceIds: [...e.sequenceIds, ...fill<0 | 1 | null>(null)],
  };
}
