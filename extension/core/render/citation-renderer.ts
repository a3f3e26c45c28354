// Citations rendered the way the paper prints them, and the way the citation-intent datasets
// show them (SciCite "[12]", "Hickey et al. (2012)"; ACL-ARC "(Collins, 1997; Charniak, 1997a)"):
//   author-year: "(Smith et al., 2020)", "(see Smith and Jones, 2019, p. 3; Lee, 2021)",
//                narrative "Smith et al. (2020)", author-only "Smith et al.", year-only "2020";
//   numeric:     "[12]", "[3, 5–7]" (sorted, runs of three or more compressed), narrative "Smith et al. [12]";
//                alphabetic styles too, numbered in their bibliography's order: no dataset prints labels
//                such as "[Knu84]", and the models read a bracketed number as a citation.
// Keys no bibliography defines render as the key itself, e.g. "(smith2020)" or "[3, smith2020]".
import { latexToUnicode } from '../bib/latex-to-unicode.ts';
import type { BibEntry, Bibliography, CitationOccurrence, CitationRenderer } from '../types.ts';
import { computeCitationLabels } from './bibliography-order.ts';
import { authorLabel, fullAuthorLabel, fullName, labelNames } from './names.ts';
import type { CitationNumbering } from './numbering.ts';

export type CitationStyle = 'author-year' | 'numeric';

export interface CitationRendererOptions {
  /**
   * Keys the document cites. With it, entries that share author label and year get natbib's
   * 2020a/2020b suffixes (ordered by title); without it no suffixes are added.
   */
  citedKeys?: Iterable<string>;
  /** Year suffixes computed for the whole project (see computeCitationLabels); wins over `citedKeys`. */
  yearSuffixes?: ReadonlyMap<string, string>;
  /** natbib author-year: a bare `\cite` prints as `\citet` does. */
  textualCite?: boolean;
}

interface Item {
  key: string;
  lower: string;
  entry: BibEntry | undefined;
  /** The key's own notes, printed around it (`\\cites[see][12]{a}[][3]{b}`, `[see @a, sec. 2; also @b]`). */
  pre?: string;
  post?: string;
}

const hasNotes = (item: Item) => item.pre !== undefined || item.post !== undefined;

/** "see 3, sec. 2": an item's label between its own notes. */
function noted(item: Item, label: string): string {
  return `${item.pre ? `${item.pre} ` : ''}${label}${item.post ? `, ${item.post}` : ''}`;
}

/** A pre/post note as printed: LaTeX decoded (`p.~3` → "p. 3"), pandoc's leading comma dropped. */
export function cleanNote(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  const s = latexToUnicode(note).replace(/^[\s,;]+/, '').trim();
  return s.length > 0 ? s : undefined;
}

/** "3, 5–7": numbers sorted, runs of three or more compressed with an en dash. */
export function compressNumbers(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(', ');
}

/** A whole reference for \fullcite: "Pauli Virtanen, Ralf Gommers, et al. 2020. Title. Venue." */
export function fullReference(entry: BibEntry): string {
  const list = labelNames(entry);
  let authors = '';
  if (list) {
    const names = list.names.slice(0, 10).map(fullName);
    authors = names.join(', ') + (list.truncated || list.names.length > 10 ? ', et al.' : '');
  } else authors = authorLabel(entry);
  const parts = [authors, entry.year, entry.title, entry.venue].filter((p): p is string => !!p && p.length > 0);
  return parts.map((p) => p.replace(/[.\s]+$/, '')).join('. ') + '.';
}

function capitalize(s: string): string {
  const i = s.search(/\p{L}/u);
  return i < 0 ? s : s.slice(0, i) + s[i].toUpperCase() + s.slice(i + 1);
}

/**
 * Makes the renderer every model reads citations through. `numbering` (see buildNumbering) gives
 * numeric styles their numbers; without it, keys are numbered in the order this renderer meets them.
 */
