// What LaTeX never prints as prose: anything after \end{document}, the file name of a plain-TeX
// `\input file`, commutative diagrams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { scanLatexCitations } from '../../extension/core/render/citation-order.ts';
import { collectProject } from '../../extension/core/project/collect.ts';
import { memoryProjectFileSystem } from '../../extension/core/project/file-system.ts';
import { assertOffsetMap } from '../fixture/manuscript/check-map.ts';

const segment = (text: string) => {
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  for (const s of out.segments) assertOffsetMap(text, s);
  return out;
};

test('citations and includes after \\end{document} are not read', async () => {
  const text = '\\documentclass{article}\n\\begin{document}\nBody \\cite{a}.\n\\bibliography{refs}\n\\end{document}\nNotes: check \\cite{todo2020}.\n\\input{notes}\n';
  const out = segment(text);
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['a']]);
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Body [1].']);
  assert.deepEqual(scanLatexCitations('f.tex', text).items, [{ key: 'a' }]);
  const fs = memoryProjectFileSystem({ '/p/main.tex': text, '/p/notes.tex': 'More \\cite{b}.', '/p/refs.bib': '@article{a, title={A}}' });
  assert.deepEqual((await collectProject('/p/main.tex', fs)).files, ['/p/main.tex']);
  // a commented-out end ends nothing
  assert.deepEqual(segment('\\begin{document}\n% \\end{document}\nText \\cite{b}.\n\\end{document}\n').citations.length, 1);
});

test('a plain-TeX \\input reads no file name as prose, and the file is followed', async () => {
  const text = '\\documentclass{article}\n\\begin{document}\nIntro text.\n\\input chapters/plain\nMore text.\n\\end{document}\n';
  assert.deepEqual(segment(text).segments.map((s) => s.prose.text), ['Intro text. More text.']);
  const fs = memoryProjectFileSystem({ '/p/main.tex': text, '/p/chapters/plain.tex': 'Chapter.' });
  assert.deepEqual((await collectProject('/p/main.tex', fs)).files, ['/p/main.tex', '/p/chapters/plain.tex']);
});

test('tikz-cd and amscd diagrams are math, not prose', () => {
  const text = '\\begin{document}\nThe diagram\n\\begin{tikzcd}[row sep=large]\nA \\arrow[r, "f"] & B\n\\end{tikzcd}\ncommutes, as does\n'
    + '\\begin{CD}\nA @>f>> B\\\\\n@VgVV @VVhV\n\\end{CD}\nthis one.\n\\end{document}\n';
  assert.deepEqual(segment(text).segments.map((s) => s.prose.text), ['The diagram x commutes, as does x this one.']);
});
