// Inline math that is part of a word, read as text; everything else stays math.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mathAsText } from '../../extension/core/prose/math-as-text.ts';

test('a Greek letter against a word (as printed), a charge after one, a mass number before an element, an index after a word read as text', () => {
  assert.equal(mathAsText('\\kappa', '-', 'B a'), 'κ', 'NF-$\\kappa$B');
  assert.equal(mathAsText(' \\Gamma{} ', ' ', '-'), 'Γ');
  assert.equal(mathAsText('\\varepsilon', '-', ' '), 'ε');
  assert.equal(mathAsText('\\upbeta', '-', '1'), 'β', 'upgreek');
  assert.equal(mathAsText('^{2+}', 'a', ' '), '2+', 'Ca$^{2+}$');
  assert.equal(mathAsText('^{-}', 'l', ' '), '-');
  assert.equal(mathAsText('^+', ')', ' '), '+');
  assert.equal(mathAsText('_2', 'O', ' '), '2', 'CO$_2$');
  assert.equal(mathAsText('^{14}', ' ', 'C-l'), '14', '$^{14}$C');
  assert.equal(mathAsText('^{40}', ' ', 'Ca '), '40', '$^{40}$Ca');
  assert.equal(mathAsText('^{14}', ' ', 'C.'), '14', 'at the end of a sentence');
  assert.equal(mathAsText('\\varsigma', 'a', ' '), 'ς');
});

test('a lone symbol reads as itself', () => {
  assert.deepEqual(['\\sim', '\\pm', ' \\times ', '<', '\\leq', '^\\circ', '^{\\circ}'].map((m) => mathAsText(m, ' ', ' ')), ['~', '±', '×', '<', '≤', '°', '°']);
});

test('a letter that begins a hyphenated word reads as the letter; a lone one, or one before a minus sign, stays math', () => {
  assert.deepEqual([['k', '-mers'], ['p', '-values'], ['t', '-test'], ['x', '-axis']].map(([m, after]) => mathAsText(m, ' ', after)), ['k', 'p', 't', 'x']);
  assert.equal(mathAsText('k', ' ', ' - 1'), undefined, 'k - 1: a formula');
  assert.equal(mathAsText('n', ' ', '-1'), undefined, 'n-1: a formula');
  assert.equal(mathAsText('k', ' ', ' mers'), undefined);
});

test('formulas, lone Greek letters and raised footnote or reference numbers stay math', () => {
  for (const formula of ['k_1', '\\alpha + \\beta', '\\mathrm{d}x', 'x^2', '^{n}', '\\alphabet', '', '\\log', 'a < b']) {
    assert.equal(mathAsText(formula, 'a', 'b'), undefined, formula);
  }
  assert.equal(mathAsText('\\epsilon', ' ', ' '), undefined, 'a lone Greek letter is a variable');
  assert.equal(mathAsText('^{12}', 'n', ' '), undefined, 'shown$^{12}$: a reference mark');
  assert.equal(mathAsText('^{1}', 'h', ','), undefined, 'Smith$^{1}$: an affiliation mark');
  assert.equal(mathAsText('^{32}', ' ', 'Int'), undefined, '$^{32}$International Centre: an affiliation mark');
  assert.equal(mathAsText('^{2}', ' ', 'We '), undefined, '$^{2}$We: a footnote mark before a word that is no element');
  assert.equal(mathAsText('^{84}', ' ', 'Ep'), undefined, '$^{84}$Epiq Solutions: an affiliation mark');
  assert.equal(mathAsText('^{2+}', ' ', ' '), undefined, 'a charge of nothing');
  assert.equal(mathAsText('_2', ' ', ' '), undefined);
});

test('an index and a charge together read as an ion is printed, after a word only', () => {
  assert.equal(mathAsText('_4^+', 'H', ' '), '4+', 'NH$_4^+$');
  assert.equal(mathAsText('_{4}^{2-}', 'O', ' '), '42-', 'SO$_4^{2-}$');
  assert.equal(mathAsText('_4^{2−}', 'O', ' '), '42-', 'a Unicode minus');
  assert.equal(mathAsText('_3^-', ')', ' '), '3-', '(PO)$_3^-$');
  assert.equal(mathAsText('^+_4', 'H', ' '), '4+', 'NH$^+_4$: the charge first');
  assert.equal(mathAsText('^{2-}_{4}', 'O', ' '), '42-', 'SO$^{2-}_4$');
  assert.equal(mathAsText('_4^+', ' ', ' '), undefined, 'alone: a formula');
  assert.equal(mathAsText('_i^2', 'x', ' '), undefined, 'x$_i^2$: a formula');
});
