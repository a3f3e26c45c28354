// A chemical formula ("CO2", "NH4+", "Ca(OH)2") is no abbreviation to spell out, but a gene or protein
// symbol made of element symbols ("HSP90", "NF1", "SH2", "PI3K") is one. A word is read as a formula when
// it is written as chemists write formulas and the entity pass does not name a gene, cell or organism
// with it. Real segmenter, real built-in tagger for the last test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitiesOfFile } from '../../extension/analysis/editor/document-entities.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import { analyzeAbbreviations, entityTypesByWord } from '../../extension/core/abbreviations/index.ts';
import { formulaOfType, writtenAsFormula } from '../../extension/core/abbreviations/chemical-formulas.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import fc from '../helpers/fast-check.ts';

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
  // everyday formulas, a chemistry noun after one and an oxide's or a salt's shape are
  assert.deepEqual(undefinedIn(body, genes), ['HSP90', 'NF1', 'CB1', 'COPD', 'CNS']);
  assert.deepEqual(undefinedIn(String.raw`We added TiO2 and SF6 gas.`), []);
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

test('an oxide or a salt of a metal written with its symbol is a formula untyped: "TiO2", "ZnO", "Fe3O4", "SiO2" nanoparticles', () => {
  assert.deepEqual(undefinedIn(String.raw`We added TiO2, ZnO, Fe3O4 and SiO2 nanoparticles. KCl, NaCl, AgNO3, CuSO4, MoS2, CdSe, Si3N4, PbI2, BaTiO3, LiFePO4, NaOCl and NaOH were used.`), []);
  // the built-in tagger types "TiO2" a method: no gene's, cell's or condition's type, so no name
  assert.deepEqual(undefinedIn(String.raw`TiO2 films were coated with ZnO.`, { TiO2: 'Method', ZnO: 'Material' }), []);
  // typed a gene, or before a target noun, it is reported
  assert.deepEqual(undefinedIn(String.raw`ZnO binds. The CuS inhibitor was given.`, { ZnO: 'GeneProtein' }), ['ZnO', 'CuS']);
});

test('a salt\'s shape that no common oxidation states balance is no formula: arterial content "CaO2", "FeNO", "CaNO", "ZnF" are reported', () => {
  const body = String.raw`Arterial oxygen content CaO2 and arterial CO2 content CaCO2 were computed. FeNO and CaNO were measured in asthmatics. Each ZnF domain binds DNA.`;
  assert.deepEqual(undefinedIn(body), ['CaO2', 'CaCO2', 'FeNO', 'CaNO', 'ZnF']);
  // each atom may take its own state: magnetite's iron is Fe(II) and Fe(III), hypochlorite's chlorine +1
  assert.deepEqual(undefinedIn(String.raw`Fe3O4, Mn3O4, MnO2, KMnO4, Cu2O, Hg2Cl2, NaOCl, NaNO2 and Na2SO3 were used.`), []);
});

test('salts of less common oxidation states are formulas untyped: a disulfide, a peroxide, a polysulfide, oxalates, citrate, benzoate, YBCO, manganate, phosphite, hypophosphite', () => {
  const salts = ['FeS2', 'CoS2', 'NiS2', 'Li2O2', 'Na2O2', 'BaO2', 'Li2S2', 'Li2S6', 'Na2S2O4', 'Na2S2O8', 'CaC2O4', 'Na2C2O4', 'K2C2O4', 'Na3C6H5O7', 'NaC7H5O2', 'YBa2Cu3O7', 'K2MnO4', 'Na2HPO3', 'NaH2PO2', 'MoCl5', 'AgO'];
  assert.deepEqual(undefinedIn(`We used ${salts.join(', ')} and water.`), []);
  // physiological notation stays reported: oxygen and CO2 content, exhaled nitric oxide, zinc fingers
  assert.deepEqual(undefinedIn(String.raw`Arterial oxygen content CaO2 and arterial CO2 content CaCO2 were computed. FeNO and CaNO were measured in asthmatics. Each ZnF domain binds DNA.`), ['CaO2', 'CaCO2', 'FeNO', 'CaNO', 'ZnF']);
});

