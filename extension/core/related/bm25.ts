// Okapi BM25 over library entries (title counted twice, abstract, keywords), with an inverted index
// so a query costs the postings of its terms, not a pass over every document.
import { performance } from 'node:perf_hooks';
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
  /** How many times the title's terms count (default 1: plain BM25; 2 measured no better on bench/related.ts). */
  titleWeight?: number;
  /** Also index adjacent word pairs ("long read", "sound field"), so phrases count beyond their words (default on). */
  bigrams?: boolean;
}

/** Index terms of a text: stems, plus pairs of adjacent stems in the same clause when asked. */
function indexTerms(text: string, bigrams: boolean): { term: string; word: string }[] {
  const tokens = tokenize(text);
  if (!bigrams) return tokens;
  const out: { term: string; word: string }[] = [...tokens];
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i].joined) out.push({ term: `${tokens[i - 1].term} ${tokens[i].term}`, word: `${tokens[i - 1].word} ${tokens[i].word}` });
  }
  return out;
}

export interface Bm25BuildOptions {
  /** Milliseconds of indexing between two turns of the event loop (default 8). */
  sliceMs?: number;
  /** How a turn is given (default: setImmediate). */
  pause?: () => Promise<void>;
  /** Called at each pause with the documents indexed so far. */
  onSlice?: (done: number, total: number) => void;
  signal?: AbortSignal;
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
  private readonly bigrams: boolean;

  private totalLength = 0;
  private readonly titleWeight: number;

  constructor(documents: Iterable<LexicalDocument>, options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.titleWeight = options.titleWeight ?? 1;
    this.bigrams = options.bigrams ?? true;
    for (const document of documents) this.add(document);
    this.finish();
  }

  /**
   * Builds the index a slice at a time, giving the event loop a turn between slices, so that a server
   * indexing a 5,000-entry library still answers other requests meanwhile.
   */
  static async build(documents: readonly LexicalDocument[], options: Bm25Options = {}, build: Bm25BuildOptions = {}): Promise<Bm25Index> {
    const index = new Bm25Index([], options);
    const sliceMs = build.sliceMs ?? 8;
    const pause = build.pause ?? (() => new Promise<void>((done) => setImmediate(done)));
    let sliceStart = performance.now();
    for (let i = 0; i < documents.length; i++) {
      index.add(documents[i]);
      if ((i & 3) === 3 && performance.now() - sliceStart >= sliceMs) {
        build.onSlice?.(i + 1, documents.length);
        await pause();
        build.signal?.throwIfAborted();
        sliceStart = performance.now();
      }
    }
    index.finish();
    return index;
  }

  private add(document: LexicalDocument): void {
    const index = this.ids.length;
    this.ids.push(document.id);
    const counts = new Map<string, number>();
    let length = 0;
    const add = (text: string | undefined, weight: number) => {
      if (!text) return;
      for (const token of indexTerms(text, this.bigrams)) {
        counts.set(token.term, (counts.get(token.term) ?? 0) + weight);
        length += weight;
      }
    };
    add(document.title, this.titleWeight);
    add(document.abstract, 1);
    add(document.keywords, 1);
    this.lengths.push(length);
    this.totalLength += length;
    for (const [term, tf] of counts) {
      const list = this.postings.get(term);
      if (list) list.push({ doc: index, tf });
      else this.postings.set(term, [{ doc: index, tf }]);
    }
  }

  private finish(): void {
    this.averageLength = this.ids.length > 0 ? this.totalLength / this.ids.length : 0;
    this.idSet = undefined;
  }

  has(id: string): boolean {
    this.idSet ??= new Set(this.ids);
    return this.idSet.has(id);
  }

  private idSet?: Set<string>;

  /**
   * Scores a document that is not in the index with the index's statistics (idf, average length), so
   * candidates that arrive later (Semantic Scholar results) rank on the same scale as the library.
   */
  scoreDocument(query: string, document: LexicalDocument, titleWeight = 1): LexicalHit {
    const counts = new Map<string, number>();
    let length = 0;
    for (const [text, weight] of [[document.title, titleWeight], [document.abstract, 1], [document.keywords, 1]] as const) {
      if (!text) continue;
      for (const token of indexTerms(text, this.bigrams)) {
        counts.set(token.term, (counts.get(token.term) ?? 0) + weight);
        length += weight;
      }
    }
    const queryTerms = this.queryTerms(query);
    let score = 0;
    const shared: { word: string; weight: number }[] = [];
    for (const [term, { count, word }] of queryTerms) {
      const tf = counts.get(term);
      if (!tf) continue;
      const norm = this.k1 * (1 - this.b + (this.b * length) / (this.averageLength || 1));
      const contribution = (1 + Math.log(count)) * this.idf(term) * ((tf * (this.k1 + 1)) / (tf + norm));
      score += contribution;
      shared.push({ word, weight: contribution });
    }
    return { id: document.id, score, sharedTerms: shared.sort((x, y) => y.weight - x.weight).map((w) => w.word) };
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency (BM25+ style, never negative). */
  idf(term: string): number {
    const n = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.ids.length - n + 0.5) / (n + 0.5));
  }

  private queryTerms(query: string): Map<string, { count: number; word: string }> {
    const terms = new Map<string, { count: number; word: string }>();
    for (const token of indexTerms(query, this.bigrams)) {
      const known = terms.get(token.term);
      if (known) known.count++;
      else terms.set(token.term, { count: 1, word: token.word });
    }
    return terms;
  }

  /** Every document with at least one query term, best first. Shared terms are worked out when first read. */
  search(query: string): LexicalHit[] {
    const queryTerms = this.queryTerms(query);
    const scores = new Float64Array(this.ids.length);
    const matched = new Uint8Array(this.ids.length);
    const used: { word: string; list: Posting[]; weight: number; idf: number }[] = [];
    for (const [term, { count, word }] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      // Repeated query words count, but sub-linearly: a paragraph that says "alignment" five times is about alignment, not five times more.
      const queryWeight = 1 + Math.log(count);
      used.push({ word, list, weight: queryWeight, idf });
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / (this.averageLength || 1));
        scores[doc] += queryWeight * idf * ((tf * (this.k1 + 1)) / (tf + norm));
        matched[doc] = 1;
      }
    }
    const hits: LexicalHit[] = [];
    for (let doc = 0; doc < this.ids.length; doc++) {
      if (!matched[doc]) continue;
      const explain = () => this.explain(doc, used);
      let shared: string[] | undefined;
      hits.push({
        id: this.ids[doc],
        score: scores[doc],
        get sharedTerms() {
          shared ??= explain();
          return shared;
        },
      });
    }
    return hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /** The query words a document holds, by their contribution (postings are sorted by document). */
  private explain(doc: number, used: { word: string; list: Posting[]; weight: number; idf: number }[]): string[] {
    const out: { word: string; weight: number }[] = [];
    for (const { word, list, weight, idf } of used) {
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].doc === doc) {
          const tf = list[mid].tf;
          const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / (this.averageLength || 1));
          out.push({ word, weight: weight * idf * ((tf * (this.k1 + 1)) / (tf + norm)) });
          break;
        }
        if (list[mid].doc < doc) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out.sort((x, y) => y.weight - x.weight).map((w) => w.word);
  }
}