export function createCitationRenderer(
  bib: Bibliography,
  style: CitationStyle,
  numbering?: CitationNumbering,
  options: CitationRendererOptions = {},
): CitationRenderer {
  const numbers = new Map<string, number>(numbering ?? []);
  const autoNumber = numbering === undefined;
  const suffixes = options.yearSuffixes
    ?? (options.citedKeys ? computeCitationLabels(bib, options.citedKeys, undefined).yearSuffixes : new Map<string, string>());

  const numberOf = (item: Item): number | undefined => {
    const n = numbers.get(item.lower);
    if (n !== undefined || !autoNumber || !item.entry) return n;
    const next = numbers.size + 1;
    numbers.set(item.lower, next);
    return next;
  };
  const yearOf = (item: Item): string => (item.entry?.year ?? 'n.d.') + (suffixes.get(item.lower) ?? '');
  const labelOf = (item: Item): string => (item.entry ? authorLabel(item.entry) : item.key);

  const bracket = (items: Item[], pre?: string, post?: string): string => {
    if (items.some(hasNotes)) {
      // each key with its notes, numbers not compressed: "[see 3, sec. 2; also 5]"
      const list = items.map((item) => noted(item, String(numberOf(item) ?? item.key))).join('; ');
      return `[${pre ? `${pre} ` : ''}${list}${post ? `, ${post}` : ''}]`;
    }
    const known: number[] = [];
    const unknown: string[] = [];
    for (const item of items) {
      const n = numberOf(item);
      if (n === undefined) unknown.push(item.key);
      else known.push(n);
    }
    const list = [compressNumbers(known), ...unknown].filter((s) => s.length > 0).join(', ');
    return `[${pre ? `${pre} ` : ''}${list}${post ? `, ${post}` : ''}]`;
  };

  /** "Smith et al., 2019, 2020; Lee, 2021": one group per author label, years merged. */
  const authorYearList = (items: Item[], sep: string): string => {
    const groups: { label: string; years: string[] }[] = [];
    for (const item of items) {
      if (!item.entry) {
        groups.push({ label: item.key, years: [] });
        continue;
      }
      const label = labelOf(item);
      const last = groups[groups.length - 1];
      // a key with notes of its own stands alone: "see Smith, 2019, p. 3; Smith, 2020"
      if (hasNotes(item)) groups.push({ label: noted(item, `${label}${sep}${yearOf(item)}`), years: [] });
      else if (last && last.label === label && last.years.length > 0) last.years.push(yearOf(item));
      else groups.push({ label, years: [yearOf(item)] });
    }
    return groups.map((g) => (g.years.length > 0 ? `${g.label}${sep}${g.years.join(', ')}` : g.label)).join('; ');
  };

  const parenthetical = (items: Item[], pre: string | undefined, post: string | undefined, parens: boolean): string => {
    const body = `${pre ? `${pre} ` : ''}${authorYearList(items, ', ')}${post ? `, ${post}` : ''}`;
    return parens ? `(${body})` : body;
  };

  const narrative = (items: Item[], pre: string | undefined, post: string | undefined, parens: boolean): string => {
    const out: string[] = [];
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      if (!item.entry) {
        out.push(item.key);
        return;
      }
      const lead = item.pre ? `${item.pre} ` : '';
      if (style === 'numeric') {
        out.push(`${lead}${labelOf(item)} ${bracket([{ ...item, pre: undefined }], undefined, last ? post : undefined)}`);
        return;
      }
      const note = [item.post, last ? post : undefined].filter((n) => n).map((n) => `, ${n}`).join('');
      out.push(parens ? `${lead}${labelOf(item)} (${yearOf(item)}${note})` : `${lead}${labelOf(item)} ${yearOf(item)}${note}`);
    });
    return (pre ? `${pre} ` : '') + out.join('; ');
  };

  return (occurrence: CitationOccurrence): string => {
    const items: Item[] = occurrence.keys
      .filter((k) => k.key !== '*')
      .map((k) => ({ key: k.key, lower: k.key.toLowerCase(), entry: bib.entries.get(k.key.toLowerCase()), pre: cleanNote(k.prefix), post: cleanNote(k.suffix) }));
    const pre = cleanNote(occurrence.prefix);
    const post = cleanNote(occurrence.suffix);
    const command = occurrence.command.replace(/\*$/, '');
    const cmd = command.toLowerCase();
    let text: string;
    const form = options.textualCite && style === 'author-year' && cmd === 'cite' ? 'narrative' : occurrence.form;
    switch (form) {
      case 'invisible':
        return '';
      case 'full':
        text = items.map((i) => (i.entry ? fullReference(i.entry) : i.key)).join(' ');
        break;
      case 'author-only':
        text = items.map((i) => {
          if (!i.entry) return i.key;
          if (cmd === 'citetitle') return i.entry.title ?? i.key;
          if (cmd === 'citefullauthor') return fullAuthorLabel(i.entry);
          return authorLabel(i.entry);
        }).join(', ');
        break;
      case 'year-only': {
        // pandoc's [-@key] is natbib's \citeyearpar: "Smith says blah (2004)"; a numeric style ignores the minus
        if (cmd === 'pandoc' && style === 'numeric') {
          text = bracket(items, pre, post);
          break;
        }
        if (cmd === 'pandoc') {
          // "[see -@a, p. 3; -@b]": each item with its own notes, "; " between them, as pandoc prints them
          const each = items.map((i) => `${i.pre ? `${i.pre} ` : ''}${i.entry ? yearOf(i) : i.key}${i.post ? `, ${i.post}` : ''}`).join('; ');
          text = `(${pre ? `${pre} ` : ''}${each}${post ? `, ${post}` : ''})`;
          break;
        }
        const years = items.map((i) => (i.entry ? yearOf(i) : i.key)).join(', ');
        text = cmd === 'citeyearpar' ? `(${pre ? `${pre} ` : ''}${years}${post ? `, ${post}` : ''})` : years;
        break;
      }
      case 'narrative':
        text = narrative(items, pre, post, cmd !== 'citealt');
        break;
      case 'numeric':
        text = items.some((i) => numbers.has(i.lower)) || style === 'numeric'
          ? bracket(items, pre, post)
          : parenthetical(items, pre, post, true);
        break;
      case 'parenthetical':
      default:
        text = style === 'numeric' ? bracket(items, pre, post) : parenthetical(items, pre, post, cmd !== 'citealp');
        break;
    }
    return /^[A-Z]/.test(command) ? capitalize(text) : text;
  };
}