test('a potassium salt or an acid of an oxoanion and an ammonium salt are formulas untyped; a word typed a chemical is one without counts', () => {
  assert.deepEqual(undefinedIn(String.raw`Buffers held NH4Cl, K2HPO4, KNO3, K2SO4, K2CO3, H3PO4 and NH4NO3.`), []);
  // without counts only the entity pass's chemical type makes capitals and element symbols a formula
  assert.deepEqual(undefinedIn(String.raw`The pH was adjusted with KOH and HCl.`, { KOH: 'Chemical', HCl: 'Chemical' }), []);
  assert.deepEqual(undefinedIn(String.raw`The pH was adjusted with KOH and HCl.`), ['KOH', 'HCl']);
});

test('the built-in tagger\'s types: a polysulfide, an oxalate, buffer salts, a base and an acid are silent', async () => {
  const body = String.raw`The Li2S6 catholyte was prepared in a glovebox. The Na2C2O4 standard was titrated with permanganate. The buffer contained 10 mM NH4Cl and 1 mM K2HPO4, adjusted with KOH and HCl. Media contained KNO3 and K2SO4.`;
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  const entities = await entitiesOfFile({ file: '/p/a.tex', text, segments }, await loadEntityTagger('builtin'), { minScore: 0.5 });
  assert.deepEqual(analyzeAbbreviations(segments, text, { entityTypes: entityTypesByWord(entities) }).undefined.map((u) => u.text), []);
  // the tagger types "FeNO" and "CaNO" chemicals too: without counts their charges do not balance
  const clinical = `\\begin{document}\nFeNO and CaNO were measured in asthmatics. Each ZnF domain binds DNA.\n\\end{document}\n`;
  const clinicalSegments = segmentDocument({ file: '/p/b.tex', text: clinical, languageId: 'latex' }).segments;
  const clinicalEntities = await entitiesOfFile({ file: '/p/b.tex', text: clinical, segments: clinicalSegments }, await loadEntityTagger('builtin'), { minScore: 0.5 });
  assert.deepEqual(analyzeAbbreviations(clinicalSegments, clinical, { entityTypes: entityTypesByWord(clinicalEntities) }).undefined.map((u) => u.text), ['FeNO', 'CaNO', 'ZnF']);
});

test('gene and protein symbols in element letters stay reported untyped, mixed case too: "ZnT8", "MnSOD", "CaSR", "AgRP", "NaV1", "NaN"', () => {
  const body = String.raw`HSP90, NF1, SH2, KCNH2, HCN4, HIF2, H7N9, ZnT8, MnSOD, CaSR, AgRP, NaV1, CaMKII, CoA, CuZnSOD, InsP3 and NaN values were seen.`;
  assert.deepEqual(undefinedIn(body), ['HSP90', 'NF1', 'SH2', 'KCNH2', 'HCN4', 'HIF2', 'H7N9', 'ZnT8', 'MnSOD', 'CaSR', 'AgRP', 'NaV1', 'CaMKII', 'CoA', 'CuZnSOD', 'InsP3', 'NaN']);
  // capitals only: one-letter metals before an anion ("KO" knockout, "KI" knock-in, "VO2", "WS") are no evidence
  assert.deepEqual(undefinedIn(String.raw`KO and KI mice, VO2 and WS were measured.`), ['KO', 'KI', 'VO2', 'WS']);
});

