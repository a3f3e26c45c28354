// A chemical formula ("CO2", "NH4+", "Ca(OH)2") is no abbreviation to spell out, but a gene or protein
// symbol made of element symbols ("HSP90", "NF1", "SH2", "PI3K") is one. A word is read as a formula when
// it is written as chemists write formulas and the entity pass does not name a gene, cell or organism
// with it. Real segmenter, real built-in tagger for the last test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitiesOfFile } from '../../extension/analysis/editor/document-entities.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import { analyzeAbbreviations, entityTypesByWord } from '../../extension/core/abbreviations/index.ts';
import { writtenAsFormula } from '../../extension/core/abbreviations/chemical-formulas.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function undefinedIn(body: string, entityTypes?: Record<string, string>): string[] {
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  return analyzeAbbreviations(segments, text, { entityTypes: entityTypes && new Map(Object.entries(entityTypes)) }).undefined.map((u) => u.text);
}

test('formulas typed a chemical are not reported; genes, proteins and conditions still are, and so are untyped formulas', () => {
  const body = String.raw`Leaves fixed CO2 and lost H2O; NH4 and CH3 groups were measured. HSP90 binds NF1 and CB1 in patients with COPD and CNS lesions.`;
  const genes = { HSP90: 'GeneProtein', NF1: 'GeneProtein', CB1: 'GeneProtein', COPD: 'Disease' };
  assert.deepEqual(undefinedIn(body, { CO2: 'Chemical', H2O: 'Chemical', NH4: 'Chemical', CH3: 'Chemical', ...genes }), ['HSP90', 'NF1', 'CB1', 'COPD', 'CNS']);
  // untyped, the shape alone is no proof (gene symbols are written in element letters too, "KCNH2"), but
  // everyday formulas and a chemistry noun after one are
  assert.deepEqual(undefinedIn(body, genes), ['HSP90', 'NF1', 'CB1', 'COPD', 'CNS']);
  assert.deepEqual(undefinedIn(String.raw`We added TiO2 and SF6 gas.`), ['TiO2']);
});

test('a gene written like a formula is reported when the entity pass types it a gene, a cell line or an organism', () => {
  const body = String.raw`SF2 and BH3 bind; the IF6 line and SF6 gas.`;
  assert.deepEqual(undefinedIn(body, { SF2: 'GeneProtein', BH3: 'GeneProtein', IF6: 'Cell', SF6: 'Chemical' }), ['SF2', 'BH3', 'IF6']);
});

test('salts, acids, ions, groups in brackets, hydrates and compounds of a formula are not reported', () => {
  const body = String.raw`We added MgSO4, Fe2O3, H2SO4, NaHCO3, CHCl3, CH3COOH and C6H12O6. The NH4+, SO42- and OH- ions, Ca(OH)2 and (NH4)2SO4, CuSO4·5H2O crystals, CO2-based fixation and NH4-N; in print CO\textsubscript{2}, H$_2$O and CO₂, NH₄⁺, SO₄²⁻.`;
  const chemicals = Object.fromEntries(['MgSO4', 'Fe2O3', 'H2SO4', 'NaHCO3', 'CHCl3', 'CH3COOH', 'C6H12O6', 'CuSO4', 'H2O', 'CO2', 'NH4', 'CO₂'].map((w) => [w, 'Chemical']));
  assert.deepEqual(undefinedIn(body, chemicals), []);
  // an ion's charge or a bracketed group is a formula untyped too
  assert.deepEqual(undefinedIn(String.raw`The NH4+, SO42- and OH- ions, Ca(OH)2 and (NH4)2SO4 were added.`), []);
  // a charge and no count: an oxygen or a hydrogen makes an ion ("OH-"), not a conditioned stimulus
  assert.deepEqual(undefinedIn(String.raw`Fear was tested after CS+ and CS- trials; PtCl62- was added.`), ['CS']);
});

test('the shape of a formula: counts of 2 or more, no element twice in a row, elements in the order formulas write them', () => {
  for (const f of ['CO2', 'H2O', 'NH4', 'CH3', 'SO4', 'PO4', 'NO2', 'H2O2', 'HCO3', 'KH2PO4', 'CCl4', 'SF6', 'CH3CN', 'TiO2', 'C60', 'C12H22O11', 'SOCl2', 'CO₂']) {
    assert.ok(writtenAsFormula(f), f);
  }
  // gene and protein symbols, chemical abbreviations that are no formulas, isotopes' letters and no count
  for (const w of ['HSP90', 'NF1', 'CB1', 'PP1', 'SH2', 'SH3', 'PI3K', 'SNF2', 'CBF2', 'ICP4', 'HK2', 'SOCS3', 'IP3', 'PIP2', 'FK506', 'CPP32', 'VP16', 'CD4', 'TH2', 'CNS', 'COPD', 'NO', 'D2O']) {
    assert.ok(!writtenAsFormula(w), w);
  }
  // charged: the last digit may be the charge's, no count is needed with an oxygen or a hydrogen ("OH−")
  for (const ion of ['SO42', 'OH', 'SO₄²']) assert.ok(writtenAsFormula(ion, true), ion);
  for (const w of ['SO42', 'OH', 'Hg']) assert.ok(!writtenAsFormula(w), w);
  assert.ok(!writtenAsFormula('CS', true), 'CS+');
});

test('an ion keeps its type without its charge', () => {
  const types = entityTypesByWord([{ prose: 'NH4+', type: 'Chemical' }, { prose: 'SO42-', type: 'Chemical' }, { prose: 'Ca²⁺', type: 'Chemical' }]);
  assert.deepEqual([...types], [['NH4', 'Chemical'], ['SO42', 'Chemical'], ['Ca', 'Chemical']]);
  // the type decides where the shape cannot: a formula-shaped word the tagger calls a gene is reported
  assert.deepEqual(undefinedIn(String.raw`The NH4+ pool and NH4 uptake.`, { NH4: 'GeneProtein' }), ['NH4']);
});

test('the built-in tagger\'s types: formulas silent, HSP90, NF1, CB1, COPD and CNS reported', async () => {
  const body = String.raw`Elevated CO2 levels increased the uptake of H2O by roots. The NH4+ and SO42- concentrations were measured, and CH3 groups were added. HSP90 binds NF1 and CB1 in neurons. Patients with COPD had CNS lesions.`;
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  const entities = await entitiesOfFile({ file: '/p/a.tex', text, segments }, await loadEntityTagger('builtin'), { minScore: 0.5 });
  const entityTypes = entityTypesByWord(entities);
  assert.deepEqual(analyzeAbbreviations(segments, text, { entityTypes }).undefined.map((u) => u.text), ['HSP90', 'NF1', 'CB1', 'COPD', 'CNS']);
});

test('gene symbols in element letters are reported even when typed a chemical: before a target noun, untyped, or an influenza subtype', () => {
  const body = String.raw`Ivabradine blocks HCN4, and the HCN4 blocker reduced heart rate. Dofetilide is a KCNH2 inhibitor. The HIF2 antagonist was given. Ferrets were infected with H3N2 and H7N9 viruses.`;
  assert.deepEqual(undefinedIn(body, { HCN4: 'Chemical', KCNH2: 'Chemical', HIF2: 'Chemical', H3N2: 'Chemical' }), ['HCN4', 'KCNH2', 'HIF2', 'H3N2', 'H7N9']);
  assert.deepEqual(undefinedIn(String.raw`KCNH2 and HSF2 were sequenced.`), ['KCNH2', 'HSF2']);
});
