// Chemical formulas are no abbreviations to spell out: "CO2", "H2O", "NH4+", "SO42−", "MgSO4", "Ca(OH)2".
// Gene and protein symbols are often made of element symbols too ("HSP90", "NF1", "SH2", "PI3K",
// "SNF2"), so a word is read as a formula only when it is written as chemists write formulas: a count
// of 2 or more (never 1), no element twice in a row, and its elements in the order formulas put them —
// electropositive first ("NaCl", "CO2"), hydrogen first in an acid ("H2SO4") and last in a hydride
// ("NH3", "CH4"), "OH" and "COOH" kept. Gene symbols pass that test too ("KCNH2", "HCN4", "HIF2"), so
// the shape is not enough: the entity pass must type the word a chemical, or an ion's charge or a
// bracketed group must say so, or it is a metal's oxide or salt with a symbol of two letters whose charges
// balance ("TiO2", "ZnO", "KCl": no gene symbol in capitals has one; `saltShaped`) or an oxoanion's salt
// ("KNO3", "K2HPO4"), and no target noun may follow it ("the HIF2 inhibitor"; `formulaHere`). Typed a
// chemical, a salt, a base, an acid or a non-metal's monoxide needs no count ("KOH", "HCl", "NO").
import { ELEMENT_SYMBOLS } from '../chemistry/elements.ts';

/** Element symbols up to lawrencium, 103 (no formula names a heavier one); no "D" or "T": "CD4" is no formula. */
const ELEMENTS: ReadonlySet<string> = new Set(ELEMENT_SYMBOLS.slice(0, 103));

/** The non-metals in the order a formula writes them (IUPAC's element sequence); metals and noble gases come before them all. */
const NON_METAL_ORDER: ReadonlyMap<string, number> = new Map(
  ['B', 'Si', 'C', 'Sb', 'As', 'P', 'N', 'H', 'Te', 'Se', 'S', 'At', 'I', 'Br', 'Cl', 'O', 'F'].map((e, i) => [e, i]),
);
const HALOGENS: ReadonlySet<string> = new Set(['F', 'Cl', 'Br', 'I', 'At']);

/** Whether element `b` may follow element `a` in a formula. */
function mayFollow(a: string, b: string): boolean {
  if (a === b) return a === 'O'; // "COOH", a peroxide's "OO"
  const ra = NON_METAL_ORDER.get(a);
  const rb = NON_METAL_ORDER.get(b);
  if (ra === undefined) return true; // a metal before anything: "NaHCO3", "KMnO4"
  if (rb === undefined) return false; // a metal after a non-metal: "PI3K", "HK2"
  if (a === 'H') return true; // an acid's hydrogen ("HNO3", "H2S") and a condensed formula's ("CH3CN")
  if (a === 'O') return b === 'H' || HALOGENS.has(b); // hydroxide "OH", "OCl2", "SOCl2"
  return ra < rb; // "CO2", "NH3", "SF6"; not "SH2" (H2S), "SNF2", "CBF2", "ICP4"
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/**
 * Whether a word is written as a formula: element symbols, each with a count of 2 to 12 (carbon and
 * hydrogen to 99: "C60", "C12H22O11") or none, ordered as formulas order them. A count is required but
 * in a parenthesised group (`group`: "Ca(OH)2") and in an ion with an oxygen or a hydrogen (`charged`,
 * the word has a charge after it: "OH−"; not "CS+", a conditioned stimulus). A charged word's last digit
 * may be its charge's ("SO42−" is "SO4" 2−), and so is a raised number at its end ("SO₄²⁻").
 */
export function writtenAsFormula(word: string, charged = false, group = false): boolean {
  let w = word.replace(/[₀-₉]/gu, (d) => String(SUBSCRIPTS.indexOf(d)));
  if (charged) w = w.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/u, '');
  if (/[⁰¹²³⁴⁵⁶⁷⁸⁹]/u.test(w)) return false;
  if (parses(w, group || (charged && /[OH](?!\p{Ll})/u.test(w)))) return true;
  return charged && /\d\d$/.test(w) && parses(w.slice(0, -1), false);
}

