// The labels a bibliography style prints for the cited entries: numbers in the order the style
// sorts its bibliography (alpha styles by their labels, [Knu84]), and author-year suffixes (2020a/2020b).
//
// Sort keys follow BibTeX's `presort` (plain.bst, plainnat.bst, alpha.bst) and biber's templates,
// approximated: names are read from the parsed entry (authors, else editors for books and
// proceedings, else organization, else the `key` field), "sortified" as purify$ does (lower case,
// accents and punctuation dropped, hyphens and ties as spaces); keys are compared by code unit, as
// BibTeX compares, also for biblatex (biber's Unicode collation agrees on plain Latin names).
// biber's orders honour the biblatex sorting fields as biblatex.def's templates place them: `presort`
// first (default "mm"), `sortkey` replacing everything after it (after the label, for anyt),
// `sortname`, `sorttitle`, `sortyear` in place of the names, title and year.
// Not modelled: crossref-inherited sorting, biblatex's `maxsortnames` beyond the first name,
// `sortshorthand`, entry.max$ truncation.
import { createHash } from 'node:crypto';
import type { BibEntry, Bibliography, CitationSorting, PersonName } from '../types.ts';
import { parseNameList } from '../bib/names.ts';
import { authorLabel } from './names.ts';

export interface CitationLabels {
  /** Lower-cased key → the number numeric styles print. */
  numbers: Map<string, number>;
  /** Lower-cased key → "a", "b"… for cited entries that share author label and year. */
  yearSuffixes: Map<string, string>;
}

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ı: 'i', þ: 'th' };

/** BibTeX's `sortify` (purify$ + lower case) over text already decoded to Unicode. */
export function sortify(text: string): string {
  return text
    .replace(/[ßæÆœŒøØłŁđĐıþ]/g, (c) => SPECIAL_LETTERS[c])
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\-~]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .toLowerCase();
}

/** BibTeX's `sort.format.title`: a leading "A ", "An ", "The " is dropped. */
function sortTitle(title: string | undefined): string {
  let t = title ?? '';
  for (const article of ['A ', 'An ', 'The ']) if (t.startsWith(article)) t = t.slice(article.length);
  return sortify(t);
}

/** The names an entry sorts by, as BibTeX's presort picks them (author, editor for books/proceedings). */
function sortNames(entry: BibEntry): PersonName[] | undefined {
  if (entry.authors.length > 0) return entry.authors;
  const books = entry.type === 'book' || entry.type === 'inbook' || entry.type === 'proceedings';
  if (books && entry.editors && entry.editors.length > 0) return entry.editors;
  return undefined;
}

function truncated(entry: BibEntry): boolean {
  return entry.authors.length > 0 && entry.authorsTruncated === true;
}

/** When an entry has no names: organization ("The " dropped), then the `key` field, else "". */
function nameFallback(entry: BibEntry): string {
  const org = entry.fields.organization;
  if (org && (entry.type === 'manual' || entry.type === 'proceedings')) return sortify(org.replace(/^The /, ''));
  return sortify(entry.fields.key ?? '');
}

/** One name as `{vv{ } }{ll{ }}{  ff{ }}{  jj{ }}` formats it. */
function bibtexName(name: PersonName): string {
  if (name.literal) return sortify(name.literal);
  const last = [name.particle, name.family].filter(Boolean).join(' ');
  return sortify([last, name.given ?? '', name.suffix ?? ''].join('  ').trimEnd());
}

/** plain.bst's `sort.format.names`; with `natbib`, plainnat's variant (a "zz"+year marker before a third name's list). */
function bibtexNames(entry: BibEntry, natbib: boolean): string {
  const names = sortNames(entry);
  if (!names) return nameFallback(entry);
  const others = truncated(entry);
  const count = names.length + (others ? 1 : 0);
  let out = '';
  names.forEach((name, i) => {
    if (i > 0) out += '   ';
    if (natbib && count > 2 && i === 1) out += `zz${entry.year ?? ''}   `;
    out += bibtexName(name);
  });
  if (others) out += natbib ? '   zzzzz' : '   et al';
  return out;
}

