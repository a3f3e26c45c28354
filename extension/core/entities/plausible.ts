// Spans no reader would call an entity, whatever a model says: a bracket opened or closed outside
// the span ("accuracy (Fig": cut there; "B) (left": dropped), a number cut in two ("scale 2" of
// "scale 2.5": the number is left out; "5D setup" of "2.5D setup": the word is made whole), panel
// letters ("B and C"), words that only describe a figure ("solid lines", "blue", "black crosses"),
// a figure's or table's own label ("S1" of "Table S1": `figure-labels.ts`; not "In Figure S3, S1 binds"),
// words of URLs, e-mail addresses, file names and command-line options ("http://bit.ly/star-pb", "-Q7 -LS"), database
// accessions ("ERR1341796"), file formats named as such ("the SAM spec"), units after a number ("1 ERB"), the
// first word of a fixed phrase ("human" of "human rights"), organisations ("Harvard Medical School")
// and countries ("Uganda"): no taxonomy type holds them, yet taggers call them materials. Nor are a lone
// generic noun or compound adjective ("heuristic", "reference-based": `generic-spans.ts`) or a person named
// with a title ("financier George Soros": `titled-people.ts`); a possessive before a span, an adverb after
// it and a sentence ending inside it are cut off (`span-trims.ts`), and so is a figure's note ("(blue)"). Models
// trained on abstracts meet captions, panel labels, table notes and affiliations for the first time in
// a manuscript; these are the spans they then produce on the corpus papers. Applied to every tagger's
// output, built-in and Hub alike.
import { PLACEHOLDER } from '../prose/placeholders.ts';
import { figureLabel } from './figure-labels.ts';
import { nameInCompoundAdjective, namesNothingParticular } from './generic-spans.ts';
import { ADVERB, trimmedSpan } from './span-trims.ts';
import { namesTitledPerson } from './titled-people.ts';

const FIGURE_WORDS = new Set([
  // colours and shades
  'red', 'green', 'blue', 'black', 'white', 'grey', 'gray', 'orange', 'purple', 'violet', 'yellow', 'cyan', 'magenta',
  'brown', 'pink', 'dark', 'light', 'pale', 'colored', 'coloured',
  // how a mark is drawn
  'solid', 'dashed', 'dotted', 'thick', 'thin', 'bold', 'open', 'filled', 'closed', 'shaded', 'shading', 'horizontal', 'vertical',
  'diagonal', 'broken',
  // what is drawn
  'line', 'lines', 'curve', 'curves', 'plot', 'plots', 'bar', 'bars', 'dot', 'dots', 'circle', 'circles', 'cross', 'crosses',
  'square', 'squares', 'triangle', 'triangles', 'diamond', 'diamonds', 'star', 'stars', 'marker', 'markers', 'symbol',
  'symbols', 'arrow', 'arrows', 'arrowhead', 'arrowheads', 'trace', 'traces', 'box', 'boxes', 'whisker', 'whiskers',
  'point', 'points', 'area', 'areas', 'region', 'regions', 'band', 'bands', 'histogram', 'histograms', 'inset', 'insets',
  'panel', 'panels', 'axis', 'axes', 'legend', 'scale', 'fit', 'fits', 'graph', 'graphs', 'chart', 'charts', 'diagram', 'diagrams',
  'subplot', 'subplots', 'ball', 'balls', 'sphere', 'spheres',
  // where it is
  'left', 'right', 'top', 'bottom', 'upper', 'lower', 'middle', 'center', 'centre', 'column', 'columns', 'row', 'rows',
]);

/**
 * Last words that make a capitalised name an organisation. Left out on purpose: Network, Group,
 * Center, Initiative, Project (methods and resources use them); Bank only where no resource is
 * banked (see RESOURCE_BANKS).
 */
const ORGANISATION_HEADS = new Set([
  'university', 'institute', 'institution', 'school', 'college', 'clinic', 'hospital', 'laboratory', 'laboratories',
  'foundation', 'agency', 'committee', 'council', 'commission', 'association', 'society', 'ministry', 'department',
  'corporation', 'company', 'inc', 'ltd', 'llc', 'organization', 'organisation', 'international', 'consortium',
  'universität', 'université', 'universidad', 'universidade', 'università', 'universiteit', 'hochschule',
]);

