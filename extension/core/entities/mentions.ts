// Other mentions of the same entity in a document, and the links a hover offers.
import { linksFor } from '../taxonomy/map.ts';
import type { Taxonomy } from '../taxonomy/types.ts';
import { normalizeMention } from './dismissals.ts';
import type { SourceEntity } from './types.ts';

/** The key two mentions share when they name the same entity: the long form of an abbreviation, else the text. */
export function mentionKey(e: Pick<SourceEntity, 'prose' | 'longForm'>): string {
  return normalizeMention(e.longForm ?? e.prose);
}

/** Every other entity with the same key (an abbreviation and its long form count as one), in document order. */
export function otherMentions<T extends Pick<SourceEntity, 'prose' | 'longForm' | 'span'>>(all: readonly T[], entity: T): T[] {
  const keys = new Set([mentionKey(entity), normalizeMention(entity.prose)]);
  return all.filter((e) => e !== entity && (e.span.start !== entity.span.start || e.span.end !== entity.span.end) && (keys.has(mentionKey(e)) || keys.has(normalizeMention(e.prose))));
}

/** Database search links for a mention of a type (the long form of an abbreviation is what gets searched). */
export function entityLinks(taxonomy: Taxonomy, entity: Pick<SourceEntity, 'type' | 'prose' | 'longForm'>): { name: string; url: string }[] {
  return linksFor(taxonomy, entity.type, entity.longForm ?? entity.prose);
}
