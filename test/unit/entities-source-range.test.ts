import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/fast-check.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { placeEntity, taggableMask } from '../../extension/core/entities/source-range.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

const TEX = String.raw`\documentclass{article}
\begin{document}
The \emph{glucocorticoid receptor} binds Schr\"odinger's protein in HeLa~cells at pages 3--5, and
tumor necrosis
factor with $k_1$ rate % a comment here
and \textbf{heat} shock protein \citep{smith2020} as in Fig.~\ref{fig:a}.
\end{document}
`;

const MD = 'The *glucocorticoid* **receptor** binds `p53` and $x$ and [@smith2020] and heat\nshock protein 70.\n';

function find(doc: ReturnType<typeof segmentDocument>, phrase: string): { seg: (typeof doc.segments)[number]; entity: ProseEntity } {
  for (const seg of doc.segments) {
    const i = seg.prose.text.indexOf(phrase);
    if (i >= 0) return { seg, entity: { start: i, end: i + phrase.length, type: 'GeneProtein', score: 0.9, model: 'test' } };
  }
  throw new Error(`${phrase} not in prose`);
}

test('entities land on the exact source text across \\emph, accents, ~, -- and line breaks', () => {
  const doc = segmentDocument({ file: '/t.tex', text: TEX, languageId: 'latex' });
  const cases: [string, string, string[]][] = [
    ['glucocorticoid receptor', 'glucocorticoid receptor', ['glucocorticoid receptor']],
    ['receptor binds', 'receptor} binds', ['receptor', ' binds']],
    ["Schrödinger's protein", String.raw`Schr\"odinger's protein`, [String.raw`Schr\"odinger's protein`]],
    ['HeLa cells', 'HeLa~cells', ['HeLa~cells']],
    ['3–5', '3--5', ['3--5']],
    ['tumor necrosis factor', 'tumor necrosis\nfactor', ['tumor necrosis\nfactor']],
    ['heat shock protein', 'heat} shock protein', ['heat', ' shock protein']],
  ];
  for (const [phrase, text, pieces] of cases) {
    const { seg, entity } = find(doc, phrase);
    const placed = placeEntity(seg, TEX, entity);
    assert.ok(placed, phrase);
    assert.equal(placed.text, text, phrase);
    assert.equal(TEX.slice(placed.span.start, placed.span.end), placed.text);
    assert.deepEqual(placed.pieces.map((p) => TEX.slice(p.start, p.end)), pieces, phrase);
    assert.equal(placed.prose, phrase);
  }
});

test('an entity that starts inside a macro\'s text reads as all of it, as its source range covers the macro', () => {
  const tex = String.raw`\def\twohalfD{{2.5\text{D}}\xspace}
\begin{document}
In the \twohalfD setup the sources lie on a line.
\end{document}
`;
  const doc = segmentDocument({ file: '/t.tex', text: tex, languageId: 'latex' });
  const { seg, entity } = find(doc, 'D setup');
  const placed = placeEntity(seg, tex, entity);
  assert.equal(placed?.text, String.raw`\twohalfD setup`);
  assert.equal(placed?.prose, '2.5D setup');
});

test('entities are refused on math, citations, references and across comments', () => {
  const doc = segmentDocument({ file: '/t.tex', text: TEX, languageId: 'latex' });
  for (const phrase of ['with x rate', 'protein [1]', 'Fig. 1', 'x']) {
    const seg = doc.segments.find((s) => s.prose.text.includes(phrase));
    if (!seg) continue;
    const i = seg.prose.text.indexOf(phrase === 'x' ? ' x ' : phrase) + (phrase === 'x' ? 1 : 0);
    const placed = placeEntity(seg, TEX, { start: i, end: i + phrase.length, type: 'Chemical', score: 1, model: 't' });
    assert.equal(placed, undefined, phrase);
  }
  // "rate and" crosses the removed comment
  const { seg, entity } = find(doc, 'rate and');
  assert.equal(placeEntity(seg, TEX, entity), undefined);
});

test('Markdown emphasis and line breaks are crossed; inline code, math and citations are not', () => {
  const doc = segmentDocument({ file: '/t.md', text: MD, languageId: 'markdown' });
  const ok = find(doc, 'glucocorticoid receptor');
  const placed = placeEntity(ok.seg, MD, ok.entity);
  assert.ok(placed, 'the entity is placed in the source');
  assert.equal(placed.text, 'glucocorticoid* **receptor');
  assert.deepEqual(placed.pieces.map((p) => MD.slice(p.start, p.end)), ['glucocorticoid', ' ', 'receptor']);
  const heat = find(doc, 'heat shock protein 70');
  assert.equal(placeEntity(heat.seg, MD, heat.entity)?.text, 'heat\nshock protein 70');
  for (const phrase of ['code', 'x', '[1]']) {
    const seg = doc.segments[0];
    const i = seg.prose.text.indexOf(` ${phrase} `) + 1;
    assert.ok(i > 0, phrase);
    assert.equal(placeEntity(seg, MD, { start: i, end: i + phrase.length, type: 't', score: 1, model: 't' }), undefined, phrase);
  }
});

test('property: a placed entity covers only its own prose characters and never markup that is not prose', () => {
  const doc = segmentDocument({ file: '/t.tex', text: TEX, languageId: 'latex' });
  const forbidden = [/\$k_1\$/, /% a comment here/, /\\citep\{smith2020\}/, /\\ref\{fig:a\}/, /\\documentclass\{article\}/].map((re) => {
    const m = re.exec(TEX)!;
    return { start: m.index, end: m.index + m[0].length };
  });
  const seg = doc.segments.find((s) => s.prose.text.length > 100)!;
  const n = seg.prose.text.length;
  fc.assert(fc.property(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 40 }), (start, len) => {
    const end = Math.min(n, start + len);
    const placed = placeEntity(seg, TEX, { start, end, type: 't', score: 1, model: 't' });
    if (!placed) return;
    assert.equal(TEX.slice(placed.span.start, placed.span.end), placed.text);
    for (const p of placed.pieces) for (const f of forbidden) assert.ok(p.end <= f.start || p.start >= f.end, `${placed.text} overlaps ${TEX.slice(f.start, f.end)}`);
    const mask = taggableMask(seg, TEX);
    for (let i = start; i < end; i++) {
      if (/\s/.test(seg.prose.text[i])) continue;
      assert.equal(mask[i], 1);
      assert.ok(placed.pieces.some((p) => seg.prose.sourceStart[i] >= p.start && seg.prose.sourceEnd[i] <= p.end), `prose ${i} outside pieces`);
    }
  }), { numRuns: 500 });
});
