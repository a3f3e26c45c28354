// What the entity pass says of a word decides two cases its shape and place cannot: a disease or an
// organism that the prose writes as a condition names no tool, so a citation right after it ("patients
// with COPD [1]") does not make it a name as it does "BLAST [1]" (abbreviations-condition-context.test.ts); one capital and a number ("E2"), or a locant and capitals ("5FU"), is an
// abbreviation when the word is typed a chemical or a condition, where a figure panel ("V1", "S1 Fig")
// gets no type. The types first as the entity pass gives them, then from the built-in tagger itself.
// Real segmenter, real LaTeX structure scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitiesOfFile } from '../../extension/analysis/editor/document-entities.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import { analyzeAbbreviations, entityTypesByWord } from '../../extension/core/abbreviations/index.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function undefinedIn(body: string, entityTypes?: Record<string, string>, preamble = ''): string[] {
  const text = `${preamble}\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  const glossary = scanLatexStructure(text).acronyms;
  return analyzeAbbreviations(segments, text, { entityTypes: entityTypes && new Map(Object.entries(entityTypes)), glossary }).undefined.map((u) => u.text);
}

test('a disease or an organism cited at every mention is still an abbreviation to define; a cited tool is a name', () => {
  const copd = String.raw`We enrolled patients with COPD~\cite{gold}. Exacerbations of COPD~\cite{wedzicha} and HBV~\cite{hbv} were recorded.`;
  assert.deepEqual(undefinedIn(copd, { COPD: 'Disease', HBV: 'Organism' }), ['COPD', 'HBV']);
  // the tagger's reading of an unknown capitalised word is a chemical or a gene: no evidence against a name
  const tools = String.raw`Hits were found with BLAST~\cite{altschul}, chimeras removed with UCHIME~\cite{edgar} and reads mapped with STAR~\cite{dobin}.`;
  assert.deepEqual(undefinedIn(tools, { UCHIME: 'Chemical', STAR: 'GeneProtein' }), []);
  assert.deepEqual(undefinedIn(tools), []);
  // a version names it whatever its type
  assert.deepEqual(undefinedIn(String.raw`Patients with COPD (v2.1; \cite{gold}) improved.`, { COPD: 'Disease' }), []);
});

test('one capital and a number, or a locant and capitals, is reported when typed a chemical or a condition', () => {
  assert.deepEqual(undefinedIn(String.raw`Serum E2 levels rose while 5FU and 6MP were given.`, { E2: 'Chemical', '5FU': 'Chemical', '6MP': 'Chemical' }), ['E2', '5FU', '6MP']);
  // before a protein's head noun, at any mention: a class of enzymes or receptors
  assert.deepEqual(undefinedIn(String.raw`E3 activity rose. The E3 ligase and E2 enzymes bind.`, { E2: 'Chemical', E3: 'Chemical' }), []);
  // untyped: a panel, a figure, a dimension
  assert.deepEqual(undefinedIn(String.raw`See panel V1 and S1 Fig; the 3D model fits Figure 2C.`), []);
  // a formula, a histone, a sedimentation coefficient, a cell line, a brain area
  assert.deepEqual(undefinedIn(String.raw`O2 uptake rose, H3 acetylation fell, 16S genes, A549 lines and CA1 cells.`, { O2: 'Chemical', H3: 'GeneProtein', '16S': 'GeneProtein', A549: 'Cell', CA1: 'Anatomy' }), ['CA1']);
});

test('the built-in tagger\'s types: COPD cited and E2 reported, BLAST cited and the panels silent', async () => {
  const body = String.raw`We enrolled patients with COPD~\cite{gold}. Hits were found with BLAST~\cite{altschul}. Serum E2 levels were measured. See panel V1 and S1 Fig for details. Exacerbations of COPD~\cite{wedzicha} were recorded.`;
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  const { segments } = segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' });
  const entities = await entitiesOfFile({ file: '/p/a.tex', text, segments }, await loadEntityTagger('builtin'), { minScore: 0.5 });
  const entityTypes = entityTypesByWord(entities);
  assert.deepEqual(analyzeAbbreviations(segments, text, { entityTypes }).undefined.map((u) => u.text), ['COPD', 'E2']);
  // without the pass's types only the shape is left: COPD, four capitals written as a condition, is one still
  assert.deepEqual(analyzeAbbreviations(segments, text).undefined.map((u) => u.text), ['COPD']);
});

test('the word types of the entity pass: whole one-word entities only, the most frequent type of a word', () => {
  const types = entityTypesByWord([
    { prose: 'COPD', type: 'Disease' }, { prose: 'E2', type: 'Chemical' }, { prose: 'E2', type: 'GeneProtein' }, { prose: 'E2', type: 'Chemical' },
    { prose: '16S rRNA', type: 'GeneProtein' }, { prose: 'IL-6', type: 'GeneProtein' },
  ]);
  assert.deepEqual([...types], [['COPD', 'Disease'], ['E2', 'Chemical'], ['IL-6', 'GeneProtein']]);
});

test('a glossary entry whose printed form is known hides only that form: "\\gls{sat}" printing "sat" leaves "SAT scores" reported', () => {
  const body = String.raw`Oxygen \gls{sat} was low in students with high SAT scores. After \gls{ltp}, LTP decays.`;
  assert.deepEqual(undefinedIn(body, undefined, '\\newacronym{sat}{sat}{saturation}\n\\newacronym{ltp}{LTP}{long-term potentiation}\n'), ['SAT']);
  // printed in capitals by \GLS, it is the entry
  assert.deepEqual(undefinedIn(String.raw`\GLS{sat} was low; SAT fell.`, undefined, '\\newacronym{sat}{sat}{saturation}\n'), []);
  // declared nowhere the project reads: the key is all there is to go by
  assert.deepEqual(undefinedIn(body), []);
});
