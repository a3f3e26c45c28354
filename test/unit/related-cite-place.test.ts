// "Cite here": which cite command a manuscript without parenthetical citations gets (from the packages
// it loads), and where the citation goes (a tie after a word, before a sentence's full stop; refused in
// comments, math, code and non-citation arguments), through the real segmenter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citeText } from '../../extension/core/related/cite-text.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { placeCitation } from '../../extension/core/related/cite-place.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

/** The text with the citation placed at the cursor `‸`, or the refusal's reason. */
function cite(marked: string, languageId: 'latex' | 'markdown', citation: string): string {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0, 'the text has a cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const { segments } = segmentDocument({ file: languageId === 'latex' ? '/p/paper.tex' : '/p/paper.md', text, languageId });
  const placed = placeCitation(text, languageId, segments, offset);
  if ('refused' in placed) return `REFUSED: ${placed.refused}`;
  return text.slice(0, placed.offset) + placed.before + citation + placed.after + text.slice(placed.offset);
}

const tex = (body: string) => `\\documentclass{article}\n\\usepackage[authoryear]{natbib}\n\\begin{document}\n${body}\n\\end{document}\n`;
const texCite = (body: string) => {
  const out = cite(tex(body), 'latex', '\\citep{new}');
  return out.startsWith('REFUSED') ? out : out.split('\n').slice(3, -2).join('\n');
};

test('cite command: natbib author-year without citations gets \\citep, biblatex \\autocite, plain BibTeX and numeric natbib \\cite', () => {
  assert.equal(citeText('k', 'latex', [], { package: 'natbib', textualCite: true }), '\\citep{k}');
  assert.equal(citeText('k', 'latex', [], { package: 'natbib' }), '\\cite{k}');
  assert.equal(citeText('k', 'latex', [], { package: 'biblatex' }), '\\autocite{k}');
  assert.equal(citeText('k', 'latex', [], {}), '\\cite{k}');
  assert.equal(citeText('k', 'latex', []), '\\cite{k}');
  assert.equal(citeText('k', 'markdown', [], { package: 'biblatex' }), '[@k]');
});

test('cite command: under natbib author-year a \\cite is textual and never counts; the manuscript\'s own parenthetical command wins', () => {
  const natbib = segmentDocument({ file: '/p/a.tex', languageId: 'latex', text: tex('As \\cite{a} and \\cite{b} showed, \\citet{c} too.') });
  assert.equal(citeText('k', 'latex', natbib.citations, { package: 'natbib', textualCite: true }), '\\citep{k}');
  const biblatex = segmentDocument({ file: '/p/b.tex', languageId: 'latex', text: tex('As \\textcite{a} showed.') });
  assert.equal(citeText('k', 'latex', biblatex.citations, { package: 'biblatex', authorYear: true }), '\\autocite{k}');
  const paren = segmentDocument({ file: '/p/c.tex', languageId: 'latex', text: tex('Shown \\parencite{a} and \\parencite{b}.') });
  assert.equal(citeText('k', 'latex', paren.citations, { package: 'biblatex', authorYear: true }), '\\parencite{k}');
  const numeric = segmentDocument({ file: '/p/d.tex', languageId: 'latex', text: tex('Shown \\cite{a}.') });
  assert.equal(citeText('k', 'latex', numeric.citations, {}), '\\cite{k}');
});

/** The project's citation package as collected: the first of `texts` (files, root first) that loads one. */
function citationPackage(texts: readonly string[]): 'natbib' | 'biblatex' | undefined {
  return texts.map((text) => scanLatexStructure(text).citationPackage).find((found) => found !== undefined);
}

test('the citation package: natbib or biblatex as \\usepackage loads it, the first file that says wins', () => {
  assert.equal(citationPackage(['\\usepackage[authoryear,round]{natbib}']), 'natbib');
  assert.equal(citationPackage(['\\usepackage{amsmath}\n\\usepackage[style=authoryear,backend=biber]{biblatex}']), 'biblatex');
  assert.equal(citationPackage(['\\usepackage{amsmath,natbib}']), 'natbib');
  assert.equal(citationPackage(['% \\usepackage{biblatex}\n\\usepackage{amsmath}']), undefined);
  assert.equal(citationPackage(['\\chapter{Intro} text', '\\RequirePackage{biblatex}']), 'biblatex');
  assert.equal(citationPackage(['\\section{x}']), undefined);
});