function parses(w: string, countless: boolean): boolean {
  if (!/^(?:\p{Lu}\p{Ll}?\d*)+$/u.test(w)) return false;
  if (!countless && !/\d/.test(w)) return false;
  let previous: string | undefined;
  for (const [, element, count] of w.matchAll(/(\p{Lu}\p{Ll}?)(\d*)/gu)) {
    if (!ELEMENTS.has(element)) return false;
    if (count && (!/^[1-9]\d?$/.test(count) || Number(count) < 2 || (Number(count) > 12 && element !== 'C' && element !== 'H'))) return false;
    if (previous !== undefined && !mayFollow(previous, element)) return false;
    previous = element;
  }
  return true;
}

/** Types that make a formula-shaped word a name: a gene or protein ("SF2", "HNF4"), a cell line, an organism, a tissue, a condition. */
const NAME_TYPES: ReadonlySet<string> = new Set([
  'GeneProtein', 'Cell', 'Anatomy', 'CellularComponent', 'OrganismSubstance', 'Organism', 'Disease', 'Cancer', 'PathologicalFormation',
]);

/** A charge right after a word: "+", "++", "⁺", "⁻", a raised number and a sign, or a minus/hyphen that no word follows. */
const CHARGE_AFTER = /^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]*[⁺⁻]|\+\+?|[-−])(?![\p{L}\p{N}])/u;

/** An influenza A subtype ("H3N2", "H7N9"): written like a formula, named for its haemagglutinin and neuraminidase. */
const INFLUENZA_SUBTYPE = /^H\d{1,2}N\d{1,2}$/;

/**
 * Whether a word written as a formula is one by its type: the entity pass calls it a chemical (a gene
 * symbol of element letters, "KCNH2", "HIF2", is shaped like one too), or an ion's charge or a bracketed
 * group around it says so; never a gene, a cell line or an organism's name.
 */
export function formulaOfType(word: string, type: string | undefined, charged = false, group = false, chemistryAfter = false): boolean {
  if (INFLUENZA_SUBTYPE.test(word)) return false;
  // the built-in tagger types "KNO3" and "K2SO4" genes: the shape of an oxoanion's salt is stronger
  if (oxoSaltShaped(word)) return true;
  if (type !== undefined && NAME_TYPES.has(type)) return false;
  if (saltShaped(word)) return true;
  if (type === 'Chemical' && (countlessChemical(word) || monoxide(word))) return true;
  if (type !== 'Chemical' && !charged && !group && !chemistryAfter && !EVERYDAY_FORMULAS.has(word)) return false;
  return writtenAsFormula(word, charged, group);
}

/**
 * Metals (and the metalloids silicon and germanium) whose oxides and salts papers name. Not the rare or
 * radioactive ones whose symbols start other words ("PaCO2" partial pressure, "PoS" part of speech,
 * "PrP" prion protein, "ReI"), nor vanadium ("VO2" oxygen uptake).
 */
const SALT_METALS: ReadonlySet<string> = new Set([
  'Li', 'Na', 'K', 'Rb', 'Cs', 'Mg', 'Ca', 'Sr', 'Ba', 'Al', 'Ga', 'In', 'Tl', 'Si', 'Ge', 'Sn', 'Pb', 'Bi', 'Sc', 'Y', 'Ti', 'Zr', 'Hf', 'Nb', 'Ta',
  'Cr', 'Mo', 'W', 'Mn', 'Fe', 'Ru', 'Co', 'Rh', 'Ir', 'Ni', 'Pd', 'Pt', 'Cu', 'Ag', 'Au', 'Zn', 'Cd', 'Hg', 'La', 'Ce', 'Nd', 'Eu', 'Gd', 'Er', 'Yb',
]);
/**
 * What ends an oxide or a salt with no count in it ("ZnO", "KCl", "CdSe", "NaOH", "AgI"; an iodide's
 * charges must balance: not "CoI"); a nitride needs a count ("Si3N4"; not "CaN" calcineurin), and a
 * phosphide is a III–V semiconductor (`III_V`; not "BaP" benzo[a]pyrene, "BiP" the chaperone, "InP3"
 * inositol trisphosphate).
 */
