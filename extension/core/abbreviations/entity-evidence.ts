// What the entity pass says of a word, as evidence on whether it is an abbreviation to spell out. The
// built-in tagger types an unknown capitalised word (software "UCHIME", "PLINK", "STAR") mostly as a
// chemical or a gene, some cited databases and tools as diseases ("OMIM", "ICD"); and it types "E2" and
// "5FU" as chemicals, where a figure panel "V1" or "S1 Fig" gets no type at all.
import { PROTEIN_HEADS } from '../entities/protein-heads.ts';

/**
 * Types of conditions and organisms: a word of these types that the document also writes as a condition
 * (`condition-context.ts`) is one even where a citation follows it ("patients with COPD [1]"). Not by the
 * type alone: the built-in tagger types cited databases and tools so too ("OMIM", "ICD", "GRADE", "CIViC").
 */
const CONDITION_TYPES = new Set(['Disease', 'Cancer', 'PathologicalFormation', 'Organism']);

/**
 * Types that make an abbreviation of a single capital and a number ("E2" estradiol) or of a locant and
 * capitals ("5FU"). Not a gene or protein: "H3", "C3" are histone and complement names; not a cell,
 * anatomy or organism: "A549", "M1", "T7" are names of lines, areas and phages.
 */
const SUBSTANCE_OR_CONDITION = new Set(['Chemical', 'Disease', 'Cancer', 'PathologicalFormation']);

/** Element symbols of one letter: "O2", "N2", "H2" are formulas. */
const ONE_LETTER_ELEMENTS = new Set(['H', 'B', 'C', 'N', 'O', 'F', 'P', 'S', 'K', 'V', 'Y', 'I', 'W', 'U']);

const ONE_WORD = /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u;

/** An ion's charge, which the entity pass keeps with a chemical ("NH4+", "SO42-": `entities/ion-charges.ts`) and a word has not. */
const CHARGE = /(?<=[\p{L}\p{N}])(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]*[⁺⁻]|\+\+?|[-−])$/u;

/**
 * The type the entity pass gives each word it tags on its own (the entity's whole text one word: "COPD",
 * "E2", an ion "NH4+" without its charge; not "16S" of "16S rRNA"), the most frequent where a word has several.
 */
export function entityTypesByWord(entities: readonly { prose: string; type: string }[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const e of entities) {
    const word = e.type === 'Chemical' ? e.prose.replace(CHARGE, '') : e.prose;
    if (!ONE_WORD.test(word)) continue;
    const byType = counts.get(word) ?? new Map<string, number>();
    byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    counts.set(word, byType);
  }
  const out = new Map<string, string>();
  for (const [word, byType] of counts) out.set(word, [...byType].reduce((a, b) => (b[1] > a[1] ? b : a))[0]);
  return out;
}

/** The type of a word or of its singular ("SNPs"). */
export function entityTypeOf(word: string, types: ReadonlyMap<string, string> | undefined): string | undefined {
  if (!types) return undefined;
  return types.get(word) ?? (word.endsWith('s') ? types.get(word.slice(0, -1)) : undefined);
}

/** Whether the type is a condition's or an organism's, which no tool or data set has when the prose writes it as a condition. */
export function typedAsCondition(type: string | undefined): boolean {
  return type !== undefined && CONDITION_TYPES.has(type);
}

/**
 * Whether a word may be a condition's abbreviation that the entity pass does not type so: two to four
 * capitals ("IBD", "MS", "RA"; "IBDs" too) with no type, or a chemical's, which the built-in tagger gives
 * "RA". Not one typed a gene, a method or a data set: the prose writing it as a condition with a cue before
 * it or a noun only a condition takes after it ("patients with IBD", "IBD patients"; not "PPMI subjects") decides the rest.
 */
export function conditionByShape(word: string, type: string | undefined): boolean {
  return (type === undefined || type === 'Chemical') && /^\p{Lu}{2,4}$/u.test(word.replace(/(?<=\p{Lu})s$/u, ''));
}

/**
 * Whether a word of a shape that is no abbreviation by itself — one capital and a number ("E2", "T3"),
 * or a locant then capitals ("5FU", "6MP") — is one by its type. A formula ("O2") is not; nor a number
 * and one capital ("16S", "3D", "2C").
 */
export function abbreviationByType(word: string, type: string | undefined): boolean {
  if (type === undefined || !SUBSTANCE_OR_CONDITION.has(type)) return false;
  const oneCapital = /^(\p{Lu})\p{N}{1,3}$/u.exec(word);
  if (oneCapital) return !ONE_LETTER_ELEMENTS.has(oneCapital[1]);
  return /^\p{N}{1,2}\p{Lu}{2,}[\p{Lu}\p{N}]*$/u.test(word);
}

/** A protein's head noun, ligases too. */
const HEAD_AFTER = /^[\s\u00a0]+([\p{L}]+)/u;
const HEADS = new Set([...PROTEIN_HEADS, 'ligase', 'ligases']);

/**
 * Whether a protein's head noun follows the word ending at `end`: one capital and a number there names a
 * class of enzymes or receptors ("E3 ligase", "E2 enzymes", "D2 receptors"), at its other mentions too.
 */
export function namesProteinClass(text: string, end: number): boolean {
  const next = HEAD_AFTER.exec(text.slice(end, end + 40))?.[1];
  return next !== undefined && HEADS.has(next.toLowerCase());
}
