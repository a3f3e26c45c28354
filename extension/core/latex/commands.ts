// LaTeX commands and environments described as data (signature → action), as LTeX does; users
// extend both tables from settings. A signature lists the arguments: `[` optional, `{` mandatory,
// `*` an optional star, `(` an optional parenthesised argument.
import { GREEK_LETTERS } from '../prose/greek.ts';
import type { SegmentRole } from '../prose/types.ts';

export type CommandAction =
  /** Drop the command and its arguments. */
  | { kind: 'skip' }
  /** Keep the text of one mandatory argument (1-based among the mandatory ones); drop the rest. */
  | { kind: 'keep'; argument: number }
  /** Replace command and arguments with a placeholder word (see PLACEHOLDER). */
  | { kind: 'placeholder'; placeholder: 'math' | 'ref' | 'eqref' | 'url' | 'code' }
  /** Replace with fixed text (typeset symbols: `\ss` → ß, `\dots` → …). */
  | { kind: 'text'; text: string }
  /**
   * The last mandatory argument is its own segment (footnotes, captions, section titles); with
   * `arguments`, each of those mandatory arguments (1-based) is one, the others are dropped; with
   * `optional`, the last optional argument is (subfig's `\subfloat[caption]{graphic}`).
   */
  | { kind: 'segment'; role: 'title' | 'abstract' | 'footnote' | 'caption' | 'acknowledgements'; arguments?: number[]; optional?: boolean }
  /**
   * Ends the current segment and starts a new one (`\item` in lists, `\par`). `termLabel`: an
   * optional label that is a term (`\item[BRCA1]` in a description list) starts the new segment;
   * enumerators and symbols ("(a)", "iv.", "$\bullet$") do not.
   */
  | { kind: 'break'; termLabel?: boolean }
  /**
   * A symbol with a sub- or superscript index (`\newcommand\SUB[2]{#1\textsubscript{#2}}`;
   * arguments 1-based among the mandatory ones): a numeric index is a formula's (CO₂, Ca²⁺) and keeps
   * its text; a named one (N_PP1, v_t) makes a variable, read as math.
   */
  | { kind: 'indexed'; base: number; index: number }
  /** A chemical formula (mhchem's `\ce{Ca^2+}`): its text without the `^`/`_` markers, "Ca2+". */
  | { kind: 'formula' }
  /**
   * A user macro: its body with the arguments put in for `#1`…`#9` (a missing optional first one
   * takes `defaultArgument`), read as prose where it is used.
   */
  | { kind: 'expand'; body: string; defaultArgument?: string };

export interface CommandSpec {
  signature: string;
  action: CommandAction;
}

const skip: CommandAction = { kind: 'skip' };
const keep1: CommandAction = { kind: 'keep', argument: 1 };
const cmd = (signature: string, action: CommandAction): CommandSpec => ({ signature, action });

const entries: [string, CommandSpec][] = [];
const add = (names: string, signature: string, action: CommandAction) => {
  for (const n of names.split(/\s+/).filter(Boolean)) entries.push([n, cmd(signature, action)]);
};

