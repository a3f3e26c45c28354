export type { ProseEntity, SourceEntity } from './types.ts';
export { placeEntities, placeEntity, taggableMask } from './source-range.ts';
export {
  DISMISSALS_FILE, addDismissal, dismissalMatcher, emptyDismissals, normalizeMention, parseDismissals, readDismissals, recordDismissal,
  type Dismissal, type Dismissals,
} from './dismissals.ts';
export { entityLinks, mentionKey, otherMentions } from './mentions.ts';
export { mapEntityLabel, type MappedLabel } from './labels.ts';
