import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPandocCitations } from '../../extension/core/markdown/citations.ts';
import { readMarkdownFrontMatter } from '../../extension/core/markdown/frontmatter.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { CitationOccurrence } from '../../extension/core/types.ts';

const summary = (text: string) => findPandocCitations(text, 'f.md').map((c) => ({
  form: c.form, keys: c.keys.map((k) => k.key), prefix: c.prefix, suffix: c.suffix, text: text.slice(c.span.start, c.span.end),
}));

test('bracketed, multi-key, locators, prefixes, suppressed author and narrative citations', () => {
  const text = 'A [@smith2020]. B [see @a; @b, p. 3]. C [-@lee2001]. @doe99 says. @knuth84 [p. 33] too. D [@{weird key 1}].';
  assert.deepEqual(summary(text), [
    { form: 'parenthetical', keys: ['smith2020'], prefix: undefined, suffix: undefined, text: '[@smith2020]' },
    { form: 'parenthetical', keys: ['a', 'b'], prefix: undefined, suffix: undefined, text: '[see @a; @b, p. 3]' },
    { form: 'year-only', keys: ['lee2001'], prefix: undefined, suffix: undefined, text: '[-@lee2001]' },
    { form: 'narrative', keys: ['doe99'], prefix: undefined, suffix: undefined, text: '@doe99' },
    { form: 'narrative', keys: ['knuth84'], prefix: undefined, suffix: 'p. 33', text: '@knuth84 [p. 33]' },
    { form: 'parenthetical', keys: ['weird key 1'], prefix: undefined, suffix: undefined, text: '[@{weird key 1}]' },
  ]);
});

test('several keys keep their own notes; one key\'s notes are the citation\'s', () => {
  const [several, one] = segmentDocument({ file: 'f.md', text: 'B [see @a, sec. 2; also @b; @c, p. 3] and [see @d, p. 4].', languageId: 'markdown' }).citations;
  assert.deepEqual(several.keys.map((k) => [k.key, k.prefix, k.suffix]), [['a', 'see', 'sec. 2'], ['b', 'also', undefined], ['c', undefined, 'p. 3']]);
  assert.deepEqual([several.prefix, several.suffix], [undefined, undefined]);
  assert.deepEqual([one.keys[0].prefix, one.prefix, one.suffix], [undefined, 'see', 'p. 4']);
});

test('a note is read as inline Markdown, and its code or math stays inside the citation', () => {
  const renderCitation = (o: CitationOccurrence) => `(${o.keys.map((k) => [k.prefix, k.key, k.suffix].filter((x) => x).join(' ')).join('; ')})`;
  const seg = segmentDocument({ file: 'f.md', text: 'Shown [*see* @a, **p. 3**; @b, `code` and $k$ here] now.', languageId: 'markdown' }, { renderCitation }).segments[0];
  assert.equal(seg.prose.text, 'Shown (see a p. 3; b code and x here) now.');
});

test('key grammar: internal punctuation, trailing punctuation dropped', () => {
  assert.deepEqual(summary('As @Heiss:2019a. and @a.b-c_d, and @x.').map((c) => c.keys[0]), ['Heiss:2019a', 'a.b-c_d', 'x']);
});

test('not citations: Quarto/pandoc-crossref references, e-mails, links', () => {
  const text = 'See @fig-tree and @tbl-results, @sec-intro, @eq-one, [@fig-x], @fig:old. Mail me at me@example.org. [text](https://x.org/@user).';
  assert.deepEqual(segmentDocument({ file: 'f.qmd', text, languageId: 'quarto' }).citations, []);
});

