// biblatex citation styles: which family each belongs to, so citations can be rendered in the
// forms the citation-intent datasets use and numbered in the style's default bibliography order.
// The families and what the models are shown for each:
//   numeric (numeric, numeric-comp, numeric-verb):                      "[12]", as printed;
//   alphabetic ("[Knu84]"), draft and debug (entry keys):               "[12]", numbered in bibliography order
//                                                                       (draft and debug sort by entry key);
//   author-year (authoryear-comp, -ibid, -icomp):                       "(Knuth, 1984)", as printed;
//   author-title (authortitle-*, reading), verbose (verbose-*, full
//   references in footnotes, then short forms):                         "(Knuth, 1984)".
// No dataset has alphabetic labels or entry keys: a bracketed number is the closest form, sentences
// read the same ("as shown in [Knu84]", "as shown in [3]"), and the models' featurisers take only
// numbers in brackets for a citation (ACL-ARC dev's citations written as "[Smi+20]" cost the built-in
// model 3 points of macro-F1 more than written as "[12]"; SciCite's the same). Author-title and verbose
// citations name the author and the work; the datasets name author and year.
// biblatex-ext's `ext-` styles belong to the family of the style they extend.
import type { CitationSorting } from '../types.ts';

type Family = 'numeric' | 'alphabetic' | 'author-year' | 'author-title' | 'verbose' | 'draft';

interface StyleRule {
  pattern: RegExp;
  family: Family;
  /** The style's default bibliography order where it is not its family's; 'unknown' where we do not model it. */
  sorting?: CitationSorting | 'unknown';
}

// The standard styles, with their families' default orders (biblatex manual, §3.3).
const STANDARD: StyleRule[] = [
  { pattern: /^numeric(-.*)?$/, family: 'numeric' },
  { pattern: /^alphabetic(-.*)?$/, family: 'alphabetic' },
  { pattern: /^authoryear(-.*)?$/, family: 'author-year' },
  { pattern: /^authortitle(-.*)?$|^reading$/, family: 'author-title' },
  { pattern: /^verbose(-.*)?$/, family: 'verbose' },
  { pattern: /^(draft|debug)$/, family: 'draft' },
];

// Contributed styles common in the sciences and humanities, the first match winning; their orders are their own.
const CONTRIBUTED: StyleRule[] = [
  { pattern: /^ieee-alphabetic$/, family: 'alphabetic' },
  { pattern: /^(ieee|nature|science|phys|chem-.*|vancouver)$/, family: 'numeric', sorting: 'none' },
  // biblatex-ext's author-number styles print the author and a number counted per author ("Young [1]"),
  // sorted by name (their .bbx: sorting=nyt): the author is what the datasets' form keeps
  { pattern: /^ext-authornumber(-.*)?$/, family: 'author-year', sorting: 'biblatex-nyt' },
  { pattern: /^(trad-alpha|iso-alphabetic|oxalph)$/, family: 'alphabetic', sorting: 'unknown' },
  { pattern: /^(nejm|lncs|acmnumeric|mla-numeric|apsrev|trad-.*|iso-numeric|oxnum|gb7714-2015|abnt-numeric)$/, family: 'numeric', sorting: 'unknown' },
  { pattern: /^(chicago-notes.*|oxnotes|sbl|oscola)$/, family: 'verbose', sorting: 'unknown' },
  { pattern: /^(iso-authortitle|musuos)$/, family: 'author-title', sorting: 'unknown' },
  { pattern: /^(apa.*|mla.*|chicago.*|iso-authoryear|oxyear|gb7714-2015ay|abnt|acmauthoryear)$/, family: 'author-year', sorting: 'unknown' },
];

const FAMILY_SORTING: Record<Family, CitationSorting | undefined> = {
  'numeric': 'nty', 'alphabetic': 'anyt', 'author-year': 'biblatex-nyt', 'author-title': 'nty', 'verbose': 'nty', 'draft': 'key',
};

function ruleOf(style: string): StyleRule | undefined {
  const name = style.trim().toLowerCase();
  return CONTRIBUTED.find((r) => r.pattern.test(name)) ?? STANDARD.find((r) => r.pattern.test(name.replace(/^ext-/, '')));
}

/** How the models are shown a biblatex citation style's citations; undefined for a style we do not know. */
export function biblatexCitationStyle(style: string): 'numeric' | 'author-year' | undefined {
  const rule = ruleOf(style);
  if (!rule) return undefined;
  return rule.family === 'author-year' || rule.family === 'author-title' || rule.family === 'verbose' ? 'author-year' : 'numeric';
}

/** The default bibliography order of a biblatex bibliography style; undefined when unknown. */
export function biblatexDefaultSorting(style: string): CitationSorting | undefined {
  const rule = ruleOf(style);
  if (!rule) return undefined;
  if (rule.sorting === 'unknown') return undefined;
  return rule.sorting ?? FAMILY_SORTING[rule.family];
}