// Text styles keep their text.
add('emph textbf textit texttt textsc textsf textrm textup textmd textsl textnormal underline uline sout hl mbox hbox text textsuperscript textsubscript enquote mkbibquote mkbibemph uppercase lowercase MakeUppercase MakeLowercase textls ul so caps', '{', keep1);
add('foreignlanguage', '[{{', { kind: 'keep', argument: 2 });
add('textcolor', '[{{', { kind: 'keep', argument: 2 });
add('colorbox', '[{{', { kind: 'keep', argument: 2 });
add('fcolorbox', '[{{{', { kind: 'keep', argument: 3 });
add('href', '[{{', { kind: 'keep', argument: 2 });
add('hyperref', '[{', keep1);
add('hyperlink hypertarget', '{{', { kind: 'keep', argument: 2 });
add('fbox framebox makebox', '[[{', keep1);
add('parbox', '[[[{{', { kind: 'keep', argument: 2 });
add('raisebox', '{[[{', { kind: 'keep', argument: 2 });
add('multicolumn', '{{{', { kind: 'keep', argument: 3 });
add('multirow', '[{[{[{', { kind: 'keep', argument: 3 });
add('resizebox', '*{{{', { kind: 'keep', argument: 3 });
add('scalebox', '{[{', { kind: 'keep', argument: 2 });
add('rotatebox', '[{{', { kind: 'keep', argument: 2 });
add('sidenote', '[[{', { kind: 'segment', role: 'footnote' });
add('marginnote marginpar', '[{', { kind: 'segment', role: 'footnote' });
add('footnote footnotetext tablefootnote', '[{', { kind: 'segment', role: 'footnote' });
add('caption subcaption captionof', '*[{', { kind: 'segment', role: 'caption' });
// subfig's \subfloat[list entry][caption]{graphic}, subfigure's \subfigure[caption]{graphic}, subcaption's \subcaptionbox[entry]{caption}{graphic}
add('subfloat subfigure', '[[{', { kind: 'segment', role: 'caption', optional: true });
add('subcaptionbox', '*[{[[{', { kind: 'segment', role: 'caption', arguments: [1] });
// Oxford University Press's journal classes (Bioinformatics, NAR…): \processtable{caption}{tabular}{footnote}
add('processtable', '{{{', { kind: 'segment', role: 'caption', arguments: [1, 3] });
// eLife's class: \figsupp[short title]{caption}{graphic}
add('figsupp', '[{{', { kind: 'segment', role: 'caption', arguments: [1] });
add('part chapter section subsection subsubsection paragraph subparagraph addsec addchap minisec frametitle framesubtitle', '*[{', { kind: 'segment', role: 'title' });
add('title subtitle Title', '[{', { kind: 'segment', role: 'title' });
// Springer Nature's sn-jnl class: \bmhead{Acknowledgements} and other unnumbered back-matter headings
add('bmhead', '{', { kind: 'segment', role: 'title' });
// Back-matter sections as commands, about people and grants: MDPI's class, PNAS's \acknow
add('acknowledgments funding authorcontributions conflictsofinterest acknow', '{', { kind: 'segment', role: 'acknowledgements' });
add('item', '[', { kind: 'break', termLabel: true });
add('par', '', { kind: 'break' });
// Notes to self (todonotes) are not part of the sentence they sit in.
add('todo', '[{', { kind: 'segment', role: 'footnote' });
add('missingfigure', '[{', skip);
// Tracked revisions (the changes package, latexdiff's output): what the revised paper prints.
add('added DIFadd DIFaddFL', '[{', keep1);
add('replaced', '[{{', keep1);
add('deleted DIFdel DIFdelFL', '[{', skip);
add('DIFaddbegin DIFaddend DIFdelbegin DIFdelend DIFaddbeginFL DIFaddendFL DIFdelbeginFL DIFdelendFL DIFmodbegin DIFmodend', '', skip);
// References and links become placeholders.
add('ref autoref cref Cref vref Vref pageref nameref labelcref cpageref Autoref subref', '*{', { kind: 'placeholder', placeholder: 'ref' });
add('crefrange Crefrange', '*{{', { kind: 'placeholder', placeholder: 'ref' });
add('eqref', '{', { kind: 'placeholder', placeholder: 'eqref' });
// Reference macros papers commonly define in a class or package (their definitions are often not in the project).
add('figref Figref figureref tabref Tabref tableref secref Secref sectionref eqnref chapref appref algref thmref lemref lstref', '*{', { kind: 'placeholder', placeholder: 'ref' });
add('url nolinkurl path', '{', { kind: 'placeholder', placeholder: 'url' });
add('ensuremath', '{', { kind: 'placeholder', placeholder: 'math' });
// siunitx (v2 and v3 names): quantities and units read as math, a bare number as itself.
add('SI qty SIlist qtylist numrange', '[{{', { kind: 'placeholder', placeholder: 'math' });
add('SIrange qtyrange', '[{{{', { kind: 'placeholder', placeholder: 'math' });
add('si unit ang numlist', '[{', { kind: 'placeholder', placeholder: 'math' });
add('num', '[{', keep1);
add('ce cf', '{', { kind: 'formula' });
add('lstinline', '[{', { kind: 'placeholder', placeholder: 'code' });
add('mintinline', '[{{', { kind: 'placeholder', placeholder: 'code' });
// glossaries' links with their own text: \glsdisp{key}{text} prints the text
add('glslink glsdisp', '*[{{', { kind: 'keep', argument: 2 });
// Markup with arguments that are not prose.
add('label tag index glossary nomenclature', '*{', skip);
add('includegraphics', '*[[{', skip);
// pifont's symbols (`\ding{51}` ✓)
add('ding', '{', skip);
add('input include subfile includeonly bibliography bibliographystyle addbibresource nobibliography', '[{', skip);
add('import subimport inputfrom subinputfrom includefrom subincludefrom', '*{{', skip);
add('usepackage RequirePackage documentclass', '[{[', skip);
add('vspace hspace vskip hskip phantom hphantom vphantom', '*{', skip);
add('setlength addtolength settowidth', '{{', skip);
add('setcounter addtocounter', '{{', skip);
add('newcommand renewcommand providecommand DeclareRobustCommand', '*{[[{', skip);
add('newenvironment renewenvironment', '*{[[{{', skip);
add('NewDocumentCommand RenewDocumentCommand DeclareDocumentCommand ProvideDocumentCommand', '{{{', skip);
add('newtheorem', '{[{[', skip);
add('acrodef acro newacro', '{[{', skip);
add('newacronym newabbreviation', '[{{{', skip);
add('DeclareAcronym newglossaryentry', '{{', skip);
// One argument each: a group after `\color{link}` is text ("{\color{link}{freely available}}")
add('color pagecolor pagestyle thispagestyle pagenumbering graphicspath hypersetup geometry captionsetup setcitestyle fvset lstset',
  '[{', skip);
