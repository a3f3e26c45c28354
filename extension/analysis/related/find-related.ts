// The related-work pipeline behind the panel, the server and `sciwrite related`: the scope's prose
// (citations cut out) → candidates from local libraries and, when the user turned it on, Semantic
// Scholar (key-term search, batch for SPECTER2 vectors, recommendations seeded by the papers the scope
// cites) → SPECTER2 + BM25 ranking (BM25 alone without a model) → flags and "not relevant" filtering.
// What Semantic Scholar receives is exactly what CONSENT_TEXT (settings.ts) promises and `sent`
// records: the key terms and the ids of papers cited in the scope — no other citation of the project,
// no "not relevant" mark (those filter on this machine), nothing for a scope not written in English.
import { resolve } from 'node:path';
import { looksEnglish } from '../../core/prose/language.ts';
import { sameTitle } from '../../core/related/identity.ts';
import { keyTerms } from '../../core/related/key-terms.ts';
import { mergeCandidates } from '../../core/related/merge.ts';
import type { NotRelevantList } from '../../core/related/not-relevant.ts';
import { arrangeCited, rankCandidates } from '../../core/related/rank.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import { documentTitle, scopeQuery, segmentsInScope, type RelatedScope } from '../../core/related/scope.ts';
import type { RankedPaper, RankerKind, RelatedCandidate } from '../../core/related/types.ts';
import type { Span } from '../../core/types.ts';
import { S2Error, type S2Client } from '../../net/semantic-scholar/client.ts';
import { s2Candidate } from '../../net/semantic-scholar/convert.ts';
import { paperIdFor } from '../../net/semantic-scholar/client.ts';
import { defaultAnalysisOptions, type AnalysisOptions } from '../ports.ts';
import type { Workspace } from '../workspace.ts';
import { libraryIndexOf } from './library.ts';
import type { PaperEmbedder } from './specter2.ts';
import { EmbedderNotReady, notReadyMessage } from './embedder-pick.ts';

export interface RelatedRequest {
  file: string;
  /** Zero-based line of the cursor (LSP); default 0. */
  line?: number;
  character?: number;
  scope?: RelatedScope;
  /** Source span of the selection, for selection scope. */
  selection?: Span;
  /** Local libraries only, even when Semantic Scholar is on. */
  offline?: boolean;
  /** At most this many results (default 20). */
  limit?: number;
  /** Leave out papers the manuscript already cites (default false: they are shown, flagged). */
  hideCited?: boolean;
  /**
   * The papers cited in the scope as the panel and `sciwrite related` list them (`arrangeCited`): 'hidden',
   * left out and counted in `citedHereHidden`; 'last', after all others. Default: in the ranking's order,
   * with the other cited papers.
   */
  citedHere?: 'hidden' | 'last';
  /** How many Semantic Scholar search results to consider (default 30). */
  searchLimit?: number;
  signal?: AbortSignal;
}

export interface RelatedServices {
  workspace: Workspace;
  analysis?: Partial<AnalysisOptions>;
  /** The Semantic Scholar client; undefined while the user has not consented (nothing leaves the machine). */
  s2?: S2Client;
  /** SPECTER2 or another encoder (settings: sciwrite.models.embeddings); undefined when none is usable (BM25 alone, and the panel says so). */
  embedder?: PaperEmbedder;
  notRelevant?: NotRelevantList;
}

export type S2State = 'off' | 'offline' | 'ok' | 'error';

export interface RelatedStatus {
  ranker: RankerKind;
  /** 'specter2' when an embedding model ranks (SPECTER2 or the encoder chosen in settings: see `embedder`). */
  model: 'specter2' | 'missing' | 'error';
  /** The embedding model that ranked, as the panel names it ("SPECTER2", a Hub id, a folder). */
  embedder?: string;
  s2: S2State;
  /** Human-readable notes: what is off and why, what failed. */
  messages: string[];
}

export interface RelatedResult {
  scope: RelatedScope;
  /** The query prose, citations removed (stays on this machine). */
  query: string;
  citedKeys: string[];
  /** What was sent to Semantic Scholar, when anything was: the key-term query and the DOIs / arXiv ids of the papers the scope cites (S2 ids of results aside, nothing else). */
  sent?: { query: string; paperIds: string[] };
  papers: RankedPaper[];
  /** With `citedHere`: how many papers cited in the scope were left out. */
  citedHereHidden?: number;
  /** The embedder declined to embed (its model was deleted before it read it): ranked as without one, `status.messages` saying why. */
  embedderNotReady?: EmbedderNotReady;
  status: RelatedStatus;
}

