import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLatexCitations } from '../../extension/core/latex/citations.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { CitationOccurrence } from '../../extension/core/types.ts';

const summary = (text: string, opts = {}) => findLatexCitations(text, 'f.tex', opts).map((c) => ({
  command: c.command, form: c.form, keys: c.keys.map((k) => k.key), prefix: c.prefix, suffix: c.suffix, text: text.slice(c.span.start, c.span.end),
}));

test('natbib forms with optional arguments, multi-key lists, capitalised and starred forms', () => {
  const text = 'A \\citep[see][p.~3]{smith2020, jones:2019} b \\citet*{Lee2001} c \\Citet{van2000} d \\citealp[chap.~2]{x} \\citeauthor{y} \\citeyear{z} \\citen{n1,n2}';
  assert.deepEqual(summary(text), [
    { command: 'citep', form: 'parenthetical', keys: ['smith2020', 'jones:2019'], prefix: 'see', suffix: 'p. 3', text: '\\citep[see][p.~3]{smith2020, jones:2019}' },
    { command: 'citet*', form: 'narrative', keys: ['Lee2001'], prefix: undefined, suffix: undefined, text: '\\citet*{Lee2001}' },
    { command: 'Citet', form: 'narrative', keys: ['van2000'], prefix: undefined, suffix: undefined, text: '\\Citet{van2000}' },
    { command: 'citealp', form: 'parenthetical', keys: ['x'], prefix: undefined, suffix: 'chap. 2', text: '\\citealp[chap.~2]{x}' },
    { command: 'citeauthor', form: 'author-only', keys: ['y'], prefix: undefined, suffix: undefined, text: '\\citeauthor{y}' },
    { command: 'citeyear', form: 'year-only', keys: ['z'], prefix: undefined, suffix: undefined, text: '\\citeyear{z}' },
    { command: 'citen', form: 'numeric', keys: ['n1', 'n2'], prefix: undefined, suffix: undefined, text: '\\citen{n1,n2}' },
  ]);
});

test('biblatex commands, multicite and \\nocite', () => {
  const text = '\\parencite{a} \\Textcite{b} \\autocite[12]{c} \\footcite{d} \\fullcite{e} \\cites(pre)(post)[1]{f}[2]{g} \\nocite{h} \\nocite{*}';
  const s = summary(text);
  assert.deepEqual(s.map((c) => [c.command, c.form, c.keys]), [
    ['parencite', 'parenthetical', ['a']], ['Textcite', 'narrative', ['b']], ['autocite', 'parenthetical', ['c']],
    ['footcite', 'parenthetical', ['d']], ['fullcite', 'full', ['e']], ['cites', 'parenthetical', ['f', 'g']], ['nocite', 'invisible', ['h']],
  ]);
  assert.equal(s[5].prefix, 'pre');
  assert.equal(s[2].suffix, '12');
  const notes = findLatexCitations(text, 'f.tex')[5].keys.map((k) => [k.key, k.prefix, k.suffix]);
  assert.deepEqual(notes, [['f', undefined, '1'], ['g', undefined, '2']], 'one optional argument is the key\'s postnote');
});

test('multicite: each key group keeps its own notes; one parenthesised note is the multipostnote', () => {
  const [both, one] = findLatexCitations('\\parencites[see][12]{a,b}[][p.~3]{c} and \\autocites(passim){d}[cf.][]{e}', 'f.tex');
  assert.deepEqual(both.keys.map((k) => [k.key, k.prefix, k.suffix]), [['a', 'see', undefined], ['b', undefined, '12'], ['c', undefined, 'p. 3']]);
  assert.deepEqual([both.prefix, both.suffix], [undefined, undefined]);
  assert.deepEqual([one.prefix, one.suffix], [undefined, 'passim']);
  assert.deepEqual(one.keys.map((k) => [k.key, k.prefix, k.suffix]), [['d', undefined, undefined], ['e', 'cf.', undefined]]);
});

