// Software is not a chemical or a gene, but a tagger trained on biomedical abstracts reads a coined
// name ("SciPy", "GMAP", "minimap2") by its letters and calls it one: on the corpus the SciPy paper's
// own subject was a gene five times and minimap2 a chemical in its own paper. The document says what
// such a name is: "the SciPy library", "the Fortran library ODRPACK", `\texttt{cKDTree}`, the title of
// a paper it cites ("GMAP: a genomic mapping and alignment program"), a list with known software in
// it ("MATLAB, IDL and NetCDF files"), and programming languages are software anyway. Such a name's
// biomedical highlights become methods, the taxonomy's home for tools (SciERC tags software as
// Method), with the evidence in words for the hover. What one file of a project states holds for the
// others.
//
// The nouns are chosen so that biology's own uses do not count. In the NER datasets' text (BC5CDR,
// BioNLP13CG, BC2GM, NCBI, linnaeus, JNLPBA) a name before one of these nouns was a gold biomedical
// entity in two of 165 phrases: "LEM module", "cDNA library" — hence no "module" or "interface"
// ("CD9 interface") and no nucleic acids before "library"; with every rule here, no gold entity of
// that text becomes a software name (a unit test keeps it so). "Toolkit", "toolbox", "tool", "framework" and
// "platform" are metaphors in biology and chemistry ("The extended PP1 toolkit", a title the CaMKII
// paper cites; "the Cas9 toolbox"; a metal–organic "framework"): they only count in a cited title's
// description after the name and a colon.
import type { ManuscriptLanguage } from '../prose/segmenter.ts';
import type { BibEntry, ProseSegment, Span } from '../types.ts';
import { citedEntries } from './cited-authors.ts';
import { normalizeMention } from './dismissals.ts';
// the biomedical types are those software is mistaken for
import { BIOMEDICAL_TYPES } from './domain-types.ts';

/** The type a software name takes. */
export const SOFTWARE_TYPE = 'Method';

/** Nouns that make the name right before them software, in prose and titles alike. */
const SOFTWARE_NOUNS = new Set([
  'software', 'package', 'packages', 'library', 'libraries', 'program', 'programs', 'pipeline', 'aligner', 'compiler', 'plugin',
  'codebase', 'suite', 'server',
]);

/** Nouns that describe software in a title's description ("GMAP: a genomic mapping and alignment program"). */
const DESCRIBING_NOUNS = new Set([...SOFTWARE_NOUNS, 'tool', 'tools', 'toolkit', 'toolbox', 'framework', 'platform', 'interface']);

/** Words that may stand between a name and its noun: "the FITPACK Fortran library", "the Astropy open-source package". */
const QUALIFIERS = new Set(['python', 'r', 'c', 'c++', 'fortran', 'java', 'julia', 'matlab', 'perl', 'javascript', 'open-source', 'command-line', 'web']);

/** Programming languages and environments whose names mean nothing else ("Python" is a snake too, "Java" an island). */
const LANGUAGES: ReadonlySet<string> = new Set(['matlab', 'fortran', 'cython', 'javascript', 'typescript', 'c++', 'c#']);

/** Computing terms that name no molecule, cell or organism: a model's biomedical type for them is a method's. */
const COMPUTING_TERMS: ReadonlySet<string> = new Set(['fft', 'ffts', 'ifft', 'dft', 'svd', 'gpu', 'gpus', 'cpu', 'cpus', 'blas', 'lapack', 'mpi', 'openmp', 'cuda', 'api', 'apis', 'gui', 'json', 'xml', 'csv', 'http', 'sql']);

/** "cDNA library", "RNAi libraries": a library of molecules. */
const NUCLEIC_ACID = /(DNA|RNA|RNAi)s?$/iu;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.+#_-]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu;

interface Word {
  word: string;
  start: number;
  end: number;
}