test('LaTeX prose: a tie after a word, a space before a word, before the full stop that ends a sentence', () => {
  assert.equal(texCite('Models predict structure well‸ and fast.'), 'Models predict structure well~\\citep{new} and fast.');
  assert.equal(texCite('Models predict structure well ‸and fast.'), 'Models predict structure well \\citep{new} and fast.');
  assert.equal(texCite('Models predict structure well.‸ Next sentence.'), 'Models predict structure well~\\citep{new}. Next sentence.');
  assert.equal(texCite('Models predict structure well. ‸Next sentence.'), 'Models predict structure well~\\citep{new}. Next sentence.');
  assert.equal(texCite('Models predict structure well.\n‸Next sentence.'), 'Models predict structure well~\\citep{new}.\nNext sentence.');
  assert.equal(texCite('Models predict, e.g.‸ structure.'), 'Models predict, e.g.~\\citep{new} structure.');
  assert.equal(texCite('Models predict structure well.‸'), 'Models predict structure well~\\citep{new}.');
  assert.equal(texCite('See \\ref{sec:a}‸ for more.'), 'See \\ref{sec:a}~\\citep{new} for more.');
  assert.equal(texCite('A \\emph{novel‸} method.'), 'A \\emph{novel~\\citep{new}} method.');
  assert.equal(texCite('Intro\\footnote{A note‸ here.} text.'), 'Intro\\footnote{A note~\\citep{new} here.} text.');
});

test('LaTeX non-prose: comments, math, \\ref/\\label/\\url arguments, verbatim and the preamble are refused, saying why', () => {
  assert.match(texCite('Text here.\n% TODO cite alphafold here‸\nMore text.'), /^REFUSED: .*comment/);
  assert.match(texCite('Text here. % trailing note‸\nMore text.'), /^REFUSED: .*comment/);
  assert.match(texCite('The energy $E = mc^2‸$ is conserved.'), /^REFUSED: .*math/);
  assert.match(texCite('The energy\n\\begin{equation}\nE = mc^2‸\n\\end{equation}\nis conserved.'), /^REFUSED: .*math/);
  assert.match(texCite('Text.\n\n\\begin{equation}\nE = mc^2‸\n\\end{equation}\n\nMore.'), /^REFUSED: .*math/);
  assert.match(texCite('See Section~\\ref{sec:meth‸} for more.'), /^REFUSED: .*\\ref/);
  assert.match(texCite('\\section{Intro}\\label{sec:in‸tro}\nText here.'), /^REFUSED: .*\\label/);
  assert.match(texCite('At \\url{https://x.org/‸a} we host it.'), /^REFUSED: .*\\url/);
  assert.match(texCite('Text.\n\n\\begin{verbatim}\ncode‸ here\n\\end{verbatim}\n\nMore.'), /^REFUSED: .*verbatim/);
  assert.match(cite('\\documentclass{article}\n\\usepackage{natbib}‸\n\\begin{document}\nText.\n\\end{document}\n', 'latex', '\\cite{new}'), /^REFUSED: .*preamble/);
  // The reason says where a citation can go.
  assert.match(texCite('The energy $E = mc^2‸$ is conserved.'), /prose/);
});

test('LaTeX: a table cell is no prose segment but takes a citation', () => {
  assert.match(texCite('\\begin{tabular}{ll}\nMethod A‸ & 90 \\\\\n\\end{tabular}'), /Method A~\\citep\{new\} & 90/);
});

test('LaTeX outside prose: a command\'s arguments, an environment\'s arguments and the space between blocks are refused, saying why', () => {
  const figure = (body: string) => texCite(`Text.\n\n\\begin{figure}\n\\centering\n${body}\n\\caption{A plot.}\n\\end{figure}\n\nMore.`);
  assert.match(figure('\\includegraphics[width=3cm]{plot‸.png}'), /^REFUSED: .*inside \\includegraphics\{…\}, which takes no citation/);
  assert.match(figure('\\includegraphics[width=‸3cm]{plot.png}'), /^REFUSED: .*inside \\includegraphics\{…\}, which takes no citation/);
  assert.match(figure('\\includegraphics{plot.png}\n\\centering‸'), /^REFUSED: .*figure environment/);
  assert.match(texCite('Text.\n\n\\begin{tabular}{l‸l}\na & b\n\\end{tabular}\n\nMore.'), /^REFUSED: .*inside the arguments of \\begin\{tabular\}/);
  assert.match(texCite('Text.\n\n\\begin{figure}[‸htbp]\n\\caption{C.}\n\\end{figure}\n\nMore.'), /^REFUSED: .*inside the arguments of \\begin\{figure\}/);
  assert.match(texCite('Text.\n\n\\input{chap‸ter}\n\nMore.'), /^REFUSED: .*inside \\input\{…\}/);
  assert.match(texCite('Text.\n\n\\bibliography{ref‸s}'), /^REFUSED: .*inside \\bibliography\{…\}/);
  // Right after a figure, before the blank line: between blocks, no sentence to cite in.
  assert.match(texCite('Text.\n\n\\begin{figure}\n\\caption{C.}\n\\end{figure}‸\n\nMore.'), /^REFUSED: .*outside any paragraph/);
  assert.match(texCite('Text.\n\n\\clearpage‸\n\nMore.'), /^REFUSED: .*outside any paragraph/);
});

