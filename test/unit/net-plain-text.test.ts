// Publishers' markup in Semantic Scholar and Crossref text fields → plain Unicode text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latexToUnicode } from '../../extension/core/bib/latex-to-unicode.ts';
import { SUBSCRIPTS, SUPERSCRIPTS } from '../../extension/core/bib/script-forms.ts';
import { plainText } from '../../extension/net/semantic-scholar/plain-text.ts';

test('entities are decoded only where written with their semicolon, so an ampersand in text stays', () => {
  assert.equal(plainText('Protein folding &amp; <i>in vivo</i> deep learning'), 'Protein folding & in vivo deep learning');
  assert.equal(plainText('&Aring;ngstr&ouml;m-scale &alpha;-helices &#x3B2;-sheets &ThinSpace;'), 'Ångström-scale α-helices β-sheets');
  assert.equal(plainText('R&Dnot at AT&T &copy &notanentity;'), 'R&Dnot at AT&T &copy &notanentity;');
});

test('tags go, sub- and superscripts become Unicode where it has them, words stay apart', () => {
  assert.equal(plainText('CO<sub>2</sub> and Ca<sup>2+</sup> in <jats:italic>E. coli</jats:italic>'), 'CO₂ and Ca²⁺ in E. coli');
  assert.equal(plainText('x<sub>max</sub> for p < 0.05'), 'xmax for p < 0.05');
  assert.equal(plainText('<jats:title>Abstract</jats:title><jats:p>We show</jats:p>', { singleLine: true }), 'Abstract We show');
});

test('a raised degree ring, asterisk operator or prime reads as that character; letters stay letters', () => {
  assert.equal(plainText('at 37<sup>∘</sup>C, p<sup>∗</sup> and f<sup>′</sup>'), 'at 37°C, p* and f′');
  // The .bib writer has no LaTeX for ⁿ in an ASCII file: publishers' text keeps the letter.
  assert.equal(plainText('2<sup>n</sup> states'), '2n states');
});

test('publishers\' markup and LaTeX give the same sub- and superscript characters', () => {
  for (const [table, tag, mark] of [[SUPERSCRIPTS, 'sup', '^'], [SUBSCRIPTS, 'sub', '_']] as const) {
    for (const char of Object.keys(table)) {
      assert.equal(plainText(`x<${tag}>${char}</${tag}>`), latexToUnicode(`$x${mark}{${char}}$`), `<${tag}>${char}</${tag}>`);
    }
  }
});
