// What one LaTeX file declares about the project around it: root magic comment, the document
// environment, included files, bibliographies, user citation macros and the citation style.
// Project discovery (extension/core/project/) merges these across files.
import type { CitationForm, CitationSorting, LatexStructure } from '../types.ts';
import { builtinCitationCommand } from '../citations/commands.ts';
import { biblatexCitationStyle, biblatexDefaultSorting } from './biblatex-styles.ts';
import { readAcronymDefinition, type AcronymDefinition } from './acronyms.ts';
import { DEFAULT_COMMANDS } from './commands.ts';
import {
  forEachCommand, readCommandName, readEnvironmentName, readGroup, readMandatory, readOptional, skipArgumentGap, stripComments,
} from './scan.ts';

/** A user macro whose uses are citations: `\newcommand{\inlinecite}[1]{\footnotesize\citen{#1}}`. */
export interface CitationMacro {
  name: string;
  form: CitationForm;
  /** The 1-based parameter number (`#n`) that carries the keys. */
  keyArgument: number;
  /** Total parameters the macro takes (`[n]`). */
  parameters: number;
  /** True when the first parameter is optional (`\newcommand{\x}[2][default]{...}`). */
  optionalFirst: boolean;
  /** The citation command the body calls, e.g. `citen`. */
  wraps: string;
}

/**
 * A user macro whose body says how its uses read in prose: `\newcommand{\fig}[1]{Fig.~\ref{#1}}` is a
 * reference (a placeholder), `\newcommand{\x}{\ensuremath{\vec{x}}}` is math, a macro that only
 * links or labels its argument is skipped, `\newcommand{\etal}{et al.}` is text, and any other body
 * that only prints (`\newcommand{\conc}[1]{#1\,mM}`) is expanded where it is used.
 */
export interface UserCommand {
  name: string;
  parameters: number;
  optionalFirst: boolean;
  action: { kind: 'placeholder'; placeholder: 'math' | 'ref' } | { kind: 'skip' } | { kind: 'text'; text: string }
    | { kind: 'indexed'; base: number; index: number } | { kind: 'expand'; body: string; defaultArgument?: string };
}

export interface LatexStructureDetail extends LatexStructure {
  citationMacros: CitationMacro[];
  /** Macros defined in this file whose prose reading could be derived from their body. */
  userCommands: UserCommand[];
  /** Acronyms this file declares (acronym, acro, glossaries), in order. */
  acronyms: AcronymDefinition[];
  /** The main file a subfile names, as written: `\documentclass[../main.tex]{subfiles}`. */
  subfilesMain?: string;
}

/**
 * Bodies read as something other than what they print: they define, test or build commands, change
 * catcodes, open environments, use a package's internals (`\@startsection`) or nest definitions (`##`).
 */
const NOT_EXPANDED = new RegExp('\\\\(?:[gex]?def|let|futurelet|(?:re)?newcommand|providecommand|DeclareRobustCommand|(?:New|Renew|Provide|Declare)DocumentCommand'
  + '|(?:re)?newenvironment|csname|endcsname|catcode|expandafter|noexpand|afterassignment|aftergroup|makeatletter|makeatother|[Ii]f[A-Za-z]*|else|fi|or'
  + '|unless|loop|repeat|global|long|begin|end|par|item|input|include|(?:set|addto|step|refstep)counter|(?:set|addto)length'
  + '|write|immediate|typeout|message|scantokens|detokenize|unexpanded|directlua)(?![A-Za-z])|\\\\[A-Za-z]+@|\\\\@[A-Za-z]|##');

const MAX_EXPANDED_BODY = 1000;

