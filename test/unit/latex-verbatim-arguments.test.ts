import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { findLatexCitations } from '../../extension/core/latex/citations.ts';
import { splitLatexParagraphs } from '../../extension/core/latex/paragraphs.ts';
import { assertOffsetMap } from '../fixture/manuscript/check-map.ts';

const segment = (text: string) => {
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  for (const s of out.segments) assertOffsetMap(text, s);
  return out;
};
const keys = (text: string) => findLatexCitations(text, 'f.tex').map((c) => c.keys.map((k) => k.key));

test('a % inside \\url or \\href\'s address is part of the address (hyperref reads it verbatim), not a comment', () => {
  const url = 'See \\url{https://doi.org/10.1000/a%20b} and \\cite{a} on glucose.\nNext line.';
  const out = segment(url);
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['See example.org and [1] on glucose. Next line.']);
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['a']]);
  assert.deepEqual(keys(url), [['a']]);

  const href = 'A \\href{https://x.org/a%20b#top}{site} and \\cite{b}.\nNext line.';
  const h = segment(href);
  assert.deepEqual(h.segments.map((s) => s.prose.text), ['A site and [1]. Next line.']);
  assert.deepEqual(h.problems, []);
  assert.deepEqual(keys(href), [['b']]);
  assert.deepEqual(keys('\\href[pdfnewwindow]{http://x.org/%7e}{\\cite{c}} then \\cite{d}'), [['c'], ['d']], 'the link text is still read');
});

test('\\verb and \\lstinline with any delimiter hide %, { and } from the rest of the paragraph', () => {
  const pct = 'Type \\verb|%| then \\cite{a}.';
  assert.deepEqual(segment(pct).segments.map((s) => s.prose.text), ['Type code then [1].']);
  assert.deepEqual(keys(pct), [['a']]);
  assert.deepEqual(keys('Type \\lstinline|%| or \\lstinline[language=C]!%! then \\cite{a}.'), [['a']]);

  const brace = 'Type \\verb|{| here.\n\nSecond paragraph \\cite{b}.\n\nThird.';
  assert.equal(splitLatexParagraphs(brace, { start: 0, end: brace.length }).length, 3);
  assert.deepEqual(segment(brace).segments.map((s) => s.prose.text), ['Type code here.', 'Second paragraph [1].', 'Third.']);
});

test('\\lstinline and \\mintinline code is never searched for citations', () => {
  const text = 'Call \\lstinline{\\cite{fake}} or \\mintinline{tex}{\\cite{fake2}} or \\mintinline{tex}|\\cite{fake3}| and \\cite{real}.';
  assert.deepEqual(keys(text), [['real']]);
  const out = segment(text);
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Call code or code or code and [1].']);
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['real']]);
});

test('a float\'s caption after an address holding % is still read', () => {
  const text = '\\begin{figure}\\href{http://x.org/a%20b}{data} \\caption{Cells \\cite{a}.}\\end{figure}';
  const out = segment(text);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [['caption', 'Cells [1].']]);
});