/** biber's name key: family (without the von part, useprefix=false), given; more than three names: the first and "+". */
function biberNames(entry: BibEntry): string {
  const sortname = entry.fields.sortname;
  const names = sortname !== undefined ? parseNameList(sortname).names : sortNames(entry);
  if (!names || names.length === 0) return nameFallback(entry) || biberTitle(entry);
  const shown = names.length > 3 || truncated(entry) && names.length > 1 ? names.slice(0, 1) : names;
  const keys = shown.map((n) => (n.literal ? sortify(n.literal) : sortify(`${n.family}  ${n.given ?? ''}`.trimEnd())));
  return keys.join('   ') + (shown.length < names.length || truncated(entry) ? '   +' : '');
}

const letters = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '');

/** The first letter of each word of a name part (BibTeX's `{v{}}` and `{l{}}`). */
function initials(part: string | undefined): string {
  return (part ?? '').split(/[\s~]+/).map((w) => letters(w).slice(0, 1)).join('');
}

function twoDigitYear(entry: BibEntry): string {
  return letters(entry.year ?? '').slice(-2);
}

/** The label alpha.bst prints, before a/b: "Knu84", "LM94", "ABC+20" (four names or more: three and "+"). */
function bibtexAlphaLabel(entry: BibEntry): string {
  const names = sortNames(entry);
  let label: string;
  if (!names) label = letters(entry.fields.key ?? entry.fields.organization?.replace(/^The /, '') ?? entry.key).slice(0, 3);
  else {
    const count = names.length + (truncated(entry) ? 1 : 0);
    if (count === 1) {
      const n = names[0];
      label = n.literal ? letters(n.literal).slice(0, 1) : initials(n.particle) + initials(n.family);
      if (label.length < 2) label = letters(n.literal ?? n.family).slice(0, 3);
    } else {
      const shown = count > 4 ? names.slice(0, 3) : names;
      label = shown.map((n) => (n.literal ? letters(n.literal).slice(0, 1) : initials(n.particle) + initials(n.family))).join('');
      if (count > 4 || truncated(entry)) label += '+';
    }
  }
  return label + twoDigitYear(entry);
}

/** The label biblatex's alphabetic style prints, before a/b: "Knu84", "LM94", "Vas+17" (more than three names). */
function biblatexAlphaLabel(entry: BibEntry): string {
  const names = sortNames(entry);
  let label: string;
  if (!names) label = letters(entry.fields.label ?? entry.fields.key ?? entry.key).slice(0, 3);
  else if (names.length > 3 || (truncated(entry) && names.length >= 1)) label = `${letters(names[0].literal ?? names[0].family).slice(0, 3)}+`;
  else if (names.length === 1) label = letters(names[0].literal ?? names[0].family).slice(0, 3);
  else label = names.map((n) => letters(n.literal ?? n.family).slice(0, 1)).join('');
  return label + twoDigitYear(entry);
}

type SortKey = string[];

function biberTitle(entry: BibEntry): string {
  return sortify(entry.fields.sorttitle ?? entry.title ?? '');
}

function biberYear(entry: BibEntry): string {
  return sortify(entry.fields.sortyear ?? entry.year ?? '');
}

/** `presort`, then `sortkey` in place of the rest when the entry has one (biblatex's `\sort[final]`). */
function biberKey(entry: BibEntry, label: string[], rest: () => string[]): SortKey {
  const head = [sortify(entry.fields.presort ?? 'mm'), ...label];
  const sortkey = entry.fields.sortkey;
  return sortkey !== undefined ? [...head, sortify(sortkey)] : [...head, '', ...rest()];
}

