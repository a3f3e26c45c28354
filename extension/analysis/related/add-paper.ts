// "Add a paper by DOI or arXiv id": metadata from Semantic Scholar, or Crossref for a DOI S2 does not
// know; and the insertion plan for the manuscript's write target.
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import { planBibInsertion, type BibInsertPlan } from '../../core/bibwrite/plan.ts';
import { paperIdFor, type S2Client } from '../../net/semantic-scholar/client.ts';
import { crossrefMetadata, s2Metadata } from '../../net/semantic-scholar/convert.ts';
import type { ProjectSnapshot } from '../workspace.ts';
import { chooseWriteTarget, type WriteTarget } from './write-target.ts';

export async function fetchPaperMetadata(s2: S2Client, id: string, signal?: AbortSignal): Promise<{ metadata: PaperMetadata; source: 'semantic-scholar' | 'crossref' } | undefined> {
  const s2Id = paperIdFor(id);
  if (!s2Id) throw new Error(`not a DOI or arXiv id: ${id}`);
  const paper = await s2.lookup(id, { signal });
  if (paper) return { metadata: s2Metadata(paper), source: 'semantic-scholar' };
  if (s2Id.startsWith('DOI:')) {
    const work = await s2.crossref(s2Id.slice(4), { signal });
    if (work) return { metadata: crossrefMetadata(work), source: 'crossref' };
  }
  return undefined;
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
export function planAddToProject(project: ProjectSnapshot, paper: PaperMetadata, options: { writeTarget?: string; biblatex?: boolean; allowAutoExport?: boolean } = {}): AddPlan {
  const target = chooseWriteTarget(project, options.writeTarget);
  if (target.kind !== 'file') return { target };
  const text = project.bibFile(target.file)?.text ?? '';
  const plan = planBibInsertion(text, paper, {
    file: target.file,
    bibliography: [...project.bibliography.entries.values()],
    biblatexProject: options.biblatex,
    allowAutoExport: options.allowAutoExport,
  });
  return { target, plan };
}
