import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';

test('magic root, document environment, includes and bibliographies', () => {
  const text = [
    '% !TEX root = ../main.tex',
    '\\documentclass{article}',
    '% \\input{commented-out}',
    '\\usepackage[style=authoryear-comp,backend=biber]{biblatex}',
    '\\addbibresource[label=x]{refs.bib}',
    '\\bibliography{a, b,%',
    '  c}',
    '\\begin{document}',
    '\\input{sections/intro}\\include{chap2}',
    '\\subfile{parts/p1.tex}',
    '\\import{chapters/}{methods}',
    '\\subimport*{dir/}{file}',
    '\\input plainfile',
    '\\begin{verbatim}\\input{not-an-include}\\end{verbatim}',
    '\\end{document}',
  ].join('\n');
  const s = scanLatexStructure(text);
  assert.equal(s.magicRoot, '../main.tex');
  assert.equal(s.hasDocumentEnvironment, true);
  assert.deepEqual(s.includes.map((i) => [i.command, i.dir, i.path]), [
    ['input', undefined, 'sections/intro'], ['include', undefined, 'chap2'], ['subfile', undefined, 'parts/p1.tex'],
    ['import', 'chapters/', 'methods'], ['subimport', 'dir/', 'file'], ['input', undefined, 'plainfile'],
  ]);
  assert.equal(text.slice(s.includes[0].span.start, s.includes[0].span.end), '\\input{sections/intro}');
  assert.deepEqual(s.bibliographies.map((b) => [b.command, b.paths]), [['addbibresource', ['refs.bib']], ['bibliography', ['a', 'b', 'c']]]);
  assert.equal(s.citationStyle, 'author-year');
});

test('no document environment in a chapter file; \\def text macros expand in include paths', () => {
  const s = scanLatexStructure('\\def \\PATH {.}\n\\chapter{Intro}\n\\import{\\PATH/ch1/}{ch1}\n');
  assert.equal(s.hasDocumentEnvironment, false);
  assert.equal(s.magicRoot, undefined);
  assert.deepEqual(s.includes.map((i) => [i.dir, i.path]), [['./ch1/', 'ch1']]);
});

test('user citation macros: \\newcommand, \\renewcommand, \\def, \\DeclareRobustCommand, optional first parameter, macro of a macro', () => {
  const text = [
    '\\newcommand{\\inlinecite}[1]{\\footnotesize\\citen{#1}}',
    '\\renewcommand\\mycite[2]{\\textbf{#1}~\\citep[#1]{#2}}',
    '\\def\\rcite#1{\\cite{#1}}',
    '\\DeclareRobustCommand{\\tc}[2][]{\\textcite[#1]{#2}}',
    '\\newcommand{\\wrapped}[1]{\\inlinecite{#1}}',
    '\\newcommand{\\notcite}[1]{\\emph{#1}}',
    '\\newcommand{\\fixed}{\\cite{always}}',
  ].join('\n');
  const s = scanLatexStructure(text);
  assert.deepEqual(s.citationMacros.map((m) => [m.name, m.wraps, m.form, m.keyArgument, m.parameters, m.optionalFirst]), [
    ['inlinecite', 'citen', 'numeric', 1, 1, false],
    ['mycite', 'citep', 'parenthetical', 2, 2, false],
    ['rcite', 'cite', 'parenthetical', 1, 1, false],
    ['tc', 'textcite', 'narrative', 2, 2, true],
    ['wrapped', 'inlinecite', 'numeric', 1, 1, false],
  ]);
});

test('citation style from natbib, biblatex, \\bibliographystyle and the document class', () => {
  const style = (t: string) => scanLatexStructure(t).citationStyle;
  assert.equal(style('\\usepackage[numbers,sort&compress]{natbib}'), 'numeric');
  assert.equal(style('\\usepackage[super]{natbib}'), 'numeric');
  assert.equal(style('\\usepackage{natbib}\\bibliographystyle{plainnat}'), 'author-year');
  assert.equal(style('\\usepackage{natbib}\\bibliographystyle{unsrt}'), 'numeric');
  assert.equal(style('\\usepackage{natbib}\\bibliographystyle{apalike}'), 'author-year');
  assert.equal(style('\\usepackage[style=numeric-comp]{biblatex}'), 'numeric');
  assert.equal(style('\\usepackage[style=apa]{biblatex}'), 'author-year');
  assert.equal(style('\\usepackage[backend=biber]{biblatex}'), 'numeric');
  assert.equal(style('\\bibliographystyle{ieeetr}'), 'numeric');
  assert.equal(style('\\bibliographystyle{IEEEtran}'), 'numeric');
  assert.equal(style('\\documentclass[aps,prl]{revtex4-2}'), 'numeric');
  assert.equal(style('\\documentclass[conference]{IEEEtran}'), 'numeric');
  assert.equal(style('\\documentclass{article}'), undefined);
  assert.equal(style('% \\usepackage[numbers]{natbib}\n\\usepackage{natbib}'), 'author-year');
});

test('natbib in author-year mode, loaded by the file or its class, makes \\cite textual; numeric natbib and biblatex do not', () => {
  const textual = (t: string) => scanLatexStructure(t).textualCite === true;
  assert.equal(textual('\\usepackage{natbib}\\bibliographystyle{plainnat}'), true);
  assert.equal(textual('\\documentclass[9pt,lineno]{elife}'), true);
  assert.equal(textual('\\usepackage[numbers]{natbib}'), false);
  assert.equal(textual('\\usepackage[style=authoryear]{biblatex}'), false);
  assert.equal(textual('\\documentclass{article}'), false);
});

test('malformed input never throws', () => {
  for (const t of ['\\newcommand{', '\\input{', '\\bibliography{a,', '\\def\\x#1{\\cite{#1', '\\begin{', '\\import{a}', '%!TEX root', '\\']) {
    const s = scanLatexStructure(t);
    assert.ok(Array.isArray(s.includes), 'includes is an array');
  }
});
