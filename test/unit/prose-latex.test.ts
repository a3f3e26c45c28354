import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentSegmenter, segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { CitationOccurrence } from '../../extension/core/types.ts';
import { assertOffsetMap } from '../fixture/manuscript/check-map.ts';

const prose = (body: string, options = {}) => {
  const out = segmentDocument({ file: 'f.tex', text: body, languageId: 'latex' }, options);
  for (const s of out.segments) assertOffsetMap(body, s);
  return out.segments.map((s) => s.prose.text);
};

test('text commands keep their text; typeset characters become what they print', () => {
  assert.deepEqual(prose('We \\emph{really} \\textbf{like} \\textit{it}, \\texttt{code}.'), ['We really like it, code.']);
  assert.deepEqual(prose('Na\\"ive M\\"{u}ller, Stra\\ss e, \\\'{e}t\\\'e, \\c{c}a, \\v{s}, \\aa, \\o, {\\"o}.'), ['Naïve Müller, Straße, été, ça, š, å, ø, ö.']);
  assert.deepEqual(prose('Pages 1--3 --- a dash~and ``quotes\'\' `single\' 50\\% \\& \\$5 \\#1.'), ['Pages 1–3 — a dash and “quotes” ‘single\' 50% & $5 #1.']);
  assert.deepEqual(prose('Line one\nline two\\\\ three \\dots{} end.'), ['Line one line two three … end.']);
  assert.deepEqual(prose('Cells and\\slash or tissue.'), ['Cells and/or tissue.']);
});

test('math, refs, urls and code become placeholders mapped to their whole source span', () => {
  const text = 'Rate $k_1$ in Fig.~\\ref{fig:a} and Eq.~\\eqref{eq:b}, see \\url{https://x.org} or \\verb|x=1|, \\(a\\) and \\[b\\].';
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  const seg = out.segments[0];
  assert.equal(seg.prose.text, 'Rate x in Fig. 1 and Eq. (1), see example.org or code, x and x.');
  const at = (word: string) => {
    const i = seg.prose.text.indexOf(word);
    return text.slice(seg.prose.sourceStart[i], seg.prose.sourceEnd[i]);
  };
  assert.equal(text.slice(seg.prose.sourceStart[5], seg.prose.sourceEnd[5]), '$k_1$');
  assert.equal(at('1 and'), '\\ref{fig:a}');
  assert.equal(at('example.org'), '\\url{https://x.org}');
  assertOffsetMap(text, seg);
});

test('math that is part of a name reads as printed: Greek letters, charges and indices (textgreek\'s letters too)', () => {
  const text = 'NF-$\\kappa$B and IFN-\\(\\gamma\\) bind; TGF-$\\beta$1, Ca$^{2+}$, CO$_2$ and $^{14}$C, but $k_1$, $\\alpha + \\beta$, a lone $\\epsilon$ and $$\\gamma$$ stay math.';
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  const seg = out.segments[0];
  assert.equal(seg.prose.text, 'NF-κB and IFN-γ bind; TGF-β1, Ca2+, CO2 and 14C, but x, x, a lone x and x stay math.');
  const i = seg.prose.text.indexOf('κ');
  assert.equal(text.slice(seg.prose.sourceStart[i], seg.prose.sourceEnd[i]), '$\\kappa$', 'the letter maps to the math');
  assertOffsetMap(text, seg);
  assert.deepEqual(prose('NF-\\textkappa B and \\textbeta-actin.'), ['NF-κB and β-actin.']);
});

test('minted\'s \\mintinline{lang}{code} is code; glossaries\' \\glsdisp{key}{text} prints its text', () => {
  assert.deepEqual(prose('Call \\mintinline{python}{print(x)} on \\glsdisp{hela}{these cells} and \\glslink[hyper=false]{p53}{the protein}.'), ['Call code on these cells and the protein.']);
});

test('mhchem formulas read as printed, siunitx quantities as math, a bare \\num as its number', () => {
  assert.deepEqual(prose('Adding \\ce{CaCl2} raised \\ce{Ca^{2+}} and \\ce{SO4^2-} (\\ce{2H2 + O2 -> 2H2O}).'), ['Adding CaCl2 raised Ca2+ and SO42- (2H2 + O2 -> 2H2O).']);
  assert.deepEqual(prose('With \\SI{5}{\\micro\\molar} or \\qty{24}{\\hour}, \\qtyrange{1}{2}{\\milli\\gram} in \\unit{\\hour}, \\num{1e5} cells.'), ['With x or x, x in x, 1e5 cells.']);
});