function userCommandOf(def: { name: string; parameters: number; optionalFirst: boolean; plainParameters: boolean; defaultArgument?: string }, body: string,
  isCitation: (name: string) => boolean): UserCommand | undefined {
  const b = stripComments(body).trim();
  const base = { name: def.name, parameters: def.parameters, optionalFirst: def.optionalFirst };
  if (/^\\ensuremath\b/.test(b) || /^\$[^$]+\$$/.test(b)) return { ...base, action: { kind: 'placeholder', placeholder: 'math' } };
  if (def.parameters > 0 && /\\(ref|autoref|cref|Cref|eqref|pageref|vref|subref)\*?\s*\{[^{}]*#[1-9]/.test(b)) {
    return { ...base, action: { kind: 'placeholder', placeholder: 'ref' } };
  }
  if (def.parameters > 0 && /\\(url|label|includegraphics|input|include)\*?\s*(\[[^\]]*\]\s*)?\{#[1-9]\}/.test(b)) {
    return { ...base, action: { kind: 'skip' } };
  }
  if (NOT_EXPANDED.test(b)) return undefined;
  const text = def.parameters === 0 ? plainTextOf(b) : undefined;
  if (text !== undefined) return { ...base, action: { kind: 'text', text } };
  const indexed = /^\{?\s*#([1-9])\s*\\text(?:sub|super)script\s*\{\s*#([1-9])\s*\}\s*\}?$/.exec(b);
  if (indexed && !def.optionalFirst) return { ...base, action: { kind: 'indexed', base: Number(indexed[1]), index: Number(indexed[2]) } };
  // an address (`\def\SFS{http://github.com/sfstoolbox}`) goes into link targets, which do not print
  if (!def.plainParameters || b.length > MAX_EXPANDED_BODY || /^(https?|ftp):\/\/\S*$/.test(b)) return undefined;
  let cites = false;
  forEachCommand(b, (name) => {
    cites ||= isCitation(name);
  });
  if (cites) return undefined;
  return { ...base, action: { kind: 'expand', body: b, ...(def.defaultArgument !== undefined ? { defaultArgument: def.defaultArgument } : {}) } };
}

/**
 * The words a parameterless macro prints when its body is only text, possibly grouped in braces, in
 * `\text{…}`-like boxes or font commands, with `~` or a trailing `\xspace`: `\def\threeD{{3\text{D}}\xspace}` reads "3D",
 * `\def\etal{{et al.}}` "et al.". Undefined for anything else (styles, symbols, math, other macros).
 */
function plainTextOf(body: string): string | undefined {
  let text = body;
  for (let unwrapped = ''; unwrapped !== text;) {
    unwrapped = text;
    text = text.replace(/\\(?:text|textrm|textup|textnormal|textit|textsl|textbf|textmd|textsc|textsf|texttt|emph|mbox)\s*\{([^{}]*)\}/g, '$1');
  }
  text = text.replace(/\\xspace\b|\\@/g, '').replace(/~|\\ /g, ' ').replace(/[{}]/g, '').trim();
  return /^[\p{L}\p{N} .,;:'()\-]+$/u.test(text) && text.length <= 40 ? text : undefined;
}

const INCLUDE_ONE = new Set(['input', 'include', 'subfile', 'subfileinclude', 'includeonly']);
const INCLUDE_TWO = new Set(['import', 'subimport', 'inputfrom', 'subinputfrom', 'includefrom', 'subincludefrom']);
const DEFINERS = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand', 'def', 'gdef', 'edef', 'xdef', 'NewDocumentCommand', 'RenewDocumentCommand', 'ProvideDocumentCommand', 'DeclareDocumentCommand']);

function splitList(inner: string): string[] {
  return stripComments(inner).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function parseOptions(inner: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of splitList(inner)) {
    const eq = item.indexOf('=');
    if (eq < 0) out.set(item.toLowerCase(), '');
    else out.set(item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim().replace(/^\{|\}$/g, ''));
  }
  return out;
}

const MAGIC_ROOT = /^[ \t]*%+[ \t]*!\s*TEX\s+root\s*=\s*(.+?)\s*$/im;

const NUMERIC_BST = /^(plain|unsrt|abbrv|alpha|ieeetr|ieeetran.*|acm|siam|elsarticle-num.*|naturemag|nature|vancouver|apsrev.*|unsrturl|plainurl|abbrvurl|acm-reference-format|splncs.*|amsplain|pnas.*|science|sn-mathphys.*|h?physics|aipnum.*|unsrtnat|achemso|rsc|bmc-mathphys|mdpi|jabbrv|naturemag-doi|phjcp|spmpsci)$/;
const AUTHOR_YEAR_BST = /(^|[-_])(plainnat|abbrvnat|apalike|apa.*|chicago.*|harvard|agsm|dcu|kluwer|named|authordate.*|.*-harv|spbasic|.*natbib|ecca|aer|ametsoc.*|agu.*|copernicus|mnras|aa|aasjournal|jbact|ecology|sn-basic|bst-apa|elsarticle-harv|frontiersinscience.*|frontiersinhlth.*|genome_research|cell|iclr.*|icml.*|neurips.*|aaai-named)$/;

// The bibliography order of the .bst files we know; an unlisted style leaves it undefined.
const UNSORTED_BST = /^(unsrt|unsrturl|unsrtnat|ieeetr|ieeetran.*|nature|naturemag|vancouver|apsrev.*|elsarticle-num|pnas.*|science|achemso|rsc|mdpi)$/;
const NYT_BST = /^(plain|plainurl|abbrv|abbrvurl|acm|siam|amsplain|elsarticle-num-names)$/;
const NATBIB_BST = /^(plainnat|abbrvnat)$/;
const ALPHA_BST = /^(alpha|alphaurl|amsalpha)$/;

function sortingFromBst(name: string): CitationSorting | undefined {
  const n = name.trim().toLowerCase().replace(/\.bst$/, '');
  if (UNSORTED_BST.test(n)) return 'none';
  if (NYT_BST.test(n)) return 'nyt';
  if (NATBIB_BST.test(n)) return 'natbib';
  if (ALPHA_BST.test(n)) return 'alpha';
  return undefined;
}

const BIBLATEX_SORTING: Record<string, CitationSorting> = { debug: 'key', none: 'none', nyt: 'biblatex-nyt', nyvt: 'biblatex-nyt', nty: 'nty', ydnt: 'ydnt', anyt: 'anyt', anyvt: 'anyt' };

/** biblatex's `sorting=`, else the default of its bibliography style (`bibstyle=`, else `style=`, else numeric). */
function sortingFromBiblatex(options: Map<string, string>, sorting: string | undefined): CitationSorting | undefined {
  if (sorting !== undefined) return BIBLATEX_SORTING[sorting.trim().toLowerCase()];
  return biblatexDefaultSorting(options.get('bibstyle') ?? options.get('style') ?? 'numeric');
}

function styleFromBst(name: string): LatexStructure['citationStyle'] {
  const n = name.trim().toLowerCase().replace(/\.bst$/, '');
  if (AUTHOR_YEAR_BST.test(n)) return 'author-year';
  if (NUMERIC_BST.test(n)) return 'numeric';
  return undefined;
}

/** Whether the definition at `start` sits in an "if undefined" branch: `\@ifundefined{x}{…}`, `\ifdefined\x\else…\fi`, `\ifx\x\undefined…\fi`. */
function inUndefinedTest(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 300), start);
  const opener = Math.max(before.lastIndexOf('\\@ifundefined'), before.lastIndexOf('\\ifdefined'), before.lastIndexOf('\\ifx'), before.lastIndexOf('\\unless'), before.lastIndexOf('\\ifcsname'));
  return opener >= 0 && before.lastIndexOf('\\fi', before.length) < opener && !/\n[ \t]*\n/.test(before.slice(opener));
}

/** Classes that load natbib themselves (so their `\cite` is natbib's). */
const NATBIB_CLASSES = /^(elife|plos.*|copernicus|elsarticle|revtex.*|aastex.*|mnras|agujournal.*|frontiers.*|sn-jnl)$/i;

function styleFromClass(name: string, options: Map<string, string>): LatexStructure['citationStyle'] {
  const n = name.toLowerCase();
  if (/^revtex/.test(n) || /^ieee/.test(n) || n === 'wlscirep' || n === 'sn-jnl' && options.has('sn-mathphys-num')) return 'numeric';
  if (n === 'elsarticle') return options.has('authoryear') ? 'author-year' : options.has('number') ? 'numeric' : undefined;
  if (n === 'elife' || n === 'plos' || n === 'copernicus') return 'author-year';
  return undefined;
}

interface Definition {
  name: string;
  parameters: number;
  optionalFirst: boolean;
  /** The optional first parameter's default, as written. */
  defaultArgument?: string;
  /** True when the uses' arguments are read as the converter reads them: `[` first at most, then `{}` each. */
  plainParameters: boolean;
  body: { start: number; end: number };
  end: number;
}

/** The body of a macro definition at `start` (the definer's backslash), or undefined if it is not one. */
function readDefinition(text: string, definer: string, nameEnd: number): Definition | undefined {
  let i = skipArgumentGap(text, nameEnd);
  if (definer === 'def' || definer === 'gdef' || definer === 'edef' || definer === 'xdef') {
    if (text[i] !== '\\') return undefined;
    const cmd = readCommandName(text, i);
    let j = cmd.end;
    let parameters = 0;
    while (j < text.length && text[j] !== '{' && j - cmd.end < 200) {
      if (text[j] === '#' && /[1-9]/.test(text[j + 1] ?? '')) parameters = Math.max(parameters, Number(text[j + 1]));
      j++;
    }
    const body = readGroup(text, j);
    if (!body) return undefined;
    // `\def\x#1#2{...}` reads braced arguments; `\def\x#1.{...}` reads up to a delimiter
    const plainParameters = /^(#[1-9]\s*)*$/.test(text.slice(cmd.end, j).trim());
    return { name: cmd.name, parameters, optionalFirst: false, plainParameters, body: { start: body.innerStart, end: body.innerEnd }, end: body.end };
  }
  let name: string;
  if (text[i] === '{') {
    const g = readGroup(text, i);
    if (!g) return undefined;
    name = text.slice(g.innerStart, g.innerEnd).trim().replace(/^\\/, '');
    i = g.end;
  } else if (text[i] === '\\') {
    const cmd = readCommandName(text, i);
    name = cmd.name;
    i = cmd.end;
  } else return undefined;
  if (!/^[A-Za-z@]+$/.test(name)) return undefined;
  let parameters = 0;
  let optionalFirst = false;
  let defaultArgument: string | undefined;
  let plainParameters = true;
  if (definer.endsWith('DocumentCommand')) {
    const spec = readMandatory(text, i);
    if (!spec) return undefined;
    const args = text.slice(spec.innerStart, spec.innerEnd).match(/[mMoOrRvbsdDeEtgG](\{[^}]*\}|\[[^\]]*\])?/g) ?? [];
    parameters = args.length;
    optionalFirst = /^[oOdDsStg]/.test(args[0] ?? '');
    plainParameters = args.every((a, k) => a === 'm' || k === 0 && /^(o|O\{[^}]*\})$/.test(a));
    if (args[0]?.startsWith('O{')) defaultArgument = args[0].slice(2, -1);
    i = spec.end;
  } else {
    const n = readOptional(text, i);
    if (n) {
      parameters = Number(text.slice(n.innerStart, n.innerEnd).trim()) || 0;
      i = n.end;
      const dflt = readOptional(text, i);
      if (dflt) {
        optionalFirst = true;
        defaultArgument = text.slice(dflt.innerStart, dflt.innerEnd);
        i = dflt.end;
      }
    }
  }
  const body = readMandatory(text, i);
  if (!body) return undefined;
  return {
    name, parameters, optionalFirst, plainParameters, ...(defaultArgument !== undefined ? { defaultArgument } : {}),
    body: { start: body.innerStart, end: body.innerEnd }, end: body.end,
  };
}