const METALS = ['Li', 'Na', 'Mg', 'Al', 'Si', 'Ca', 'Ti', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Sr', 'Zr', 'Ag', 'Cd', 'Sn', 'Ba', 'Ce', 'Pt', 'Au', 'Hg', 'Pb', 'Bi'];
const count = fc.constantFrom('', '2', '3', '4');
/** A common oxidation state of each metal above, and the charge of each anion. */
const STATE: Record<string, number> = {
  Li: 1, Na: 1, Mg: 2, Al: 3, Si: 4, Ca: 2, Ti: 4, Cr: 3, Mn: 2, Fe: 3, Co: 2, Ni: 2, Cu: 2, Zn: 2, Ga: 3, Sr: 2, Zr: 4, Ag: 1, Cd: 2, Sn: 4, Ba: 2, Ce: 4, Pt: 4, Au: 3, Hg: 2, Pb: 2, Bi: 3,
};
const ANION: Record<string, number> = { O: 2, S: 2, Se: 2, Te: 2, F: 1, Cl: 1, Br: 1, N: 3, I: 1 };
/** Metals of one common state: their oxides and fluorides balance at one ratio of counts only. */
const ONE_STATE = ['Li', 'Na', 'Mg', 'Al', 'Ca', 'Zn', 'Ga', 'Sr', 'Zr', 'Cd', 'Ba'];
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const n = (c: string) => (c === '' ? 1 : Number(c));

test('property: a metal of two letters, then an oxide\'s, a sulfide\'s or a halide\'s element in counts that balance their charges, is a formula untyped; a nitride and an iodide with a count', () => {
  fc.assert(fc.property(fc.constantFrom(...METALS), fc.constantFrom(...Object.keys(ANION)), (metal, anion) => {
    const g = gcd(STATE[metal], ANION[anion]);
    const word = `${metal}${ANION[anion] / g > 1 ? ANION[anion] / g : ''}${anion}${STATE[metal] / g > 1 ? STATE[metal] / g : ''}`;
    return ((anion === 'N' || anion === 'I') && !/\d/.test(word)) || formulaOfType(word, undefined);
  }));
  // counts that leave a charge are no formula ("ZnF", zinc finger), oxygens in a peroxide's pairs at −1
  // each allowed ("BaO2"); "CaO2" (arterial oxygen content) is excluded by name
  const balances = (charge: number, anion: string, a: number) =>
    anion === 'F' ? charge === a : Array.from({ length: Math.floor(a / 2) + 1 }, (_, pairs) => 2 * a - 2 * pairs).includes(charge);
  fc.assert(fc.property(fc.constantFrom(...ONE_STATE), count, fc.constantFrom('O', 'F'), count, (metal, m, anion, a) =>
    formulaOfType(`${metal}${m}${anion}${a}`, undefined) === (`${metal}${m}${anion}${a}` !== 'CaO2' && balances(STATE[metal] * n(m), anion, n(a)))));
  // without a count a nitride, an iodide or a phosphide is no evidence: "CaN" calcineurin, "CoI", "BaP" benzo[a]pyrene
  for (const w of ['CaN', 'NaN', 'CoI', 'BaP', 'BiP', 'PrP', 'PoS', 'PaCO2', 'PaO2', 'TcPO2', 'CoBF', 'BaF3', 'MoS']) assert.ok(!formulaOfType(w, undefined), w);
});

test('property: a gene symbol — capitals, then a number — is no formula untyped unless an everyday one, and no typed gene is', () => {
  const capitals = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 6 });
  const everyday = new Set(['CO2', 'O2', 'O3', 'N2', 'H2', 'CH3', 'CH4', 'NH3', 'NH4', 'NO2', 'NO3', 'N2O', 'SO2', 'SO4', 'PO4', 'CO3', 'H2S', 'CCl4']);
  fc.assert(fc.property(capitals, fc.integer({ min: 1, max: 99 }), (letters, n) => {
    const word = `${letters}${n}`;
    // a potassium salt or an acid of an oxoanion is a formula in capitals ("KNO3", "H3PO4"), and so are tungsten's and vanadium's oxides ("WO3", "WS2")
    return everyday.has(word) || /^[KH].*O$/.test(letters) || /^(?:W[OS]|VO)$/.test(letters) || !formulaOfType(word, undefined);
  }));
  fc.assert(fc.property(fc.constantFrom(...METALS), count, fc.constantFrom('O', 'S', 'Cl'), count, fc.constantFrom('GeneProtein', 'Cell', 'Organism', 'Disease'), (metal, m, anion, a, type) => !formulaOfType(`${metal}${m}${anion}${a}`, type)));
});