test('LaTeX tables: a cell\'s text takes a citation; the table\'s markup, rules and non-text arguments do not', () => {
  const table = (row: string) => texCite(`Text.\n\n\\begin{tabular}{ll}\n\\hline\n${row}\n\\hline\n\\end{tabular}\n\nMore.`);
  assert.match(table('a & Method B‸ \\\\'), /a & Method B~\\citep\{new\} \\\\/);
  assert.match(table('a & ‸Method B \\\\'), /a & \\citep\{new\} Method B \\\\/);
  assert.match(table('a & \\textbf{Best‸} \\\\'), /a & \\textbf\{Best~\\citep\{new\}\} \\\\/);
  assert.match(table('\\multicolumn{2}{c}{Total‸} \\\\'), /\\multicolumn\{2\}\{c\}\{Total~\\citep\{new\}\} \\\\/);
  assert.match(table('\\multicolumn{2}{c‸}{Total} \\\\'), /^REFUSED: .*\\multicolumn/);
  assert.match(table('a & b \\\\‸'), /^REFUSED: /);
  assert.match(texCite('Text.\n\n\\begin{tabular}{ll}\n\\hline‸\na & b \\\\\n\\end{tabular}\n\nMore.'), /^REFUSED: /);
  assert.match(table('a & $x‸$ \\\\'), /^REFUSED: .*math/);
  assert.match(table('a & \\url{https://x.org/‸a} \\\\'), /^REFUSED: .*\\url/);
  assert.match(table('a & \\includegraphics{b‸.png} \\\\'), /^REFUSED: .*\\includegraphics/);
  // Right after a cell's own markup is in its text: a second citation, bold text, an escape, math, a macro.
  assert.match(table('BERT~\\citep{x}‸ & 3 \\\\'), /BERT~\\citep\{x\}~\\citep\{new\} & 3/);
  assert.match(table('\\textbf{Ours}‸ & 3 \\\\'), /\\textbf\{Ours\}~\\citep\{new\} & 3/);
  assert.match(table('10\\%‸ & 3 \\\\'), /10\\%~\\citep\{new\} & 3/);
  assert.match(table('A & $x$‸ \\\\'), /A & \$x\$~\\citep\{new\}/);
  assert.match(table('A & \\method‸ \\\\'), /A & \\method~\\citep\{new\}/);
  // The text of a cell command SciWrite does not know (\makecell, \thead, \shortstack) is text.
  assert.match(table('\\makecell{Long\\\\ text‸} & 3 \\\\'), /\\makecell\{Long\\\\ text~\\citep\{new\}\}/);
  assert.match(table('\\thead{Model A‸} & 3 \\\\'), /\\thead\{Model A~\\citep\{new\}\}/);
  assert.match(table('a & b \\\\ \\hline ‸'), /^REFUSED: /);
  // A table or a figure inside a paragraph (no blank line around it) is read the same way.
  const inParagraph = (row: string) => texCite(`The scores:\n\\begin{tabular}{ll}\n\\hline\n${row}\n\\hline\n\\end{tabular}\nshow it.`);
  assert.match(inParagraph('a & Method B‸ \\\\'), /a & Method B~\\citep\{new\} \\\\/);
  assert.match(inParagraph('a & b \\\\‸'), /^REFUSED: /);
  assert.match(inParagraph('\\multicolumn{2}{c‸}{x} \\\\'), /^REFUSED: .*\\multicolumn/);
  assert.match(texCite('The plot:\n\\begin{figure}\n\\centering‸\n\\includegraphics{a.png}\n\\caption{Cap.}\n\\end{figure}\nshows it.'), /^REFUSED: .*figure environment/);
});

test('LaTeX: an \\end{…} in a comment or in \\verb does not end the environment around the cursor', () => {
  const figure = 'The plot:\n\\begin{figure}\n\\centering\n% \\end{figure}\n\\includegraphics{a.png}‸\n\\caption{Cap.}\n\\end{figure}\nshows it.';
  assert.match(texCite(figure), /^REFUSED: .*figure environment/);
  const table = 'The scores:\n\\begin{tabular}{ll}\n% \\end{tabular}\na & b \\\\‸\n\\end{tabular}\nshow it.';
  assert.match(texCite(table), /^REFUSED: .*not in the text of a cell/);
  assert.match(texCite(table.replace('b \\\\‸', 'Method B‸ \\\\')), /a & Method B~\\citep\{new\} \\\\/);
  assert.match(texCite('The scores:\n\\begin{tabular}{ll}\na & \\verb|\\end{tabular}| b \\\\‸\n\\end{tabular}\nshow it.'), /^REFUSED: .*not in the text of a cell/);
});

