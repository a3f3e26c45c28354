// Splits a paragraph of prose into sentences. Rule-based: a sentence ends at . ! ? (with closing
// quotes/brackets) followed by white space and a sentence start, unless the word before the period is
// an abbreviation ("et al.", "Fig.", "e.g.", "vs."), an initial ("J. Smith") or a number in a list.
import type { Span } from '../types.ts';
import { PLACEHOLDER } from './placeholders.ts';

const PLACEHOLDER_WORDS = Object.values(PLACEHOLDER);

const ABBREVIATIONS = new Set([
  'al', 'fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'tab', 'tabs', 'sec', 'secs', 'ref', 'refs', 'ch', 'chap', 'app', 'appx',
  'no', 'nos', 'vol', 'vols', 'pp', 'p', 'e.g', 'i.e', 'cf', 'vs', 'approx', 'resp', 'dr', 'mr', 'mrs', 'ms', 'prof',
  'st', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'ca', 'viz', 'suppl', 'ext', 'dept', 'univ', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'est', 'ed', 'eds', 'et', 'thm', 'def', 'lem', 'prop', 'cor',
  'alg', 'eqn', 'sect', 'para', 'incl', 'max', 'min', 'avg', 'std', 'var', 'etc.al', 'e.g.', 'i.e.', 'wrt', 'w.r.t',
  'a.k.a', 'aka', 'u.s', 'u.k', 'ph.d', 'op', 'loc', 'cit', 'ibid', 'n.b', 'c.f', 'resp', 'mol', 'conc', 'temp',
]);

/** Abbreviations that are never the last word of a sentence even before a capital ("Fig. 3", "e.g. DNA"). */
const NEVER_FINAL = new Set(['fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'tab', 'sec', 'secs', 'ref', 'refs', 'ch', 'chap',
  'no', 'nos', 'vol', 'pp', 'p', 'e.g', 'i.e', 'cf', 'vs', 'approx', 'dr', 'mr', 'mrs', 'ms', 'prof', 'viz', 'ca', 'et',
  'suppl', 'app', 'appx', 'thm', 'def', 'lem', 'prop', 'cor', 'alg', 'sect', 'incl', 'wrt', 'w.r.t', 'a.k.a', 'n.b', 'c.f', 'st']);

/**
 * Abbreviations that only hold a sentence together when a number follows ("No. 5", "Fig. S1", "Eq. (2)",
 * "p. 3"). Not "Suppl.", which a word follows as often ("Suppl. Table S1"): it never ends a sentence.
 */
const BEFORE_NUMBER = new Set(['fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'tab', 'sec', 'secs', 'ref', 'refs', 'ch', 'chap', 'no', 'nos',
  'vol', 'pp', 'p', 'app', 'appx', 'thm', 'def', 'lem', 'prop', 'cor', 'alg', 'sect']);

