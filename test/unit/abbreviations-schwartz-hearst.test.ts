import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAbbreviations, bestLongForm, findDefinitions, looksLikeAbbreviation } from '../../extension/core/abbreviations/index.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

test('long forms as Schwartz & Hearst find them (examples from the paper)', () => {
  const defs = (t: string) => findDefinitions(t).map((d) => [d.short, d.long, t.slice(d.longSpan.start, d.longSpan.end), t.slice(d.shortSpan.start, d.shortSpan.end)]);
  assert.deepEqual(defs('The glucocorticoid receptor (GR) binds.'), [['GR', 'glucocorticoid receptor', 'glucocorticoid receptor', 'GR']]);
  assert.deepEqual(defs('of heat shock transcription factor (HSF) in cells'), [['HSF', 'heat shock transcription factor', 'heat shock transcription factor', 'HSF']]);
  assert.deepEqual(defs('mitogen-activated protein kinase (MAPK) pathway'), [['MAPK', 'mitogen-activated protein kinase', 'mitogen-activated protein kinase', 'MAPK']]);
  assert.deepEqual(defs('a GR (glucocorticoid receptor) mutant'), [['GR', 'glucocorticoid receptor', 'glucocorticoid receptor', 'GR']]);
  // the paper's example: the first character must start a word: "in spite of the" has no w-initial word for "WS"
  assert.deepEqual(defs('in spite of Werner syndrome (WS) patients'), [['WS', 'Werner syndrome', 'Werner syndrome', 'WS']]);
  assert.equal(bestLongForm('HSF', 'factor'), undefined);
  assert.deepEqual(defs('as reported (see Table 2) and in 3 (three) cases'), []);
  assert.deepEqual(defs('a conditional random field (CRF; Lafferty) model'), [['CRF', 'conditional random field', 'conditional random field', 'CRF']]);
  // a capital short form whose shortest match starts at a lower-case function word starts at the capital word before it
  assert.deepEqual(defs('In 2003, Africa and Middle East Refugee Assistance (AMERA) helped.').map((d) => d[1]), ['Africa and Middle East Refugee Assistance']);
  assert.deepEqual(defs('data from The Cancer Genome Atlas (TCGA) show').map((d) => d[1]), ['The Cancer Genome Atlas'], 'a capital function word is part of the name');
  assert.deepEqual(defs('we use an Open Neural Network Exchange (ONNX) file').map((d) => d[1]), ['Open Neural Network Exchange']);
});

test('looks like an abbreviation', () => {
  for (const w of ['GR', 'MAPK', 'IL6', 'TNFR', 'NF-kB', 'CD4']) assert.equal(looksLikeAbbreviation(w), true, w);
  for (const w of ['The', 'A', 'IV', 'XII', 'protein', 'Smith']) assert.equal(looksLikeAbbreviation(w), false, w);
});

test('a document: later uses get the definition, undefined abbreviations are reported once, citations and math are ignored', () => {
  const tex = String.raw`\documentclass{article}
\begin{document}
The glucocorticoid receptor (GR) binds DNA. We used HSP90 inhibitors.

Later, GR and GRs translocate; HSP90 again, and $\mathrm{ABC}$ and \cite{KEY2020} and MAPK.
\end{document}
`;
  const doc = segmentDocument({ file: '/a.tex', text: tex, languageId: 'latex' });
  const a = analyzeAbbreviations(doc.segments, tex);
  assert.equal(a.definitions.get('GR')?.long, 'glucocorticoid receptor');
  const uses = a.uses.map((u) => `${u.segment}:${doc.segments[u.segment].prose.text.slice(u.span.start, u.span.end)}`);
  assert.deepEqual(uses, ['0:GR', '1:GR', '1:GR']);
  assert.deepEqual(a.undefined.map((u) => u.text), ['HSP90', 'MAPK']);
});

test('a singular use of an abbreviation defined only in the plural ("head-related transfer functions (HRTFs)") is a use of it', () => {
  const tex = String.raw`\begin{document}
We measured head-related transfer functions (HRTFs) of a dummy head.

Each HRTF was measured twice; the HRTFs agree.
\end{document}
`;
  const doc = segmentDocument({ file: '/a.tex', text: tex, languageId: 'latex' });
  const a = analyzeAbbreviations(doc.segments, tex);
  assert.equal(a.definitions.get('HRTFs')?.long, 'head-related transfer functions');
  const uses = a.uses.map((u) => `${u.segment}:${doc.segments[u.segment].prose.text.slice(u.span.start, u.span.end)}:${u.short}`);
  assert.deepEqual(uses, ['0:HRTFs:HRTFs', '1:HRTF:HRTFs', '1:HRTFs:HRTFs']);
  assert.deepEqual(a.undefined, [], 'HRTF is not reported as undefined');
});

test('uses alone (usesOnly, what the highlights read) are the same uses: plurals, a singular of a plural definition, none in a citation or math', () => {
  const texts = [
    String.raw`\begin{document}
The glucocorticoid receptor (GR) binds DNA; head-related transfer functions (HRTFs) were measured.

Later, GR and GRs translocate; each HRTF and the HRTFs agree, but not $\mathrm{GR}$ or \cite{GR} or HSP90.
\end{document}
`,
    String.raw`\begin{document}
No definitions here: GR, HRTF and HSP90 are used bare.
\end{document}
`,
  ];
  for (const tex of texts) {
    const doc = segmentDocument({ file: '/a.tex', text: tex, languageId: 'latex' });
    const all = analyzeAbbreviations(doc.segments, tex);
    const alone = analyzeAbbreviations(doc.segments, tex, { usesOnly: true });
    assert.deepEqual(alone.uses, all.uses);
    assert.deepEqual([...alone.definitions], [...all.definitions]);
    assert.deepEqual(alone.undefined, []);
  }
  const doc = segmentDocument({ file: '/a.tex', text: texts[0], languageId: 'latex' });
  const uses = analyzeAbbreviations(doc.segments, texts[0], { usesOnly: true }).uses.map((u) => doc.segments[u.segment].prose.text.slice(u.span.start, u.span.end));
  assert.deepEqual(uses, ['GR', 'HRTFs', 'GR', 'GR', 'HRTF', 'HRTFs']);
});
