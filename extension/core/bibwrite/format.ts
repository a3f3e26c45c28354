// Writes one entry in a file's own style: indentation, `=` spacing/alignment, delimiters, cases,
// BibLaTeX or BibTeX field names, line endings.
import { escapeText, escapeVerbatim } from './escape.ts';
import type { PaperAuthor, PaperMetadata } from './metadata.ts';
import type { BibFileStyle } from './style.ts';

export type FieldList = [name: string, value: string][];

function typeOf(paper: PaperMetadata): string {
  if (paper.type) return paper.type.toLowerCase();
  if (paper.booktitle) return 'inproceedings';
  if (paper.journal) return 'article';
  return paper.arxiv && !paper.journal ? (paper.doi ? 'article' : 'misc') : 'misc';
}

/** The fields to write for a paper, in BibTeX or BibLaTeX names, values escaped. */
export function entryFields(paper: PaperMetadata, style: Pick<BibFileStyle, 'biblatex' | 'ascii'>): FieldList {
  const text = (value: string, protectCapitals = false) => escapeText(value, { ascii: style.ascii, protectCapitals });
  const fields: FieldList = [];
  const names = (people: readonly PaperAuthor[]) => people.map((a) => {
    const family = text(a.family);
    // A family name with a space must be braced to stay one name ("{van Beethoven}" is not wanted for particles, which BibTeX reads).
    return a.given ? `${family}, ${text(a.given)}` : family.includes(' ') ? `{${family}}` : family;
  }).join(' and ');
  if (paper.authors.length > 0) fields.push(['author', names(paper.authors)]);
  fields.push(['title', text(paper.title, true)]);
  const venueType = typeOf(paper);
  if (paper.journal) fields.push([style.biblatex ? 'journaltitle' : 'journal', text(paper.journal)]);
  if (paper.booktitle) fields.push(['booktitle', text(paper.booktitle)]);
  if (paper.editors && paper.editors.length > 0) fields.push(['editor', names(paper.editors)]);
  if (paper.series) fields.push(['series', text(paper.series)]);
  if (paper.edition) fields.push(['edition', text(paper.edition)]);
  if (style.biblatex) {
    const date = paper.date && /^\d{4}(-\d{2}){0,2}$/.test(paper.date) ? paper.date : paper.year ? String(paper.year) : undefined;
    if (date) fields.push(['date', date]);
  } else if (paper.year) {
    fields.push(['year', String(paper.year)]);
  }
  if (paper.volume) fields.push(['volume', text(paper.volume)]);
  if (paper.number) fields.push(['number', text(paper.number)]);
  if (paper.pages) fields.push(['pages', paper.pages.split(/\s*[-–—]+\s*/).map((part) => text(part)).join('--')]);
  if (paper.publisher) fields.push(['publisher', text(paper.publisher)]);
  // BibTeX's theses name their university `school`; BibLaTeX calls every such body `institution`
  if (paper.institution) fields.push([!style.biblatex && /thesis$/.test(venueType) ? 'school' : 'institution', text(paper.institution)]);
  if (paper.address) fields.push([style.biblatex ? 'location' : 'address', text(paper.address)]);
  if (paper.month && !style.biblatex) fields.push(['month', text(paper.month)]);
  if (paper.isbn) fields.push(['isbn', escapeVerbatim(paper.isbn)]);
  if (paper.note) fields.push(['note', text(paper.note)]);
  if (paper.doi) fields.push(['doi', escapeVerbatim(paper.doi)]);
  if (paper.arxiv) {
    fields.push(['eprint', escapeVerbatim(paper.arxiv)]);
    fields.push(style.biblatex ? ['eprinttype', 'arxiv'] : ['archiveprefix', 'arXiv']);
  }
  if (paper.url && !paper.doi) fields.push(['url', escapeVerbatim(paper.url)]);
  if (venueType === 'misc' && !paper.journal && !paper.booktitle && paper.arxiv && !style.biblatex) fields.push(['howpublished', `arXiv:${escapeVerbatim(paper.arxiv)}`]);
  return fields;
}

function cased(word: string, mode: BibFileStyle['typeCase']): string {
  if (mode === 'upper') return word.toUpperCase();
  if (mode === 'capital') return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

export function entryType(paper: PaperMetadata): string {
  return typeOf(paper);
}

/** The entry's text in the file's style, without a final line ending. */
export function formatEntry(type: string, key: string, fields: FieldList, style: BibFileStyle): string {
  const after = style.equals.endsWith(' ') ? ' ' : '';
  const lines = [`@${cased(type, style.typeCase)}{${key},`];
  fields.forEach(([name, value], i) => {
    const fieldName = cased(name, style.fieldCase);
    const left = style.alignWidth > 0
      ? `${fieldName.padEnd(Math.max(style.alignWidth, fieldName.length + 1))}=${after}`
      : `${fieldName}${style.equals.includes('=') ? style.equals : ' = '}`;
    // Quotes cannot hold a bare `"`: such values go in braces whatever the file prefers.
    const body = style.quotes && !value.includes('"') ? `"${value}"` : `{${value}}`;
    const comma = i < fields.length - 1 || style.trailingComma ? ',' : '';
    lines.push(`${style.indent}${left}${body}${comma}`);
  });
  lines.push('}');
  return lines.join(style.eol);
}