const COUNTLESS_ENDS: ReadonlySet<string> = new Set(['O', 'S', 'Se', 'Te', 'F', 'Cl', 'Br', 'I']);
const SALT_ENDS: ReadonlySet<string> = new Set([...COUNTLESS_ENDS, 'N']);
/** A III–V semiconductor, a group-13 metal's nitride, phosphide, arsenide or antimonide: "GaN", "InP", "GaAs", "AlN". */
const III_V = /^(?:Al|Ga|In)(?:N|P|As|Sb)$/u;
/** The non-metals of an anion written without counts: "NaOCl", "NaCN", "NaOH" (not the boron of "CoBF"). */
const COUNTLESS_ANION: ReadonlySet<string> = new Set([...COUNTLESS_ENDS, 'H', 'C', 'N']);
/** "Ba/F3" written together: a cell line; "MoS" a gait's margin of stability (molybdenum's sulfide is "MoS2"). */
const NOT_SALTS: ReadonlySet<string> = new Set(['BaF3', 'MoS']);

/**
 * The oxidation states of the salt metals, of the transition metals in their anions ("BiVO4", "KMnO4")
 * and of the non-metals after them. Oxygen takes −1 only in pairs (a peroxide's, "BaO2", "Na2S2O8") and
 * sulfur −1 or 0 only in a chain of two or more (a disulfide's or a polysulfide's, "FeS2", "Li2S6"), so
 * "KO" (knockout) does not balance.
 */
const OXIDATION_STATES: ReadonlyMap<string, readonly number[]> = new Map(Object.entries({
  Li: [1], Na: [1], K: [1], Rb: [1], Cs: [1], Mg: [2], Ca: [2], Sr: [2], Ba: [2], Al: [3], Ga: [3], In: [1, 3], Tl: [1, 3], Si: [4], Ge: [2, 4],
  Sn: [2, 4], Pb: [2, 4], Bi: [3, 5], Sc: [3], Y: [3], Ti: [2, 3, 4], Zr: [4], Hf: [4], Nb: [3, 4, 5], Ta: [4, 5], Cr: [2, 3, 4, 6], Mo: [2, 3, 4, 5, 6],
  W: [4, 5, 6], Mn: [2, 3, 4, 5, 6, 7], Fe: [2, 3], Ru: [3, 4], Co: [2, 3], Rh: [3], Ir: [3, 4], Ni: [2, 3], Pd: [2, 4], Pt: [2, 4], Cu: [1, 2, 3],
  Ag: [1, 2], Au: [1, 3], Zn: [2], Cd: [2], Hg: [1, 2], La: [3], Ce: [3, 4], Nd: [3], Eu: [2, 3], Gd: [3], Er: [3], Yb: [2, 3], V: [2, 3, 4, 5],
  B: [3], C: [-4, -3, -2, -1, 0, 1, 2, 3, 4], Sb: [-3, 3, 5], As: [-3, 3, 5], P: [-3, 1, 3, 5], N: [-3, 2, 3, 5], H: [1], Te: [-2, 4, 6], Se: [-2, 4, 6],
  S: [-2, 2, 4, 6], I: [-1, 5, 7], Br: [-1, 5], Cl: [-1, 1, 3, 5, 7], O: [-2], F: [-1],
}));

/** The charges `count` atoms of an element may sum to. */
function chargesOf(element: string, count: number): number[] | undefined {
  let states = OXIDATION_STATES.get(element);
  if (!states) return undefined;
  if (element === 'S' && count >= 2) states = [...states, -1, 0];
  let sums = new Set([0]);
  for (let k = 0; k < count; k++) sums = new Set([...sums].flatMap((s) => states.map((x) => s + x)));
  // a peroxide's pair of oxygens: −2 for the two in place of −4
  if (element === 'O') for (const s of [...sums]) for (let pairs = 1; 2 * pairs <= count; pairs++) sums.add(s + 2 * pairs);
  return [...sums];
}

/** Whether each atom of the word may take one of its element's states so that they sum to zero ("Fe3O4": 2 + 3 + 3 − 8). */
function chargeBalanced(w: string): boolean {
  let sums = new Set([0]);
  for (const [, element, count] of w.matchAll(/(\p{Lu}\p{Ll}?)(\d*)/gu)) {
    const charges = chargesOf(element, Number(count || 1));
    if (!charges) return false;
    sums = new Set([...sums].flatMap((s) => charges.map((x) => s + x)));
  }
  return sums.has(0);
}