/** Capitalised at the start of a sentence or in a list, never names. */
const FUNCTION_WORDS = /^(the|this|that|these|those|our|each|any|all|its|their|a|an|in|on|for|with|we|it|namely|and|or)$/iu;

/**
 * A coined name, not a common word: a digit or a capital after the first letter ("minimap2", "SciPy",
 * "GMAP"), or a capitalised word inside a sentence ("the Python package"; "Training pipelines…"
 * begins a sentence, and title case capitalises every word).
 */
function isNameLike(text: string, { word, start }: Word, titleCase: boolean): boolean {
  if (!/\p{L}/u.test(word) || FUNCTION_WORDS.test(word)) return false;
  if (/\p{N}/u.test(word) || /^.[^]*\p{Lu}/u.test(word)) return true;
  if (titleCase || !/^\p{Lu}/u.test(word)) return false;
  let before = start - 1;
  while (before >= 0 && /\s/u.test(text[before])) before--;
  return before >= 0 && !/[.!?:;]/u.test(text[before]);
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

const escape = (word: string) => word.replace(/[+.]/g, '\\$&');

/** A word, an optional qualifier and a software noun, separated by spaces only ("SciPy, library" is no phrase). */
const SOFTWARE_PHRASE = new RegExp(
  `(?<![\\p{L}\\p{N}.+#_-])([\\p{L}\\p{N}](?:[\\p{L}\\p{N}.+#_-]*[\\p{L}\\p{N}+#])?)(?:\\s+(?:${[...QUALIFIERS].map(escape).join('|')}))?`
  + `\\s+(?:${[...SOFTWARE_NOUNS].join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** A software noun and the name after it, in apposition: "the Fortran library ODRPACK", "the program GMAP". */
const SOFTWARE_APPOSITION = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...SOFTWARE_NOUNS].join('|')})\\s+([\\p{L}\\p{N}](?:[\\p{L}\\p{N}.+#_-]*[\\p{L}\\p{N}+#])?)`,
  'giu',
);

/** The evidence of a software noun beside the name. */
const NAMED_AS_SOFTWARE = 'named as software';
const NAME_AND_NOUN = new RegExp(`^${NAMED_AS_SOFTWARE}: “(\\S+) (\\S+)”$`, 'u');

/**
 * Whether a software name's evidence is only the software noun right after it, with no qualifier
 * between ("JIT compiler", not "FITPACK Fortran library" nor "the program GMAP").
 */
export function namedOnlyByTheNounAfter(text: string, reason: string): boolean {
  const m = NAME_AND_NOUN.exec(reason);
  return m !== null && normalizeMention(m[1]) === normalizeMention(text) && SOFTWARE_NOUNS.has(m[2].toLowerCase());
}

/** Names placed right before a software noun in `text`, or right after one, lower-cased, added to `into` with the phrase. */
function namesBeforeSoftwareNouns(text: string, titleCase: boolean, into: SoftwareNames): void {
  const add = (name: string, start: number, phrase: string) => {
    if (!isNameLike(text, { word: name, start, end: start + name.length }, titleCase) || NUCLEIC_ACID.test(name)) return;
    const key = normalizeMention(name);
    if (!into.has(key)) into.set(key, `${NAMED_AS_SOFTWARE}: “${phrase.replace(/\s+/g, ' ')}”`);
  };
  for (const m of text.matchAll(SOFTWARE_PHRASE)) add(m[1], m.index, m[0]);
  for (const m of text.matchAll(SOFTWARE_APPOSITION)) add(m[1], m.index + m[0].length - m[1].length, m[0]);
}

/** "GMAP: a genomic mapping and alignment program for mRNA and EST sequences" → "gmap". */
function nameTitledAsSoftware(title: string): string | undefined {
  const m = /^(?:The\s+)?([^\s:]+)\s*:\s*(.+)$/u.exec(title);
  if (!m || !isNameLike(m[1], { word: m[1], start: 0, end: m[1].length }, true)) return undefined;
  return wordsOf(m[2]).some((w) => DESCRIBING_NOUNS.has(w.word.toLowerCase())) ? normalizeMention(m[1]) : undefined;
}

/**
 * Code in the source: LaTeX's typewriter and code commands (`\\texttt{scipy.spatial.cKDTree}`, JSS's
 * `\\pkg{}`, `\\verb|…|`) and Markdown's inline code (not knitr's `` `r expr` ``). Read from the source
 * because prose keeps a command's text, not its font.
 */
const LATEX_CODE = /\\(?:texttt|code|pkg|proglang|lstinline|verb)\s*(?:\{([^{}]*)\}|([|!+])(.*?)\2)/gu;
const MARKDOWN_CODE = /(?<!`)`(?!`|r\s)([^`\n]+)`(?!`)/gu;

