import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentSegmenter, segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { CitationOccurrence } from '../../extension/core/types.ts';
import { assertOffsetMap } from '../fixture/manuscript/check-map.ts';

const run = (text: string, languageId: 'markdown' | 'rmd' | 'quarto' = 'markdown', render?: (o: CitationOccurrence) => string) => {
  const out = segmentDocument({ file: 'f.md', text, languageId }, render ? { renderCitation: render } : {});
  for (const s of out.segments) assertOffsetMap(text, s);
  return out;
};

test('emphasis keeps its text, code and math become placeholders, headings are titles', () => {
  const out = run('# The *Title*\n\nWe use **bold** and _it_ with `code`, $x^2$ and\na line break &amp; an escaped \\* star.\n');
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['title', 'The Title'],
    ['paragraph', 'We use bold and it with code, x and a line break & an escaped * star.'],
  ]);
});

test('front matter title and abstract are prose; other YAML is not', () => {
  const text = '---\ntitle: "A *study* of cells"\nauthor: Jane Doe\nabstract: |\n  Cells divide.\n  They grow.\nbibliography: refs.bib\n---\n\nBody text.\n';
  const out = run(text);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['title', 'A *study* of cells'], ['abstract', 'Cells divide. They grow.'], ['paragraph', 'Body text.'],
  ]);
  assert.equal(out.segments[1].sentences.length, 2);
});

test('R Markdown and Quarto: chunks skipped, inline r placeholdered, HTML comments, divs and attributes dropped', () => {
  const text = [
    '```{r setup, include=FALSE}', 'library(x)', '```', '',
    'We had `r nrow(df)` samples [@a; @b, p. 3].', '',
    '<!-- hidden note -->', '',
    '::: {#fig-one}', '![Caption](fig.png){#fig-one width=50%}', ':::', '',
    '## Methods {#sec-methods}', '',
    'See @fig-one and @sec-methods; as @smith2020 showed.', '',
  ].join('\n');
  const out = run(text, 'quarto', (o) => o.form === 'narrative' ? 'Smith (2020)' : '(A; B)');
  assert.deepEqual(out.segments.map((s) => s.prose.text), [
    'We had code samples (A; B).',
    'Caption',
    'Methods',
    'See Figure 1 and Section 1; as Smith (2020) showed.',
  ]);
  assert.deepEqual(out.citations.map((c) => c.keys.map((k) => k.key)), [['a', 'b'], ['smith2020']]);
  const seg = out.segments[0];
  assert.equal(seg.citations[0].sentence, 0);
  assert.equal(text.slice(seg.prose.sourceStart[seg.citations[0].proseSpan.start], seg.prose.sourceEnd[seg.citations[0].proseSpan.start]), '[@a; @b, p. 3]');
});

test('lists and block quotes: each paragraph is a segment', () => {
  const out = run('- First item [@x].\n- Second item.\n\n> Quoted text.\n');
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['First item [1].', 'Second item.', 'Quoted text.']);
});

test('incremental Markdown: only the edited block is converted again', () => {
  const blocks = Array.from({ length: 10 }, (_, i) => `Block ${i} cites [@k${i}].`);
  const seg = new DocumentSegmenter('f.md', 'markdown');
  assert.equal(seg.update(blocks.join('\n\n')).changed.length, 10);
  blocks[3] = 'Block three changed.';
  const text = blocks.join('\n\n');
  const u = seg.update(text);
  assert.equal(u.changed.length, 1);
  assert.equal(u.reused, 9);
  for (const s of u.segments) assertOffsetMap(text, s);
  assert.equal(u.segments[9].prose.text, 'Block 9 cites [10].');
});