test('a list item\'s term label is read (description lists), enumerators and symbols are not', () => {
  const body = '\\begin{description}\n\\item[BRCA1] a tumour suppressor.\n\\item[\\textbf{Step 2:}] align reads.\n\\end{description}\n'
    + '\\begin{enumerate}\\item[(a)] first \\item[iv.] second \\item[$\\bullet$] third \\item[--] fourth\\end{enumerate}';
  assert.deepEqual(prose(body), ['BRCA1: a tumour suppressor.', 'Step 2: align reads.', 'first', 'second', 'third', 'fourth']);
});

test('tracked revisions read as the revised paper prints them; a \\todo note is not part of its sentence', () => {
  assert.deepEqual(prose('We \\added[id=R1]{now} treat mice with \\replaced{cisplatin}{aspirin} daily\\deleted{ and often}.\\todo{check dose}'),
    ['We now treat mice with cisplatin daily.', 'check dose']);
  assert.deepEqual(prose('Mice \\DIFdelbegin \\DIFdel{got aspirin}\\DIFdelend \\DIFaddbegin \\DIFadd{got cisplatin}\\DIFaddend .'), ['Mice got cisplatin.']);
});

test('preamble (but its title), comments, labels, figures (except captions), tables, math-only paragraphs are skipped', () => {
  const text = [
    '\\documentclass{article}', '\\title{The title}', '\\begin{document}',
    '\\section{Results}\\label{sec:r}',
    'First % a comment',
    'line.', '',
    '\\begin{figure}[t]', '\\centering\\includegraphics[width=\\linewidth]{a.pdf}', '\\caption[Short]{A caption \\cite{c1}.}\\label{fig:a}', '\\end{figure}', '',
    '\\begin{table}\\begin{tabular}{ll} a & b \\\\ \\hline \\end{tabular}\\end{table}', '',
    '\\begin{align}', 'x &= 1 \\\\', '\\end{align}', '',
    'After\\footnote{A footnote \\emph{text}.} text.', '',
    '\\begin{lstlisting}', 'code { here', '\\end{lstlisting}', '',
    '\\end{document}', 'After the end.',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['title', 'The title'],
    ['title', 'Results'],
    ['paragraph', 'First line.'],
    ['caption', 'A caption [1].'],
    ['paragraph', 'After text.'],
    ['footnote', 'A footnote text.'],
  ]);
  for (const s of out.segments) assertOffsetMap(text, s);
  assert.deepEqual(out.problems, []);
});

test('an OUP \\processtable keeps its caption and its footnote as captions, not the table (minimap2)', () => {
  const text = [
    '\\begin{document}', 'Before.', '',
    '\\begin{table}[!tb]', '\\processtable{Evaluation of junction accuracy on 2D ONT reads}',
    '{\\footnotesize\\label{tab:intron}', '\\begin{tabular}{lr}', 'GMAP & 12\\\\', '\\end{tabular}', '}{Chimeric alignments are defined in the SAM spec~\\citep{Li:2009ys}.}',
    '\\end{table}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['paragraph', 'Before.'],
    ['caption', 'Evaluation of junction accuracy on 2D ONT reads'],
    ['caption', 'Chimeric alignments are defined in the SAM spec [1].'],
  ]);
  assert.equal(out.segments[2].citations.length, 1, 'the footnote\'s citation has its sentence');
  for (const s of out.segments) assertOffsetMap(text, s);
});

test('an eLife \\figsupp keeps its caption, not its short title or graphic (CaMKII paper)', () => {
  const text = [
    '\\begin{document}', '\\begin{figure}', '\\caption{Main.}',
    '\\figsupp[Sample trajectories.]{Each plot contains 40 trajectories \\citep{a}.}{\\includegraphics[width=\\linewidth]{f.pdf}}',
    '\\end{figure}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [['caption', 'Main.'], ['caption', 'Each plot contains 40 trajectories [1].']]);
  for (const s of out.segments) assertOffsetMap(text, s);
});

test('sub-figure captions: subfig\'s \\subfloat[caption], \\subfloat[entry][caption], subcaption\'s \\subcaptionbox{caption}; not their graphics', () => {
  const text = [
    '\\begin{document}', '\\begin{figure}', '\\subfloat[Cisplatin-treated cells \\cite{a}.]{\\includegraphics{a}}', '\\subfloat[List][Aspirin-treated mice.]{\\includegraphics{b}}',
    '\\subfloat{\\includegraphics{c}}', '\\subcaptionbox{Ibuprofen dose.}[0.4\\textwidth]{\\includegraphics{d}}', '\\caption{Main.}', '\\end{figure}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['caption', 'Cisplatin-treated cells [1].'], ['caption', 'Aspirin-treated mice.'], ['caption', 'Ibuprofen dose.'], ['caption', 'Main.'],
  ]);
  for (const s of out.segments) assertOffsetMap(text, s);
});

