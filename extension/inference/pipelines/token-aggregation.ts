// transformers' TokenClassificationPipeline.postprocess, ported step for step: softmax per token, special tokens
// dropped, subwords found (by the tokenizer's continuing-subword prefix, else the leading-space heuristic),
// words aggregated (first / average / max), B-/I- groups formed (simple and the word strategies), ignored labels
// filtered, and the entities of overlapping windows stitched (aggregate_overlapping_entities).
// Offsets are UTF-16 here; everything else (labels, words, scores, grouping) is what transformers prints.

import type { Encoding, Tokenizer } from '../tokenizer/types.ts';
import { argmax, nanmean, softmax } from './math.ts';

export type AggregationStrategy = 'none' | 'simple' | 'first' | 'average' | 'max';

/** One token's prediction (aggregation "none"). */
export interface TokenPrediction {
  entity: string;
  score: number;
  /** Index of the token in the encoded input ([CLS] is 0); with windows, in the whole text's encoding. */
  index: number;
  word: string;
  start: number;
  end: number;
}

/** One entity (every other aggregation). */
export interface EntityGroup {
  entity_group: string;
  score: number;
  word: string;
  start: number;
  end: number;
}

export type TokenClassificationEntity = TokenPrediction | EntityGroup;

export type TokenizerView = Pick<Tokenizer, 'idToToken' | 'convertTokensToString' | 'unkTokenId' | 'continuingSubwordPrefix'>;

export interface WindowLogits {
  encoding: Pick<Encoding, 'ids' | 'offsets' | 'specialTokensMask'>;
  /** Row-major [tokens × labels] for this encoding's tokens (padding rows excluded or ignored). */
  logits: ArrayLike<number>;
  /** Added to token indices of "none" predictions: the window's first token's index in the whole encoding. */
  indexOffset?: number;
}

export interface TokenPostprocessOptions {
  aggregation?: AggregationStrategy;
  /** Labels dropped from the output (default ["O"]). */
  ignoreLabels?: string[];
  /**
   * How grouped labels are read. 'bio' (default) is transformers' own: only B- and I- are prefixes, so a
   * BIOES model's "E-protein" never joins the "protein" before it. 'bioes' also reads E-/L- as the last
   * word of an entity and S-/U- as a one-word entity, so "B-x I-x E-x" is one entity, as the model meant.
   */
  labelScheme?: LabelScheme;
}

export type LabelScheme = 'bio' | 'bioes';

/** 'bioes' when a model's labels use BIOES or BILOU prefixes besides B-, else 'bio'. */
export function labelSchemeOf(id2label: readonly string[]): LabelScheme {
  return id2label.some((l) => /^B-/.test(l)) && id2label.some((l) => /^[ESLU]-/.test(l)) ? 'bioes' : 'bio';
}

interface PreEntity {
  word: string;
  scores: Float64Array;
  start: number;
  end: number;
  index: number;
  isSubword: boolean;
}

