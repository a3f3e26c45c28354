import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { assertOffsetMap } from '../fixture/manuscript/check-map.ts';

const segment = (text: string) => {
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  for (const s of out.segments) assertOffsetMap(text, s);
  return out;
};
const prose = (preamble: string, body: string) =>
  segment(`\\documentclass{article}\n${preamble}\n\\begin{document}\n${body}\n\\end{document}\n`).segments.map((s) => s.prose.text);

/** The source text each prose character of `word` (its first occurrence) maps to. */
function sourceOf(text: string, word: string): string {
  const s = segment(text).segments.find((x) => x.prose.text.includes(word))!;
  const at = s.prose.text.indexOf(word);
  return text.slice(s.prose.sourceStart[at], s.prose.sourceEnd[at + word.length - 1]);
}

test('user macros with markup in their bodies read as they print, their arguments put in', () => {
  assert.deepEqual(prose('\\newcommand{\\Ca}{Ca$^{2+}$}\n\\newcommand{\\conc}[1]{#1\\,mM}', 'Free \\Ca{} ions at \\conc{10} glucose.'),
    ['Free Ca2+ ions at 10 mM glucose.']);
  assert.deepEqual(prose('\\newcommand{\\receptor}[1]{#1 receptor}', 'The \\receptor{GABA} binds.'), ['The GABA receptor binds.']);
  assert.deepEqual(prose('\\newcommand{\\ecoli}{\\textit{E.~coli}}', 'We grew \\ecoli{} overnight.'), ['We grew E. coli overnight.']);
  assert.deepEqual(prose('\\newcommand{\\red}[1]{\\textcolor{red}{#1}}', 'It \\red{binds tightly} here.'), ['It binds tightly here.']);
  assert.deepEqual(prose('\\newcommand{\\hide}[1]{}', 'It binds\\hide{not shown} here.'), ['It binds here.']);
});

test('optional first arguments take their default; nested macros expand; \\def and \\NewDocumentCommand bodies too', () => {
  assert.deepEqual(prose('\\newcommand{\\strain}[2][K-12]{\\textit{#2} strain #1}', 'Both \\strain{E.~coli} and \\strain[BL21]{E.~coli} grew.'),
    ['Both E. coli strain K-12 and E. coli strain BL21 grew.']);
  assert.deepEqual(prose('\\newcommand{\\ion}[1]{#1$^{2+}$}\n\\newcommand{\\free}[1]{free \\ion{#1} ions}', 'With \\free{Mg} only.'),
    ['With free Mg2+ ions only.']);
  assert.deepEqual(prose('\\def\\hsa#1{\\textit{H.~sapiens} #1}', 'In \\hsa{cells} it binds.'), ['In H. sapiens cells it binds.']);
  assert.deepEqual(prose('\\NewDocumentCommand{\\dose}{O{mM} m}{#2\\,#1}', 'At \\dose{5} and \\dose[nM]{7}.'), ['At 5 mM and 7 nM.']);
});

test('a character read from an argument maps to the argument, the rest to the macro use', () => {
  const text = '\\newcommand{\\receptor}[1]{#1 receptor}\n\\begin{document}\nThe \\receptor{GABA} binds.\n\\end{document}\n';
  assert.equal(sourceOf(text, 'GABA'), 'GABA');
  assert.equal(sourceOf(text, 'receptor'), '}');
  const before = '\\newcommand{\\conc}[1]{about #1}\n\\begin{document}\nAt \\conc{10} it binds.\n\\end{document}\n';
  assert.equal(sourceOf(before, 'about'), '\\conc{10}');
  assert.equal(sourceOf(before, '10'), '10');
});

test('citations inside a macro argument are the source\'s own; footnotes in a body are segments', () => {
  const text = '\\newcommand{\\red}[1]{\\textcolor{red}{#1}}\n\\newcommand{\\note}[1]{\\marginnote{#1}}\n\\begin{document}\n'
    + 'It binds \\red{tightly \\cite{smith}} here\\note{A side note.}.\n\\end{document}\n';
  const out = segment(text);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [['paragraph', 'It binds tightly [1] here.'], ['footnote', 'A side note.']]);
  assert.equal(out.citations.length, 1);
  const [c] = out.segments[0].citations;
  assert.equal(text.slice(c.occurrence.span.start, c.occurrence.span.end), '\\cite{smith}');
  assert.equal(out.segments[0].prose.text.slice(c.proseSpan.start, c.proseSpan.end), '[1]');
  assert.equal(c.occurrence, out.citations[0]);
});

