// A sentence that ends in a display equation ends there when a capitalised word follows: the
// classifiers read one sentence, not two run together ("…cost (Gotoh, 1990): x Without losing…").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function sentences(body: string): string[] {
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  return segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' }).segments.flatMap((s) => s.sentences.map((x) => s.prose.text.slice(x.start, x.end)));
}

test('display math before a capitalised word ends the sentence; before "where" it does not', () => {
  assert.deepEqual(sentences('It uses a gap cost:\n\\begin{equation}\nc = a + b\n\\end{equation}\nWithout losing generality, we go on.'), ['It uses a gap cost: x.', 'Without losing generality, we go on.']);
  assert.deepEqual(sentences('Also \\[ x=1 \\] where x is one. Then $$y$$\n% a comment\nThe end.'), ['Also x where x is one.', 'Then x.', 'The end.']);
  assert.deepEqual(sentences('The cost\n\\begin{align}\nc &= a\n\\end{align}\nwhere $a$ is fixed.'), ['The cost x where x is fixed.']);
});
