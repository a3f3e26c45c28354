// The bibliography API: parse .bib / CSL-JSON files, load a project's bibliography (off the main
// thread for big files, cached by content), a Markdown front matter's inline references,
// suggestions for unknown keys, uncited entries.
export { parseBibTeX, resolveBibSyntax, BibParseMemo, MONTH_MACROS, STYLE_MACROS, type BibParseOptions, type BibParseResult } from './parse-bibtex.ts';
export { cslItemEntry, parseCslJson, type CslParseResult } from './csl-json.ts';
export { readInlineReferences, withInlineReferences, type InlineReferences } from './inline-references.ts';
export { loadBibliography, isCslJson, type LoadBibliographyOptions, type LoadedBibliography, type ReadBibFile } from './bibliography.ts';
export { BibWorker, type BibWorkerOptions, type BibWorkerTiming } from './off-thread.ts';
export { BibCache, contentKey } from './cache.ts';
export { applyInheritance } from './inheritance.ts';
export { closestKeys, closestKeySuggestions, type KeySuggestion } from './closest-keys.ts';
export { uncitedEntries } from './uncited.ts';
export { latexToUnicode, unescapeVerbatim } from './latex-to-unicode.ts';
export { parseName, parseNameList, splitNameList, type NameList } from './names.ts';
export { readBibSyntax, type BibSyntax, type RawEntry } from './syntax.ts';