test('chunks keep fences, $$ math and comments whole; chunked parsing reads real papers as a whole-document parse does', async () => {
  const { splitMarkdownChunks } = await import('../../extension/core/markdown/chunks.ts');
  const { convertMarkdownBlock, outlineMarkdown } = await import('../../extension/core/markdown/prose.ts');
  const { createFallbackRenderer } = await import('../../extension/core/citations/fallback.ts');
  const { readFileSync } = await import('node:fs');
  const text = '---\ntitle: T\n---\nA.\n\n```{r}\nx\n\ny\n```\n\n$$\na\n\nb\n$$\n\n<!-- c\n\nd -->\n\n- item\n\n    continued\n';
  assert.deepEqual(splitMarkdownChunks(text).map((c) => text.slice(c.start, c.end)), [
    '---\ntitle: T\n---\n', 'A.', '```{r}\nx\n\ny\n```', '$$\na\n\nb\n$$', '<!-- c\n\nd -->', '- item\n\n    continued',
  ]);
  for (const file of ['donor-responses/index.qmd', 'optifit/paper.Rmd']) {
    const source = readFileSync(new URL(`../fixtures/corpus/${file}`, import.meta.url), 'utf8');
    const render = createFallbackRenderer();
    const outline = outlineMarkdown(source, file);
    const whole = outline.blocks.flatMap((b) => convertMarkdownBlock(source, b, outline, render).segments.map((s) => [s.span.start, s.prose.text]));
    const chunked = segmentDocument({ file, text: source, languageId: 'quarto' }).segments.map((s) => [s.span.start, s.prose.text]);
    assert.deepEqual(chunked, whole, file);
  }
});

test('a word glued to math gets a space, mapped to the math; an isotope\'s mass number is part of its word, a lone symbol reads as itself', () => {
  const out = run('An error of $\\sim$15% and $^{40}$K atoms at $T$37 and $k_1$x.\n');
  assert.equal(out.segments[0].prose.text, 'An error of ~15% and 40K atoms at x 37 and x x.');
});

test('footnotes (pandoc inline ^[...] and [^id] definitions) are segments of their own; table cells are not prose, but their citations are citations', () => {
  const text = [
    'Main text^[An inline note citing [@inl].] continues here[^n1].', '',
    '[^n1]: The note *text* [@def].', '',
    '| a | b |', '|---|---|', '| 1 | @tab |', '',
    'After.',
  ].join('\n');
  const out = run(text);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['paragraph', 'Main text continues here.'],
    ['footnote', 'An inline note citing [1].'],
    ['footnote', 'The note text [2].'],
    ['paragraph', 'After.'],
  ]);
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['inl', 'def', 'tab']);
});

test('raw LaTeX in pandoc Markdown: skipped commands lose their arguments, other command names vanish', () => {
  const out = run('\\newpage\n\n\\setlength{\\parindent}{-0.25in}\n\\vspace{1em}Text with \\emph{kept} words.\n');
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Text with kept words.']);
});

test('an image alone in its paragraph is a figure: its text is a caption segment, citations included; inline images are not prose', () => {
  const text = [
    '![Survival of *E. coli* after cisplatin [@smith2020].](fig.png){#fig-a width=50%}', '',
    'Text with an ![icon](i.png) inline.',
  ].join('\n');
  const out = run(text);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['caption', 'Survival of E. coli after cisplatin [1].'],
    ['paragraph', 'Text with an inline.'],
  ]);
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['smith2020']);
});

test('pandoc subscripts and superscripts read as their text (H~2~O, Ca^2+^); an approximate ~5 stays', () => {
  assert.deepEqual(run('Add H~2~O and Ca^2+^ to ~5 mg of cells^[A note.].').segments.map((s) => s.prose.text), ['Add H2O and Ca2+ to ~5 mg of cells.', 'A note.']);
});

