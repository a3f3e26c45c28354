// Turns a ranked paper, as the server sends it (extension/protocol/related.ts), into what the panel
// shows. No ranking happens here.
import type { WireRankedPaper } from '../../protocol/related.ts';
import type { OpenTarget, PaperView, Reason } from '../../../webview/src/protocol.ts';

/** A ranked paper as the server sends it. */
export type RankedPaperFields = WireRankedPaper;

export function openTargetsOf(paper: Pick<RankedPaperFields, 'doi' | 'arxiv' | 's2Id' | 'url' | 'pdfUrl'>): OpenTarget[] {
  const targets: OpenTarget[] = [];
  if (paper.url || paper.s2Id || paper.arxiv) targets.push('page');
  if (paper.doi) targets.push('doi');
  if (paper.pdfUrl || paper.arxiv) targets.push('pdf');
  return targets;
}

const MAX_SHARED_TERMS = 8;

export function reasonsOf(paper: Pick<RankedPaperFields, 'similarity' | 'lexicalScore' | 'sharedTerms' | 'source'>): Reason[] {
  const reasons: Reason[] = [];
  if (paper.similarity !== undefined) reasons.push({ kind: 'similarity', value: paper.similarity });
  if (paper.lexicalScore !== undefined && paper.similarity === undefined) reasons.push({ kind: 'lexical', value: paper.lexicalScore });
  // The ranker lists every shared term, heaviest first; a reader needs the few that explain the match.
  if (paper.sharedTerms.length > 0) reasons.push({ kind: 'sharedTerms', terms: paper.sharedTerms.slice(0, MAX_SHARED_TERMS) });
  if (paper.source === 'recommendations') reasons.push({ kind: 'note', text: 'recommended from the papers you cite' });
  return reasons;
}

/**
 * The panel's view of a ranked paper; fields the paper lacks are left out, not set to undefined.
 * `scopeKeys`: the lower-cased keys cited inside the query's scope (for the "Cited here" badge).
 */
export function toPaperView(paper: RankedPaperFields, scopeKeys?: ReadonlySet<string>): PaperView {
  const view: PaperView = {
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    year: paper.year,
    venue: paper.venue,
    citationCount: paper.citationCount,
    tldr: paper.tldr,
    abstract: paper.abstract,
    score: paper.score,
    source: paper.source,
    reasons: reasonsOf(paper),
    inBib: paper.inBibliography,
    citedHere: paper.cited,
    citedInScope: paper.key !== undefined && scopeKeys !== undefined ? scopeKeys.has(paper.key.toLowerCase()) : undefined,
    key: paper.key,
    openTargets: openTargetsOf(paper),
  };
  for (const name of Object.keys(view) as (keyof PaperView)[]) if (view[name] === undefined) delete view[name];
  return view;
}
