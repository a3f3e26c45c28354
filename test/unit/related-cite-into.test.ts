// "Cite here" with the cursor inside a citation adds the key to it, through the real citation finders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citeIntoCitation } from '../../extension/core/related/cite-text.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function citeAt(text: string, languageId: 'latex' | 'markdown', cursor: string, key = 'new2024'): string | undefined {
  const file = languageId === 'latex' ? '/p/paper.tex' : '/p/paper.md';
  const { citations } = segmentDocument({ file, text, languageId });
  const at = text.indexOf(cursor);
  assert.ok(at >= 0, cursor);
  const into = citeIntoCitation(key, text, citations, at + cursor.length);
  return into && text.slice(0, into.offset) + into.text + text.slice(into.offset);
}

const TEX = '\\begin{document}\nShown before \\citep[see][p.~4]{a,b} and \\cite{c, d} and \\citet{e}.\n\\end{document}\n';
const MD = 'Shown [see @a, p. 3; @b] and by @c [p. 12] and [@d].\n';

test('LaTeX: the key joins the list with the list\'s own separator, notes untouched', () => {
  assert.match(citeAt(TEX, 'latex', '\\citep[se') ?? '', /\\citep\[see\]\[p\.~4\]\{a,b,new2024\}/);
  assert.match(citeAt(TEX, 'latex', '\\citep[see][p.~4]{a') ?? '', /\{a,b,new2024\}/);
  assert.match(citeAt(TEX, 'latex', '\\cite{c') ?? '', /\\cite\{c, d, new2024\}/);
  assert.match(citeAt(TEX, 'latex', '\\citet{') ?? '', /\\citet\{e,new2024\}/);
});

test('Markdown: a bracketed group gets "; @key" before its bracket; a narrative citation is followed by one', () => {
  assert.equal(citeAt(MD, 'markdown', '[see @a'), 'Shown [see @a, p. 3; @b; @new2024] and by @c [p. 12] and [@d].\n');
  assert.equal(citeAt(MD, 'markdown', 'by @'), 'Shown [see @a, p. 3; @b] and by @c [p. 12] [@new2024] and [@d].\n');
  assert.equal(citeAt(MD, 'markdown', 'and [@'), 'Shown [see @a, p. 3; @b] and by @c [p. 12] and [@d; @new2024].\n');
});

test('outside every citation nothing changes; a key the citation holds is not added twice', () => {
  assert.equal(citeAt(TEX, 'latex', 'Shown be'), undefined);
  assert.equal(citeAt(MD, 'markdown', 'Sho'), undefined);
  const { citations } = segmentDocument({ file: '/p/paper.tex', text: TEX, languageId: 'latex' });
  assert.deepEqual(citeIntoCitation('b', TEX, citations, TEX.indexOf('{a,b}') + 2), { offset: TEX.indexOf('{a,b}') + 2, text: '' });
});
