// The tagger's tokeniser and featuriser, identical to models/tagger/train.py (see its docstring):
// a token is a maximal run of Unicode letters, digits and marks, or one other non-space character.
import { GREEK_LETTERS } from '../../core/prose/greek.ts';

export interface Token {
  /** UTF-16 offsets into the text, [start, end). */
  start: number;
  end: number;
  text: string;
}

const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;

const RAISED = '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋';
const PLAIN = '0123456789+-0123456789+-';

/**
 * Superscript and subscript digits and signs as plain ones ("Ca²⁺" reads "Ca2+", "CO₂" "CO2", as the
 * training data writes them), one character for one, so every offset stays the text's own.
 */
export function plainScripts(text: string): string {
  return /[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀-₋]/u.test(text) ? text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀-₋]/gu, (c) => PLAIN[RAISED.indexOf(c)]) : text;
}

// Capitals that look Latin (Α, Β, Κ…) and omicron stay as they are; the other letters' names come
// from the LaTeX names, with the variant forms that share them.
const LATIN_LOOKING = new Set('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο');
const GREEK_NAMES: ReadonlyMap<string, string> = new Map([
  ...[...GREEK_LETTERS].filter(([, letter]) => !LATIN_LOOKING.has(letter)).map(([name, letter]): [string, string] => [letter, name]),
  ['ϵ', 'epsilon'], ['µ', 'mu'], ['ς', 'sigma'], ['ϕ', 'phi'],
]);

/**
 * A token as the training data spells it: Greek letters by name ("IL-1β" → "IL-1beta", "μ-opioid" →
 * "mu-opioid", as PubMed's ASCII text does). Used for the features only; the token keeps its offsets.
 */
export function spelledGreek(token: string): string {
  return /[\u0370-\u03ffµ]/u.test(token) ? token.replace(/[\u0370-\u03ffµ]/gu, (c) => GREEK_NAMES.get(c) ?? c) : token;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

/** The word-vocabulary key: lower-cased, ASCII digits replaced by '0'. */
export function wordKey(token: string): string {
  return token.toLowerCase().replace(/[0-9]/g, '0');
}

export interface TaggerVocab {
  words: Map<string, number>;
  chars: Map<string, number>;
  maxChars: number;
}

export interface EncodedSentence {
  words: BigInt64Array;
  /** [tokens × maxChars], zero-padded */
  chars: BigInt64Array;
}

const UNK = 1n;

export function encodeTokens(tokens: readonly string[], vocab: TaggerVocab): EncodedSentence {
  const words = new BigInt64Array(tokens.length);
  const chars = new BigInt64Array(tokens.length * vocab.maxChars);
  tokens.forEach((t, i) => {
    const w = vocab.words.get(wordKey(t));
    words[i] = w === undefined ? UNK : BigInt(w);
    const cps = Array.from(t);
    for (let j = 0; j < Math.min(cps.length, vocab.maxChars); j++) {
      const c = vocab.chars.get(cps[j]);
      chars[i * vocab.maxChars + j] = c === undefined ? UNK : BigInt(c);
    }
  });
  return { words, chars };
}