add('definecolor', '[{{{', skip);
add('author date thanks affil affiliation address email orcid keywords institute corref', '*[{', skip);
// The abstract as a command: Springer Nature's sn-jnl, MDPI (with its simple summary)
add('abstract simplesumm', '{', { kind: 'segment', role: 'abstract' });
// MDPI's front matter
add('TitleCitation Author AuthorNames AuthorCitation corres firstnote secondnote thirdnote fourthnote fifthnote sixthnote seventhnote eighthnote keyword', '{', skip);
add('dataavailability institutionalreview informedconsent sampleavailability supplementary', '{', { kind: 'segment', role: 'acknowledgements' });
add('abbreviations', '{{', skip);
add('bibitem', '[{', skip);
// Journal classes' front matter (bioinfo, elsarticle, svjour, ...).
add('firstpage copyrightyear pubyear access appnotes received revised accepted history editor corresp jname jvol jnum doi articletype runninghead shorttitle authorrunning titlerunning subjclass msc pacs acmConference acmYear acmDOI setcopyright ccsdesc', '[{', skip);
add('cline cmidrule', '({', skip);
add('renewbibmacro DeclareFieldFormat', '*{{', skip);
add('arraystretch', '', skip);
// Declarations without arguments that print nothing.
add('centering raggedright raggedleft noindent indent small footnotesize scriptsize tiny large Large LARGE huge Huge normalsize bf it em rm sf tt sc bfseries itshape mdseries upshape slshape scshape rmfamily sffamily ttfamily normalfont maketitle tableofcontents listoffigures listoftables printbibliography clearpage newpage cleardoublepage pagebreak nopagebreak nolinebreak hline toprule midrule bottomrule smallskip medskip bigskip vfill hfill appendix frontmatter mainmatter backmatter protect relax linenumbers nolinenumbers selectfont displaystyle onecolumn twocolumn sloppy fussy FloatBarrier noalign strut leavevmode ignorespaces unskip',
  '', skip);
add('today', '', { kind: 'text', text: 'today' });
// Line breaks separate the words on either side ("Toolbox\newline version").
add('newline', '', { kind: 'text', text: ' ' });
add('linebreak', '[', { kind: 'text', text: ' ' });
const symbols: [string, string][] = [
  ['ss', 'ß'], ['SS', 'SS'], ['ae', 'æ'], ['AE', 'Æ'], ['oe', 'œ'], ['OE', 'Œ'], ['o', 'ø'], ['O', 'Ø'], ['aa', 'å'], ['AA', 'Å'],
  ['l', 'ł'], ['L', 'Ł'], ['i', 'ı'], ['j', 'ȷ'], ['dots', '…'], ['ldots', '…'], ['textellipsis', '…'], ['textendash', '–'],
  ['textemdash', '—'], ['textasciitilde', '~'], ['S', '§'], ['P', '¶'], ['textdegree', '°'], ['degree', '°'], ['copyright', '©'],
  ['textregistered', '®'], ['texttrademark', '™'], ['pounds', '£'], ['euro', '€'], ['textbackslash', '\\'], ['textbar', '|'],
  ['textless', '<'], ['textgreater', '>'], ['textquotedbl', '"'], ['textquoteleft', '‘'], ['textquoteright', '’'],
  ['textquotedblleft', '“'], ['textquotedblright', '”'], ['guillemotleft', '«'], ['guillemotright', '»'], ['textbullet', '•'],
  ['textmu', 'µ'], ['textpm', '±'], ['texttimes', '×'], ['LaTeX', 'LaTeX'], ['TeX', 'TeX'], ['LaTeXe', 'LaTeX2e'], ['BibTeX', 'BibTeX'],
  ['eg', 'e.g.'], ['ie', 'i.e.'], ['etal', 'et al.'], ['textunderscore', '_'], ['checkmark', '✓'], ['dag', '†'], ['ddag', '‡'],
  ['slash', '/'], ['textslash', '/'],
];
// textgreek's text-mode letters: NF-\textkappa B prints "NF-κB" (textcomp's \textmu, the micro sign, below wins)
for (const [name, letter] of GREEK_LETTERS) add(`text${name}`, '', { kind: 'text', text: letter });
for (const [n, t] of symbols) add(n, '', { kind: 'text', text: t });

