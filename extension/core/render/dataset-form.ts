// A rendered citation as the citation-intent datasets print it, for the text the models read (what the
// user sees keeps the paper's form). The featurisers find citations with the datasets' forms only:
// "[12]", "[3-5]" with an ASCII hyphen, "(Smith et al., 2020)". A numeric citation with notes
// ("[see 1, 12]", "[1, p. 3]") is none of them: its prenote goes before the brackets, as a numeric
// paper writes it ("see [1, 12]"), and its postnote goes (a page says nothing of intent).

const LABELS = String.raw`\d+(?:[–-]\d+)?(?:, \d+(?:[–-]\d+)?)*`;
/** One item of a bracket as `citation-renderer.ts` prints it: "see 3, sec. 2", "1, 12", "3, 5–7, p. 4". */
const ITEM = new RegExp(String.raw`^(?:(.*?)\s)??(${LABELS})(?:, (.*))?$`, 'su');

/** What ends a page or section locator ("knuth84, p. 3" of an undefined key with a page): no prenote. */
const LOCATOR_END = /(?:^|[\s,])(?:pp?|secs?|ch(?:ap)?|figs?|eqs?|nos?|vols?|§)\.?$/iu;

function bracketAsDataset(inner: string): string {
  const items = inner.split('; ').map((item) => ITEM.exec(item));
  if (items.some((m) => m === null || (m[1] !== undefined && LOCATOR_END.test(m[1])))) return `[${inner.replace(/(?<=\d)–(?=\d)/gu, '-')}]`;
  // an item with a prenote of its own begins a bracket of its own: "see [1]; cf. [4]"
  const groups: { pre?: string; labels: string[] }[] = [];
  for (const m of items as RegExpExecArray[]) {
    if (groups.length === 0 || m[1]) groups.push({ ...(m[1] ? { pre: m[1] } : {}), labels: [] });
    groups[groups.length - 1].labels.push(m[2].replace(/–/gu, '-'));
  }
  return groups.map((g) => `${g.pre ? `${g.pre} ` : ''}[${g.labels.join(', ')}]`).join('; ');
}

/**
 * "[3, 5–7]" → "[3, 5-7]", "[see 1, 12]" → "see [1, 12]", "[see 1; cf. 4]" → "see [1]; cf. [4]", "[1, p. 3]"
 * → "[1]", "Smith et al. [4, p. 2]" → "Smith et al. [4]"; an undefined key's bracket and an author-year
 * rendering as they are.
 */
export function datasetCitation(rendered: string): string {
  return rendered.replace(/\[([^[\]]*)\]/gu, (_, inner: string) => bracketAsDataset(inner));
}

/** `datasetCitation` of a rendering that follows `before`: a prenote moved out of its bracket is a word of its own ("before see [1]"). */
export function datasetCitationAfter(before: string, rendered: string): string {
  const form = datasetCitation(rendered);
  return rendered.startsWith('[') && !form.startsWith('[') && /\S$/u.test(before) ? ` ${form}` : form;
}
