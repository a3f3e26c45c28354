// "Add a paper by DOI or arXiv id": metadata from Semantic Scholar, or Crossref for a DOI S2 does not
// know; and the insertion plan for the manuscript's write target.
import type { BibEngine } from '../../core/bibwrite/engine.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import { planBibInsertion, type BibInsertPlan } from '../../core/bibwrite/plan.ts';
import type { CrossrefClient } from '../../net/crossref/client.ts';
import { paperIdFor, S2Error, type S2Client } from '../../net/semantic-scholar/client.ts';
import { crossrefMetadata, s2Metadata } from '../../net/semantic-scholar/convert.ts';
import type { ProjectSnapshot } from '../workspace.ts';
import { chooseWriteTarget, type WriteTarget } from './write-target.ts';

export type PaperLookup =
  | { kind: 'found'; metadata: PaperMetadata; source: 'semantic-scholar' | 'crossref' }
  | { kind: 'not-found'; message: string }
  | { kind: 'failed'; message: string };

/**
 * A paper by DOI or arXiv id with a clear answer for the user: Semantic Scholar when it is on, then
 * Crossref for a DOI (Crossref is asked even when Semantic Scholar is off or failing: only the DOI the
 * user typed is sent). arXiv ids need Semantic Scholar.
 */
export async function lookupPaper(id: string, sources: { s2?: S2Client; crossref?: CrossrefClient }, signal?: AbortSignal): Promise<PaperLookup> {
  const s2Id = paperIdFor(id);
  if (!s2Id) return { kind: 'failed', message: `${id.trim() || 'That'} is not a DOI or an arXiv id` };
  const isDoi = s2Id.startsWith('DOI:');
  let s2Problem: string | undefined;
  if (sources.s2) {
    try {
      const paper = await sources.s2.lookup(id, { signal });
      if (paper) return { kind: 'found', metadata: s2Metadata(paper), source: 'semantic-scholar' };
    } catch (error) {
      if (!(error instanceof S2Error)) throw error;
      s2Problem = `Semantic Scholar: ${error.message}`;
      if (!isDoi || !sources.crossref) return { kind: 'failed', message: s2Problem };
    }
  }
  if (!isDoi) {
    return sources.s2
      ? { kind: 'not-found', message: `Semantic Scholar knows no paper ${s2Id.slice(6)}` }
      : { kind: 'failed', message: 'arXiv ids are looked up on Semantic Scholar, which is off: turn it on, or add the paper by its DOI' };
  }
  if (!sources.crossref) return { kind: 'not-found', message: `Semantic Scholar knows no paper with DOI ${s2Id.slice(4)}` };
  const found = await sources.crossref.work(s2Id.slice(4), { signal });
  if (found.kind === 'found') return { kind: 'found', metadata: crossrefMetadata(found.work), source: 'crossref' };
  if (found.kind === 'not-found') return { kind: 'not-found', message: `Neither ${sources.s2 ? 'Semantic Scholar nor ' : ''}Crossref knows the DOI ${found.doi}` };
  return { kind: 'failed', message: s2Problem ? `${s2Problem}; ${found.message}` : found.message };
}

export interface AddPlan {
  target: WriteTarget;
  /** Present when the target is a file: what to append (or why not). */
  plan?: BibInsertPlan;
}

/**
 * Plans adding a paper to the manuscript's bibliography from the text the workspace holds (an open
 * editor's unsaved text included): the server applies `plan.text` at `plan.offset` as a workspace
 * edit; the CLI writes with addPaperToBibFile.
 */
export function planAddToProject(project: ProjectSnapshot, paper: PaperMetadata, options: { writeTarget?: string; bibEngine?: BibEngine; biblatex?: boolean; allowAutoExport?: boolean } = {}): AddPlan {
  const target = chooseWriteTarget(project, options.writeTarget);
  if (target.kind !== 'file') return { target };
  const text = project.bibFile(target.file)?.text ?? '';
  const plan = planBibInsertion(text, paper, {
    file: target.file,
    bibliography: [...project.bibliography.entries.values()],
    ...(options.bibEngine ? { bibEngine: options.bibEngine } : {}),
    biblatexProject: options.biblatex,
    allowAutoExport: options.allowAutoExport,
  });
  return { target, plan };
}