/** The coined names in code ("cKDTree" of "scipy.spatial.cKDTree.query"), lower-cased, added to `into`. */
function namesInCode(source: string, markdown: boolean, into: SoftwareNames): void {
  for (const m of source.matchAll(markdown ? MARKDOWN_CODE : LATEX_CODE)) {
    const code = (markdown ? m[1] : m[1] ?? m[3]) ?? '';
    for (const part of code.split(/[^\p{L}\p{N}_+#-]+/u)) {
      const key = normalizeMention(part);
      if (part !== '' && !into.has(key) && isNameLike(part, { word: part, start: 0, end: part.length }, true)) into.set(key, `written as code: “${code}”`);
    }
  }
}

/**
 * The sentence with its citations and bracketed asides blanked: "MATLAB[60], IDL" → "MATLAB    , IDL",
 * "GMAP (‘-n 0'); SpAln" → "GMAP           ; SpAln".
 */
function withoutAsides(text: string, sentence: Span, citations: readonly Span[]): string {
  const chars = text.slice(sentence.start, sentence.end).split('');
  for (const c of citations) {
    for (let i = Math.max(c.start, sentence.start); i < Math.min(c.end, sentence.end); i++) chars[i - sentence.start] = ' ';
  }
  let out = chars.join('');
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(/[([][^()[\]]*[)\]]/gu, (aside) => ' '.repeat(aside.length));
  }
  return out;
}

/** The items of a list are separated by commas, semicolons, "and"/"or". */
const LIST_SEPARATOR = /\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+/u;

/** One to three coined or capitalised words ("NetCDF", "Matrix Market"), as a list item. */
function listItem(item: string): string | undefined {
  const words = item.trim().split(/\s+/u);
  const named = (w: string) => /^[\p{Lu}\p{N}]|\p{N}|.\p{Lu}/u.test(w) && /^[\p{L}\p{N}.+#-]+$/u.test(w) && /\p{L}/u.test(w) && !FUNCTION_WORDS.test(w);
  if (words.length > 3 || !words.every(named)) return undefined;
  return normalizeMention(item);
}

/**
 * The other names of a list that names software ("MATLAB, IDL, Fortran and NetCDF data files",
 * "faster than GMAP and SpAln"): a list's items are of a kind. The words around the list's ends
 * count as items ("than GMAP" → GMAP). One step only: a name found this way finds no others.
 */
function listedWithSoftware(segment: Pick<ProseSegment, 'prose' | 'citations' | 'sentences'>, known: ReadonlySet<string>, into: SoftwareNames): void {
  const text = segment.prose.text;
  const citations = segment.citations.map((c) => c.proseSpan);
  for (const sentence of segment.sentences) {
    const lower = text.slice(sentence.start, sentence.end).toLowerCase();
    if (![...known].some((name) => lower.includes(name))) continue;
    for (const clause of withoutAsides(text, sentence, citations).split(/:/u)) {
      const parts = clause.split(LIST_SEPARATOR);
      const items = parts.map(listItem);
      const word = (part: string, last: boolean) => {
        const words = part.trim().split(/\s+/u);
        return listItem(last ? words[words.length - 1] : words[0]);
      };
      for (let i = 0; i < parts.length;) {
        // a run of whole items, with the last word of the part before it and the first word of the part after it
        const run: (string | undefined)[] = items[i] === undefined ? [word(parts[i], true)] : [];
        let k = items[i] === undefined ? i + 1 : i;
        while (k < parts.length && items[k] !== undefined) run.push(items[k++]);
        if (k < parts.length) run.push(word(parts[k], false));
        i = Math.max(k, i + 1);
        const names = run.filter((name): name is string => name !== undefined);
        const software = names.filter((name) => known.has(name));
        if (names.length < 2 || software.length === 0) continue;
        for (const name of names) if (!known.has(name)) into.set(name, `listed with software: ${software.slice(0, 3).join(', ')}`);
      }
    }
  }
}

export interface SoftwareNameSources {
  segments: readonly Pick<ProseSegment, 'prose' | 'citations' | 'sentences'>[];
  /** The file's source. */
  text: string;
  /** LaTeX when absent. */
  language?: ManuscriptLanguage;
}

/** Software names (lower-cased, as `normalizeMention` writes them), each with why it is one, in words. */
export type SoftwareNames = Map<string, string>;

const textNames = new WeakMap<SoftwareNameSources['segments'], ReadonlyMap<string, string>>();

/**
 * The software names a file itself states: its prose ("the SciPy library"), its code and the titles of
 * the entries it cites. What prose and code give is read once per segmentation.
 */
export function statedSoftwareNames(file: SoftwareNameSources, lookup?: (key: string) => BibEntry | undefined): SoftwareNames {
  let fromText = textNames.get(file.segments);
  if (!fromText) {
    const found: SoftwareNames = new Map();
    for (const segment of file.segments) namesBeforeSoftwareNouns(segment.prose.text, false, found);
    namesInCode(file.text, file.language !== undefined && file.language !== 'latex', found);
    textNames.set(file.segments, (fromText = found));
  }
  const names: SoftwareNames = new Map(fromText);
  for (const { title } of lookup ? citedEntries(file.segments, lookup) : []) {
    if (title === undefined) continue;
    namesBeforeSoftwareNouns(title, true, names);
    const titled = nameTitledAsSoftware(title);
    if (titled !== undefined && !names.has(titled)) names.set(titled, `the title of a cited work: “${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`);
  }
  return names;
}

/**
 * The software names for a file's highlights: those it states, those the project's other files state
 * (`project`: the chapter on FITPACK names it for the chapter that lists "FITPACK, ODRPACK and
 * MINPACK"), and the names its lists put beside any of them.
 */
export function softwareNames(file: SoftwareNameSources, lookup?: (key: string) => BibEntry | undefined, project: ReadonlyMap<string, string> = new Map()): SoftwareNames {
  const names: SoftwareNames = new Map([...project, ...statedSoftwareNames(file, lookup)]);
  const known = new Set([...names.keys(), ...LANGUAGES]);
  for (const segment of file.segments) listedWithSoftware(segment, known, names);
  return names;
}

/**
 * Why a highlight of `text` with the model's `type` is a method instead, or undefined: a software name's
 * (or a programming language's, or a computing term's such as "FFT") biomedical highlight is one.
 */
export function softwareReason(text: string, type: string, names: ReadonlyMap<string, string>): string | undefined {
  if (!BIOMEDICAL_TYPES.has(type)) return undefined;
  return softwareEvidence(text, names) ?? (COMPUTING_TERMS.has(normalizeMention(text)) ? 'a computing term' : undefined);
}

/** Why `text` names software, in words, or undefined: the file's evidence (`names`), or a programming language. */
export function softwareEvidence(text: string, names: ReadonlyMap<string, string>): string | undefined {
  const name = normalizeMention(text);
  return names.get(name) ?? (LANGUAGES.has(name) ? 'a programming language' : undefined);
}