test('a table\'s notes (\\footnotetext, \\tablefootnote, threeparttable\'s tablenotes) are read as footnotes; its cells are not', () => {
  const text = [
    '\\begin{document}', '\\begin{table}', '\\caption{Parameters.}', '\\begin{tabular}{ll}', 'Volume & 5 fL\\tablefootnote{Measured by EM \\cite{bartol}.} \\\\', '\\end{tabular}',
    '\\footnotetext{Values from the literature.}',
    '\\begin{tablenotes}', '\\item[a] Fitted to \\cite{miller}.', '\\item[b] Assumed.', '\\end{tablenotes}', '\\end{table}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['caption', 'Parameters.'], ['footnote', 'Measured by EM [1].'], ['footnote', 'Values from the literature.'], ['footnote', 'Fitted to [2]. Assumed.'],
  ]);
  for (const s of out.segments) assertOffsetMap(text, s);
});

test('citations are rendered by the given renderer and know their sentence', () => {
  const text = 'Known since \\citet{smith2020}. Others disagree \\citep[e.g.][]{lee,kim}. Done.\\nocite{hidden}';
  const render = (o: CitationOccurrence) => o.form === 'narrative' ? 'Smith et al. (2020)' : o.form === 'invisible' ? '' : `(${o.keys.map((k) => k.key).join('; ')})`;
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' }, { renderCitation: render });
  const seg = out.segments[0];
  assert.equal(seg.prose.text, 'Known since Smith et al. (2020). Others disagree (lee; kim). Done.');
  assert.deepEqual(seg.citations.map((c) => [c.occurrence.command, seg.prose.text.slice(c.proseSpan.start, c.proseSpan.end), c.sentence]), [
    ['citet', 'Smith et al. (2020)', 0], ['citep', '(lee; kim)', 1], ['nocite', '', 2],
  ]);
  assert.equal(out.citations.length, 3);
  const c = seg.citations[0];
  for (let i = c.proseSpan.start; i < c.proseSpan.end; i++) {
    assert.equal(text.slice(seg.prose.sourceStart[i], seg.prose.sourceEnd[i]), '\\citet{smith2020}');
  }
});

test('a citation\'s notes are read as the paper prints them: references, nested citations, line breaks (the thesis\'s sidenotes)', () => {
  const text = 'Shown \\citep[see][Section~\\ref{sec:a}]{smith2020}, \\citep[cf.\\ \\citet{doe} and][p.~3]{smith2020} and '
    + '\\cite[\\href{http://x.org}{\\color{link}SFS Toolbox}\\newline\\noindent version 1.0][]{smith2020}.';
  const render = (o: CitationOccurrence) => (o.form === 'narrative' ? 'Doe (2019)' : `(${[o.prefix, 'Smith, 2020', o.suffix].filter((x) => x).join(', ')})`);
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' }, { renderCitation: render });
  assert.equal(out.segments[0].prose.text, 'Shown (see, Smith, 2020, Section 1), (cf. Doe (2019) and, Smith, 2020, p. 3) and (SFS Toolbox version 1.0, Smith, 2020).');
  assert.equal(out.segments[0].citations[0].occurrence.suffix, 'Section \\ref{sec:a}', 'the occurrence keeps its notes as written');
});

test('a colour declaration takes one argument: the group after it is text; \\definecolor takes three', () => {
  assert.deepEqual(prose('A \\href{https://x.org}{\\color{link}{freely available}} set, {\\color[rgb]{1,0,0} red} text.\\definecolor{link}{rgb}{0,0,1} End.'),
    ['A freely available set, red text. End.']);
});

test('boxes keep their text, not their sizes: \\parbox, \\raisebox, \\resizebox, \\scalebox, \\rotatebox', () => {
  assert.deepEqual(prose('A \\parbox[t]{3cm}{boxed text} b \\raisebox{0.5ex}[0pt][0pt]{raised} c \\resizebox{\\linewidth}{!}{wide} d '
    + '\\scalebox{0.8}[1]{small} e \\rotatebox[origin=c]{90}{turned} {f}.'), ['A boxed text b raised c wide d small e turned f.']);
});

test('\\newline and \\linebreak[n] separate words; \\nolinebreak does not', () => {
  assert.deepEqual(prose('A Toolbox\\newline\\noindent version, b\\linebreak[4] c, d\\nolinebreak e.'), ['A Toolbox version, b c, de.']);
});