test('LaTeX still takes a citation in a caption, a footnote and the paragraph after a figure', () => {
  const figure = 'Text.\n\n\\begin{figure}\n\\centering\n\\includegraphics[width=3cm]{plot.png}\n\\caption{A plot of cells‸.}\n\\end{figure}\n\nMore.';
  assert.match(texCite(figure), /\\caption\{A plot of cells~\\citep\{new\}\.\}/);
  assert.match(texCite('Text.\n\n\\begin{figure}\n\\caption{C.}\n\\end{figure}\n\nMore text‸ here.'), /More text~\\citep\{new\} here\./);
  assert.match(texCite('Text.\n\n\\begin{table}\n\\begin{tabular}{l}\nx\n\\end{tabular}\n\\caption{Cap.}\n\\end{table}\n\nA note\\footnote{See the work‸.} here.'), /\\footnote\{See the work~\\citep\{new\}\.\}/);
});

const md = (body: string) => `---\ntitle: Protein folding\nbibliography: refs.bib\n---\n\n${body}\n`;
const mdCite = (body: string) => {
  const out = cite(md(body), 'markdown', '[@new]');
  return out.startsWith('REFUSED') ? out : out.split('\n').slice(5, -1).join('\n');
};

test('Markdown prose: a space after a word, before the full stop that ends a sentence', () => {
  assert.equal(mdCite('Models predict structure well‸ and fast.'), 'Models predict structure well [@new] and fast.');
  assert.equal(mdCite('Models predict structure well ‸and fast.'), 'Models predict structure well [@new] and fast.');
  assert.equal(mdCite('Models predict structure well.‸ Next one.'), 'Models predict structure well [@new]. Next one.');
  assert.equal(mdCite('Models predict structure *well*.‸'), 'Models predict structure *well* [@new].');
  assert.equal(mdCite('| a | b |\n|---|---|\n| Method‸ | 90 |'), '| a | b |\n|---|---|\n| Method [@new] | 90 |');
});

test('Markdown non-prose: code spans, math, HTML comments, link text, code blocks and the front matter are refused', () => {
  assert.match(mdCite('Use `code‸` here.'), /^REFUSED: .*code/);
  assert.match(mdCite('Energy $E=mc^2‸$ here.'), /^REFUSED: .*math/);
  assert.match(mdCite('Text.\n<!-- note‸ -->\nMore.'), /^REFUSED: .*comment/);
  assert.match(mdCite('See [the docs‸](https://x.org) now.'), /^REFUSED: .*link/);
  assert.match(mdCite('Text.\n\n```python\nx = 1‸\n```\n'), /^REFUSED: .*code/);
  assert.match(cite(md('Text.').replace('Protein', 'Pro‸tein'), 'markdown', '[@new]'), /^REFUSED: .*front matter/);
});

test('Markdown: raw LaTeX math environments and pandoc attribute blocks are refused; the heading and caption beside them are not', () => {
  assert.match(mdCite('Text.\n\n\\begin{equation}\nE = mc^2‸\n\\end{equation}\n\nMore.'), /^REFUSED: .*inside math/);
  assert.match(mdCite('The energy\n\\begin{equation}\nE = mc^2‸\n\\end{equation}\nis conserved.'), /^REFUSED: .*inside math/);
  assert.match(mdCite('# Heading {#sec:a‸}\n\nText.'), /^REFUSED: .*attribute/);
  assert.match(mdCite('![A plot](img.png){#fig:a wid‸th=50%}'), /^REFUSED: .*attribute/);
  assert.equal(mdCite('# Heading‸ {#sec:a}\n\nText.'), '# Heading [@new] {#sec:a}\n\nText.');
  assert.equal(mdCite('![A plot‸ of cells](img.png){#fig:a width=50%}'), '![A plot [@new] of cells](img.png){#fig:a width=50%}');
  assert.equal(mdCite('Text[^1] more.\n\n[^1]: A note‸ here.'), 'Text[^1] more.\n\n[^1]: A note [@new] here.');
  assert.equal(mdCite('The energy\n\\begin{equation}\nE = mc^2\n\\end{equation}\nis conserved‸.'), 'The energy\n\\begin{equation}\nE = mc^2\n\\end{equation}\nis conserved [@new].');
});