test('a III–V semiconductor and a monovalent metal\'s iodide are formulas untyped without counts: "GaN", "InP", "GaAs", "AgI"', () => {
  assert.deepEqual(undefinedIn(String.raw`We grew GaN films on sapphire; InP, GaAs, AlN, InSb and GaP wafers were etched. AgI, CuI and CsI crystals were imaged.`), []);
  // no other metal's countless nitride or phosphide ("BiP" chaperone, "CaN", "BaP"), no phosphide with a
  // count ("InP3" inositol trisphosphate), nor an iodide that does not balance ("CoI"); a group-13
  // element is no evidence in capitals ("BN", "BP")
  assert.deepEqual(undefinedIn(String.raw`BiP, CaN, BaP, InP3, CoI, NaN, BN and BP were measured.`), ['BiP', 'CaN', 'BaP', 'InP3', 'CoI', 'NaN', 'BN', 'BP']);
});

test('tungsten\'s and vanadium\'s oxides and sulfides with counts are formulas in capitals: "WS2", "WO3", "V2O5"; "VO2" (oxygen uptake) only before a material\'s noun', () => {
  assert.deepEqual(undefinedIn(String.raw`WS2 and WO3 layers, WO2, WS3 and V2O5 were made.`), []);
  // oxygen uptake and CO2 output are physiology's "VO2" and "VCO2"
  assert.deepEqual(undefinedIn(String.raw`VO2 and VCO2 were measured during exercise.`), ['VO2', 'VCO2']);
  // a material's noun after it makes "VO2" vanadium dioxide; the entity pass's chemical type does already
  assert.deepEqual(undefinedIn(String.raw`VO2 thin films switch at 68 degrees; VO2 nanoparticles were coated.`), []);
  assert.deepEqual(undefinedIn(String.raw`We annealed VO2.`, { VO2: 'Chemical' }), []);
  // not a letter that is no element ("WT1"), vanadium's sulfide, or tungsten without a count
  assert.deepEqual(undefinedIn(String.raw`WT1, VS2 and WS were seen.`), ['WT1', 'VS2', 'WS']);
});

test('capitals made of element symbols without counts are no formula, untyped or typed a chemical, but for a non-metal\'s monoxide typed a chemical', () => {
  const words = ['INS', 'CAT', 'BIN', 'CON', 'SCN', 'PIN', 'SIN', 'NIPS', 'HOPS', 'BPS', 'CPS', 'CNS', 'PC', 'PI', 'CS', 'CN', 'NS', 'PS'];
  const body = `${words.join(', ')} and water were studied.`;
  assert.deepEqual(undefinedIn(body), words);
  assert.deepEqual(undefinedIn(body, Object.fromEntries(words.map((w) => [w, 'Chemical']))), words);
  // carbon monoxide and nitric oxide typed a chemical are formulas; untyped, before a target noun or typed a gene they are not
  const gases = String.raw`Exposure to CO and NO was measured, and SO was detected.`;
  assert.deepEqual(undefinedIn(gases, { CO: 'Chemical', NO: 'Chemical', SO: 'Chemical' }), []);
  assert.deepEqual(undefinedIn(gases), ['CO', 'NO', 'SO']);
  assert.deepEqual(undefinedIn(gases, { CO: 'GeneProtein', NO: 'Disease', SO: 'Method' }), ['CO', 'NO', 'SO']);
  assert.deepEqual(undefinedIn(String.raw`The NO receptor was blocked.`, { NO: 'Chemical' }), ['NO']);
});

test('the built-in tagger\'s types: semiconductors, an iodide, tungsten\'s dichalcogenide and oxide and nitric oxide are silent; carbon monoxide, which it leaves untyped, is not', async () => {
  const body = String.raw`We grew GaN films and etched InP nanowires. The AgI crystals were imaged. WS2 monolayers and WO3 nanoparticles were prepared. Exposure to CO and NO was measured. CO poisoning and NO release were studied.`;
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  const entities = await entitiesOfFile({ file: '/p/a.tex', text, segments }, await loadEntityTagger('builtin'), { minScore: 0.5 });
  assert.deepEqual(analyzeAbbreviations(segments, text, { entityTypes: entityTypesByWord(entities) }).undefined.map((u) => u.text), ['CO']);
});