/**
 * Finds the citation call inside a macro body that takes a parameter as its keys, e.g. `\citen{#1}`.
 * `known` holds citation macros found so far, so a macro wrapping another macro is found too.
 */
function citationInBody(text: string, body: { start: number; end: number }, known: Map<string, CitationMacro>):
  { wraps: string; form: CitationForm; keyArgument: number } | undefined {
  const src = text.slice(body.start, body.end);
  let found: { wraps: string; form: CitationForm; keyArgument: number } | undefined;
  forEachCommand(src, (name, _start, nameEnd) => {
    if (found) return src.length;
    const base = name;
    const spec = builtinCitationCommand(base);
    const macro = known.get(base);
    if (!spec && !macro) return;
    let i = nameEnd;
    if (src[i] === '*') i++;
    // Skip optional arguments, then look for the mandatory argument holding #n.
    for (let guard = 0; guard < 4; guard++) {
      const o = readOptional(src, i);
      if (!o) break;
      i = o.end;
    }
    const arg = readMandatory(src, i);
    if (!arg) return;
    const m = /#([1-9])/.exec(src.slice(arg.innerStart, arg.innerEnd));
    if (!m) return;
    found = { wraps: base, form: spec ? spec.form : macro!.form, keyArgument: Number(m[1]) };
    return src.length;
  });
  return found;
}

