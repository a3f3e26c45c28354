// A rendered citation as the citation-intent datasets print it, for the text the models read (what the
// user sees keeps the paper's form). The featurisers find citations with the datasets' forms only:
// "[12]", "[3-5]" with an ASCII hyphen, "(Smith et al., 2020)". A numeric citation with notes
// ("[see 1, 12]", "[1, p. 3]") is none of them: its prenote goes before the brackets, as a numeric
// paper writes it ("see [1, 12]"), and its postnote goes (a page says nothing of intent).

const LABELS = String.raw`\d+(?:[–-]\d+)?(?:, \d+(?:[–-]\d+)?)*`;
/** One item of a bracket as `citation-renderer.ts` prints it: "see 3, sec. 2", "1, 12", "3, 5–7, p. 4". */
const ITEM = new RegExp(String.raw`^(?:(.*?)\s)??(${LABELS})(?:, (.*))?$`, 'su');

function bracketAsDataset(inner: string): string {
  const items = inner.split('; ').map((item) => ITEM.exec(item));
  if (items.some((m) => m === null)) return `[${inner.replace(/(?<=\d)–(?=\d)/gu, '-')}]`;
  const labels = items.map((m) => m![2].replace(/–/gu, '-')).join(', ');
  const pre = items[0]![1];
  return `${pre ? `${pre} ` : ''}[${labels}]`;
}

/**
 * "[3, 5–7]" → "[3, 5-7]", "[see 1, 12]" → "see [1, 12]", "[1, p. 3]" → "[1]", "Smith et al. [4, p. 2]"
 * → "Smith et al. [4]"; an author-year rendering as it is.
 */
export function datasetCitation(rendered: string): string {
  return rendered.replace(/\[([^[\]]*)\]/gu, (_, inner: string) => bracketAsDataset(inner));
}
