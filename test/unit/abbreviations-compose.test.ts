import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { dismissalMatcher } from '../../extension/core/entities/dismissals.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

const TEX = String.raw`\documentclass{article}
\begin{document}
The \emph{glucocorticoid receptor} (GR) binds cortisol.

Later, GR enters the nucleus and GRs dimerise; see \cite{gr2020}.
\end{document}
`;

test('an abbreviation takes its long form\'s type and carries the long form; dismissals apply to both', () => {
  const doc = segmentDocument({ file: '/a.tex', text: TEX, languageId: 'latex' });
  const tagged: ProseEntity[][] = doc.segments.map((s) => {
    const out: ProseEntity[] = [];
    const i = s.prose.text.indexOf('glucocorticoid receptor');
    if (i >= 0) out.push({ start: i, end: i + 'glucocorticoid receptor'.length, type: 'GeneProtein', score: 0.8, model: 'm' });
    const j = s.prose.text.indexOf('cortisol');
    if (j >= 0) out.push({ start: j, end: j + 8, type: 'Chemical', score: 0.9, model: 'm' });
    // the tagger calls the later "GR" a chemical: the definition wins
    const k = s.prose.text.indexOf('Later, GR');
    if (k >= 0) out.push({ start: k + 7, end: k + 9, type: 'Chemical', score: 0.4, model: 'm' });
    return out;
  });
  const entities = composeEntities(doc.segments, TEX, tagged);
  const view = entities.map((e) => [e.text, e.type, e.longForm ?? '']);
  assert.deepEqual(view, [
    ['glucocorticoid receptor', 'GeneProtein', ''],
    ['GR', 'GeneProtein', 'glucocorticoid receptor'],
    ['cortisol', 'Chemical', ''],
    ['GR', 'GeneProtein', 'glucocorticoid receptor'],
    ['GR', 'GeneProtein', 'glucocorticoid receptor'],
  ]);
  for (const e of entities) assert.equal(TEX.slice(e.span.start, e.span.end), e.text);
  // the key inside \cite{gr2020} is never an entity
  assert.ok(entities.every((e) => !TEX.slice(e.span.start - 6, e.span.start).includes('cite{')), 'no entity inside a cite command');

  const dismissed = dismissalMatcher({ never: ['GR'], notType: [{ text: 'cortisol', type: 'Chemical' }] });
  assert.deepEqual(composeEntities(doc.segments, TEX, tagged, { dismissed }).map((e) => e.text), ['glucocorticoid receptor']);
  // a segment not tagged yet contributes nothing
  assert.deepEqual(composeEntities(doc.segments, TEX, [tagged[0], undefined]).map((e) => e.text), ['glucocorticoid receptor', 'GR', 'cortisol']);
});

test('a chemical that stops short of the long form\'s head word does not type the abbreviation (minimap2\'s HPC); other types do', () => {
  const text = String.raw`\begin{document}
Minimap2 indexes reads with homopolymer-compressed (HPC) $k$-mers, and HPC 19-mers find most overlaps.

Shasta uses a run-length encoding (RLE) of reads; RLE is fast.

Stimulating the acetylcholine receptor (AChR) or the globus pallidus internus (GPi); AChR and GPi again.
\end{document}
`;
  const doc = segmentDocument({ file: '/m.tex', text, languageId: 'latex' });
  const at = (prose: string, name: string, type: string): ProseEntity[] => {
    const i = prose.indexOf(name);
    return i < 0 ? [] : [{ start: i, end: i + name.length, type, score: 0.7, model: 'm' }];
  };
  // the tagger found "homopolymer" and "acetylcholine" (chemical words), the whole "run-length
  // encoding", and "globus pallidus" (a Latin name: its head comes first)
  const tagged = doc.segments.map((s) => [
    ...at(s.prose.text, 'homopolymer', 'Chemical'), ...at(s.prose.text, 'run-length encoding', 'Method'),
    ...at(s.prose.text, 'acetylcholine', 'Chemical'), ...at(s.prose.text, 'globus pallidus', 'Anatomy'),
  ]);
  const view = composeEntities(doc.segments, text, tagged).map((e) => `${e.text}:${e.type}`);
  assert.deepEqual(view, [
    'homopolymer:Chemical', 'run-length encoding:Method', 'RLE:Method', 'RLE:Method',
    'acetylcholine:Chemical', 'globus pallidus:Anatomy', 'GPi:Anatomy', 'GPi:Anatomy',
  ], 'HPC and AChR stay untyped; RLE and GPi take their long forms\' types');
});

test('an organisation\'s abbreviation is no entity: its uses lose the tagger\'s highlights (donor-responses\' BRAC)', () => {
  const text = '\\begin{document}\nThe Bangladesh Rural Advancement Committee (BRAC) runs schools.\n\nBRAC grew, and BRAC lends.\n\\end{document}\n';
  const doc = segmentDocument({ file: '/d.tex', text, languageId: 'latex' });
  const tagged: ProseEntity[][] = doc.segments.map((s) => [...s.prose.text.matchAll(/BRAC/g)].map((m) => ({ start: m.index, end: m.index + 4, type: 'Material', score: 0.8, model: 'm' })));
  assert.deepEqual(composeEntities(doc.segments, text, tagged), []);
});