export const DEFAULT_COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(entries);

/** Accent commands and the combining mark each adds: `\"o` → ö. */
export const ACCENTS: ReadonlyMap<string, string> = new Map([
  ['"', '\u0308'], ['\'', '\u0301'], ['`', '\u0300'], ['^', '\u0302'], ['~', '\u0303'], ['=', '\u0304'], ['.', '\u0307'],
  ['u', '\u0306'], ['v', '\u030C'], ['H', '\u030B'], ['c', '\u0327'], ['k', '\u0328'], ['r', '\u030A'], ['d', '\u0323'], ['b', '\u0331'],
]);

/** Control symbols: `\%` prints %, `\,` a thin space. */
export const CONTROL_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['%', '%'], ['&', '&'], ['#', '#'], ['$', '$'], ['_', '_'], ['{', '{'], ['}', '}'], [' ', ' '], [',', ' '], [';', ' '],
  [':', ' '], ['!', ''], ['>', ' '], ['\\', ' '], ['-', ''], ['/', ''], ['@', ''], ['\n', ' '], ['\t', ' '], ['|', '‖'],
]);

export type EnvironmentAction =
  /** The body is prose; begin/end markers (and their arguments) vanish. */
  | { kind: 'prose' }
  /** The whole environment is math: one placeholder. */
  | { kind: 'math' }
  /** The whole environment is dropped. */
  | { kind: 'skip' }
  /** A float: only its captions (`\caption`, `\subcaption`…) and notes (`\footnotetext`, `\tablefootnote`, `tablenotes`) survive, each as its own segment. */
  | { kind: 'float' };

export interface EnvironmentSpec {
  /** Arguments after `\begin{name}`. */
  signature: string;
  action: EnvironmentAction;
}

const envEntries: [string, EnvironmentSpec][] = [];
const env = (names: string, signature: string, action: EnvironmentAction) => {
  for (const n of names.split(/\s+/).filter(Boolean)) envEntries.push([n, { signature, action }]);
};
env('document abstract itemize enumerate description quote quotation center flushleft flushright verse theorem lemma proof definition corollary proposition remark example note frame block acknowledgments acknowledgements acknowledgment acknowledgement acks addendum scilastnote keywords', '[', { kind: 'prose' });
env('IEEEbiography IEEEbiographynophoto', '[{', { kind: 'prose' });

/** Prose environments whose paragraphs carry a role of their own (the others read as paragraphs). */
export const ROLE_ENVIRONMENTS: ReadonlyMap<string, SegmentRole> = new Map([
  ['abstract', 'abstract'],
  // revtex, svjour3, achemso…; ACM's acmart: `acks`; Nature's `addendum` (acknowledgements, competing
  // interests, correspondence), Science's `scilastnote`, IEEE's author biographies
  ...['acknowledgments', 'acknowledgements', 'acknowledgment', 'acknowledgement', 'acks', 'addendum', 'scilastnote', 'IEEEbiography', 'IEEEbiographynophoto']
    .map((name) => [name, 'acknowledgements'] as const),
]);
env('minipage', '[[[{', { kind: 'prose' });
env('equation equation* align align* gather gather* multline multline* eqnarray eqnarray* displaymath math flalign flalign* split dmath dmath* subequations IEEEeqnarray IEEEeqnarray*', '', { kind: 'math' });
// commutative diagrams (tikz-cd, amscd)
env('tikzcd CD', '', { kind: 'math' });
env('alignat alignat*', '{', { kind: 'math' });
env('acronym keyword CCSXML verbatim verbatim* Verbatim Verbatim* BVerbatim LVerbatim lstlisting minted comment filecontents filecontents* alltt spverbatim tikzpicture pgfpicture axis tabular tabular* tabularx tabulary longtable supertabular array thebibliography algorithmic algorithm2e pythontex pycode luacode forest circuitikz', '', { kind: 'skip' });
env('figure figure* table table* wrapfigure wraptable subfigure subtable SCfigure sidewaysfigure sidewaystable marginfigure margintable algorithm listing floatrow widefigure fullwidth', '', { kind: 'float' });

export const DEFAULT_ENVIRONMENTS: ReadonlyMap<string, EnvironmentSpec> = new Map(envEntries);
