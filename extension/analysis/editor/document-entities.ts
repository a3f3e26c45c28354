// The entities of one analysed file, all at once (CLI, tests) — the same steps the server runs
// paragraph by paragraph: scheduler (cache by paragraph text and model), composition, dismissals.
import type { FileAnalysis } from '../workspace.ts';
import { composeEntities, type DismissedTest, type DocumentEntity } from './compose.ts';
import type { EntityTagger } from './models.ts';
import { EntityScheduler, type PassProgress } from './scheduler.ts';

export interface FileEntitiesOptions {
  dismissed?: DismissedTest;
  minScore?: number;
  scheduler?: EntityScheduler;
}

export async function entitiesOfFile(analysis: Pick<FileAnalysis, 'file' | 'text' | 'segments'>, tagger: EntityTagger, options: FileEntitiesOptions = {}): Promise<DocumentEntity[]> {
  const scheduler = options.scheduler ?? new EntityScheduler();
  let last: PassProgress | undefined;
  await scheduler.run(analysis.file, analysis.segments, tagger, { isCurrent: () => true, report: (p) => (last = p), reportEvery: Infinity });
  if (!last) return [];
  const min = options.minScore ?? 0;
  return composeEntities(analysis.segments, analysis.text, last.tagged, { dismissed: options.dismissed }).filter((e) => e.score >= min);
}