/** What a bank holds when it is a resource, not an organisation ("Protein Data Bank", "Tissue Bank"). */
const RESOURCE_BANKS = new Set(['data', 'protein', 'gene', 'sequence', 'cell', 'seed', 'sample', 'tissue', 'tumor', 'tumour', 'brain', 'blood', 'sperm', 'milk', 'food']);

/**
 * "Mayo Clinic", "Lawrence Livermore National Laboratory", "World Bank", "Bangladesh Rural
 * Advancement Committee (BRAC)"; "Society for Neuroscience" is not (head first), nor "Protein Data Bank".
 */
export function namesOrganisation(span: string): boolean {
  const words = span.replace(/\s*\([^()]*\)/gu, '').split(/\s+/u).map((w) => w.replace(/[.,]$/, ''));
  const head = words[words.length - 1].toLowerCase();
  if (words.length < 2) return false;
  if (!ORGANISATION_HEADS.has(head) && !(head === 'bank' && !RESOURCE_BANKS.has(words[words.length - 2].toLowerCase()))) return false;
  return words.every((w) => /^\p{Lu}/u.test(w) || /^(of|for|and|the|on|in|&)$/.test(w));
}

let places: Set<string> | undefined;

/**
 * The English names of the world's countries, territories and regions ("Uganda", "Bosnia and
 * Herzegovina", "Burma", "Latin America"), as written, from the ICU data every Node and Electron
 * carries (ISO 3166 and UN M.49 codes through `Intl.DisplayNames`): no list to keep by hand.
 */
function placeNames(): Set<string> {
  if (places) return places;
  places = new Set();
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes = [...letters].flatMap((a) => [...letters].map((b) => a + b));
  for (let n = 0; n < 1000; n++) codes.push(String(n).padStart(3, '0'));
  for (const code of codes) {
    let name: string | undefined;
    try {
      name = english.of(code);
    } catch {
      continue; // not a region code
    }
    if (name === undefined || name === code || /^(pseudo-|unknown|world$)/i.test(name)) continue;
    // "Myanmar (Burma)", "Congo - Kinshasa", "Trinidad & Tobago", "St. Kitts & Nevis"
    for (const form of [name, ...name.split(/\s*[()]\s*|\s+-\s+/u)]) {
      const clean = form.trim();
      if (clean === '') continue;
      places.add(clean);
      places.add(clean.replace(/ & /gu, ' and '));
      places.add(clean.replace(/^St\. /u, 'Saint '));
    }
  }
  return places;
}

/**
 * A country or world region by its name alone, as written ("Uganda", "the United States",
 * "Sub-Saharan Africa"; the gene "AsiA" is no Asia): no taxonomy type holds places.
 */
function namesPlace(span: string): boolean {
  return placeNames().has(span.replace(/^the\s+/iu, '').replace(/\s+/gu, ' '));
}

/** Words that begin a fixed phrase in which they name no organism or device ("human rights", "mouse click"). */
const IDIOMS: Record<string, Set<string>> = {
  // not "resources" or "development": biomedical text means the organism's ("human genomic resources"; linnaeus tags them)
  human: new Set(['rights', 'capital', 'error', 'errors', 'factors', 'trafficking', 'geography']),
  mouse: new Set(['click', 'clicks', 'pointer', 'cursor', 'button', 'buttons', 'wheel']),
};

/** Whether the span is only the first word of such a phrase. */
function beginsIdiom(text: string, start: number, end: number): boolean {
  const next = IDIOMS[text.slice(start, end).toLowerCase()];
  const following = /^\s+([\p{L}-]+)/u.exec(text.slice(end, end + 40))?.[1].toLowerCase();
  return next !== undefined && following !== undefined && next.has(following);
}

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Offsets (in `text`) of brackets whose partner is outside [start, end). */
function unmatchedBrackets(text: string, start: number, end: number): number[] {
  const open: number[] = [];
  const unmatched: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') open.push(i);
    else if (ch in PAIRS) {
      if (open.length > 0 && text[open[open.length - 1]] === PAIRS[ch]) open.pop();
      else unmatched.push(i);
    }
  }
  return [...unmatched, ...open].sort((a, b) => a - b);
}

/**
 * One adverb ("instantaneously", "significantly"): no entity. Across the NER datasets' gold entities
 * only five are one such word (routes of administration: "intravenously").
 */