function sortKey(entry: BibEntry, sorting: Exclude<CitationSorting, 'none'>): SortKey {
  const year = sortify(entry.year ?? '');
  switch (sorting) {
    case 'nyt': return [bibtexNames(entry, false), year, sortTitle(entry.title)];
    case 'natbib': return [sortify(`${authorLabel(entry)}(${entry.year ?? ''}`), bibtexNames(entry, true), year, entry.key];
    case 'alpha': return [sortify(bibtexAlphaLabel(entry).slice(0, -2) + (entry.year ?? '')), bibtexNames(entry, false), year, sortTitle(entry.title)];
    case 'biblatex-nyt': return biberKey(entry, [], () => [biberNames(entry), biberYear(entry), biberTitle(entry)]);
    case 'nty': return biberKey(entry, [], () => [biberNames(entry), biberTitle(entry), biberYear(entry)]);
    case 'ydnt': {
      const descending = String(9999 - (Number.parseInt(biberYear(entry), 10) || 0)).padStart(4, '0');
      return biberKey(entry, [], () => [descending, biberNames(entry), biberTitle(entry)]);
    }
    case 'anyt': return biberKey(entry, [sortify(biblatexAlphaLabel(entry))], () => [biberNames(entry), biberYear(entry), biberTitle(entry)]);
    // biblatex's `sorting=debug` (the draft and debug styles): the entry keys
    case 'key': return [entry.key.toLowerCase()];
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The entries a document cites, once each, in order of first citation; `*` (\nocite{*}) adds every entry not yet cited, in bibliography order. */
function citedEntries(bib: Bibliography, cited: Iterable<string>): BibEntry[] {
  const out = new Map<string, BibEntry>();
  for (const key of cited) {
    if (key === '*') {
      for (const [lower, entry] of bib.entries) if (!out.has(lower)) out.set(lower, entry);
      continue;
    }
    const lower = key.toLowerCase();
    const entry = bib.entries.get(lower);
    if (entry && !out.has(lower)) out.set(lower, entry);
  }
  return [...out.values()];
}

/** Entries sharing author label and year, each group in bibliography order, get a, b, c… */
function yearSuffixes(entries: readonly BibEntry[]): Map<string, string> {
  const groups = new Map<string, BibEntry[]>();
  for (const entry of entries) {
    if (!entry.year) continue;
    const label = `${authorLabel(entry)}\u0000${entry.year}`;
    const group = groups.get(label);
    if (group) group.push(entry);
    else groups.set(label, [entry]);
  }
  const out = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.forEach((e, i) => out.set(e.key.toLowerCase(), String.fromCharCode(97 + (i % 26))));
  }
  return out;
}

/**
 * Numbers and year suffixes of the entries `cited` names (keys in document order,
 * `*` for \nocite{*}), as a style with `sorting` prints them. Without a sorting, numbers follow
 * first citation and same-author-same-year entries are told apart by title (natbib's apalike order).
 */
export function computeCitationLabels(bib: Bibliography, cited: Iterable<string>, sorting: CitationSorting | undefined): CitationLabels {
  const firstCited = citedEntries(bib, cited);
  let ordered = firstCited;
  if (sorting && sorting !== 'none') {
    const keys = new Map(firstCited.map((entry) => [entry, sortKey(entry, sorting)]));
    // Array.prototype.sort is stable: ties stay in citation order.
    ordered = [...firstCited].sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
  }
  const numbers = new Map(ordered.map((entry, i) => [entry.key.toLowerCase(), i + 1]));
  const suffixOrder = sorting === undefined || sorting === 'none'
    ? [...firstCited].sort((a, b) => compareKeys([sortTitle(a.title), a.key], [sortTitle(b.title), b.key]))
    : ordered;
  return { numbers, yearSuffixes: yearSuffixes(suffixOrder) };
}

/** A short string that changes whenever any printed label does (for cache keys). */
export function labelsFingerprint(labels: CitationLabels): string {
  const parts = [...labels.numbers].map(([key, n]) => `${key}=${n}${labels.yearSuffixes.get(key) ?? ''}`);
  return createHash('sha1').update(parts.join('\u0001')).digest('base64');
}
