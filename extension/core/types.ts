// Shared shapes of the manuscript model. Pure data: no vscode, no onnxruntime-node.
// Offsets are UTF-16 code-unit offsets into a file's full text, as JavaScript strings index.

/** A half-open span [start, end) of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A bibliography entry with display fields already turned from LaTeX into Unicode. */
export interface BibEntry {
  key: string;
  /** Lower-cased BibTeX entry type, e.g. "article", "inproceedings". */
  type: string;
  /** Every field, lower-cased name → Unicode display value (braces and accents resolved). */
  fields: Record<string, string>;
  /** Authors as parsed names, in order. */
  authors: PersonName[];
  title?: string;
  year?: string;
  venue?: string;
  doi?: string;
  url?: string;
  /** The file the entry came from and the span of the whole entry (`@type{...}`) in it. */
  file: string;
  span: Span;
  /** The span of the key itself in the file, for go-to-definition and rename. */
  keySpan: Span;
  /** Editors as parsed names (shown when an entry has no authors). */
  editors?: PersonName[];
  /** True when the author list ends in `and others` (printed "et al."). */
  authorsTruncated?: boolean;
  /** arXiv identifier, e.g. "2001.01234", from eprint, URL or venue. */
  arxiv?: string;
}

export interface PersonName {
  family: string;
  given?: string;
  /** "von" particle and suffix, when present. */
  particle?: string;
  suffix?: string;
  /** A literal / corporate name written in braces, e.g. {The SciPy Community}. */
  literal?: string;
}

/** A parse problem, located by 0-based line and UTF-16 column in its file. */
export interface SourceProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'information';
}

export interface Bibliography {
  /** Absolute paths of the files read, in the order given. */
  files: string[];
  /** Entries by lower-cased key (BibTeX matches keys case-insensitively). */
  entries: Map<string, BibEntry>;
  problems: SourceProblem[];
  /**
   * Entries left out of `entries` because an earlier source defines their key (a later file's, or a .bib's
   * that a front matter `references:` entry overrides): another paper, perhaps, under the same key.
   */
  shadowed?: BibEntry[];
}

/** How a citation is printed in running text. */
export type CitationForm = 'parenthetical' | 'narrative' | 'author-only' | 'year-only' | 'numeric' | 'full' | 'invisible';

/** One citation occurrence in the source, e.g. `\citep[p.~3]{a,b}` or `[@a; @b, p. 3]`. */
export interface CitationOccurrence {
  file: string;
  /** The whole command or pandoc group in the source. */
  span: Span;
  /** `citep`, `Textcite*`, a user macro such as `inlinecite`, or `pandoc`. */
  command: string;
  form: CitationForm;
  keys: CitationKey[];
  prefix?: string;
  suffix?: string;
}

export interface CitationKey {
  /** The key as written in the manuscript. */
  key: string;
  /** The key's own span in the source (inside the braces / after the @). */
  span: Span;
  /** This key's own notes, as written, where a citation gives each key its own (`\cites[see][12]{a}[][3]{b}`, `[see @a, sec. 2; also @b]`). */
  prefix?: string;
  suffix?: string;
}

/**
 * Prose produced from markup, with a map back to the source.
 * sourceStart[i]..sourceEnd[i] is the source span that prose character i stands for:
 * a copied character maps to exactly its own source character (end = start + 1 for BMP characters);
 * a placeholder, rendered citation or typeset character maps to the whole span it replaces.
 */
export interface ProseText {
  text: string;
  sourceStart: Int32Array;
  sourceEnd: Int32Array;
}

/** One paragraph of prose, split into sentences. */
export interface ProseSegment {
  file: string;
  /** The source span of the paragraph. */
  span: Span;
  prose: ProseText;
  /** Sentence spans in prose offsets. */
  sentences: Span[];
  /** Citations inside this paragraph, with the prose span their rendering occupies. */
  citations: SegmentCitation[];
}

export interface SegmentCitation {
  occurrence: CitationOccurrence;
  /** Where the rendered citation sits in the segment's prose. */
  proseSpan: Span;
  /** Index into the segment's sentences of the sentence holding the citation. */
  sentence: number;
}

/** Renders a citation the way the paper prints it, e.g. "(Smith et al., 2020)" or "[12]". */
export type CitationRenderer = (occurrence: CitationOccurrence) => string;

/** What a LaTeX file declares about the project around it (see extension/core/latex/structure.ts). */
export interface LatexStructure {
  /** Path from a `% !TEX root = ...` magic comment, as written. */
  magicRoot?: string;
  /** True when the file holds `\begin{document}`. */
  hasDocumentEnvironment: boolean;
  /** `\input`, `\include`, `\subfile`, `\import{dir}{file}`, `\subimport{dir}{file}`, as written. */
  includes: { command: string; path: string; dir?: string; span: Span }[];
  /** `\bibliography{a,b}` (paths without .bib as written), `\addbibresource{x.bib}`. */
  bibliographies: { command: string; paths: string[]; span: Span }[];
  /** User macros whose body calls a citation command on an argument, e.g. `\newcommand{\inlinecite}[1]{...\citen{#1}}`. */
  citationMacros: { name: string; form: CitationForm }[];
  /** Numeric or author-year, from natbib/biblatex options, \bibliographystyle or the document class; undefined when nothing says. */
  citationStyle?: 'author-year' | 'numeric';
  /** natbib in author-year mode (loaded by the file or its class): its bare `\cite` prints "Smith et al. (2020)", as `\citet`. */
  textualCite?: true;
  /** The citation package `\usepackage`/`\RequirePackage` loads: natbib, or biblatex (biblatex-chicago too). */
  citationPackage?: 'natbib' | 'biblatex';
  /** How the bibliography is ordered (from the .bst name or biblatex's `sorting=`/`style=`); undefined when unknown. */
  citationSorting?: CitationSorting;
}

/**
 * The order a bibliography is printed in, which fixes the numbers numeric styles print and the
 * order of 2020a/2020b:
 * - `none`: order of first citation (unsrt, IEEEtran, unsrtnat, biblatex `sorting=none`, `style=ieee`);
 * - `nyt`: names, year, title (BibTeX plain, abbrv, acm, siam; CSL author-date styles);
 * - `biblatex-nyt`: the same order as biber builds it (biblatex `sorting=nyt`, `style=authoryear`);
 * - `nty`: names, title, year (biblatex's default, `style=numeric`);
 * - `ydnt`: year descending, names, title (biblatex `sorting=ydnt`);
 * - `natbib`: author label, names, year, then the cite key (plainnat, abbrvnat);
 * - `alpha`: labels such as [Knu84], sorted by label, names, year, title (BibTeX alpha, amsalpha);
 * - `anyt`: labels such as [Knu84] or [Vas+17], sorted likewise (biblatex `style=alphabetic`).
 * biber's orders (`biblatex-nyt`, `nty`, `ydnt`, `anyt`) honour the entries' `presort`, `sortkey`,
 * `sortname`, `sorttitle` and `sortyear` fields.
 */
export type CitationSorting = 'none' | 'nyt' | 'biblatex-nyt' | 'nty' | 'ydnt' | 'natbib' | 'alpha' | 'anyt' | 'key';