test('each key carries its own source span, also across lines and comments', () => {
  const text = '\\cite{alpha,\n  beta, % the second\n  gamma}';
  const occ = findLatexCitations(text, 'f.tex');
  assert.equal(occ.length, 1);
  assert.deepEqual(occ[0].keys.map((k) => [k.key, text.slice(k.span.start, k.span.end)]), [['alpha', 'alpha'], ['beta', 'beta'], ['gamma', 'gamma']]);
  assert.deepEqual(occ[0].span, { start: 0, end: text.length });
});

test('comments, verbatim, \\verb and macro bodies are not citations', () => {
  const text = [
    '% \\cite{commented}',
    '\\verb|\\cite{verb}| 100\\% \\cite{real}',
    '\\begin{verbatim}\n\\cite{inverbatim}\n\\end{verbatim}',
    '\\newcommand{\\inlinecite}[1]{\\citen{#1}}',
  ].join('\n');
  assert.deepEqual(summary(text).map((c) => c.keys), [['real']]);
});

test('user macros found by scanLatexStructure and extra commands from settings are citations', () => {
  const preamble = '\\newcommand{\\inlinecite}[1]{\\footnotesize\\citen{#1}}\n\\newcommand{\\tc}[2][]{\\textcite[#1]{#2}}\n';
  const body = 'Solvers \\inlinecite{nelder_simplex_1965, wright_direct_1996} and \\tc[p.~4]{knuth} and \\mycite{extra}.';
  const { citationMacros } = scanLatexStructure(preamble);
  const s = summary(preamble + body, { citationMacros, extraCitationCommands: ['mycite'] });
  assert.deepEqual(s.map((c) => [c.command, c.form, c.keys]), [
    ['inlinecite', 'numeric', ['nelder_simplex_1965', 'wright_direct_1996']],
    ['tc', 'narrative', ['knuth']],
    ['mycite', 'parenthetical', ['extra']],
  ]);
  assert.equal(s[1].suffix, 'p. 4');
});

test('unterminated arguments are not citations and do not throw', () => {
  assert.deepEqual(summary('\\cite{open and never closed'), []);
  assert.deepEqual(summary('\\citep[unclosed{a}'), []);
  assert.deepEqual(summary('\\cite'), []);
  assert.deepEqual(summary('\\cite{}'), []);
});

test('a key followed by a comment inside the key list is kept; \\% in a note is a percent sign', () => {
  const text = 'As shown \\cite{a,\n  b % the review, with a comma\n} today and \\cite{c % x\n}.';
  const occ = findLatexCitations(text, 'f.tex');
  assert.deepEqual(occ.map((c) => c.keys.map((k) => [k.key, text.slice(k.span.start, k.span.end)])), [[['a', 'a'], ['b', 'b']], [['c', 'c']]]);
  assert.deepEqual(summary('Half \\cite[50\\%]{a} and \\cite[p.~3 % page\n]{b}.').map((c) => c.suffix), ['50\\%', 'p. 3']);
  const render = (o: CitationOccurrence) => `[${['1', o.suffix].filter((x) => x).join(', ')}]`;
  const [seg] = segmentDocument({ file: 'f.tex', text: 'Half \\cite[50\\%]{a}.', languageId: 'latex' }, { renderCitation: render }).segments;
  assert.equal(seg.prose.text, 'Half [1, 50%].');
});

test('a citation whose argument is never closed is reported, as other unclosed arguments are', () => {
  const text = 'CaMKII binds calmodulin \\cite{a.\n\nSecond paragraph.';
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.problems.map((p) => [p.message, p.line, p.column]), [['Unclosed argument of \\cite', 0, 29]]);
  assert.ok(out.segments.map((s) => s.prose.text).join(' ').includes('Second paragraph.'), 'no text is lost');
  const opt = segmentDocument({ file: 'f.tex', text: 'See \\citep[p.~3]{a, b', languageId: 'latex' });
  assert.deepEqual(opt.problems.map((p) => p.message), ['Unclosed argument of \\citep']);
});
