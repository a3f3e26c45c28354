// The type votes of a project file nobody has opened, from its abbreviation definitions alone: only
// the paragraphs that define one are tagged (a handful per chapter), since a definition's type
// outranks every other vote for its abbreviation across the project.
import { analyzeAbbreviations } from '../../core/abbreviations/index.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import type { ProseEntity } from '../../core/entities/types.ts';
import type { FileAnalysis } from '../index.ts';
import { fileTypeVotes } from './compose.ts';
import type { EntityTagger } from './models.ts';

export async function definitionVotes(file: Pick<FileAnalysis, 'segments' | 'text'>, tagger: Pick<EntityTagger, 'tag'>): Promise<TypeVotes> {
  const definitions = analyzeAbbreviations(file.segments, file.text).definitions;
  const defining = [...new Set([...definitions.values()].map((d) => d.segment))].sort((a, b) => a - b);
  if (defining.length === 0) return new Map();
  const lists = await tagger.tag(defining.map((i) => file.segments[i].prose.text));
  const tagged: (ProseEntity[] | undefined)[] = file.segments.map(() => undefined);
  defining.forEach((segment, k) => (tagged[segment] = lists[k]));
  return fileTypeVotes(file.segments, file.text, tagged);
}