function isAdverb(span: string): boolean {
  return ADVERB.test(span);
}

/** Panel letters ("B", "B and C", "A-D") and words that only describe a figure. */
function labelsFigure(span: string): boolean {
  const tokens = span.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '' && !/^(and|or|to)$/i.test(w));
  if (tokens.length > 0 && tokens.every((w) => w.length === 1)) return true;
  const letters = span.match(/\p{L}+/gu) ?? [];
  // "blue and red dots"; the gene "OR" is no connective
  const words = letters.filter((w) => !/^(and|or|with)$/.test(w));
  if (letters.length > 0 && words.length === 0) return false;
  // An all-capital word is a name (the STAR aligner), not a figure's star.
  return words.every((w) => FIGURE_WORDS.has(w.toLowerCase()) && !(w.length > 1 && w === w.toUpperCase()));
}

/**
 * The part of text[start, end) a reader would call an entity: cut before a bracket whose partner lies
 * outside ("SNP false negative rate (FNR" → "SNP false negative rate"), or undefined when nothing is
 * left (see the file comment).
 */
export function plausibleSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  let b = unmatchedBrackets(text, start, end)[0] ?? end;
  if (splitsNumber(text, b)) {
    while (b > start && /[\d.,]/.test(text[b - 1])) b--;
    // and the version prefix of that number ("VSEARCH v" of "VSEARCH v2.15.2")
    if (/\s[vV]$/.test(text.slice(start, b))) b--;
  }
  while (b > start && /\s/.test(text[b - 1])) b--;
  let a = start;
  if (splitsNumber(text, a)) {
    // a number that runs into letters is one word ("2.5D", "1.5T"): all of it; otherwise it is left out
    const glued = /^[\d.,]*\p{L}/u.test(text.slice(a, b));
    if (glued) while (a > 0 && /[\d.,]/.test(text[a - 1])) a--;
    while (a < b && (glued ? /[.,]/ : /[\d.,]/).test(text[a])) a++;
  }
  while (a < b && /\s/.test(text[a])) a++;
  ({ start: a, end: b } = trimmedSpan(text, a, b));
  b = withoutFigureNote(text, a, b);
  // "BERT-based" names BERT
  b = a + (nameInCompoundAdjective(text.slice(a, b))?.length ?? b - a);
  const span = text.slice(a, b);
  if ((span.match(/[\p{L}\p{N}]/gu) ?? []).length < 2 || labelsFigure(span) || isAdverb(span) || namesNothingParticular(span) || namesTitledPerson(span) || namesOrganisation(span) || namesPlace(span) || figureLabel(text, a, span) === 'label' || inUrlOptionOrFile(text, a, b) || beginsIdiom(text, a, b) || namesIdentifierOrUnit(text, a, b)) return undefined;
  return { start: a, end: b };
}

/** Where the span ends before a closing note on how the figure draws it ("well-mixed system (blue)"). */
function withoutFigureNote(text: string, start: number, end: number): number {
  const note = /\s+\(([^()]*)\)$/u.exec(text.slice(start, end));
  // words, not panel letters: "Lp (a)", "Su (H)", "p53 (-/-)" and the equation of "WFS (1)" are the name's
  const words = note?.[1].match(/\p{L}+/gu) ?? [];
  return note && note.index > 0 && words.some((w) => w.length > 1) && labelsFigure(note[1]) ? start + note.index : end;
}

/**
 * Names of code and data files: "dietz2011.m", "run_model.py", "counts.tsv", "analysis.R". Extensions
 * as they are written (lower case, R's capitals); a one-letter one only after a stem of three or more
 * characters with a small letter, digit or underscore in it, so "S.c.", "D.C." and "HLA-B.C" stay names.
 */
