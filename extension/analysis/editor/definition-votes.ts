// The type votes of a project file nobody has opened, from its abbreviation definitions alone: only
// the paragraphs that define one are tagged (a handful per chapter; never back matter, which no pass
// tags either), and only the defined abbreviations vote, since a definition's type outranks every
// other vote for its abbreviation across the project. The definitions are found a slice of the file
// at a time, and uses are looked for in the defining paragraphs alone (the only ones tagged): a
// 20 MB chapter never holds the server for seconds.
import { analyzeAbbreviations, segmentDefinitions, type DefinedAbbreviation } from '../../core/abbreviations/index.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import type { ProseEntity } from '../../core/entities/types.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import type { FileAnalysis } from '../index.ts';
import { fileTypeVotes } from './compose.ts';
import type { EntityTagger } from './models.ts';
import { yieldToLoop } from './scheduler.ts';

/** Prose characters searched for definitions between two turns of the event loop (a few milliseconds' work). */
export const DEFINITION_SLICE_CHARS = 200_000;

export async function definitionVotes(file: Pick<FileAnalysis, 'segments' | 'text'>, tagger: Pick<EntityTagger, 'tag'>): Promise<TypeVotes> {
  const bySegment: DefinedAbbreviation[][] = [];
  let read = 0;
  for (const [i, segment] of file.segments.entries()) {
    if (read >= DEFINITION_SLICE_CHARS) {
      read = 0;
      await yieldToLoop();
    }
    bySegment.push(segmentDefinitions(segment, i));
    read += segment.prose.text.length;
  }
  const backMatter = backMatterParagraphs(file.segments);
  const defining = bySegment.flatMap((list, i) => (list.length > 0 && !backMatter.has(i) ? [i] : []));
  if (defining.length === 0) return new Map();
  const abbreviations = analyzeAbbreviations(file.segments, file.text, { definitionsBySegment: bySegment, usesIn: new Set(defining) });
  const lists = await tagger.tag(defining.map((i) => file.segments[i].prose.text));
  const tagged: (ProseEntity[] | undefined)[] = file.segments.map(() => undefined);
  defining.forEach((segment, k) => (tagged[segment] = lists[k]));
  const votes = fileTypeVotes(file.segments, file.text, tagged, { abbreviations });
  return new Map([...votes].filter(([, types]) => [...types.values()].some((v) => v.defined > 0)));
}