test('fallback renderer numbers keys in order of first citation, case-insensitively', () => {
  assert.deepEqual(prose('A \\cite{b,a}. B \\cite{A}. C \\cite{c}.'), ['A [1, 2]. B [2]. C [3].']);
});

test('configurable commands and environments, LTeX-style signatures', () => {
  const text = 'Keep \\todo{drop this} and \\mycmd[x]{a}{b} and \\keepme{kept}.\n\n\\begin{myenv}hidden\\end{myenv}Shown.';
  assert.deepEqual(prose(text, { skipCommands: { '\\todo{}': 'ignore', '\\mycmd[]{}{}': 'dummy', '\\keepme{}': 'keep' }, skipEnvironments: ['myenv'] }),
    ['Keep and 1 and kept.', 'Shown.']);
  assert.deepEqual(prose('A \\todo{b} c.', { skipCommands: ['todo'] }), ['A c.']);
});

test('malformed LaTeX: no throw, no lost text, a problem reported', () => {
  const cases: [string, string][] = [
    ['Open \\emph{brace and text.', 'Open brace and text.'],
    ['Dollar $ never closed here.', 'Dollar never closed here.'],
    ['\\begin{equation} x = 1 and text', 'x = 1 and text'],
    ['Stray } brace and \\end{itemize} end.', 'Stray brace and end.'],
    ['Display \\[ never closed', 'Display never closed'],
  ];
  for (const [text, expected] of cases) {
    const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
    const all = out.segments.map((s) => s.prose.text).join(' ');
    for (const word of expected.split(' ')) assert.ok(all.includes(word.replace(/\.$/, '')), `${text}: lost ${word} in ${all}`);
    for (const s of out.segments) assertOffsetMap(text, s);
  }
  assert.ok(segmentDocument({ file: 'f.tex', text: 'Open \\emph{brace', languageId: 'latex' }).problems.length > 0, 'an unclosed brace is a problem');
  assert.ok(segmentDocument({ file: 'f.tex', text: 'a $b', languageId: 'latex' }).problems[0].message.includes('math'), 'the problem mentions math');
});

test('DocumentSegmenter re-segments only changed paragraphs and reports them', () => {
  const paras = Array.from({ length: 20 }, (_, i) => `Paragraph ${i} cites \\cite{k${i}} and has $m_${i}$.`);
  const seg = new DocumentSegmenter('f.tex', 'latex');
  const first = seg.update(paras.join('\n\n'));
  assert.equal(first.changed.length, 20);
  assert.equal(first.reused, 0);
  paras[7] = 'Paragraph seven was edited, citing \\cite{k7}.';
  const second = seg.update(paras.join('\n\n'));
  assert.equal(second.changed.length, 1);
  assert.equal(second.reused, 19);
  const text = paras.join('\n\n');
  assert.equal(text.slice(second.changed[0].start, second.changed[0].end), paras[7]);
  // Reused paragraphs moved in the text: their offsets follow.
  const s9 = second.segments[9];
  assert.equal(s9.prose.text, 'Paragraph 9 cites [10] and has x.');
  for (const s of second.segments) assertOffsetMap(text, s);
  assert.equal(text.slice(second.citations[9].span.start, second.citations[9].span.end), '\\cite{k9}');
  // Inserting text before everything moves every paragraph; none is re-segmented.
  const third = seg.update(`New first paragraph.\n\n${text}`);
  assert.equal(third.changed.length, 1);
  assert.equal(third.reused, 20);
  const moved = `New first paragraph.\n\n${text}`;
  for (const s of third.segments) assertOffsetMap(moved, s);
  for (const c of third.citations) assert.match(moved.slice(c.span.start, c.span.end), /^\\cite\{k\d+\}$/);
});

test('preamble title (and KOMA\'s subtitle) and the abstract environment are segments with their roles; list items split', () => {
  const text = [
    '\\documentclass{article}', '\\usepackage{natbib}', '\\title[Short]{A \\emph{Long} Title\\thanks{Funded.}}', '\\subtitle{A Subtitle}', '\\author{A. Person}',
    '\\begin{document}', '\\maketitle', '\\begin{abstract}', 'First abstract paragraph \\citep{a}.', '', 'Second one.', '\\end{abstract}',
    'Body line\\\\[2pt] next\\\\* line \\foo*{bar}.', '\\begin{itemize}', '\\item One.', '\\item[b)] Two.', '\\end{itemize}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['title', 'A Long Title'],
    ['title', 'A Subtitle'],
    ['abstract', 'First abstract paragraph [1]. Second one.'],
    ['paragraph', 'Body line next line bar.'],
    ['paragraph', 'One.'],
    ['paragraph', 'Two.'],
  ]);
  for (const s of out.segments) assertOffsetMap(text, s);
  assert.equal(out.citations.length, 1);
});

