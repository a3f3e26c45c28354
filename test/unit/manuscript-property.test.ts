// Property tests for the manuscript parsers: random, structured, truncated and adversarial LaTeX and
// Markdown never throw, keep the offset-map invariant, and lose no plain word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from '../helpers/fast-check.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { findLatexCitations } from '../../extension/core/latex/citations.ts';
import { readMarkdownFrontMatter } from '../../extension/core/markdown/frontmatter.ts';
import { segmentDocument, type ManuscriptLanguage } from '../../extension/core/prose/segmenter.ts';
import { assertOffsetMap, copiedCharacters } from '../fixture/manuscript/check-map.ts';

const corpus = join(import.meta.dirname, '../fixtures/corpus');
const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);

interface Piece { source: string; kept?: string; keyword?: string }

/** A LaTeX piece and, when it holds a plain word, the word that must survive as copied text. */
const latexPiece: fc.Arbitrary<Piece> = fc.oneof(
  word.map((w) => ({ source: w, kept: w })),
  word.map((w) => ({ source: `\\emph{${w}}`, kept: w })),
  word.map((w) => ({ source: `\\textbf{${w}}`, kept: w })),
  word.map((w) => ({ source: `{${w}}`, kept: w })),
  word.map((w) => ({ source: `\\footnote{${w}}`, kept: w })),
  word.map((w) => ({ source: `$${w}$` })),
  word.map((w) => ({ source: `\\cite{${w}}`, keyword: w })),
  word.map((w) => ({ source: `\\citep[p.~3]{${w},b}`, keyword: w })),
  word.map((w) => ({ source: `\\ref{${w}}` })),
  word.map((w) => ({ source: `% ${w}\n` })),
  fc.constantFrom(' ', ' ', '\n', '~', '--', '---', '.', ', ', '\\"o', '\\ss{}', '``', "''", '\\%', '\n\n').map((source): Piece => ({ source })),
);

const mdPiece: fc.Arbitrary<Piece> = fc.oneof(
  word.map((w) => ({ source: w, kept: w })),
  word.map((w) => ({ source: `*${w}*`, kept: w })),
  word.map((w) => ({ source: `**${w}**`, kept: w })),
  word.map((w) => ({ source: `\`${w}\`` })),
  word.map((w) => ({ source: `$${w}$` })),
  word.map((w) => ({ source: `[@${w}]`, keyword: w })),
  word.map((w) => ({ source: `[see @${w}, p. 3]`, keyword: w })),
  fc.constantFrom(' ', ' ', '\n', '.', ', ', '\n\n').map((source): Piece => ({ source })),
);

function join_(pieces: Piece[]): { text: string; kept: { at: number; word: string }[]; keys: string[] } {
  let text = '';
  const kept: { at: number; word: string }[] = [];
  const keys: string[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    // Separate words from each other so that two pieces never fuse into one token.
    if (k > 0 && !/\s$/.test(text)) text += ' ';
    if (p.kept) kept.push({ at: text.length + p.source.lastIndexOf(p.kept), word: p.kept });
    if (p.keyword) keys.push(p.keyword);
    text += p.source;
  }
  return { text, kept, keys };
}

function checkDocument(text: string, languageId: ManuscriptLanguage) {
  const out = segmentDocument({ file: 'f', text, languageId });
  for (const s of out.segments) {
    assertOffsetMap(text, s);
    for (const sent of s.sentences) assert.ok(sent.start >= 0 && sent.end <= s.prose.text.length && sent.start < sent.end, 'sentence inside the prose');
    for (const c of s.citations) assert.ok(c.sentence >= 0 && c.sentence < Math.max(1, s.sentences.length), 'citation sentence index in range');
  }
  for (const c of out.citations) for (const k of c.keys) assert.equal(text.slice(k.span.start, k.span.end), k.key);
  return out;
}

test('structured LaTeX: every plain word is copied to prose at its own source offsets; every cite key found', () => {
  fc.assert(fc.property(fc.array(latexPiece, { maxLength: 40 }), (pieces) => {
    const { text, kept, keys } = join_(pieces);
    const out = checkDocument(text, 'latex');
    const copied = new Set(out.segments.flatMap((s) => copiedCharacters(text, s)));
    for (const { at, word: w } of kept) {
      for (let i = 0; i < w.length; i++) assert.ok(copied.has(at + i), `lost "${w}" at ${at} in ${JSON.stringify(text)}`);
    }
    assert.deepEqual(out.citations.map((c) => c.keys[0].key), keys);
  }), { numRuns: 300 });
});

test('structured Markdown: every plain word kept at its offsets; every pandoc key found', () => {
  fc.assert(fc.property(fc.array(mdPiece, { maxLength: 40 }), (pieces) => {
    const { text, kept, keys } = join_(pieces);
    const out = checkDocument(text, 'markdown');
    const copied = new Set(out.segments.flatMap((s) => copiedCharacters(text, s)));
    for (const { at, word: w } of kept) {
      for (let i = 0; i < w.length; i++) assert.ok(copied.has(at + i), `lost "${w}" at ${at} in ${JSON.stringify(text)}`);
    }
    assert.deepEqual(out.citations.map((c) => c.keys[0].key), keys);
  }), { numRuns: 300 });
});

