export { bestLongForm, findDefinitions, type AbbreviationDefinition } from './schwartz-hearst.ts';
export {
  analyzeAbbreviations, looksLikeAbbreviation,
  type AbbreviationUse, type DefinedAbbreviation, type DocumentAbbreviations, type UndefinedAbbreviation,
} from './document.ts';
