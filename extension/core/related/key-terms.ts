// The short query sent to Semantic Scholar: a handful of key terms of the scope, never its sentences.
// Terms are ranked by frequency in the scope times rarity in the user's library (when one is given)
// times a prior for longer words (rarer in any text: among words the library never holds, "aliasing"
// says more than "band") that counts a name the field coined (an acronym, "CaMKII", "minimap2") as long,
// then written in the order they first appear, so the query reads like a topic.
// Never a key term: what describes a figure (a colour alone or before what is drawn, a line style), a unit or a number with its
// unit ("kHz", "5bp"), and identifiers (accessions, grant numbers, versions), which say who wrote it, not what about.
import { foldText, tokenize, type Token } from './terms.ts';

const LINE_STYLES = new Set(['dashed', 'dotted']);
const COLOURS = new Set(['red', 'blue', 'green', 'black', 'magenta', 'cyan', 'yellow', 'orange', 'purple', 'grey', 'gray', 'white']);
/** What a figure draws in a colour ("black dots", "a blue line"): the colour says nothing of the topic. */
const DRAWN = new Set(['dot', 'dots', 'line', 'lines', 'curve', 'curves', 'bar', 'bars', 'circle', 'circles', 'square', 'squares', 'triangle', 'triangles',
  'marker', 'markers', 'arrow', 'arrows', 'shading', 'region', 'regions', 'area', 'areas', 'box', 'boxes', 'trace', 'traces', 'symbol', 'symbols',
  'star', 'stars', 'cross', 'crosses', 'diamond', 'diamonds', 'dashed', 'dotted', 'solid', 'histogram', 'histograms', 'points', 'balls', 'spheres']);

/**
 * A colour names a topic only before the word it qualifies ("gray matter", "yellow fever", "black
 * holes"), never alone ("(blue)") or before what a figure draws ("black dots", which go too).
 */
function describesFigure(previous: Token | undefined, token: Token, next: Token | undefined): boolean {
  if (LINE_STYLES.has(token.word)) return true;
  if (DRAWN.has(token.word) && token.joined && previous && (COLOURS.has(previous.word) || LINE_STYLES.has(previous.word))) return true;
  return COLOURS.has(token.word) && (!next?.joined || DRAWN.has(next.word) || COLOURS.has(next.word));
}
const UNITS = new Set(['hz', 'khz', 'mhz', 'ghz', 'db', 'ms', 'bp', 'kb', 'kbp', 'mb', 'mbp', 'gb', 'nm', 'mm', 'cm', 'km', 'mg', 'kg', 'ml', 'sec', 'min']);

/** Words written with a capital or a digit after a letter: "SMRT", "CaMKII", "OptiFit", "PP1". */
function coinedNames(text: string): Set<string> {
  return new Set([...text.matchAll(/[\p{L}\p{N}]*\p{L}[\p{Lu}\p{N}][\p{L}\p{N}]*/gu)].map((match) => foldText(match[0])));
}

function mayBeKeyTerm(word: string): boolean {
  return word.length >= 3 && !UNITS.has(word) && !/^\d|\d{4}|^v\d/.test(word);
}

export interface KeyTermOptions {
  /** At most this many words (default 8). */
  limit?: number;
  /** Inverse document frequency of a stemmed term in a background collection (e.g. Bm25Index.idf). */
  idf?: (term: string) => number;
}

export function keyTerms(text: string, options: KeyTermOptions = {}): string[] {
  const limit = options.limit ?? 8;
  const stats = new Map<string, { count: number; first: number; word: string }>();
  const tokens = tokenize(text);
  tokens.forEach((token, position) => {
    if (!mayBeKeyTerm(token.word) || describesFigure(tokens[position - 1], token, tokens[position + 1])) return;
    const known = stats.get(token.term);
    if (known) known.count++;
    else stats.set(token.term, { count: 1, first: position, word: token.word });
  });
  const coined = coinedNames(text);
  const prior = (word: string) => Math.log(2 + (coined.has(word) ? Math.max(word.length, 12) : word.length));
  const weight = (term: string, count: number, word: string) => (1 + Math.log(count)) * (options.idf ? options.idf(term) : 1) * prior(word);
  return [...stats.entries()]
    .map(([term, s]) => ({ ...s, weight: weight(term, s.count, s.word) }))
    .sort((a, b) => b.weight - a.weight || a.first - b.first)
    .slice(0, limit)
    .sort((a, b) => a.first - b.first)
    .map((s) => s.word);
}
