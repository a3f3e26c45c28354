// A tagged span's boundaries, mended where the text defines an abbreviation: the definition says
// where the name starts, which the tagger may have missed by a word.
import type { AbbreviationDefinition } from '../abbreviations/schwartz-hearst.ts';
import type { ProseEntity } from './types.ts';

/** What joins two names in a list: "X (A) sequencing and Y (B)", "X (A), Y (B)". */
const JOINER = /,?\s+(?:and|or)\s+|,\s+/g;

/**
 * A span cannot start inside a defined long form ("Molecule Real-Time (SMRT) sequencing" starts at
 * "Single"), and one span over two definitions joined by "and", "or" or a comma is two entities
 * ("Single Molecule Real-Time (SMRT) sequencing technology and Oxford Nanopore technologies (ONT)").
 */
export function alignToDefinitions(entities: readonly ProseEntity[], text: string, definitions: readonly AbbreviationDefinition[]): ProseEntity[] {
  if (definitions.length === 0) return [...entities];
  const sorted = [...definitions].sort((a, b) => a.longSpan.start - b.longSpan.start);
  return entities.flatMap((entity) => {
    let e = entity;
    for (const d of sorted) {
      if (d.longSpan.start < e.start && e.start < d.longSpan.end && e.end >= d.longSpan.end) e = { ...e, start: d.longSpan.start };
    }
    const inside = sorted.filter((d) => d.longSpan.start >= e.start && d.shortSpan.end <= e.end && d.longSpan.start < d.shortSpan.start);
    const parts: ProseEntity[] = [];
    let start = e.start;
    for (let k = 1; k < inside.length; k++) {
      const gapStart = inside[k - 1].shortSpan.end;
      const gapEnd = inside[k].longSpan.start;
      if (gapEnd <= gapStart) continue;
      const joins = [...text.slice(gapStart, gapEnd).matchAll(JOINER)].filter((m) => gapStart + m.index + m[0].length === gapEnd);
      if (joins.length === 0) continue;
      parts.push({ ...e, start, end: gapStart + joins[0].index });
      start = gapEnd;
    }
    parts.push({ ...e, start });
    return parts;
  });
}