test('an escaped # in a body prints, ## is one #; a citation the body prints twice is not two citations', () => {
  assert.deepEqual(prose('\\newcommand{\\rank}[1]{\\#1 in #1}', 'Ranked \\rank{Europe} today.'), ['Ranked #1 in Europe today.']);
  const twice = segment('\\newcommand{\\both}[1]{#1 and #1}\n\\begin{document}\nSee \\both{\\cite{smith}} here.\n\\end{document}\n');
  assert.equal(twice.citations.length, 1, 'one citation in the source, one occurrence');
});

test('recursive, defining or internal macros stay as before', () => {
  assert.deepEqual(prose('\\newcommand{\\again}{a\\again}', 'It \\again{} ends.')[0].startsWith('It a'), true);
  assert.deepEqual(prose('\\newcommand{\\setup}{\\renewcommand{\\x}{y}}', 'It \\setup{} ends.'), ['It ends.']);
  assert.deepEqual(prose('\\newcommand{\\sect}{\\@startsection{section}{1}}', 'It \\sect{} ends.'), ['It ends.']);
  // an address goes into link targets (`\\href{\\SFS/x.m}{x.m}`), which do not print
  assert.deepEqual(prose('\\def\\SFS{http://github.com/sfstoolbox/sfs}', 'See \\href{\\SFS/x.m}{x.m} or \\SFS{}.'), ['See x.m or .']);
  // citation macros are citations, not expansions
  const out = segment('\\newcommand{\\inlinecite}[1]{\\footnotesize\\citen{#1}}\n\\begin{document}\nAs \\inlinecite{a} shows.\n\\end{document}\n');
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['As [1] shows.']);
  assert.deepEqual(scanLatexStructure('\\newcommand{\\inlinecite}[1]{\\footnotesize\\citen{#1}}').userCommands, []);
  // a delimited parameter (`#1.`), a package's command \\providecommand leaves alone, a starred xparse argument
  assert.deepEqual(scanLatexStructure('\\def\\x#1.{#1 y}\\providecommand{\\url}[1]{\\texttt{#1}}\\NewDocumentCommand{\\z}{s m}{#2}').userCommands, []);
});

test('a long chain of macros stops expanding', () => {
  const name = (k: number) => `\\m${String.fromCharCode(97 + k)}`;
  const defs = Array.from({ length: 20 }, (_, k) => `\\newcommand{${name(k)}}{${name(k + 1)}{}${name(k + 1)}{}x}`).join('\n');
  const [text] = prose(defs, 'Start \\ma{} end.');
  assert.equal(text, `Start ${'x'.repeat(255)} end.`);
  // ten uses a level, eight levels: 10^8 words unless the paragraph's expansion budget stops it
  const wide = Array.from({ length: 8 }, (_, k) => `\\newcommand{${name(k)}}{${`${name(k + 1)}{} `.repeat(10)}word}`).join('\n');
  const [bounded] = prose(wide, 'Start \\ma{} end.');
  assert.ok(bounded.length < 200_000 && bounded.endsWith('end.'), `${bounded.length} characters`);
});

test('the document\'s own definition of a command the converter knows wins; a fallback for when it is undefined does not', () => {
  assert.deepEqual(prose('\\newcommand{\\qty}[2]{#1~#2}', 'At \\qty{5}{mM} it binds.'), ['At 5 mM it binds.']);
  for (const fallback of ['\\makeatletter\\@ifundefined{url}{\\def\\url#1{\\texttt{#1}}}{}\\makeatother', '\\ifdefined\\url\\else\\newcommand{\\url}[1]{\\texttt{#1}}\\fi']) {
    assert.deepEqual(prose(fallback, 'See \\url{http://x.org/a} for data.'), ['See example.org for data.'], fallback);
  }
});
