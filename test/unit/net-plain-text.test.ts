// Publishers' markup in Semantic Scholar and Crossref text fields → plain Unicode text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