export async function findRelated(services: RelatedServices, request: RelatedRequest): Promise<RelatedResult> {
  const file = resolve(request.file);
  const options: AnalysisOptions = { ...defaultAnalysisOptions, ...services.analysis };
  const project = await services.workspace.project(file, options);
  const analysis = await project.file(file);
  if (!analysis) throw new Error(`cannot read ${file}`);
  const scope = request.scope ?? 'paragraph';
  const offset = analysis.lines.offsetAt({ line: request.line ?? 0, character: request.character ?? 0 });
  const inScope = segmentsInScope(analysis.segments, analysis.text, analysis.language, scope, offset, request.selection);
  // Acknowledgements, funding and contributions are no topic, and their initials and grant numbers are
  // not to be sent: only a selection, which the user made, reads them.
  const backMatter = scope === 'selection' ? new Set<unknown>() : new Set([...backMatterParagraphs(analysis.segments)].map((i) => analysis.segments[i]));
  const segments = inScope.filter((segment) => !backMatter.has(segment));
  const ownTitle = await manuscriptTitle(project, file, analysis);
  const { text: query, citedKeys: scopeKeys } = scopeQuery(segments, scope === 'document' ? ownTitle : undefined);
  const english = query.trim().length === 0 || looksEnglish(query);

  // Every key the project cites (for the "already cited" badge) and the entries behind them.
  const cited = new Set<string>();
  for (const path of project.info.files.includes(file) ? project.info.files : [file, ...project.info.files]) {
    const other = path === file ? analysis : await project.file(path);
    for (const occurrence of other?.citations ?? []) for (const key of occurrence.keys) cited.add(key.key.toLowerCase());
  }
  const messages: string[] = [];
  const { candidates: library, index } = await libraryIndexOf(project.bibliography);
  const lists: RelatedCandidate[][] = [library];

  let s2State: S2State = services.s2 ? (request.offline ? 'offline' : 'ok') : 'off';
  if (!services.s2) messages.push('Semantic Scholar is off: suggestions come from your local libraries only.');
  else if (request.offline) messages.push('Offline: suggestions come from your local libraries only.');
  else if (!english) messages.push('The scope is not written in English: nothing is sent to Semantic Scholar (its search reads English key terms); suggestions come from your local libraries only.');
  let sent: RelatedResult['sent'];
  if (services.s2 && !request.offline && english && query.trim().length > 0) {
    const terms = keyTerms(query, { limit: 8, idf: index.size > 20 ? (term) => index.idf(term) : undefined });
    // Only the papers cited in the scope (the consent text's promise): none when it cites none.
    const paperIds: string[] = [];
    for (const key of scopeKeys) {
      const entry = project.bibliography.entries.get(key.toLowerCase());
      const id = entry?.doi ? paperIdFor(entry.doi) : entry?.arxiv ? paperIdFor(`arXiv:${entry.arxiv}`) : undefined;
      if (id && !paperIds.includes(id)) paperIds.push(id);
    }
    sent = { query: terms.join(' '), paperIds };
    try {
      lists.push(...(await fromSemanticScholar(services.s2, sent.query, paperIds, request)));
    } catch (error) {
      s2State = 'error';
      messages.push(`Semantic Scholar: ${error instanceof S2Error || error instanceof Error ? error.message : String(error)}`);
    }
  }
  // The manuscript itself (its preprint on Semantic Scholar, its own entry in a library) is no suggestion.
  const candidates = mergeCandidates(lists).filter((candidate) => !sameTitle(ownTitle, candidate.title));

  let queryVector: Float32Array | undefined;
  let model: RelatedStatus['model'] = services.embedder ? 'specter2' : 'missing';
  let notReady: EmbedderNotReady | undefined;
  if (!services.embedder) messages.push('No SPECTER2 model is downloaded: ranked by shared terms (BM25) only.');
  else if (query.trim().length > 0) {
    try {
      queryVector = await services.embedder.embedQuery(query, scope === 'document' ? 'paper' : 'paragraph');
      if (services.embedder.queryFallback && scope !== 'document') messages.push('The SPECTER2 ad-hoc-query adapter is not downloaded: the query is encoded with the proximity adapter.');
      const needVectors = candidatesToEmbed(candidates, services.embedder, queryVector.length);
      const vectors = await services.embedder.embedPapers(needVectors.map((c) => ({ title: c.title, abstract: c.abstract })));
      needVectors.forEach((candidate, i) => (candidate.vector = vectors[i]));
    } catch (error) {
      queryVector = undefined;
      if (error instanceof EmbedderNotReady) {
        // As a ranking that got no embedder says it (the model's reason first): no failure.
        model = 'missing';
        notReady = error;
        messages.unshift(notReadyMessage(error));
      } else {
        model = 'error';
        messages.push(`${services.embedder.specter2Compatible ? 'SPECTER2' : services.embedder.name} failed, ranked by shared terms only: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const limit = request.limit ?? 20;
  const ranked = query.trim().length > 0
    ? rankCandidates(candidates, {
      query, queryVector, index, citedKeys: cited, notRelevant: services.notRelevant, hideCited: request.hideCited,
      // Arranged, every scored paper: the ranking lists cited papers last, so a cut here would drop those
      // cited in the scope before arrangeCited counts them or keeps their places.
      ...(request.citedHere ? {} : { limit }),
      ...(services.embedder && !services.embedder.specter2Compatible ? { similarityModel: services.embedder.name } : {}),
    })
    : { papers: [], ranker: 'bm25' as const };
  if (inScope.length > 0 && segments.length === 0) messages.push('The acknowledgements, funding and contributions are not searched for related work: put the cursor in the text of the paper.');
  else if (query.trim().length === 0) messages.push('The scope holds no prose to build a query from.');
  const arranged = request.citedHere ? arrangeCited(ranked.papers, { scopeKeys, showCitedHere: request.citedHere === 'last', limit }) : undefined;
  return {
    scope,
    query,
    citedKeys: scopeKeys,
    ...(sent ? { sent } : {}),
    papers: arranged?.papers ?? ranked.papers,
    ...(arranged && arranged.citedHereHidden > 0 ? { citedHereHidden: arranged.citedHereHidden } : {}),
    ...(notReady ? { embedderNotReady: notReady } : {}),
    status: { ranker: ranked.ranker, model, s2: s2State, messages, ...(services.embedder && model === 'specter2' ? { embedder: services.embedder.name } : {}) },
  };
}

/**
 * The candidates the embedder must embed locally. Semantic Scholar's `specter_v2` vectors live in
 * SPECTER2's space only: with a SPECTER2 embedder they stand in for local ones (when of the query's
 * length); with any other model every candidate is embedded here from its title and abstract, so no
 * S2 vector reaches the ranking.
 */
export function candidatesToEmbed(candidates: RelatedCandidate[], embedder: Pick<PaperEmbedder, 'specter2Compatible'>, dimension: number): RelatedCandidate[] {
  if (!embedder.specter2Compatible) return candidates;
  return candidates.filter((candidate) => !candidate.vector || candidate.vector.length !== dimension);
}

/** The manuscript's title: this file's `\title` / YAML `title:`, else its project root's. */
async function manuscriptTitle(project: Awaited<ReturnType<Workspace['project']>>, file: string, analysis: { text: string; language: Parameters<typeof documentTitle>[1] }): Promise<string | undefined> {
  const own = documentTitle(analysis.text, analysis.language);
  if (own || project.info.root === file) return own;
  const root = await project.file(project.info.root);
  return root ? documentTitle(root.text, root.language) : undefined;
}

async function fromSemanticScholar(s2: S2Client, query: string, citedIds: string[], request: RelatedRequest): Promise<RelatedCandidate[][]> {
  const signal = request.signal;
  const found = query ? await s2.search(query, { limit: request.searchLimit ?? 30, signal }) : [];
  let recommended: typeof found = [];
  if (citedIds.length > 0) {
    // The recommendations API takes S2 ids: resolve the cited papers' DOIs / arXiv ids first.
    const seeds = (await s2.batch(citedIds, { fields: ['paperId'], signal })).flatMap((paper) => (paper ? [paper.paperId] : []));
    // No negative seeds: the user's "not relevant" marks never leave the machine (rankCandidates filters them).
    if (seeds.length > 0) recommended = await s2.recommend(seeds, [], { limit: 20, signal });
  }
  // Search and recommendations return no embeddings: one batch call brings vectors, TL;DRs and BibTeX.
  const ids = [...new Set([...found, ...recommended].map((paper) => paper.paperId))];
  const details = ids.length > 0 ? await s2.batch(ids, { signal }) : [];
  const byId = new Map(details.flatMap((paper) => (paper ? [[paper.paperId, paper] as const] : [])));
  const full = (paper: (typeof found)[number]) => ({ ...paper, ...(byId.get(paper.paperId) ?? {}) });
  return [found.map((paper) => s2Candidate(full(paper), 'semantic-scholar')), recommended.map((paper) => s2Candidate(full(paper), 'recommendations'))];
}
