import assert from 'node:assert/strict';
import test from 'node:test';
import { latexToUnicode } from '../../extension/core/bib/latex-to-unicode.ts';
import { toLatexAscii } from '../../extension/core/bibwrite/escape.ts';

test('raised and lowered characters go back to LaTeX for an ASCII .bib, letters included, and read again as they were', () => {
  assert.equal(toLatexAscii('10⁻³ M'), '10{$^{-3}$} M');
  assert.equal(toLatexAscii('CO₂ and Ca²⁺'), 'CO{$_{2}$} and Ca{$^{2+}$}');
  // a library title read from `$2^{n-1}$` must not reach an ASCII file as raw Unicode
  assert.equal(toLatexAscii('2ⁿ⁻¹ and xⁱ'), '2{$^{n-1}$} and x{$^{i}$}');
  for (const text of ['2ⁿ⁻¹ subsets', 'CO₂ at 10⁻³ M']) assert.equal(latexToUnicode(toLatexAscii(text)), text, text);
});
