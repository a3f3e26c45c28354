import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseName, parseNameList, splitNameList } from '../../extension/core/bib/names.ts';

test('the three BibTeX name forms', () => {
  assert.deepEqual(parseName('Donald E. Knuth'), { family: 'Knuth', given: 'Donald E.' });
  assert.deepEqual(parseName('Knuth, Donald E.'), { family: 'Knuth', given: 'Donald E.' });
  assert.deepEqual(parseName('Ford, Jr., Henry'), { family: 'Ford', given: 'Henry', suffix: 'Jr.' });
});

test('von particles in both orders, multi-word family names', () => {
  assert.deepEqual(parseName('Ludwig van Beethoven'), { family: 'Beethoven', given: 'Ludwig', particle: 'van' });
  assert.deepEqual(parseName('van Beethoven, Ludwig'), { family: 'Beethoven', given: 'Ludwig', particle: 'van' });
  assert.deepEqual(parseName('Charles Louis Xavier Joseph de la Vall{\\\'e}e Poussin'),
    { family: 'Vallée Poussin', given: 'Charles Louis Xavier Joseph', particle: 'de la' });
  assert.deepEqual(parseName('Brinch Hansen, Per'), { family: 'Brinch Hansen', given: 'Per' });
});

test('accented names decode after splitting', () => {
  assert.deepEqual(parseName('{\\"O}zt{\\"u}rk, A.'), { family: 'Öztürk', given: 'A.' });
  assert.deepEqual(parseName('M{\\"u}ller, J{\\"o}rg'), { family: 'Müller', given: 'Jörg' });
});

test('a name wholly in braces is literal, even with "and" or a comma inside', () => {
  assert.deepEqual(parseName('{The SciPy Community}'), { family: 'The SciPy Community', literal: 'The SciPy Community' });
  const list = parseNameList('{Barnes and Noble, Inc.} and Smith, J.');
  assert.deepEqual(list.names, [{ family: 'Barnes and Noble, Inc.', literal: 'Barnes and Noble, Inc.' }, { family: 'Smith', given: 'J.' }]);
});

test('"and others" truncates the list; "and" splits in any case, never inside braces', () => {
  assert.deepEqual(splitNameList('A and B AND C And {D and E}'), ['A', 'B', 'C', '{D and E}']);
  const list = parseNameList('Smith, J. and Jones, K. and others');
  assert.equal(list.others, true);
  assert.deepEqual(list.names.map((n) => n.family), ['Smith', 'Jones']);
  assert.equal(splitNameList('Alexander Anderson').length, 1);
});

test('biblatex extended name format', () => {
  assert.deepEqual(parseName('family=Vries, given=Hugo, prefix=de'), { family: 'Vries', given: 'Hugo', particle: 'de' });
});

test('an escaped tie is an accent, not a word break; TeX conditionals take the text branch', () => {
  assert.deepEqual(parseName('Maga\\~na-Sandoval, F.'), { family: 'Magaña-Sandoval', given: 'F.' });
  assert.deepEqual(parseNameList('Rosi\\ifmmode \\acute{n}\\else \\\'{n}\\fi{}ska, D.').names, [{ family: 'Rosińska', given: 'D.' }]);
  assert.deepEqual(parseName('J.~R. Smith'), { family: 'Smith', given: 'J. R.' });
});
