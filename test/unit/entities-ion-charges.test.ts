// An ion's charge is part of the chemical's name; hyphens and other types are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withIonCharge } from '../../extension/core/entities/ion-charges.ts';

const text = 'Ca2+ influx, Na+, Ca++, SO42- and glucose- and insulin-stimulated CD4+ T cells bind Fe3+-loaded transferrin; Mg²⁺ and Cl− ions; CO2- and O2-sensing neurons.';
const grown = (word: string, type = 'Chemical'): string => {
  const start = text.indexOf(word);
  const e = withIonCharge({ start, end: start + word.length, type, score: 0.9, model: 'builtin:tagger' }, text);
  return text.slice(e.start, e.end);
};

test('a chemical takes the charge written after it', () => {
  assert.deepEqual(['Ca2', 'Na', 'Ca+', 'SO42', 'Fe3', 'Mg', 'Mg²'].map((w) => grown(w)), ['Ca2+', 'Na+', 'Ca++', 'SO42-', 'Fe3+', 'Mg²⁺', 'Mg²⁺']);
});

test('a hyphen after a word, a sign before a letter and other types are not charges', () => {
  assert.equal(grown('glucose'), 'glucose');
  assert.equal(grown('CO2'), 'CO2', '"CO2- and O2-sensing": a hyphen shared by a coordination');
  assert.equal(grown('Cl'), 'Cl', 'a minus after a letter is a hyphen');
  assert.equal(grown('CD4', 'GeneProtein'), 'CD4');
  assert.equal(grown('Ca2+ influx'), 'Ca2+ influx');
});