interface WordEntity {
  entity: string;
  score: number;
  word: string;
  start: number;
  end: number;
  index?: number;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function gatherPreEntities(text: string, window: WindowLogits, numLabels: number, tokenizer: TokenizerView): PreEntity[] {
  const { ids, offsets, specialTokensMask } = window.encoding;
  const pre: PreEntity[] = [];
  for (let idx = 0; idx < ids.length; idx++) {
    if (specialTokensMask[idx]) continue;
    const row = Array.prototype.slice.call(window.logits, idx * numLabels, (idx + 1) * numLabels) as number[];
    const scores = softmax(row);
    let word = tokenizer.idToToken(ids[idx]) ?? '';
    const [start, end] = offsets[idx];
    const wordRef = text.slice(start, end);
    let isSubword: boolean;
    if (tokenizer.continuingSubwordPrefix) {
      // Python's len(): code points.
      isSubword = codePointLength(word) !== codePointLength(wordRef);
    } else {
      isSubword = start > 0 && !text.slice(start - 1, start + 1).includes(' ');
    }
    if (ids[idx] === tokenizer.unkTokenId) {
      word = wordRef;
      isSubword = false;
    }
    pre.push({ word, scores, start, end, index: idx + (window.indexOffset ?? 0), isSubword });
  }
  return pre;
}

function aggregateWord(group: PreEntity[], strategy: 'first' | 'average' | 'max', id2label: string[], tokenizer: TokenizerView): WordEntity {
  const word = tokenizer.convertTokensToString(group.map((e) => e.word));
  let idx: number;
  let score: number;
  if (strategy === 'first') {
    idx = argmax(group[0].scores);
    score = group[0].scores[idx];
  } else if (strategy === 'max') {
    let best = group[0];
    let bestMax = Math.max(...best.scores);
    for (const e of group.slice(1)) {
      const m = Math.max(...e.scores);
      if (m > bestMax) {
        best = e;
        bestMax = m;
      }
    }
    idx = argmax(best.scores);
    score = best.scores[idx];
  } else {
    const avg = new Float64Array(group[0].scores.length);
    for (let k = 0; k < avg.length; k++) avg[k] = nanmean(group.map((e) => e.scores[k]));
    idx = argmax(avg);
    score = avg[idx];
  }
  return { entity: id2label[idx], score, word, start: group[0].start, end: group[group.length - 1].end };
}

function aggregateWords(pre: PreEntity[], strategy: 'first' | 'average' | 'max', id2label: string[], tokenizer: TokenizerView): WordEntity[] {
  const words: WordEntity[] = [];
  let group: PreEntity[] | null = null;
  for (const e of pre) {
    if (group === null) group = [e];
    else if (e.isSubword) group.push(e);
    else {
      words.push(aggregateWord(group, strategy, id2label, tokenizer));
      group = [e];
    }
  }
  if (group !== null) words.push(aggregateWord(group, strategy, id2label, tokenizer));
  return words;
}

function getTag(name: string, scheme: LabelScheme): [string, string] {
  if (name.startsWith('B-')) return ['B', name.slice(2)];
  if (name.startsWith('I-')) return ['I', name.slice(2)];
  if (scheme === 'bioes' && /^[ESLU]-/.test(name)) return [name[0] === 'E' || name[0] === 'L' ? 'E' : 'S', name.slice(2)];
  return ['I', name];
}

function groupSubEntities(entities: WordEntity[], tokenizer: TokenizerView): EntityGroup {
  const first = entities[0].entity;
  const dash = first.indexOf('-');
  return {
    entity_group: dash >= 0 ? first.slice(dash + 1) : first,
    score: nanmean(entities.map((e) => e.score)),
    word: tokenizer.convertTokensToString(entities.map((e) => e.word)),
    start: entities[0].start,
    end: entities[entities.length - 1].end,
  };
}

/**
 * `subword[k]` (token-level grouping only) says entity k continues the previous token's word: under 'bioes'
 * a word's pieces stay together whatever their prefixes ("p ##5 ##3", each "S-protein", is one entity).
 */
function groupEntities(entities: WordEntity[], tokenizer: TokenizerView, scheme: LabelScheme, subword?: readonly boolean[]): EntityGroup[] {
  const groups: EntityGroup[] = [];
  let current: WordEntity[] = [];
  entities.forEach((e, k) => {
    if (current.length === 0) {
      current.push(e);
      return;
    }
    const [bi, tag] = getTag(e.entity, scheme);
    const [lastBi, lastTag] = getTag(current[current.length - 1].entity, scheme);
    const lastClosed = lastBi === 'E' || lastBi === 'S';
    const samePieceOfWord = scheme === 'bioes' && subword?.[k] === true;
    if (tag === lastTag && (samePieceOfWord || (bi !== 'B' && bi !== 'S' && !lastClosed))) current.push(e);
    else {
      groups.push(groupSubEntities(current, tokenizer));
      current = [e];
    }
  });
  if (current.length > 0) groups.push(groupSubEntities(current, tokenizer));
  return groups;
}

/** Entities of one encoded window (transformers' postprocess for one chunk, ignore_labels applied). */
export function windowEntities(
  text: string,
  window: WindowLogits,
  id2label: string[],
  tokenizer: TokenizerView,
  options: TokenPostprocessOptions = {},
): TokenClassificationEntity[] {
  const strategy = options.aggregation ?? 'none';
  const ignore = new Set(options.ignoreLabels ?? ['O']);
  const pre = gatherPreEntities(text, window, id2label.length, tokenizer);
  let result: TokenClassificationEntity[];
  if (strategy === 'none' || strategy === 'simple') {
    const tokens: TokenPrediction[] = pre.map((p) => {
      const idx = argmax(p.scores);
      return { entity: id2label[idx], score: p.scores[idx], index: p.index, word: p.word, start: p.start, end: p.end };
    });
    result = strategy === 'none' ? tokens : groupEntities(tokens, tokenizer, options.labelScheme ?? 'bio', pre.map((p) => p.isSubword));
  } else {
    result = groupEntities(aggregateWords(pre, strategy, id2label, tokenizer), tokenizer, options.labelScheme ?? 'bio');
  }
  return result.filter((e) => !('entity' in e ? ignore.has(e.entity) : ignore.has(e.entity_group)));
}

/** transformers' aggregate_overlapping_entities: among entities starting inside another, keep the longest, then the best scored. */
export function aggregateOverlappingEntities<E extends { start: number; end: number; score: number }>(entities: E[]): E[] {
  if (entities.length === 0) return entities;
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  const out: E[] = [];
  let previous = sorted[0];
  for (const entity of sorted) {
    // The second test only adds empty spans (a lone byte-level space) repeated by two windows: transformers keeps both.
    const overlaps = (previous.start <= entity.start && entity.start < previous.end) || (entity.start === previous.start && entity.end === previous.end);
    if (overlaps) {
      const current = entity.end - entity.start;
      const prior = previous.end - previous.start;
      if (current > prior || (current === prior && entity.score > previous.score)) previous = entity;
    } else {
      out.push(previous);
      previous = entity;
    }
  }
  out.push(previous);
  return out;
}

/** All windows of one text → its entities, stitched when there is more than one window. */
export function postprocessTokenClassification(
  text: string,
  windows: WindowLogits[],
  id2label: string[],
  tokenizer: TokenizerView,
  options: TokenPostprocessOptions = {},
): TokenClassificationEntity[] {
  const all = windows.flatMap((w) => windowEntities(text, w, id2label, tokenizer, options));
  return windows.length > 1 ? aggregateOverlappingEntities(all) : all;
}
