// Words that name a class of compounds by its suffix ("glucocorticoid", "corticosteroid", "cannabinoid",
// "opioid", "alkaloid") name no gene or protein: the receptor that binds such a compound is named with
// its head word ("glucocorticoid receptor"). A tagger that learned the word from the receptor's name
// types it alone as a protein ("glucocorticoid signalling", "glucocorticoid-induced apoptosis"); a span
// that stops before the head is that protein's name, cut, and keeps its type: the head may come after
// a symbol ("retinoid X receptor", "steroid 21-hydroxylase") or be shared by a coordination
// ("glucocorticoid and mineralocorticoid receptors", "retinoid and estrogen receptors").
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

/** Heads of the proteins named after these compounds, besides `PROTEIN_HEADS` ("opioid peptides", "steroid sulphatase"). */
const COMPOUND_PROTEIN_HEADS: ReadonlySet<string> = new Set([
  ...PROTEIN_HEADS,
  ...['peptide', 'sulphatase', 'sulfatase', 'hydroxylase', 'reductase', 'dehydrogenase', 'synthetase', 'isomerase', 'lyase',
    'sulfotransferase', 'sulphotransferase', 'transferase', 'monooxygenase', 'aromatase', 'esterase', 'hydrolase', 'coactivator',
    'globulin'].flatMap((head) => [head, `${head}s`]),
]);

/** Words between such a word and its head: a letter, numeral or Greek name ("retinoid X receptor", "opioid mu receptor"), "binding". */
const MODIFIER = /^(?:\p{Lu}{1,3}|\p{N}+\p{L}?|[α-ω]|alpha|beta|gamma|delta|epsilon|kappa|mu|sigma|zeta|binding)$/u;

const COORDINATOR = /^(?:and|or|,|\/)$/u;

/** Words that begin a phrase of their own, so no conjunct sharing the head ("steroids and the receptor"). */
const PHRASE_START = /^(?:the|a|an|its|their|this|these|those|that|his|her|our|of|to|in|on|at|by|with|for|from|as|is|are|was|were|not|no)$/u;

/** The words, commas and slashes right after a span, up to anything else (a full stop, a bracket). */
function wordsAfter(after: string): string[] {
  const out: string[] = [];
  // a hyphen only joins the first ("retinoid-X receptor"); "glucocorticoid-induced" then reads "induced"
  const word = /(?:\s*|^-)([,/]|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*)/uy;
  for (let m = word.exec(after); m && out.length < 12; m = word.exec(after)) out.push(m[1]);
  return out;
}

/** Whether a word is a protein's head, or holds one ("receptors", "21-hydroxylase", "5alpha-reductase", "receptor-mediated"). */
function isHead(word: string): boolean {
  return word.toLowerCase().split('-').some((part) => COMPOUND_PROTEIN_HEADS.has(part));
}

/**
 * Whether the words after a span go on to a protein's head: at most two modifiers, or a coordination of
 * single words ("and mineralocorticoid", ", mineralocorticoid, and androgen"), then the head.
 */
function headFollows(after: string): boolean {
  const words = wordsAfter(after);
  let i = 0;
  for (let conjuncts = 0; conjuncts <= 3; conjuncts++) {
    let j = i;
    while (j < words.length && j - i < 2 && MODIFIER.test(words[j]) && !isHead(words[j])) j++;
    if (j < words.length && isHead(words[j])) return true;
    let k = i;
    while (k < words.length && COORDINATOR.test(words[k].toLowerCase())) k++;
    // the conjunct: one word, no head ("glucocorticoid, and protein kinase inhibitors" coordinates phrases)
    if (k === i || k >= words.length || isHead(words[k]) || PHRASE_START.test(words[k].toLowerCase())) return false;
    i = k + 1;
  }
  return false;
}

/** Why a highlight of `text` typed `type`, with the prose `after` it, is a chemical instead, or undefined. */
export function compoundClassReason(text: string, type: string, after = ''): string | undefined {
  if (type !== 'GeneProtein' || !ONE_WORD.test(text) || !COMPOUND_CLASS_ENDING.test(text.toLowerCase())) return undefined;
  if (headFollows(after)) return undefined;
  return 'its ending names a class of compounds, not a protein';
}