function numberFollows(text: string, i: number): boolean {
  return /^([(\[\d]|[A-Z]\d)/.test(text.slice(i, i + 2)) || PLACEHOLDER_WORDS.some((w) => text.startsWith(w, i) && !/[\p{L}]/u.test(text[i + w.length] ?? ''));
}

const CLOSERS = new Set(['"', '\'', ')', ']', '}', '”', '’', '»']);

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '“': '”' };
const OPENER_OF: Record<string, string> = Object.fromEntries(Object.entries(OPENERS).map(([open, close]) => [close, open]));
const LOOK_AHEAD_FOR_CLOSER = 300;

/**
 * The brackets and curly quotations opened since a sentence's start and not closed yet, read
 * incrementally as the splitter moves on (a rescan at every full stop was quadratic on long text).
 */
class OpenBrackets {
  private readonly open: string[] = [];
  private readUpTo: number;

  constructor(private readonly text: string, from: number) {
    this.readUpTo = from;
  }

  /** Restarts at a new sentence. */
  reset(from: number): void {
    this.open.length = 0;
    this.readUpTo = from;
  }

  /**
   * Whether `at` lies inside a bracket or a curly quotation opened since the sentence's start and
   * closed soon after `at` ("(resp. C and D)", “It works. We are done.”): no sentence ends there. An
   * opener that is never closed nearby (a list's "a)", a stray bracket) does not hold the sentence together.
   */
  holds(at: number): boolean {
    const { text, open } = this;
    for (; this.readUpTo < at; this.readUpTo++) {
      const closer = OPENERS[text[this.readUpTo]];
      if (closer) open.push(closer);
      else if (open.length > 0 && text[this.readUpTo] === open[open.length - 1]) open.pop();
    }
    if (open.length === 0) return false;
    // The bracket closes ahead when a closer meets it there: brackets opened and closed ahead do not count.
    const closer = open[open.length - 1];
    const opener = OPENER_OF[closer];
    let depth = 0;
    for (let k = at; k < Math.min(text.length, at + LOOK_AHEAD_FOR_CLOSER); k++) {
      if (text[k] === '\n' && /^\n\s*\n/.test(text.slice(k, k + 4))) return false;
      if (text[k] === opener && opener !== closer) depth++;
      else if (text[k] === closer && depth-- === 0) return true;
    }
    return false;
  }
}

function wordBefore(text: string, dot: number): string {
  let j = dot;
  while (j > 0 && /[\p{L}\p{N}.]/u.test(text[j - 1])) j--;
  return text.slice(j, dot);
}

function startsSentence(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === undefined) return false;
  if (/[\p{Lu}\p{N}"“‘'(\[¿¡]/u.test(ch)) return true;
  // A sentence may open with math or code ("$N$ samples were ..."), which reads as a placeholder word.
  return PLACEHOLDER_WORDS.some((w) => text.startsWith(w, i) && !/[\p{L}\p{N}]/u.test(text[i + w.length] ?? ''));
}

export interface SentenceOptions {
  /**
   * Prose spans that belong to the sentence before them when they follow its final punctuation
   * directly, e.g. a numeric citation after the period ("... as shown.[12] Next").
   */
  attach?: readonly Span[];
}

/** Sentence spans in prose offsets; white space between sentences belongs to none. */
export function splitSentences(text: string, options: SentenceOptions = {}): Span[] {
  const attachAt = new Map<number, number>();
  for (const s of options.attach ?? []) if (s.end > s.start) attachAt.set(s.start, s.end);
  const sentences: Span[] = [];
  let start = 0;
  while (start < text.length && /\s/.test(text[start])) start++;
  let i = start;
  const brackets = new OpenBrackets(text, start);
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '.' && ch !== '!' && ch !== '?') {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && (text[end] === '.' || text[end] === '!' || text[end] === '?')) end++;
    for (let guard = 0; guard < 8; guard++) {
      if (end < text.length && CLOSERS.has(text[end])) end++;
      else if (attachAt.has(end)) end = attachAt.get(end)!;
      else break;
    }
    let next = end;
    while (next < text.length && /\s/.test(text[next])) next++;
    if ((next === end && next < text.length) || brackets.holds(end)) {
      i = end;
      continue;
    }
    // A citation after the final punctuation that itself ends in punctuation ('... forces." [41].') belongs
    // to this sentence: the split comes after it.
    const attached = attachAt.get(next);
    if (attached !== undefined && (attached >= text.length || /^[\s]*[.,;:!?]/.test(text.slice(attached, attached + 4)))) {
      i = attached;
      continue;
    }
    if (ch === '.' && end === i + 1) {
      const word = wordBefore(text, i);
      const lower = word.toLowerCase();
      if (next < text.length && !startsSentence(text, next)) {
        i = end;
        continue;
      }
      if (BEFORE_NUMBER.has(lower) ? numberFollows(text, next) : NEVER_FINAL.has(lower) || NEVER_FINAL.has(lower.replace(/\.$/, ''))) {
        i = end;
        continue;
      }
      // An initial ("J. Smith"), but not a one-letter word that is a placeholder or a numbered step.
      if (/^\p{Lu}$/u.test(word) && next < text.length && /\p{Lu}/u.test(text[next])) {
        i = end;
        continue;
      }
      // Internal periods of an abbreviation such as "e.g." or "U.S." before a capital are kept together.
      if (/^(\p{L}\.)+\p{L}$/u.test(word) && ABBREVIATIONS.has(lower)) {
        i = end;
        continue;
      }
      if (lower === 'al' && next < text.length && /[\p{Ll}(\[,;\d]/u.test(text[next])) {
        i = end;
        continue;
      }
    } else if (next < text.length && !startsSentence(text, next)) {
      i = end;
      continue;
    }
    let e = end;
    while (e > start && /\s/.test(text[e - 1])) e--;
    if (e > start) sentences.push({ start, end: e });
    start = next;
    i = next;
    brackets.reset(next);
  }
  let e = text.length;
  while (e > start && /\s/.test(text[e - 1])) e--;
  if (e > start) sentences.push({ start, end: e });
  return sentences;
}

/** Index of the sentence holding prose offset `at` (the nearest one before it when `at` sits between sentences). */
export function sentenceIndexAt(sentences: readonly Span[], at: number): number {
  let best = 0;
  for (let k = 0; k < sentences.length; k++) {
    if (sentences[k].start <= at) best = k;
    else break;
  }
  return best;
}