test('chunk captions are caption segments: Quarto\'s #| fig-cap / tbl-cap, R Markdown\'s literal fig.cap; computed captions are not read', () => {
  const text = [
    '```{r}', '#| label: fig-tree', '#| fig-cap: "Survival of mice after cisplatin, as in @smith2020"', '#| fig-alt: |', '#|   A flowchart.', 'plot(1)', '```', '',
    '```{r scatter, fig.cap="Aspirin lowers fever.", echo=FALSE}', 'plot(2)', '```', '',
    '```{r other, fig.cap=figs("a")}', 'plot(3)', '```', '',
    '```{python}', '#| tbl-cap: Doses of ibuprofen', 'print(1)', '```',
  ].join('\n');
  const out = run(text, 'quarto');
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['caption', 'Survival of mice after cisplatin, as in [1]'],
    ['caption', 'Aspirin lowers fever.'],
    ['caption', 'Doses of ibuprofen'],
  ]);
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['smith2020']);
});

test('Quarto captions over several #| lines (block scalars) and one caption per figure (a list) are read, each mapped to its source', () => {
  const text = [
    '```{r}', '#| label: fig-doses', '#| fig-cap: |', '#|   Cisplatin doses in mice,', '#|   as in @smith2020.', 'plot(1)', '```', '',
    '```{r}', '#| label: fig-pair', '#| fig-cap:', '#|   - "Aspirin"', '#|   - >-', '#|     Ibuprofen', '#|     and fever', '#| layout-ncol: 2', 'plot(2); plot(3)', '```', '',
    '```{r}', '#| fig-cap: [unclosed', 'plot(4)', '```',
  ].join('\n');
  const out = run(text, 'quarto');
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['caption', 'Cisplatin doses in mice, as in [1].'],
    ['caption', 'Aspirin'],
    ['caption', 'Ibuprofen and fever'],
  ], 'malformed options are no caption');
  for (const { prose } of out.segments) {
    for (let k = 0; k < prose.text.length; k++) {
      if (/\p{L}/u.test(prose.text[k])) assert.equal(text.slice(prose.sourceStart[k], prose.sourceEnd[k]), prose.text[k], `"${prose.text}"[${k}] is its own source character`);
    }
  }
});

test('pandoc definition lists and table captions: the ": " and "Table: " markers are not text', () => {
  const text = 'BRCA1\n: A tumour suppressor gene.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Doses of cisplatin. {#tbl-a}\n\nTable: Doses of aspirin.\n';
  assert.deepEqual(run(text).segments.map((s) => s.prose.text), ['BRCA1 A tumour suppressor gene.', 'Doses of cisplatin.', 'Doses of aspirin.']);
});

test('a Quarto figure div holding one image: the image\'s text is a caption segment, citations included', () => {
  const text = '::: {#fig-a}\n![Adapted from [@nokey].](a.png)\n:::\n\n::: {.callout-note}\nA note with ![icon](i.png) inside.\n:::\n';
  const out = run(text, 'quarto');
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [['caption', 'Adapted from [1].'], ['paragraph', 'A note with inside.']]);
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['nokey']);
  assert.equal(out.segments[0].citations.length, 1);
});

test('a reference-style link reads as its text, its definition in the same paragraph or not; an image reference is not prose', () => {
  const text = 'See [the text][ref] and ![icon][i] [collapsed][] here, not [1][2].\n\n[ref]: https://example.org\n[collapsed]: https://example.org\n\n[x]: https://example.org\nA [defined link][x].\n';
  assert.deepEqual(run(text).segments.map((s) => s.prose.text), ['See the text and collapsed here, not [1][2].', 'A defined link.']);
});

