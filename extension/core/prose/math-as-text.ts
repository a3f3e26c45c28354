// Inline math that is part of a word, not a formula: a Greek letter of a gene or protein name
// ("NF-$\kappa$B", "IFN-$\gamma$", "TGF-$\beta$1") or a charge, isotope or formula index
// ("Ca$^{2+}$", "$^{14}$C", "CO$_2$", "SO$_4^{2-}$"), written against the word it belongs to. It reads as printed:
// "NF-κB", "Ca2+" (the built-in tagger spells Greek letters out itself, as its training data does).
// A lone symbol reads as itself ("$\sim$15%" is "~15%", "37$^\circ$C" "37°C"). Anything else, a lone
// "$\epsilon$" (a variable) too, stays a math placeholder, but a letter that begins a hyphenated word
// ("$k$-mers", "$p$-value") reads as that letter.
import { ELEMENT_SYMBOLS } from '../chemistry/elements.ts';
import { greekLetter } from './greek.ts';

/** One symbol that reads as itself in a sentence: "$\sim$15%" is "~15%", "p $<$ 0.05" "p < 0.05". */
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['sim', '~'], ['approx', '≈'], ['pm', '±'], ['mp', '∓'], ['times', '×'], ['le', '≤'], ['leq', '≤'], ['ge', '≥'], ['geq', '≥'],
  ['degree', '°'],
]);

/** The chemical elements' symbols: what a raised mass number may stand before ("$^{14}$C", "$^{111}$In"). */
const ELEMENTS: ReadonlySet<string> = new Set(ELEMENT_SYMBOLS);

const ION_INDEX = String.raw`(?:\{\s*([0-9]+)\s*\}|([0-9]))`;
const ION_CHARGE = String.raw`(?:\{\s*([0-9]*\s*[+\-−])\s*\}|([+\-]))`;
const ION_INDEX_FIRST = new RegExp(String.raw`^_${ION_INDEX}\s*\^${ION_CHARGE}$`);
const ION_CHARGE_FIRST = new RegExp(String.raw`^\^${ION_CHARGE}\s*_${ION_INDEX}$`);

/** An ion's index and charge, in either order ("_4^+", "^{2-}_4"), or undefined. */
function ionScripts(math: string): { index: string; charge: string } | undefined {
  const first = ION_INDEX_FIRST.exec(math);
  if (first) return { index: first[1] ?? first[2], charge: first[3] ?? first[4] };
  const second = ION_CHARGE_FIRST.exec(math);
  return second ? { index: second[3] ?? second[4], charge: second[1] ?? second[2] } : undefined;
}

/** Whether a character written right before or after the math makes it part of a word. */
function glues(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}-]/u.test(char);
}

/**
 * The text a piece of inline math (its LaTeX source between the delimiters) reads as, or undefined
 * for a formula. `before`: the character written right before it; `after`: the text right after it
 * (three characters are enough). A Greek letter must touch a word; a charge must follow one
 * ("Ca$^{2+}$"); a mass number must precede an element's symbol ("$^{14}$C"), since digits raised
 * after a word are a footnote or reference mark ("shown$^{12}$") and before a longer word an
 * affiliation's ("$^{32}$International Centre"); an index must follow a word ("CO$_2$").
 */
export function mathAsText(source: string, before: string | undefined, after: string): string | undefined {
  const math = source.trim();
  const name = /^\\([A-Za-z]+)\s*(?:\{\})?$/.exec(math);
  if (name) {
    const symbol = SYMBOLS.get(name[1]);
    if (symbol !== undefined) return symbol;
    const letter = greekLetter(name[1]);
    return letter !== undefined && (glues(before) || glues(after[0])) ? letter : undefined;
  }
  if (/^[<>=+]$/.test(math)) return math;
  // one letter that is the first part of a hyphenated word: "$k$-mers", "$p$-value", "$t$-test", "$x$-axis"
  if (/^[A-Za-z]$/.test(math) && /^-\p{L}/u.test(after)) return math;
  if (/^\^\s*(?:\{\s*\\circ\s*\}|\\circ)$/.test(math)) return '°';
  // an index and a charge together, as an ion is written, in either order: "NH$_4^+$", "SO$^{2-}_4$" read "NH4+", "SO42-"
  const ion = ionScripts(math);
  if (ion) return before !== undefined && /[\p{L})\]]/u.test(before) ? `${ion.index}${ion.charge.replace(/\s+/g, '').replace('−', '-')}` : undefined;
  const script = /^([\^_])(?:\{\s*([^{}]*?)\s*\}|(\S))$/.exec(math);
  if (!script) return undefined;
  const body = (script[2] ?? script[3]).replace(/\s+/g, '').replace('−', '-');
  const afterWord = before !== undefined && /[\p{L}\p{N})\]]/u.test(before);
  if (script[1] === '_') return /^[0-9]+$/.test(body) && afterWord ? body : undefined;
  if (/^[0-9]*[+-]$/.test(body)) return afterWord ? body : undefined;
  const element = /^(\p{Lu}\p{Ll}?)(?!\p{L})/u.exec(after);
  return /^[0-9]+$/.test(body) && element !== null && ELEMENTS.has(element[1]) ? body : undefined;
}
