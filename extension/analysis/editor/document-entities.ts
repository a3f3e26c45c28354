// The entities of analysed files, all at once (CLI, tests) — the same steps the server runs
// paragraph by paragraph: scheduler (cache by paragraph text and model), composition, dismissals.
import { analyzeAbbreviations } from '../../core/abbreviations/index.ts';
import { citedAuthorNames } from '../../core/entities/cited-authors.ts';
import { softwareNames, statedSoftwareNames } from '../../core/entities/software-names.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import type { FileAnalysis } from '../workspace.ts';
import type { BibEntry } from '../../core/types.ts';
import { composeEntities, fileTypeVotes, type DismissedTest, type DocumentEntity } from './compose.ts';
import type { EntityTagger } from './models.ts';
import { EntityScheduler, type PassProgress } from './scheduler.ts';

export interface FileEntitiesOptions {
  dismissed?: DismissedTest;
  minScore?: number;
  scheduler?: EntityScheduler;
  /** A citation key's bibliography entry (cited authors' names are not entities). */
  lookupEntry?: (key: string) => BibEntry | undefined;
}

type Analysed = Pick<FileAnalysis, 'file' | 'text' | 'segments'> & Partial<Pick<FileAnalysis, 'language'>>;

async function tagFile(analysis: Analysed, tagger: EntityTagger, scheduler: EntityScheduler): Promise<PassProgress['tagged'] | undefined> {
  let last: PassProgress | undefined;
  await scheduler.run(analysis.file, analysis.segments, tagger, { isCurrent: () => true, report: (p) => (last = p), reportEvery: Infinity });
  return last?.tagged;
}

export async function entitiesOfFile(analysis: Analysed, tagger: EntityTagger, options: FileEntitiesOptions = {}): Promise<DocumentEntity[]> {
  return (await entitiesOfProject([analysis], tagger, options))[0];
}

/** The entities of each file of a project, one type per name across the files (see core/entities/consistency.ts). */
export async function entitiesOfProject(analyses: readonly Analysed[], tagger: EntityTagger, options: FileEntitiesOptions = {}): Promise<DocumentEntity[][]> {
  const scheduler = options.scheduler ?? new EntityScheduler();
  const tagged: (PassProgress['tagged'] | undefined)[] = [];
  for (const a of analyses) tagged.push(await tagFile(a, tagger, scheduler));
  const lookupEntry = options.lookupEntry;
  const projectSoftware = new Map(analyses.flatMap((a) => [...statedSoftwareNames(a, lookupEntry)]));
  // read once per file, for its votes and for its entities
  const shared = analyses.map((a) => ({
    abbreviations: analyzeAbbreviations(a.segments, a.text),
    citedNames: lookupEntry ? citedAuthorNames(a.segments, lookupEntry) : undefined,
    softwareNames: softwareNames(a, lookupEntry, projectSoftware),
  }));
  // a lone file has no other files to vote in
  const votes: TypeVotes[] = analyses.length < 2 ? [] : analyses.map((a, i) => (tagged[i] ? fileTypeVotes(a.segments, a.text, tagged[i], shared[i]) : new Map()));
  const min = options.minScore ?? 0;
  return analyses.map((a, i) => {
    const list = tagged[i];
    if (!list) return [];
    const elsewhere = votes.filter((_, j) => j !== i);
    return composeEntities(a.segments, a.text, list, { ...shared[i], dismissed: options.dismissed, elsewhere }).filter((e) => e.score >= min);
  });
}