/**
 * Physiological notation shaped like a salt: an arterial content ("CaO2", "CaCO2": C for content, a for
 * arterial, not calcium peroxide), the "NO" of nitric oxide ("FeNO" exhaled, "CaNO" alveolar) and oxygen
 * uptake ("VO2", not vanadium dioxide but before a material's noun: `CHEMISTRY_AFTER`).
 */
const PHYSIOLOGICAL: ReadonlySet<string> = new Set(['CaO2', 'CaCO2', 'FeNO', 'CaNO', 'VO2']);

/**
 * Tungsten's oxides and sulfides and vanadium's oxides written in capitals, with counts: "WO3", "WS2",
 * "V2O5". No gene symbol is a W or a V and then an O or an S with a count; the charges must balance.
 */
const CAPITAL_OXIDE = /^(?:W\d?[OS]|V\d?O)\d{1,2}$/u;

/** Cations of an oxoanion's salt or acid written in capitals: potassium, hydrogen, ammonium (or any salt metal). */
const OXO_CATIONS = '(?:K|H|NH4|Li|Na|Rb|Cs|Mg|Ca|Sr|Ba)';
/** The central atom of an oxoanion: a non-metal or a transition metal ("PO4", "C2O4", "S2O8", "MnO4", "Cr2O7"). */
const OXO_CENTRES = '(?:B|C|Si|N|P|As|S|Se|Cl|Br|I|Mn|Cr|Mo|W|V|Fe)';
/** A salt or an acid of an oxoanion: a cation, an acid salt's hydrogens, a central atom and two or more oxygens. */
const OXO_SALT = new RegExp(`^${OXO_CATIONS}\\d?(?:H\\d?)?${OXO_CENTRES}\\d?O(?:[2-9]|1[0-2])$`, 'u');

/**
 * Whether a word is written as the salt or the acid of an oxoanion whose charges balance ("KNO3",
 * "K2HPO4", "K2SO4", "H3PO4", "NH4NO3", "Na2S2O8"): capitals suffice, since no gene symbol ends in a
 * central atom and a count of oxygens after a cation.
 */
export function oxoSaltShaped(word: string): boolean {
  const w = word.replace(/[₀-₉]/gu, (d) => String(SUBSCRIPTS.indexOf(d)));
  return OXO_SALT.test(w) && !PHYSIOLOGICAL.has(w) && parses(w, true) && chargeBalanced(w);
}

/**
 * Whether a word is written as an oxide or a salt of a metal: a metal papers name first (or ammonium,
 * "NH4Cl"), then non-metals, in formula order, the last one an oxide's, a sulfide's or a halide's
 * ("TiO2", "ZnO", "Fe3O4", "SiO2", "KCl", "AgNO3", "NaOH"), and a two-letter symbol among them. Gene and
 * protein symbols are capitals and a number ("HSP90", "KCNH2") or keep a letter that is no element
 * ("ZnT8", "MnSOD", "CaSR"), so the shape needs no type; capitals alone ("KO" knockout, "KI" knock-in)
 * may be abbreviations, but for an oxoanion's salt (`oxoSaltShaped`). Its charges must balance
 * (`chargeBalanced`): "ZnF" (zinc finger) does not; physiological notation is excluded by name.
 */
export function saltShaped(word: string): boolean {
  const w = word.replace(/[₀-₉]/gu, (d) => String(SUBSCRIPTS.indexOf(d)));
  if (NOT_SALTS.has(w) || PHYSIOLOGICAL.has(w) || !parses(w, true) || !chargeBalanced(w)) return false;
  if (oxoSaltShaped(w) || CAPITAL_OXIDE.test(w) || III_V.test(w)) return true;
  if (!/\p{Ll}/u.test(w)) return false;
  const ammonium = /^NH4(?=\p{Lu})/u.test(w);
  const elements = [...w.slice(ammonium ? 3 : 0).matchAll(/(\p{Lu}\p{Ll}?)\d*/gu)].map((m) => m[1]);
  const [first, ...rest] = ammonium ? ['NH4', ...elements] : elements;
  const last = /OH$/.test(w) ? 'O' : elements[elements.length - 1];
  if (!(ammonium || SALT_METALS.has(first)) || rest.length === 0 || rest.includes(first) || !SALT_ENDS.has(last)) return false;
  return /\d/.test(w) || (COUNTLESS_ENDS.has(last) && rest.every((e) => COUNTLESS_ANION.has(e)));
}