test('not citations inside code spans, code blocks, chunks, math and HTML comments', () => {
  const text = [
    '---', 'title: "T"', 'bibliography: [a.bib, b.bib]', '---', '',
    'Text `@notcode` and `r cite("@nope")` real [@real].', '',
    '```{r}', 'x <- "@chunk"', '```', '',
    '<!-- [@commented] -->', '',
    '$@math$ and more.', '', '$$', '@display', '$$', '',
    '    @indented code', '',
  ].join('\n');
  const out = segmentDocument({ file: 'f.Rmd', text, languageId: 'rmd' });
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['real']]);
  assert.deepEqual(readMarkdownFrontMatter(text)?.bibliography, ['a.bib', 'b.bib']);
});

test('front matter: title and abstract with the spans of their values; YAML errors are problems', () => {
  const text = '---\ntitle: "Deep *learning*"\nabstract: |\n  First line.\n  Second line.\ncsl: nature.csl\n---\nBody\n';
  const fm = readMarkdownFrontMatter(text)!;
  assert.equal(fm.title?.value, 'Deep *learning*');
  assert.equal(text.slice(fm.title!.span.start, fm.title!.span.end), '"Deep *learning*"');
  assert.equal(fm.abstract?.value, 'First line.\nSecond line.\n');
  assert.equal(fm.csl, 'nature.csl');
  assert.equal(text.slice(fm.span.start, fm.span.end), '---\ntitle: "Deep *learning*"\nabstract: |\n  First line.\n  Second line.\ncsl: nature.csl\n---\n');
  const bad = readMarkdownFrontMatter('---\ntitle: [unclosed\n---\n')!;
  assert.ok(bad.problems.length > 0, 'a problem is reported');
  assert.equal(readMarkdownFrontMatter('No front matter\n---\n'), undefined);
});

test('a LaTeX command inside code, math or a comment does not turn what follows it into citations', () => {
  const text = [
    'Text [@real].', '',
    '```python', '"""Fits $\\text{IC}_{50}$."""', '@property', 'def f(self): pass', '```', '',
    'Inline `\\emph{a} [@x]` code.', '',
    '<!-- \\emph{t} [@x] @y -->', '',
    '$$\\text{a} [@x]$$', '',
  ].join('\n');
  const out = segmentDocument({ file: 'f.qmd', text, languageId: 'quarto' });
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['real']]);
  assert.deepEqual(findPandocCitations('`x` @a [@b] @c', 'f.md', [{ start: 0, end: 12 }, { start: 1, end: 2 }, { start: 5, end: 6 }]).map((c) => c.keys[0].key), ['c'], 'overlapping exclusions');
});

test('a bracketed citation followed by a colon is a citation; a link reference definition at a line start is not', () => {
  assert.deepEqual(summary('Two models exist [@a]: one and two.'), [
    { form: 'parenthetical', keys: ['a'], prefix: undefined, suffix: undefined, text: '[@a]' },
  ]);
  const text = 'Two models exist [@a]: one and two. Two more\n[@c]: three and four.\n\n  [@b]: https://example.org\n';
  const out = segmentDocument({ file: 'f.md', text, languageId: 'markdown' });
  assert.deepEqual(out.citations.map((c) => [c.form, c.keys[0].key]), [['parenthetical', 'a'], ['parenthetical', 'c']]);
});

test('citations in pipe table cells are citations; code in a cell is not', () => {
  const text = '| Method | Source |\n|--------|--------|\n| PCR    | [@nokey] |\n| qPCR | see @lee2001, `@code` |\n';
  const out = segmentDocument({ file: 'f.md', text, languageId: 'markdown' });
  assert.deepEqual(out.citations.map((c) => [c.form, c.keys[0].key]), [['parenthetical', 'nokey'], ['narrative', 'lee2001']]);
});

test('a capitalised Quarto cross-reference (@Fig-a, @Tbl-b) is not a citation', () => {
  const out = segmentDocument({ file: 'f.qmd', text: '@Fig-a shows it and @Tbl-b lists it, as @Smith2020 found.\n', languageId: 'quarto' });
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['Smith2020']);
  assert.equal(out.segments[0].prose.text, 'Figure 1 shows it and Table 1 lists it, as [1] found.');
});