test('journal front matter: Springer Nature\'s starred \\author*/\\affil* and \\abstract{}, Elsevier\'s keyword environment, ACM\'s CCSXML', () => {
  const springer = [
    '\\documentclass{sn-jnl}', '\\begin{document}', '\\title[Short]{Cisplatin in mice}', '\\author*[1,2]{\\fnm{First} \\sur{Author}}\\email{a@b.org}',
    '\\affil*[1]{\\orgdiv{Department}, \\orgname{Mayo Clinic}}', '\\abstract{\\textbf{Purpose:} Cisplatin injures kidneys.}', '\\keywords{cisplatin, kidney}',
    '\\maketitle', 'Body text.', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text: springer, languageId: 'latex' });
  for (const s of out.segments) assertOffsetMap(springer, s);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]).sort(), [['abstract', 'Purpose: Cisplatin injures kidneys.'], ['paragraph', 'Body text.'], ['title', 'Cisplatin in mice']]);
  const elsevier = '\\begin{document}\n\\begin{keyword}\ncisplatin \\sep kidney\n\\PACS 0000 \\sep 1111\n\\end{keyword}\nBody text.\n\\end{document}';
  assert.deepEqual(prose(elsevier), ['Body text.']);
  const acm = '\\begin{document}\n\\begin{CCSXML}\n<ccs2012><concept><concept_desc>Computing methodologies~Natural language processing</concept_desc></concept></ccs2012>\n\\end{CCSXML}\nBody text.\n\\end{document}';
  assert.deepEqual(prose(acm), ['Body text.'], 'ACM\'s CCS concepts are XML, not prose');
});

test('MDPI: \\Title, \\simplesumm and \\abstract in the preamble are read, author lists and keywords are not; back-matter commands carry no entities', () => {
  const text = [
    '\\documentclass[cells,article]{Definitions/mdpi}', '\\Title{Cisplatin in mice}', '\\TitleCitation{Cisplatin in mice}', '\\Author{Jane Doe $^{1}$}',
    '\\AuthorNames{Jane Doe}', '\\simplesumm{Cisplatin harms kidneys.}', '\\abstract{Cisplatin injures kidneys \\cite{smith2020}.}', '\\keyword{cisplatin; kidney}',
    '\\begin{document}', 'Body text.', '\\dataavailability{Data at Zenodo.}', '\\abbreviations{Abbreviations}{The following are used: AKI.}', '\\end{document}',
  ].join('\n');
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  for (const s of out.segments) assertOffsetMap(text, s);
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [
    ['title', 'Cisplatin in mice'], ['abstract', 'Cisplatin harms kidneys.'], ['abstract', 'Cisplatin injures kidneys [1].'],
    ['paragraph', 'Body text.'], ['acknowledgements', 'Data at Zenodo.'],
  ]);
  assert.equal(out.citations.length, 1);
});

test('tufte sidenotes with two optional arguments are footnote segments', () => {
  const text = 'Sound events.\\sidenote[][-1cm]{\\cite[E.g.][]{Grothe2010}} More text.';
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => [s.role, s.prose.text]), [['paragraph', 'Sound events. More text.'], ['footnote', '[1]']]);
});

test('\\iffalse ... \\fi hides text and citations; an unclosed \\iffalse hides nothing', () => {
  const text = 'Kept \\cite{a}.\n\\iffalse\nOld text \\cite{old}.\n\n\\ifnum1=1 nested\\fi still hidden.\n\\fi\nAlso kept.';
  const out = segmentDocument({ file: 'f.tex', text, languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Kept [1]. Also kept.']);
  assert.deepEqual(out.citations.map((c) => c.keys[0].key), ['a']);
  const open = segmentDocument({ file: 'f.tex', text: 'A \\iffalse never closed \\cite{b}.', languageId: 'latex' });
  assert.equal(open.segments[0].prose.text, 'A never closed [1].');
});

test('a star after spaces is the command\'s star, as TeX\'s \\@ifstar reads it', () => {
  const out = segmentDocument({ file: 'f.tex', text: '\\section *{Methods}\n\nWe used \\ref *{fig:a} here.', languageId: 'latex' });
  assert.deepEqual(out.segments.map((s) => s.prose.text), ['Methods', 'We used 1 here.']);
});