const FILE_NAME = /^[(\[<‘'"“`]*[\w./-]+\.(py|jl|cpp|java|js|ts|sh|pl|mat|csv|tsv|txt|json|xml|ya?ml|toml|ipynb|[Rr]md|qmd|tex|bib|h5|hdf5|nc|fits|zip|gz|tar)[)\]>’'"”`.,;:]*$/;
const ONE_LETTER_FILE = /^[(\[<‘'"“`]*([\w./-]+)\.[mchRr][)\]>’'"”`.,;:]*$/;

function namesFile(word: string): boolean {
  if (FILE_NAME.test(word)) return true;
  const stem = ONE_LETTER_FILE.exec(word)?.[1];
  return stem !== undefined && stem.length >= 3 && /[a-z\d_]/.test(stem);
}

/**
 * Whether the span lies in a URL ("star-pb" of "http://bit.ly/star-pb", "github.com/lh3"), an e-mail
 * address ("broadinstitute" of "hengli@broadinstitute.org"), a file name ("dietz2011" of "dietz2011.m")
 * or begins a command-line option ("-Q7 -LS -S3", "--cross-species"): words a tool prints, not names.
 */
function inUrlOptionOrFile(text: string, start: number, end: number): boolean {
  let first = start;
  while (first > 0 && !/\s/.test(text[first - 1])) first--;
  let last = end;
  while (last < text.length && !/\s/.test(text[last])) last++;
  const word = text.slice(first, end).split(/\s/)[0];
  const whole = text.slice(first, last);
  if (/^[(\[<‘'"“`]*(https?:\/\/|ftp:\/\/|www\.)/i.test(word)) return true;
  if (/^[(\[<‘'"“`]*[\w.+-]+@[\w-]+(\.[\w-]+)+/u.test(whole) || /^[(\[<‘'"“`]*[\w-]+(\.[\w-]+)*\.(com|org|net|edu|gov|io|ly)\//iu.test(whole)) return true;
  if (namesFile(whole)) return true;
  // LaTeX prints an option's "--" as an en dash ("‘–illumina-prob-mismatch-scale 2.5'")
  return /^[‘'"“`(]*(?:-{1,2}\p{L}|–\p{Ll})/u.test(word);
}

/**
 * Database accessions are identifiers, not names: sequencing runs, experiments, samples and studies
 * (SRA/ENA/DDBJ "ERR1341796", "SRX…", "PRJNA…"), GEO series and samples ("GSE12345"), RefSeq ("NC_000913.3").
 */
const ACCESSION = /^(?:[SED]R[RXSP]\d{6,}|PRJ[NED][AB]\d+|GS[EM]\d{3,}|[ANXWYZ][CGMPRTWZ]_\d{6,}(?:\.\d+)?)$/;

/** File formats, when the next word says a format is meant ("the SAM spec", "BAM files"): no molecule. */
const FILE_FORMATS = new Set(['sam', 'bam', 'cram', 'vcf', 'bcf', 'bed', 'gff', 'gff3', 'gtf', 'fasta', 'fastq', 'paf', 'maf', 'gfa', 'hdf5', 'netcdf', 'csv', 'tsv', 'json', 'xml', 'yaml']);
const FORMAT_NOUN = /^\s*(format|formats|file|files|spec|specification|output|input|record|records|line|lines)\b/i;

/** Units, spelled as units are, that follow a number ("a spacing of 1 ERB", "10 kDa", or math: "x ERB"); as such they name no entity. */
const UNITS = new Set(['ERB', 'ERBs', 'dB', 'dBA', 'dB SPL', 'Hz', 'kHz', 'MHz', 'ppm', 'bp', 'kb', 'kbp', 'Mb', 'Mbp', 'Gb', 'kDa', 'Da', 'rpm']);

const AFTER_NUMBER = new RegExp(`(\\d|(^|\\s)${PLACEHOLDER.math})[\\s\u2009\u202f\u00a0]*$`);

/** An accession, a file format named as one, or a unit after a number. */
function namesIdentifierOrUnit(text: string, start: number, end: number): boolean {
  const span = text.slice(start, end);
  if (ACCESSION.test(span)) return true;
  if (FILE_FORMATS.has(span.toLowerCase()) && FORMAT_NOUN.test(text.slice(end, end + 16))) return true;
  // After a number, or math standing for one ("$1$\,ERB" reads "x ERB"); spelled as written: "15 DA
  // neurons" (dopamine) and "16 SPL genes" are names, "10 Da" and "1 ERB" units.
  return UNITS.has(span) && AFTER_NUMBER.test(text.slice(Math.max(0, start - 5), start));
}

/** Whether a span boundary at `at` falls inside a number ("2|.5", "2.|5", "1,|000"). */
function splitsNumber(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 2), at);
  const after = text.slice(at, at + 2);
  return /\d$/.test(before) && /^[.,]?\d/.test(after) || /\d[.,]$/.test(before) && /^\d/.test(after);
}
