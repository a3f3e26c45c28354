export { entityTypesByWord } from './entity-evidence.ts';
export { bestLongForm, findDefinitions, type AbbreviationDefinition } from './schwartz-hearst.ts';
export {
  abbreviationMentions, analyzeAbbreviations, looksLikeAbbreviation, segmentDefinitions,
  type AbbreviationMention, type AnalyzeAbbreviationsOptions, type AbbreviationUse, type DefinedAbbreviation, type DocumentAbbreviations, type UndefinedAbbreviation,
} from './document.ts';