test('raw LaTeX math environments in pandoc Markdown are math: their body is no prose, in a paragraph they read as one placeholder', () => {
  const alone = '\\begin{equation}\np53 = cisplatin\n\\end{equation}\n\n\\begin{align*}\ninsulin &= HeLa cells \\\\\nb &= c\n\\end{align*}\n\n\\begin{alignat}{2}\nx &= p53\n\\end{alignat}\n';
  assert.deepEqual(run('Intro about the weather.\n\n' + alone, 'rmd').segments.map((s) => s.prose.text), ['Intro about the weather.'], 'an equation alone is not prose');
  const inline = 'The cost of cisplatin is\n\\begin{equation}\nc = p53 \\cdot k\n\\end{equation}\nwhere k is a rate.\n\nThe model reads\n\\begin{gather*}\na = insulin\n\\end{gather*}\nThen HeLa cells divide.\n';
  const out = run(inline);
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['The cost of cisplatin is x where k is a rate.', 'The model reads x. Then HeLa cells divide.']);
  const { prose } = out.segments[0];
  const x = prose.text.indexOf(' x ') + 1;
  assert.equal(inline.slice(prose.sourceStart[x], prose.sourceEnd[x]), '\\begin{equation}\nc = p53 \\cdot k\n\\end{equation}', 'the placeholder stands for the whole environment');
  assert.equal(out.segments[1].sentences.length, 2, 'a capitalised word after the equation starts a sentence');
  assert.deepEqual(run('We \\begin{center}centre\\end{center} text.').segments.map((s) => s.prose.text), ['We centre text.'], 'other environments keep their body');
});

test('pandoc\'s unnumbered shorthand {-} (alone or with other attributes) is not heading text', () => {
  const out = run('# Acknowledgements {-}\n\nThanks.\n\n## References {- .appendix}\n\n# Methods {#sec-m -}\n\nA set {-} in text.\n');
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Acknowledgements', 'Thanks.', 'References', 'Methods', 'A set {-} in text.']);
});

test('a hard line break (backslash at line end) is a space that maps to the line end, not to the backslash', async () => {
  const { placeEntity } = await import('../../extension/core/entities/source-range.ts');
  for (const eol of ['\n', '\r\n']) {
    const text = `The insulin\\${eol}receptor binds.${eol}`;
    const [segment] = run(text).segments;
    assert.equal(segment.prose.text, 'The insulin receptor binds.');
    const start = segment.prose.text.indexOf('insulin');
    const placed = placeEntity(segment, text, { start, end: start + 'insulin receptor'.length, type: 'Chemical', score: 0.9, model: 't' });
    assert.ok(placed, 'the entity lands on the source');
    assert.ok(!placed.pieces.some((p) => text.slice(p.start, p.end).includes('\\')), JSON.stringify(placed.pieces.map((p) => text.slice(p.start, p.end))));
  }
});

test('a Windows path in prose keeps its backslashes and names as written: "C:\\bin\\minimap2" is no raw LaTeX "\\bin", nor "C:2"', () => {
  const text = 'The binary lives at C:\\bin\\minimap2 and the reads in D:\\Program Files\\run1, not in \\emph{memory}.\n\n\\newpage\n';
  const [segment, ...rest] = run(text).segments;
  assert.equal(segment.prose.text, 'The binary lives at C:\\bin\\minimap2 and the reads in D:\\Program Files\\run1, not in memory.');
  assert.equal(rest.length, 0, 'a LaTeX command alone is still no prose');
  const at = segment.prose.text.indexOf('minimap2');
  assert.equal(text.slice(segment.prose.sourceStart[at], segment.prose.sourceEnd[at + 'minimap2'.length - 1]), 'minimap2');
});

test('raw LaTeX after a letter and a colon is no Windows path, and a path does not run on to a later command', () => {
  const prose = (text: string) => run(text).segments.map((s) => s.prose.text);
  assert.deepEqual(prose('Panel A:\\textbf{x} shows cells.'), ['Panel A:x shows cells.']);
  assert.deepEqual(prose('Part A:\\begin{equation}x=1\\end{equation} Then more.'), ['Part A:x. Then more.']);
  assert.deepEqual(prose('Reads in C:\\data were aligned as before\\textsuperscript{1} here.'), ['Reads in C:\\data were aligned as before1 here.']);
  assert.ok(!prose('Reads were stored in C:\\data and aligned\\footnote{With BWA.} later.')[0].includes('\\footnote'), 'the footnote command is read as raw TeX');
  assert.deepEqual(prose('Stored in C:\\data\\textbf{old} now.'), ['Stored in C:\\dataold now.']);
});
