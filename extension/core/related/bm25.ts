// Okapi BM25 over library entries (title counted twice, abstract, keywords), with an inverted index
// so a query costs the postings of its terms, not a pass over every document.
import { tokenize } from './terms.ts';

export interface LexicalDocument {
  id: string;
  title?: string;
  abstract?: string;
  keywords?: string;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** How many times the title's terms count (titles are short and dense). */
  titleWeight?: number;
}

export interface LexicalHit {
  id: string;
  score: number;
  /** Query words found in the document, most informative first. */
  sharedTerms: string[];
}

interface Posting {
  doc: number;
  tf: number;
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  private readonly postings = new Map<string, Posting[]>();
  private averageLength = 0;
  private readonly k1: number;
  private readonly b: number;

  constructor(documents: Iterable<LexicalDocument>, options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    const titleWeight = options.titleWeight ?? 2;
    let total = 0;
    for (const document of documents) {
      const index = this.ids.length;
      this.ids.push(document.id);
      const counts = new Map<string, number>();
      let length = 0;
      const add = (text: string | undefined, weight: number) => {
        if (!text) return;
        for (const token of tokenize(text)) {
          counts.set(token.term, (counts.get(token.term) ?? 0) + weight);
          length += weight;
        }
      };
      add(document.title, titleWeight);
      add(document.abstract, 1);
      add(document.keywords, 1);
      this.lengths.push(length);
      total += length;
      for (const [term, tf] of counts) {
        const list = this.postings.get(term);
        if (list) list.push({ doc: index, tf });
        else this.postings.set(term, [{ doc: index, tf }]);
      }
    }
    this.averageLength = this.ids.length > 0 ? total / this.ids.length : 0;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency (BM25+ style, never negative). */
  idf(term: string): number {
    const n = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.ids.length - n + 0.5) / (n + 0.5));
  }

  /** Every document with at least one query term, best first. */
  search(query: string): LexicalHit[] {
    const queryTerms = new Map<string, { count: number; word: string }>();
    for (const token of tokenize(query)) {
      const known = queryTerms.get(token.term);
      if (known) known.count++;
      else queryTerms.set(token.term, { count: 1, word: token.word });
    }
    const scores = new Float64Array(this.ids.length);
    const shared = new Map<number, { word: string; weight: number }[]>();
    for (const [term, { count, word }] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      // Repeated query words count, but sub-linearly: a paragraph that says "alignment" five times is about alignment, not five times more.
      const queryWeight = 1 + Math.log(count);
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / (this.averageLength || 1));
        const contribution = queryWeight * idf * ((tf * (this.k1 + 1)) / (tf + norm));
        scores[doc] += contribution;
        const words = shared.get(doc);
        if (words) words.push({ word, weight: contribution });
        else shared.set(doc, [{ word, weight: contribution }]);
      }
    }
    const hits: LexicalHit[] = [];
    for (const [doc, words] of shared) {
      hits.push({ id: this.ids[doc], score: scores[doc], sharedTerms: words.sort((x, y) => y.weight - x.weight).map((w) => w.word) });
    }
    return hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }
}
