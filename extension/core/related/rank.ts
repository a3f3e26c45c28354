// Ranks candidates for a query: BM25 over title+abstract+keywords, cosine of SPECTER2 embeddings
// when the query has a vector, and a weighted sum of both (each scaled to [0, 1] over the candidates)
// when both ran. Flags papers already in the bibliography or already cited, drops "not relevant" ones.
// Papers the manuscript already cites come after those it does not (a researcher looks for new ones);
// `arrangeCited` then leaves out those cited in the query's own scope, or lists them last.
import { Bm25Index, type Bm25BuildOptions, type LexicalDocument } from './bm25.ts';
import { rankByCosine } from './cosine.ts';
import type { NotRelevantList } from './not-relevant.ts';
import type { RankedPaper, RankerKind, RelatedCandidate } from './types.ts';

export interface RankOptions {
  /** The query prose (citations already removed). */
  query: string;
  /** The query's SPECTER2 embedding, unit length; without it the ranking is lexical only. */
  queryVector?: Float32Array;
  /** The embedding model's name in each paper's reasons (default "SPECTER2"). */
  similarityModel?: string;
  /** Weight of the embedding similarity when both rankers ran (default 0.7). */
  similarityWeight?: number;
  /** Lower-cased keys the manuscript cites: those papers are ranked after every paper it does not cite. */
  citedKeys?: ReadonlySet<string>;
  notRelevant?: NotRelevantList;
  /** Keep at most this many (default: all that scored). */
  limit?: number;
  /** Leave out papers the manuscript already cites. */
  hideCited?: boolean;
  /**
   * A prebuilt index over the library (build it once per library with `lexicalIndex`): candidates in it
   * are scored from it, others (Semantic Scholar results) with its statistics.
   */
  index?: Bm25Index;
}

export interface RankResult {
  papers: RankedPaper[];
  ranker: RankerKind;
}

function lexicalDocuments(candidates: readonly RelatedCandidate[]): LexicalDocument[] {
  return candidates.map((c) => ({ id: c.id, title: c.title, abstract: c.abstract ?? c.tldr, keywords: c.keywords }));
}

export function lexicalIndex(candidates: readonly RelatedCandidate[]): Bm25Index {
  return new Bm25Index(lexicalDocuments(candidates));
}

/** The same index, built a slice at a time with turns of the event loop between slices. */
export function buildLexicalIndex(candidates: readonly RelatedCandidate[], build: Bm25BuildOptions = {}): Promise<Bm25Index> {
  return Bm25Index.build(lexicalDocuments(candidates), {}, build);
}

