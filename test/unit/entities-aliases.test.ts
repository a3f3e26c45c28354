// A name followed by its alias in parentheses ("GILZ (TSC22D3)", "p27 (Kip1)") is one thing: only two
// distinctive names, the parenthesis holding the second alone, typed alike as a gene, a chemical or a
// cell at that place; never a model and its data, a cell line and its collection, a kinase and its
// inhibitor, a gene and its mutation, a name's form or a definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasMentions, aliasPairs } from '../../extension/core/entities/aliases.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

/** The first whole-word `name` in `text`. */
function mention(text: string, name: string, type: string): ProseEntity {
  const start = new RegExp(`(?<![\\p{L}\\p{N}])${name}(?![\\p{L}\\p{N}])`, 'u').exec(text)?.index ?? -1;
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score: 0.9, model: 'test' };
}

/** The pairs found in `text`, tagged as `typed` says ([name, type] in order), as "X=Y". */
function pairs(text: string, typed: [string, string][]): string[] {
  return aliasMentions(typed.map(([name, type]) => mention(text, name, type)), text).map(([x, y]) => `${text.slice(x.start, x.end)}=${text.slice(y.start, y.end)}`);
}

test('a distinctive name and the distinctive name alone in the parenthesis after it, typed alike as a gene, a chemical or a cell', () => {
  assert.deepEqual(pairs('were FOXP3, GILZ (TSC22D3) and BCL-2.', [['FOXP3', 'GeneProtein'], ['GILZ', 'GeneProtein'], ['TSC22D3', 'GeneProtein'], ['BCL-2', 'GeneProtein']]), ['GILZ=TSC22D3']);
  assert.deepEqual(pairs('the inhibitor p27 (Kip1) and RelA\u00a0(p65) bind.', [['p27', 'GeneProtein'], ['Kip1', 'GeneProtein'], ['RelA', 'GeneProtein'], ['p65', 'GeneProtein']]), ['p27=Kip1', 'RelA=p65']);
  assert.deepEqual(pairs('CHIR99021 (CT99021) was given to H4IIEC3 (H4) cells.', [['CHIR99021', 'Chemical'], ['CT99021', 'Chemical'], ['H4IIEC3', 'Cell'], ['H4', 'Cell']]), ['CHIR99021=CT99021', 'H4IIEC3=H4']);
});

test('a parenthesis that names something else, or more than one name, is no alias', () => {
  assert.deepEqual(pairs('SciBERT (JNLPBA) scored 75.9.', [['SciBERT', 'Method'], ['JNLPBA', 'Material']]), [], 'a model and its training data');
  assert.deepEqual(pairs('SciBERT (JNLPBA) scored 75.9.', [['SciBERT', 'Method'], ['JNLPBA', 'Method']]), [], 'typed alike, but methods');
  assert.deepEqual(pairs('HeLa (ATCC) cells grew.', [['HeLa', 'Cell']]), [], 'a cell line and its collection, untyped');
  assert.deepEqual(pairs('HeLa (ATCC) cells grew.', [['HeLa', 'Cell'], ['ATCC', 'Material']]), [], 'typed otherwise');
  assert.deepEqual(pairs('inhibitors of PKCalpha (Go6976) and', [['PKCalpha', 'GeneProtein'], ['Go6976', 'Chemical']]), [], 'a kinase and its inhibitor');
  assert.deepEqual(pairs('a p16-insensitive CDK4 (R24C) oncogene', [['CDK4', 'GeneProtein']]), [], 'a gene and its mutation');
  assert.deepEqual(pairs('as in BERT (Devlin) and', [['BERT', 'Method'], ['Devlin', 'Method']]), [], 'a person');
  assert.deepEqual(pairs('GILZ (TSC22D3 et al.) rose', [['GILZ', 'GeneProtein'], ['TSC22D3', 'GeneProtein']]), [], 'more than the name');
  assert.deepEqual(pairs('GILZ (n = 3) rose', [['GILZ', 'GeneProtein']]), []);
  assert.deepEqual(pairs('soluble Tie2 (sTie2) bound', [['Tie2', 'GeneProtein'], ['sTie2', 'GeneProtein']]), [], 'a form of the name, which the words before it define');
  assert.deepEqual(pairs('the anti-GILZ (TSC22D3) antibody', [['GILZ', 'GeneProtein'], ['TSC22D3', 'GeneProtein']]), [], 'part of a word');
  assert.deepEqual(pairs('GILZ [TSC22D3] rose', [['GILZ', 'GeneProtein'], ['TSC22D3', 'GeneProtein']]), [], 'brackets');
  const text = 'glucocorticoid-induced leucine zipper (GILZ) rose';
  const definition: ProseEntity = { ...mention(text, 'GILZ', 'GeneProtein'), longForm: 'glucocorticoid-induced leucine zipper' };
  assert.deepEqual(aliasMentions([mention(text, 'zipper', 'GeneProtein'), definition], text), [], 'an abbreviation\'s definition');
});

test('the pairs of a document, normalised, each once', () => {
  const texts = ['GILZ (TSC22D3) rose.', 'Again gilz (TSC22D3), and FOXP3.', 'Then TSC22D3 (GILZ) fell.'];
  const lists = texts.map((t) => [mention(t, /gilz/i.exec(t)?.[0] ?? '', 'GeneProtein'), mention(t, 'TSC22D3', 'GeneProtein')]);
  assert.deepEqual(aliasPairs([...lists, undefined], [...texts, '']), [{ name: 'gilz', alias: 'tsc22d3' }], 'either way round');
});