test('malformed LaTeX (an unclosed group, command argument or environment) loses no plain word and is reported', () => {
  const breakage = fc.constantFrom('{', '}', '\\begin{equation}', '\\emph{', '\\footnote{', '\\begin{figure}', '\\begin{itemize}', '\\cite{', '\\section{', '\\end{itemize}');
  fc.assert(fc.property(fc.array(latexPiece, { maxLength: 30 }), fc.nat(), breakage, (pieces, at, broken) => {
    const k = pieces.length === 0 ? 0 : at % (pieces.length + 1);
    const all = [...pieces.slice(0, k), { source: broken }, ...pieces.slice(k)];
    const { text, kept } = join_(all);
    const out = checkDocument(text, 'latex');
    const copied = new Set(out.segments.flatMap((s) => copiedCharacters(text, s)));
    for (const { at: p, word: w } of kept) {
      for (let i = 0; i < w.length; i++) assert.ok(copied.has(p + i), `lost "${w}" at ${p} in ${JSON.stringify(text)}`);
    }
    if (/^\\(emph|footnote|section|begin\{(equation|figure)\})/.test(broken)) assert.ok(out.problems.length > 0, `no problem reported for ${JSON.stringify(text)}`);
  }), { numRuns: 300 });
});

const adversarialLatex = fc.array(fc.oneof(
  fc.constantFrom('\\', '{', '}', '[', ']', '$', '$$', '%', '~', '^', '_', '&', '#', '@', '\n', '\n\n', ' ', '-', '`', "'", '"',
    '\\begin{', '\\end{', '\\begin{equation}', '\\end{equation}', '\\begin{figure}', '\\begin{verbatim}', '\\end{verbatim}',
    '\\cite{', '\\cite[', '\\citep[a][b]{k}', '\\emph{', '\\footnote{', '\\section{', '\\caption{', '\\verb|', '\\(', '\\)', '\\[', '\\]',
    '\\"', "\\'", '\\c', '\\newcommand{\\x}[1]{\\cite{#1}}', '\\x{k}', '\\def\\y#1{', '\\input{', '\\item', '\\\\'),
  fc.string({ maxLength: 6 }),
), { maxLength: 60 }).map((a) => a.join(''));

test('adversarial LaTeX never throws and keeps the map invariant', () => {
  fc.assert(fc.property(adversarialLatex, (text) => {
    checkDocument(text, 'latex');
    scanLatexStructure(text);
    findLatexCitations(text, 'f');
  }), { numRuns: 500 });
});

const adversarialMarkdown = fc.array(fc.oneof(
  fc.constantFrom('[', ']', '(', ')', '@', '-@', '`', '```', '```{r}', '$', '$$', '*', '_', '<!--', '-->', '\n', '\n\n', ' ', '---\n',
    'title: x\n', ':::', '{#fig-a}', '@fig-a', '[@', '; @', '\\', '&amp;', '&#', '<div>', '# ', '> ', '- ', '    ', '{{<', '>}}', '^['),
  fc.string({ maxLength: 6 }),
), { maxLength: 60 }).map((a) => a.join(''));

test('adversarial Markdown never throws and keeps the map invariant', () => {
  fc.assert(fc.property(adversarialMarkdown, fc.constantFrom<ManuscriptLanguage>('markdown', 'rmd', 'quarto'), (text, lang) => {
    checkDocument(text, lang);
    readMarkdownFrontMatter(text);
  }), { numRuns: 500 });
});

test('real papers truncated anywhere never throw and keep the map invariant', () => {
  const latex = readFileSync(join(corpus, 'minimap2/minimap2.tex'), 'utf8');
  const md = readFileSync(join(corpus, 'donor-responses/index.qmd'), 'utf8');
  fc.assert(fc.property(fc.nat({ max: latex.length }), fc.nat({ max: 4000 }), (cut, len) => {
    checkDocument(latex.slice(cut, cut + len), 'latex');
  }), { numRuns: 60 });
  fc.assert(fc.property(fc.nat({ max: md.length }), fc.nat({ max: 4000 }), (cut, len) => {
    checkDocument(md.slice(cut, cut + len), 'quarto');
  }), { numRuns: 60 });
});

test('deep nesting and long unbalanced input stay bounded', () => {
  const deep = '\\emph{'.repeat(5000) + 'core' + '}'.repeat(5000);
  const out = checkDocument(deep, 'latex');
  assert.ok(out.segments.some((s) => s.prose.text.includes('core')), 'the core text is kept');
  const open = `${'{'.repeat(20000)}text ${'$'.repeat(3)} more\n\n`.repeat(5);
  checkDocument(open, 'latex');
  checkDocument('['.repeat(20000) + '@key' + ']'.repeat(10), 'markdown');
});

test('thousands of unclosed groups, math, environments and brackets in one paragraph stay linear', { timeout: 120_000 }, () => {
  const n = 20_000;
  for (const piece of ['\\emph{', '\\(', '\\begin{equation}', '\\iffalse ', '\\cite[', '\\footnote{', '{', '\\[']) {
    const text = `${piece}word `.repeat(n);
    const out = checkDocument(text, 'latex');
    assert.ok(out.segments.some((s) => s.prose.text.includes('word')), piece);
  }
  for (const piece of ['^[', '[@', '`', '$', '<!--', '[', '@fig-a ', '[@k] ']) {
    checkDocument(`${piece}word `.repeat(n), 'markdown');
  }
});
