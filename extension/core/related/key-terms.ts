// The short query sent to Semantic Scholar: a handful of key terms of the scope, never its sentences.
// Terms are ranked by frequency in the scope times rarity in the user's library (when one is given),
// then written in the order they first appear, so the query reads like a topic.
import { tokenize } from './terms.ts';

export interface KeyTermOptions {
  /** At most this many words (default 8). */
  limit?: number;
  /** Inverse document frequency of a stemmed term in a background collection (e.g. Bm25Index.idf). */
  idf?: (term: string) => number;
}

export function keyTerms(text: string, options: KeyTermOptions = {}): string[] {
  const limit = options.limit ?? 8;
  const stats = new Map<string, { count: number; first: number; word: string }>();
  tokenize(text).forEach((token, position) => {
    if (token.word.length < 3) return;
    const known = stats.get(token.term);
    if (known) known.count++;
    else stats.set(token.term, { count: 1, first: position, word: token.word });
  });
  const weight = (term: string, count: number, word: string) => (1 + Math.log(count)) * (options.idf ? options.idf(term) : Math.log(2 + word.length));
  return [...stats.entries()]
    .map(([term, s]) => ({ ...s, weight: weight(term, s.count, s.word) }))
    .sort((a, b) => b.weight - a.weight || a.first - b.first)
    .slice(0, limit)
    .sort((a, b) => a.first - b.first)
    .map((s) => s.word);
}
