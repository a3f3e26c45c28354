// How a pandoc / Quarto document's `csl:` style prints citations: "[1]" or "(Smith et al., 2020)",
// and the order a numeric style numbers its bibliography in. A CSL file says both: the
// `citation-format` of its `<category>` and the `<sort>` of its `<bibliography>`. A style named but not
// found next to the document (pandoc also looks in its data directory and online) is known by name
// when it is one of the common numeric ones. Read with two regular expressions rather than an XML
// parser: one attribute and one list of sort keys of a file the CSL schema keeps regular.
import type { CitationSorting } from '../types.ts';

export interface CslStyle {
  style: 'numeric' | 'author-year';
  /** A numeric style's bibliography order; undefined for author-year styles. */
  sorting?: CitationSorting;
}

/** Numeric styles of the CSL repository that number citations in the order they are first cited. */
const NUMERIC_BY_CITATION = new Set([
  'ieee', 'nature', 'science', 'vancouver', 'vancouver-brackets', 'vancouver-superscript', 'american-medical-association',
  'american-chemical-society', 'plos', 'plos-one', 'pnas', 'proceedings-of-the-national-academy-of-sciences',
  'bmc-bioinformatics', 'biomed-central', 'elsevier-with-titles', 'elsevier-without-titles', 'cell-reports-numeric',
  'american-physics-society', 'physical-review-letters', 'optica', 'spie-journals', 'national-library-of-medicine',
  'american-society-for-microbiology', 'msphere', 'mbio', 'msystems', 'journal-of-bacteriology',
]);

/** The style of a CSL file's XML; undefined when it is not a CSL style. */
export function readCslStyle(xml: string): CslStyle | undefined {
  if (!/<style\b/.test(xml)) return undefined;
  const format = /<category\b[^>]*\bcitation-format\s*=\s*["']([\w-]+)["']/.exec(xml)?.[1];
  if (format !== 'numeric') return { style: 'author-year' };
  const bibliography = /<bibliography\b[\s\S]*?<\/bibliography>/.exec(xml)?.[0] ?? '';
  const sort = /<sort\b[^>]*>([\s\S]*?)<\/sort>/.exec(bibliography)?.[1];
  return { style: 'numeric', sorting: sort === undefined ? 'none' : sortingOf(sort) };
}

/** A CSL sort's keys → the closest bibliography order SciWrite numbers by. */
function sortingOf(sort: string): CitationSorting {
  const keys = [...sort.matchAll(/<key\b[^>]*\b(variable|macro)\s*=\s*["']([^"']+)["']/g)].map((m) => m[2].toLowerCase());
  if (keys.length === 0 || keys[0] === 'citation-number') return 'none';
  if (!/author|editor|contributor|name/.test(keys[0])) return 'none';
  const second = keys[1] ?? '';
  return /title/.test(second) ? 'nty' : 'nyt';
}

/** The style of a CSL file that could not be read, from its name (`ieee.csl`, `nature`); undefined when unknown. */
export function cslStyleByName(name: string): CslStyle | undefined {
  const base = name.replace(/\\/g, '/').split('/').pop()?.replace(/\.csl$/i, '').toLowerCase() ?? '';
  return NUMERIC_BY_CITATION.has(base) ? { style: 'numeric', sorting: 'none' } : undefined;
}
