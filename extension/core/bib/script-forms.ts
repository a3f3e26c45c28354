// Unicode's sub- and superscript forms, one table for both readers of raised and lowered text: LaTeX in
// .bib fields (`$10^{-3}$`, `\textsubscript{2}`, ./latex-to-unicode.ts) and the publishers' markup in
// Semantic Scholar and Crossref records (`Ca<sup>2+</sup>`, net/semantic-scholar/plain-text.ts); and
// back, for a .bib that must stay ASCII (core/bibwrite/escape.ts).

/** Digits, signs (the hyphen and the minus sign LaTeX math typesets) and brackets; a raised degree ring, asterisk or prime reads as that character. */
export const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', '∘': '°', '∗': '*', '*': '*', '′': '′',
};

export const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
};

/** Letters with a superscript form (`$x^n$` → xⁿ), read from LaTeX only; the .bib writer writes all three tables back (`$^{…}$`, `$_{…}$`) for an ASCII file. */
export const SUPERSCRIPT_LETTERS: Readonly<Record<string, string>> = { n: 'ⁿ', i: 'ⁱ' };
