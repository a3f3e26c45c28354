// Words that name a class of compounds by its suffix ("glucocorticoid", "corticosteroid", "cannabinoid",
// "opioid", "alkaloid") name no gene or protein: the receptor that binds such a compound is named with
// its head word ("glucocorticoid receptor"). A tagger that learned the word from the receptor's name
// types it alone as a protein ("glucocorticoid signalling", "glucocorticoid-induced apoptosis"); a span
// that stops before the head is that protein's name, cut, and keeps its type: the head may come after
// a symbol ("retinoid X receptor", "steroid 21-hydroxylase") or be shared by a coordination of ligands
// ("glucocorticoid and mineralocorticoid receptors", "retinoid and estrogen receptors"; not "glucocorticoid
// or IL6 receptor antagonists", "glucocorticoid or placebo, and serum binding proteins").
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

/** Words between such a word and its head: a letter, numeral or Greek name ("retinoid X receptor", "opioid mu receptor"), "binding" right before it. */
const MODIFIER = /^(?:\p{Lu}{1,3}|\p{N}+\p{L}?|[α-ω]|alpha|beta|gamma|delta|epsilon|kappa|mu|sigma|zeta|binding)$/u;

const COORDINATOR = /^(?:and|or|,|\/)$/u;

/**
 * Words that name the ligand of a receptor, besides those with a class's ending: the first word of a
 * conjunct that shares the head ("glucocorticoid and estrogen receptors", "… and vitamin D receptors").
 * Another word does not ("glucocorticoid or IL6 receptor antagonists": the glucocorticoid is a drug).
 */
const LIGAND = /^(?:o?estrogens?|androgens?|progesterone|progestins?|progestogens?|thyroid|vitamin|ecdysone)$/u;

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

/** Whether a conjunct's first word names a ligand ("mineralocorticoid", "androgen", "vitamin"). */
function isLigand(word: string): boolean {
  const lower = word.toLowerCase();
  return /^\p{L}\p{Ll}+$/u.test(word) && (COMPOUND_CLASS_ENDING.test(lower) || LIGAND.test(lower));
}

/**
 * Whether the words after a span go on to a protein's head: at most two modifiers, or a coordination of
 * ligands ("and mineralocorticoid", ", mineralocorticoid, and androgen", "and vitamin D"), then the head.
 * A comma then "and"/"or" begins a new clause unless a list came before it ("glucocorticoid or placebo,
 * and serum binding proteins").
 */
function headFollows(after: string): boolean {
  const words = wordsAfter(after);
  let i = 0;
  let listed = false;
  for (let conjuncts = 0; conjuncts <= 3; conjuncts++) {
    let j = i;
    // "binding" leads only to the head right after it ("glucocorticoid binding protein")
    while (j < words.length && j - i < 2 && MODIFIER.test(words[j]) && !isHead(words[j]) && (words[j] !== 'binding' || isHead(words[j + 1] ?? ''))) j++;
    if (j < words.length && isHead(words[j])) return true;
    let k = i;
    while (k < words.length && COORDINATOR.test(words[k].toLowerCase())) k++;
    const coordinators = words.slice(i, k);
    if (coordinators[0] === ',' && coordinators.length > 1 && !listed) return false;
    listed ||= coordinators.includes(',');
    // the conjunct: one ligand, no head ("glucocorticoid, and protein kinase inhibitors" coordinates phrases)
    if (k === i || k >= words.length || !isLigand(words[k])) return false;
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
