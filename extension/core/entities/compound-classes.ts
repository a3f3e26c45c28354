// Words that name a class of compounds by its suffix ("glucocorticoid", "corticosteroid", "cannabinoid",
// "opioid", "alkaloid") name no gene or protein: the receptor that binds such a compound is named with
// its head word ("glucocorticoid receptor"). A tagger that learned the word from the receptor's name
// types it alone as a protein ("glucocorticoid signalling", "glucocorticoid-induced apoptosis"); a span
// that stops before the head ("glucocorticoid| receptor") is that protein's name, cut, and keeps its type.
// Not every word in "-oid": "bicoid" is a gene, "ovomucoid" and "toxoid" are proteins. Of the NER
// datasets' lone gold entities with these endings, none is a gene or protein and nearly all are
// chemicals (a unit test counts), so such a highlight is a chemical.
import { PROTEIN_HEADS } from './protein-heads.ts';

/** The type such a word takes. */
export const COMPOUND_CLASS_TYPE = 'Chemical';

/** One word, in small letters but for a capital first ("Glucocorticoids"). */
const ONE_WORD = /^\p{L}\p{Ll}+$/u;

/** The endings of steroid, (gluco/mineralo)corticoid, the "-noid" lipid and terpene classes, opioid and alkaloid. */
export const COMPOUND_CLASS_ENDING = /(?:steroid|corticoid|noid|opioid|alkaloid)s?$/u;

/** Why a highlight of `text` typed `type`, with the prose `after` it, is a chemical instead, or undefined. */
export function compoundClassReason(text: string, type: string, after = ''): string | undefined {
  if (type !== 'GeneProtein' || !ONE_WORD.test(text) || !COMPOUND_CLASS_ENDING.test(text.toLowerCase())) return undefined;
  const next = /^\s+(\p{L}+)/u.exec(after)?.[1].toLowerCase();
  if (next !== undefined && PROTEIN_HEADS.has(next)) return undefined;
  return 'its ending names a class of compounds, not a protein';
}
