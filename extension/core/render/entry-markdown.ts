// A bibliography entry as short Markdown for hovers and completion details:
//   **Title**
//   Authors · Year
//   *Venue*
//   [doi:10.1038/…](https://doi.org/10.1038/…) · [URL](…) · [arXiv:…](https://arxiv.org/abs/…)
// Text from the .bib is escaped, so a title holding `*` or `[x](y)` prints as written.
import type { BibEntry } from '../types.ts';
import { authorLabel, fullName, labelNames } from './names.ts';

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~$]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A URL made safe for a Markdown link target. */
function linkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function authorsLine(entry: BibEntry, maxNames: number): string | undefined {
  const list = labelNames(entry);
  if (!list) {
    const label = authorLabel(entry);
    return label === entry.key ? undefined : label;
  }
  const names = list.names.slice(0, maxNames).map(fullName);
  let line = names.join(', ');
  if (list.truncated || list.names.length > maxNames) line += ' et al.';
  if (entry.authors.length === 0) line += list.names.length > 1 ? ' (eds.)' : ' (ed.)';
  return line;
}

export interface EntryMarkdownOptions {
  /** Most names listed before "et al." (default 6). */
  maxNames?: number;
  /** Adds the key and the file's base name at the end (default false). */
  showSource?: boolean;
}

/** Markdown describing one entry: title, authors, year, venue, links. */
export function formatEntryMarkdown(entry: BibEntry, options: EntryMarkdownOptions = {}): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(entry.title ?? entry.key)}**`);
  const authors = authorsLine(entry, options.maxNames ?? 6);
  const byline = [authors && escapeMarkdown(authors), entry.year && escapeMarkdown(entry.year)].filter(Boolean).join(' · ');
  if (byline) lines.push(byline);
  if (entry.venue) lines.push(`*${escapeMarkdown(entry.venue)}*`);
  const links: string[] = [];
  if (entry.doi) links.push(`[doi:${escapeMarkdown(entry.doi)}](${linkTarget(`https://doi.org/${entry.doi}`)})`);
  if (entry.url && !(entry.doi && entry.url.includes(entry.doi))) links.push(`[${escapeMarkdown(shortUrl(entry.url))}](${linkTarget(entry.url)})`);
  if (entry.arxiv && !(entry.url && entry.url.includes(entry.arxiv))) {
    links.push(`[arXiv:${escapeMarkdown(entry.arxiv)}](${linkTarget(`https://arxiv.org/abs/${entry.arxiv}`)})`);
  }
  if (links.length > 0) lines.push(links.join(' · '));
  if (options.showSource) lines.push(`\`${entry.key.replace(/`/g, "'")}\` · ${escapeMarkdown(entry.file.split(/[\\/]/).pop() ?? entry.file)}`);
  // Two trailing spaces keep the lines apart in Markdown renderers.
  return lines.join('  \n');
}

function shortUrl(url: string): string {
  const s = url.replace(/^https?:\/\/(www\.)?/, '');
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