/**
 * Whether a word the entity pass types a chemical is a formula without counts: a salt, a base or an acid
 * whose charges balance, a salt's metal or hydrogen first and an anion's non-metals after it ("KOH",
 * "HCl", "KSCN", "GaN"; not "CNO" clozapine N-oxide, "VC" vitamin C, "HCP", "VOI").
 */
function countlessChemical(word: string): boolean {
  if (!parses(word, true) || PHYSIOLOGICAL.has(word)) return false;
  const [first, ...rest] = [...word.matchAll(/\p{Lu}\p{Ll}?/gu)].map((m) => m[0]);
  const last = /OH$/.test(word) ? 'O' : rest[rest.length - 1];
  return (first === 'H' || SALT_METALS.has(first)) && rest.length > 0 && SALT_ENDS.has(last) && rest.every((e) => COUNTLESS_ANION.has(e) || e === 'I') && chargeBalanced(word);
}

/**
 * Whether a word the entity pass types a chemical is a non-metal's monoxide whose charges balance:
 * carbon monoxide "CO", nitric oxide "NO", "SO". Not any two elements: "PC", "PI" (phospholipids), "CS"
 * and "CN" balance too.
 */
function monoxide(word: string): boolean {
  const first = /^(\p{Lu}\p{Ll}?)O$/u.exec(word)?.[1];
  return first !== undefined && first !== 'O' && NON_METAL_ORDER.has(first) && chargeBalanced(word);
}

/** Formulas so common that no gene is written like them: a formula untyped too. */
const EVERYDAY_FORMULAS: ReadonlySet<string> = new Set([
  'CO2', 'H2O', 'H2O2', 'O2', 'O3', 'N2', 'H2', 'CH3', 'CH4', 'NH3', 'NH4', 'NO2', 'NO3', 'N2O', 'SO2', 'SO4', 'PO4', 'HCO3', 'CO3', 'H2S', 'H2SO4', 'HNO3', 'CaCO3', 'CaCl2', 'MgCl2', 'MgSO4', 'KH2PO4', 'NaHCO3', 'CCl4', 'CHCl3',
]);

/** A chemistry or a material's noun after the word: "CH3 groups", "CO2 gas", "NH3 molecules", "VO2 thin films". */
const CHEMISTRY_AFTER = /^[\s\u00a0]+(?:groups?|gas|gases|molecules?|atoms?|ions?|bonds?|moiet(?:y|ies)|radicals?|solutions?|salts?|crystals?|hydrates?|(?:thin[\s\u00a0]+)?films?|(?:mono)?layers?|nano(?:particles?|sheets?|wires?|tubes?|crystals?|rods?|structures?)|powders?|wafers?|coatings?|catalysts?)\b/iu;

/** A drug target's noun after the word: "the KCNH2 blocker", "HIF2 inhibition", "HCN4 channels" name a gene's product. */
const TARGET_AFTER = /^[\s\u00a0]+(?:blockers?|blockade|inhibitors?|inhibition|antagonists?|agonists?|channels?|genes?|mRNAs?|proteins?|expression|knock-?outs?|knock-?downs?|mutants?|mutations?|variants?|receptors?|isoforms?|subunits?|alleles?|locus|signall?ing|pathways?|activity|activation|deficiency|transcripts?)\b/iu;

/**
 * Whether the word at `start`..`end` of a segment's prose is a chemical formula there, given the type
 * the entity pass gives it: an ion with its charge ("NH4+", "SO42−", "OH−"), a group between brackets
 * with a count after them ("Ca(OH)2", "(NH4)2SO4"), or a formula.
 */
export function formulaHere(text: string, start: number, end: number, type: string | undefined): boolean {
  const word = text.slice(start, end);
  const charged = CHARGE_AFTER.test(text.slice(end, end + 4));
  const group = text[start - 1] === '(' && /^\)[2-9]/.test(text.slice(end, end + 2));
  const after = text.slice(end, end + 30);
  return !TARGET_AFTER.test(after) && formulaOfType(word, type, charged, group, CHEMISTRY_AFTER.test(after));
}
