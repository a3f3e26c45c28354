// Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in biomedical
// text": a short form in parentheses after its long form, "glucocorticoid receptor (GR)", or the
// reverse, "GR (glucocorticoid receptor)". The long form is the shortest run of preceding words that
// holds the short form's characters in order, the first one at the start of a word.
import type { Span } from '../types.ts';

export interface AbbreviationDefinition {
  short: string;
  long: string;
  /** Prose offsets of the short and the long form. */
  shortSpan: Span;
  longSpan: Span;
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** A plausible short form: 2–10 characters, at most two words, starts alphanumeric, holds a letter. */
function isShortFormCandidate(s: string): boolean {
  if (s.length < 2 || s.length > 10) return false;
  if (s.split(/\s+/).length > 2) return false;
  if (!isAlnum(s[0]) || !/\p{L}/u.test(s)) return false;
  return true;
}

/** The best long form for a short form among the words before it, as in the paper's findBestLongForm. */
export function bestLongForm(short: string, candidate: string): { start: number; text: string } | undefined {
  let s = short.length - 1;
  let l = candidate.length - 1;
  for (; s >= 0; s--) {
    const c = short[s].toLowerCase();
    if (!isAlnum(c)) continue;
    while ((l >= 0 && candidate[l].toLowerCase() !== c) || (s === 0 && l > 0 && isAlnum(candidate[l - 1]))) l--;
    if (l < 0) return undefined;
    l--;
  }
  const start = candidate.lastIndexOf(' ', l) + 1;
  return { start, text: candidate.slice(start) };
}

const FUNCTION_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/**
 * The paper's shortest match can start at a function word that merely shares the first letter:
 * "Africa and Middle East Refugee Assistance (AMERA)" gives "and Middle East…". When a capital
 * short form's match starts at a lower-case function word, the long form starts at the nearest
 * earlier capitalised word with that letter, if the window has one.
 */
function capitalStart(short: string, candidate: string, found: { start: number; text: string } | undefined): { start: number; text: string } | undefined {
  if (!found || !/^\p{Lu}/u.test(short)) return found;
  const first = /^\S+/.exec(found.text)?.[0] ?? '';
  if (!FUNCTION_WORDS.has(first)) return found;
  const letter = short[0];
  const words = [...candidate.slice(0, found.start).matchAll(/\S+/g)].reverse();
  const earlier = words.find((w) => w[0][0] === letter);
  return earlier?.index === undefined ? found : { start: earlier.index, text: candidate.slice(earlier.index) };
}

function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

/** Whether the long form holds the short form as a word of its own ("the GR gene (GR)"), not inside one ("coordinate (COO)"). */
function holdsShortForm(long: string, short: string): boolean {
  const at = (from: number) => long.toLowerCase().indexOf(short.toLowerCase(), from);
  for (let i = at(0); i >= 0; i = at(i + 1)) {
    if (!isAlnum(long[i - 1]) && !isAlnum(long[i + short.length])) return true;
  }
  return false;
}

/** The long form of `short` among the words of `text` from `from` to the parenthesis at `open`, with its start in `text`. */
function longFormBefore(text: string, short: string, from: number, open: number): { start: number; text: string } | undefined {
  const preceding = text.slice(from, open).replace(/\s+$/, '');
  if (!preceding) return undefined;
  const sWords = short.length;
  const maxWords = Math.min(sWords + 5, sWords * 2);
  const starts = [...preceding.matchAll(/\S+/g)].map((w) => w.index);
  const windowStart = from + starts[Math.max(0, starts.length - maxWords)];
  const original = text.slice(windowStart, from + preceding.length);
  const found = capitalStart(short, original, bestLongForm(short, original));
  if (!found || found.text.length <= short.length || wordCount(found.text) > maxWords || holdsShortForm(found.text, short)) return undefined;
  return { start: windowStart + found.start, text: found.text };
}

/** The definitions in one prose text, in order. */
export function findDefinitions(text: string): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  const re = /\(([^()]{1,60})\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index;
    const inner = m[1];
    const innerStart = open + 1;
    // text before the parenthesis in the same sentence-ish stretch
    const windowFrom = Math.max(0, open - 200);
    const before = text.slice(windowFrom, open);
    const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf(', '), before.lastIndexOf(') '));
    // A long form may hold a comma ("Foreign, Commonwealth and Development Office (FCDO)"): when the
    // words after the last comma hold none, the stretch up to the sentence's last other break is tried.
    const noCommaCut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf(') '));
    // the short form is the inner text up to a ';' or ',' ("GR; see below")
    const sep = inner.search(/[;,]\s/);
    const shortRaw = (sep >= 0 ? inner.slice(0, sep) : inner).trim();
    const shortStart = innerStart + inner.indexOf(shortRaw);
    const forward = isShortFormCandidate(shortRaw)
      ? longFormBefore(text, shortRaw, windowFrom + (cut >= 0 ? cut + 2 : 0), open) ?? (noCommaCut < cut ? longFormBefore(text, shortRaw, windowFrom + (noCommaCut >= 0 ? noCommaCut + 2 : 0), open) : undefined)
      : undefined;
    if (forward) {
      out.push({ short: shortRaw, long: forward.text, shortSpan: { start: shortStart, end: shortStart + shortRaw.length }, longSpan: { start: forward.start, end: forward.start + forward.text.length } });
      continue;
    }
    // The reverse order: "GR (glucocorticoid receptor)".
    const word = /([\p{L}\p{N}][\p{L}\p{N}-]{1,9})\s*$/u.exec(text.slice(Math.max(0, open - 12), open));
    if (word && wordCount(inner) >= 2 && isShortFormCandidate(word[1]) && /\p{Lu}.*\p{Lu}|\p{Lu}\p{N}/u.test(word[1])) {
      const found = bestLongForm(word[1], inner.trim());
      if (found && found.start === 0) {
        const shortStart = open - word[0].length + word[0].indexOf(word[1]);
        const longStart = innerStart + inner.indexOf(inner.trim());
        out.push({ short: word[1], long: found.text, shortSpan: { start: shortStart, end: shortStart + word[1].length }, longSpan: { start: longStart, end: longStart + found.text.length } });
      }
    }
  }
  return out;
}