export function rankCandidates(candidates: readonly RelatedCandidate[], options: RankOptions): RankResult {
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const index = options.index ?? lexicalIndex(candidates);
  const lexical = index.search(options.query).filter((hit) => byId.has(hit.id));
  if (options.index) {
    for (const candidate of candidates) {
      if (index.has(candidate.id)) continue;
      const hit = index.scoreDocument(options.query, { id: candidate.id, title: candidate.title, abstract: candidate.abstract ?? candidate.tldr, keywords: candidate.keywords });
      if (hit.score > 0) lexical.push(hit);
    }
  }
  const lexicalById = new Map(lexical.map((hit) => [hit.id, hit]));
  let maxLexical = 0;
  for (const hit of lexical) maxLexical = Math.max(maxLexical, hit.score);

  const withVectors = options.queryVector ? candidates.filter((c) => c.vector && c.vector.length === options.queryVector?.length) : [];
  const useVectors = options.queryVector !== undefined && withVectors.length > 0;
  const similarities = useVectors && options.queryVector ? rankByCosine(options.queryVector, withVectors.map((c) => ({ id: c.id, vector: c.vector as Float32Array }))) : [];
  const similarityById = new Map(similarities.map((hit) => [hit.id, hit.similarity]));
  const maxSim = similarities.length > 0 ? similarities[0].similarity : 0;
  const minSim = similarities.length > 0 ? similarities[similarities.length - 1].similarity : 0;
  const simRange = maxSim - minSim;

  const hasLexical = maxLexical > 0;
  const ranker: RankerKind = useVectors ? (hasLexical ? 'bm25+specter2' : 'specter2') : 'bm25';
  const weight = useVectors ? (hasLexical ? (options.similarityWeight ?? 0.7) : 1) : 0;

  const ids = new Set<string>([...lexicalById.keys(), ...similarityById.keys()]);
  const scored: { id: string; candidate: RelatedCandidate; score: number; cited: boolean }[] = [];
  for (const id of ids) {
    const candidate = byId.get(id);
    if (!candidate) continue;
    if (options.notRelevant?.has({ id, s2Id: candidate.s2Id, doi: candidate.doi, title: candidate.title })) continue;
    const cited = candidate.key !== undefined && (options.citedKeys?.has(candidate.key.toLowerCase()) ?? false);
    if (cited && options.hideCited) continue;
    const hit = lexicalById.get(id);
    const lexicalNorm = hit && maxLexical > 0 ? hit.score / maxLexical : 0;
    const similarity = similarityById.get(id);
    const simNorm = similarity === undefined ? 0 : simRange > 0 ? (similarity - minSim) / simRange : 1;
    scored.push({ id, candidate, score: weight * simNorm + (1 - weight) * lexicalNorm, cited });
  }
  scored.sort((a, b) => Number(a.cited) - Number(b.cited) || b.score - a.score || (lexicalById.get(b.id)?.score ?? 0) - (lexicalById.get(a.id)?.score ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = options.limit !== undefined ? scored.slice(0, options.limit) : scored;
  const papers: RankedPaper[] = [];
  for (const { id, candidate, score, cited } of kept) {
    const hit = lexicalById.get(id);
    const similarity = similarityById.get(id);
    const reasons: string[] = [];
    if (similarity !== undefined) reasons.push(`${options.similarityModel ?? 'SPECTER2'} similarity ${similarity.toFixed(2)}`);
    else if (useVectors) reasons.push('no embedding: ranked by shared terms only');
    if (hit && hit.sharedTerms.length > 0) reasons.push(`shared terms: ${hit.sharedTerms.slice(0, 6).join(', ')}`);
    if (candidate.sources.includes('recommendations')) reasons.push('recommended by Semantic Scholar from the papers you cite');
    papers.push(toRanked(candidate, {
      score,
      reasons,
      similarity,
      lexicalScore: hit?.score,
      sharedTerms: hit?.sharedTerms ?? [],
      cited,
    }));
  }
  return { papers, ranker };
}

export interface CitedArrangement {
  /** The keys cited inside the query's scope (any case). */
  scopeKeys: Iterable<string>;
  /** List the papers cited in the scope too, last; default false: they are left out (the panel's "Show papers cited here"). */
  showCitedHere?: boolean;
  /** Keep at most this many. */
  limit?: number;
}

/**
 * A ranking in the order the panel and `sciwrite related` show it: papers the manuscript does not cite,
 * then those it cites elsewhere, then (only with `showCitedHere`) those cited in the scope itself; each
 * group keeps the ranking's order. Shown, the papers cited in the scope always fit: `limit` keeps room
 * for them and the others fill the rest. `citedHereHidden`: how many papers cited in the scope were left
 * out. Give it the whole ranking (no limit before): a cut made earlier may have dropped them already.
 */
export function arrangeCited<T extends { key?: string; cited: boolean }>(papers: readonly T[], options: CitedArrangement): { papers: T[]; citedHereHidden: number } {
  const scope = new Set([...options.scopeKeys].map((key) => key.toLowerCase()));
  const fresh: T[] = [];
  const elsewhere: T[] = [];
  const here: T[] = [];
  for (const paper of papers) {
    if (paper.key !== undefined && scope.has(paper.key.toLowerCase())) here.push(paper);
    else if (paper.cited) elsewhere.push(paper);
    else fresh.push(paper);
  }
  const others = [...fresh, ...elsewhere];
  if (!options.showCitedHere) return { papers: options.limit !== undefined ? others.slice(0, options.limit) : others, citedHereHidden: here.length };
  // Shown, they keep their places within the limit: the others fill what is left.
  const shownHere = options.limit !== undefined ? here.slice(0, options.limit) : here;
  const room = options.limit !== undefined ? Math.max(0, options.limit - shownHere.length) : others.length;
  return { papers: [...others.slice(0, room), ...shownHere], citedHereHidden: here.length - shownHere.length };
}

function toRanked(candidate: RelatedCandidate, extra: Pick<RankedPaper, 'score' | 'reasons' | 'similarity' | 'lexicalScore' | 'sharedTerms' | 'cited'>): RankedPaper {
  const out: RankedPaper = {
    id: candidate.id,
    title: candidate.title,
    authors: candidate.authors,
    score: Math.round(extra.score * 1e4) / 1e4,
    source: candidate.sources[0] ?? 'library',
    sources: candidate.sources,
    reasons: extra.reasons,
    sharedTerms: extra.sharedTerms,
    inBibliography: candidate.key !== undefined,
    cited: extra.cited,
  };
  const optional = ['key', 'year', 'venue', 'abstract', 'tldr', 'doi', 'arxiv', 's2Id', 'url', 'pdfUrl', 'citationCount'] as const;
  for (const name of optional) {
    const value = candidate[name];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[name] = value;
  }
  if (extra.similarity !== undefined) out.similarity = Math.round(extra.similarity * 1e4) / 1e4;
  if (extra.lexicalScore !== undefined) out.lexicalScore = Math.round(extra.lexicalScore * 1e4) / 1e4;
  return out;
}
