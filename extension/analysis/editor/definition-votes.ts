// The type votes of a project file nobody has opened, from its abbreviation definitions alone: only
// the paragraphs that define one are tagged (a handful per chapter; never back matter, which no pass
// tags either), and only the defined abbreviations vote, since a definition's type outranks every
// other vote for its abbreviation across the project.
import { analyzeAbbreviations } from '../../core/abbreviations/index.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import type { ProseEntity } from '../../core/entities/types.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import type { FileAnalysis } from '../index.ts';
import { fileTypeVotes } from './compose.ts';
import type { EntityTagger } from './models.ts';

export async function definitionVotes(file: Pick<FileAnalysis, 'segments' | 'text'>, tagger: Pick<EntityTagger, 'tag'>): Promise<TypeVotes> {
  const abbreviations = analyzeAbbreviations(file.segments, file.text);
  const backMatter = backMatterParagraphs(file.segments);
  const defining = abbreviations.definitionsBySegment.flatMap((list, i) => (list.length > 0 && !backMatter.has(i) ? [i] : []));
  if (defining.length === 0) return new Map();
  const lists = await tagger.tag(defining.map((i) => file.segments[i].prose.text));
  const tagged: (ProseEntity[] | undefined)[] = file.segments.map(() => undefined);
  defining.forEach((segment, k) => (tagged[segment] = lists[k]));
  const votes = fileTypeVotes(file.segments, file.text, tagged, { abbreviations });
  return new Map([...votes].filter(([, types]) => [...types.values()].some((v) => v.defined > 0)));
}
