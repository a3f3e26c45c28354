export { bestLongForm, findDefinitions, type AbbreviationDefinition } from './schwartz-hearst.ts';
export {
  abbreviationMentions, analyzeAbbreviations, looksLikeAbbreviation,
  type AbbreviationMention, type AbbreviationUse, type DefinedAbbreviation, type DocumentAbbreviations, type UndefinedAbbreviation,
} from './document.ts';
