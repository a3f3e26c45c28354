// Citation rendering (as papers and the citation-intent datasets print citations) and hover Markdown.
export { createCitationRenderer, cleanNote, compressNumbers, fullReference, type CitationRendererOptions, type CitationStyle } from './citation-renderer.ts';
export { buildNumbering, type CitationNumbering } from './numbering.ts';
export { computeCitationLabels, labelsFingerprint, sortify, type CitationLabels } from './bibliography-order.ts';
export { projectCitationOrder, scanLatexCitations, scanMarkdownCitations, type CitationOrderItem, type FileCitations } from './citation-order.ts';
export { formatEntryMarkdown, escapeMarkdown, type EntryMarkdownOptions } from './entry-markdown.ts';
export { authorLabel, fullAuthorLabel, familyLabel, fullName } from './names.ts';