/**
 * The last few scans, by text and known macros: one keystroke asks for the same file's structure
 * several times (the project fingerprint, the segmenter, the citation order). Callers only read them.
 */
const recentScans: { text: string; macros: string; structure: LatexStructureDetail }[] = [];
const RECENT_SCANS = 4;

/**
 * Scans one LaTeX file. Never throws; ignores what sits in comments or verbatim.
 * `knownMacros` lets project discovery pass macros defined in other files (a macro defined in the
 * root file and wrapped again in a chapter).
 */
export function scanLatexStructure(text: string, knownMacros: readonly CitationMacro[] = []): LatexStructureDetail {
  const macros = knownMacros.length > 0 ? JSON.stringify(knownMacros) : '';
  const recent = recentScans.find((scan) => scan.macros === macros && scan.text === text);
  if (recent) return recent.structure;
  const structure = scanUncached(text, knownMacros);
  recentScans.unshift({ text, macros, structure });
  if (recentScans.length > RECENT_SCANS) recentScans.pop();
  return structure;
}

function scanUncached(text: string, knownMacros: readonly CitationMacro[]): LatexStructureDetail {
  const structure: LatexStructureDetail = {
    hasDocumentEnvironment: false,
    includes: [],
    bibliographies: [],
    citationMacros: [],
    userCommands: [],
    acronyms: [],
  };
  const magic = MAGIC_ROOT.exec(text.slice(0, 20_000));
  if (magic) structure.magicRoot = magic[1];

  const macros = new Map<string, CitationMacro>(knownMacros.map((m) => [m.name, m]));
  const definitions: { definer: string; nameEnd: number; start: number }[] = [];
  let natbib: Map<string, string> | undefined;
  let biblatexStyle: LatexStructure['citationStyle'];
  let biblatexSeen = false;
  let biblatexOptions = new Map<string, string>();
  let biblatexSorting: string | undefined;
  let bstSorting: CitationSorting | undefined;
  let setcitestyle: LatexStructure['citationStyle'];
  let bstStyle: LatexStructure['citationStyle'];
  let classStyle: LatexStructure['citationStyle'];
  let classLoadsNatbib = false;

  forEachCommand(text, (name, start, nameEnd) => {
    // LaTeX reads nothing after the end of the document
    if (name === 'end') return readEnvironmentName(text, nameEnd)?.name === 'document' ? text.length : undefined;
    if (name === 'begin') {
      const g = readMandatory(text, nameEnd);
      if (g && text.slice(g.innerStart, g.innerEnd).trim() === 'document') structure.hasDocumentEnvironment = true;
      return g?.end;
    }
    if (INCLUDE_ONE.has(name) && name !== 'includeonly') {
      const g = readMandatory(text, nameEnd);
      if (g) {
        const path = stripComments(text.slice(g.innerStart, g.innerEnd)).trim();
        if (path) structure.includes.push({ command: name, path, span: { start, end: g.end } });
        return g.end;
      }
      if (name === 'input') {
        // Plain TeX form: `\input file` up to white space.
        const k = skipArgumentGap(text, nameEnd);
        const m = /^[^\s{}\\%]+/.exec(text.slice(k, k + 300));
        if (m && k > nameEnd) structure.includes.push({ command: name, path: m[0], span: { start, end: k + m[0].length } });
      }
      return;
    }
    if (name === 'loadglsentries') {
      // glossaries' `\loadglsentries[type]{file}` inputs a file of definitions (acronyms, entries).
      const type = readOptional(text, nameEnd);
      const g = readMandatory(text, type ? type.end : nameEnd);
      const path = g && stripComments(text.slice(g.innerStart, g.innerEnd)).trim();
      if (g && path) structure.includes.push({ command: name, path, span: { start, end: g.end } });
      return g?.end;
    }
    if (INCLUDE_TWO.has(name)) {
      let i = nameEnd;
      if (text[i] === '*') i++;
      const dir = readMandatory(text, i);
      const file = dir && readMandatory(text, dir.end);
      if (dir && file) {
        structure.includes.push({
          command: name,
          dir: stripComments(text.slice(dir.innerStart, dir.innerEnd)).trim(),
          path: stripComments(text.slice(file.innerStart, file.innerEnd)).trim(),
          span: { start, end: file.end },
        });
        return file.end;
      }
      return;
    }
    if (name === 'bibliography' || name === 'addbibresource' || name === 'addglobalbib' || name === 'addsectionbib' || name === 'nobibliography') {
      let i = nameEnd;
      const opt = readOptional(text, i);
      if (opt) i = opt.end;
      const g = readMandatory(text, i);
      if (!g) return;
      const paths = name === 'bibliography' || name === 'nobibliography'
        ? splitList(text.slice(g.innerStart, g.innerEnd))
        : [stripComments(text.slice(g.innerStart, g.innerEnd)).trim()].filter((s) => s.length > 0);
      if (paths.length > 0) structure.bibliographies.push({ command: name, paths, span: { start, end: g.end } });
      return g.end;
    }
    if (name === 'usepackage' || name === 'RequirePackage' || name === 'documentclass') {
      const opt = readOptional(text, nameEnd);
      const g = readMandatory(text, opt ? opt.end : nameEnd);
      if (!g) return;
      const options = parseOptions(opt ? text.slice(opt.innerStart, opt.innerEnd) : '');
      const packages = splitList(text.slice(g.innerStart, g.innerEnd));
      if (name === 'documentclass') {
        classStyle = packages[0] ? styleFromClass(packages[0], options) : undefined;
        classLoadsNatbib = NATBIB_CLASSES.test(packages[0] ?? '');
        const main = opt && packages[0] === 'subfiles' ? stripComments(text.slice(opt.innerStart, opt.innerEnd)).trim() : '';
        if (main) structure.subfilesMain = main;
        return g.end;
      }
      for (const pkg of packages) {
        if (pkg === 'natbib') natbib = options;
        if (pkg === 'biblatex' || pkg === 'biblatex-chicago') {
          biblatexSeen = true;
          biblatexOptions = options;
          biblatexSorting = options.get('sorting') ?? biblatexSorting;
          // `citestyle=` sets how citations print, over `style=`; one SciWrite does not know leaves it to `style=`
          const citestyle = options.get('citestyle');
          const style = options.get('style');
          biblatexStyle = citestyle === undefined && style === undefined
            ? (pkg === 'biblatex' ? 'numeric' : 'author-year')
            : (citestyle !== undefined ? biblatexCitationStyle(citestyle) : undefined) ?? (style !== undefined ? biblatexCitationStyle(style) : undefined);
        }
      }
      return g.end;
    }
    if (name === 'setcitestyle') {
      const g = readMandatory(text, nameEnd);
      if (!g) return;
      const o = parseOptions(text.slice(g.innerStart, g.innerEnd));
      if (o.has('numbers') || o.has('super')) setcitestyle = 'numeric';
      else if (o.has('authoryear')) setcitestyle = 'author-year';
      return g.end;
    }
    if (name === 'bibliographystyle') {
      const g = readMandatory(text, nameEnd);
      if (g) {
        const bst = stripComments(text.slice(g.innerStart, g.innerEnd));
        bstStyle = styleFromBst(bst);
        bstSorting = sortingFromBst(bst);
      }
      return g?.end;
    }
    if (name === 'ExecuteBibliographyOptions') {
      const opt = readOptional(text, nameEnd);
      const g = readMandatory(text, opt ? opt.end : nameEnd);
      if (!g) return;
      biblatexSorting = parseOptions(text.slice(g.innerStart, g.innerEnd)).get('sorting') ?? biblatexSorting;
      return g.end;
    }
    const acronym = readAcronymDefinition(text, name, nameEnd);
    if (acronym) {
      structure.acronyms.push(acronym.definition);
      return acronym.end;
    }
    if (DEFINERS.has(name)) {
      let i = nameEnd;
      if (text[i] === '*') i++;
      definitions.push({ definer: name, nameEnd: i, start });
      const def = readDefinition(text, name, i);
      return def?.end;
    }
    return;
  });

  // Simple text macros (`\def\PATH{.}`) are expanded in include paths, as TeX would.
  const textMacros = new Map<string, string>();
  for (const { definer, nameEnd } of definitions) {
    const def = readDefinition(text, definer, nameEnd);
    if (def && def.parameters === 0) {
      const body = stripComments(text.slice(def.body.start, def.body.end)).trim();
      if (/^[^\\{}#%]*$/.test(body)) textMacros.set(def.name, body);
    }
  }
  const expand = (s: string) => s.replace(/\\([A-Za-z@]+)\s*/g, (all, n: string) => textMacros.get(n) ?? all);
  for (const inc of structure.includes) {
    inc.path = expand(inc.path);
    if (inc.dir !== undefined) inc.dir = expand(inc.dir);
  }
  for (const bib of structure.bibliographies) bib.paths = bib.paths.map(expand);

  // Two passes so that a macro wrapping a macro defined later in the file is found too.
  for (let pass = 0; pass < 2; pass++) {
    for (const { definer, nameEnd } of definitions) {
      const def = readDefinition(text, definer, nameEnd);
      if (!def || macros.has(def.name) || builtinCitationCommand(def.name)) continue;
      const call = citationInBody(text, def.body, macros);
      if (!call) continue;
      const macro: CitationMacro = {
        name: def.name, form: call.form, keyArgument: call.keyArgument,
        parameters: Math.max(def.parameters, call.keyArgument), optionalFirst: def.optionalFirst, wraps: call.wraps,
      };
      macros.set(def.name, macro);
      structure.citationMacros.push(macro);
    }
  }

  const isCitation = (name: string) => builtinCitationCommand(name) !== undefined || macros.has(name);
  for (const { definer, nameEnd, start } of definitions) {
    const def = readDefinition(text, definer, nameEnd);
    if (!def || isCitation(def.name)) continue;
    // `\providecommand`, or a definition made only if the command is undefined, defines nothing where a
    // package already has (`\providecommand{\url}[1]{...}`, `\@ifundefined{url}{\def\url#1{...}}{}`)
    if ((definer === 'providecommand' || definer === 'ProvideDocumentCommand' || inUndefinedTest(text, start)) && DEFAULT_COMMANDS.has(def.name)) continue;
    const user = userCommandOf(def, text.slice(def.body.start, def.body.end), isCitation);
    if (user) structure.userCommands.push(user);
  }

  let natbibStyle: LatexStructure['citationStyle'];
  if (natbib) {
    if (natbib.has('numbers') || natbib.has('super')) natbibStyle = 'numeric';
    else if (natbib.has('authoryear')) natbibStyle = 'author-year';
  }
  structure.citationStyle = (biblatexSeen ? biblatexStyle : undefined) ?? setcitestyle ?? natbibStyle ?? bstStyle
    ?? (natbib ? 'author-year' : undefined) ?? classStyle;
  if (!biblatexSeen && (natbib || classLoadsNatbib) && structure.citationStyle === 'author-year') structure.textualCite = true;
  if (biblatexSeen) structure.citationPackage = 'biblatex';
  else if (natbib) structure.citationPackage = 'natbib';
  const sorting = biblatexSeen ? sortingFromBiblatex(biblatexOptions, biblatexSorting) : bstSorting;
  if (sorting) structure.citationSorting = sorting;
  return structure;
}

