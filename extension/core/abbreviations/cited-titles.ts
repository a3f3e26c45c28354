// A citation right after a word may point to what it names (a tool, a database: "BLAST [1]") or to what
// is said of it ("the AUC [2]", "BDNF [3] regulates plasticity"). The cited work's title tells them
// apart: a tool's or a resource's paper names it in the head of its title with a noun of its kind
// ("Gapped BLAST and PSI-BLAST: a new generation of protein database search programs", "GEO: archive
// for functional genomics data sets"), or is titled with its long form ("Basic local alignment search
// tool"). A paper about a gene or a measure names it without such a noun ("BDNF: a key regulator for
// …", "MRI: basic principles and applications").
import type { ProseSegment } from '../types.ts';
import { abbreviationKey } from './condition-context.ts';

/** Nouns of software and of data resources, in a title's description after its head. */
const WORK_NOUNS: ReadonlySet<string> = new Set([
  'software', 'package', 'packages', 'library', 'libraries', 'program', 'programs', 'pipeline', 'pipelines', 'aligner', 'compiler', 'plugin',
  'suite', 'server', 'tool', 'tools', 'toolkit', 'toolbox', 'framework', 'platform', 'database', 'databases', 'archive', 'repository',
  'resource', 'atlas', 'catalog', 'catalogue', 'knowledgebase', 'portal', 'browser', 'bank', 'banks', 'encyclopedia', 'encyclopaedia', 'compendium',
]);

/**
 * Nouns that end the name of a study or a cohort ("Alzheimer's Disease Neuroimaging Initiative", "UK
 * Biobank"): as the last word of the long form the title spells the word with, never elsewhere in it
 * ("Inflammatory bowel disease: a population-based cohort study" is about the condition).
 */
const STUDY_NOUNS: ReadonlySet<string> = new Set(['initiative', 'study', 'cohort', 'consortium', 'biobank', 'project', 'trial', 'survey']);

const FUNCTION_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'of', 'to', 'for', 'and', 'in', 'on', 'with', 'by', 'at', 'from']);

/** At most this many words before the colon: a name and its qualifiers, not a sentence ending in a colon. */
const MAX_HEAD_WORDS = 6;

const words = (text: string) => text.split(/[\s\u00a0,;]+/u).filter(Boolean);

/** Whether the content words' initials spell the word ("Basic local alignment search tool" → BLAST). */
function spelledBy(word: string, text: string): boolean {
  const initials = words(text).filter((w) => !FUNCTION_WORDS.has(w.toLowerCase())).map((w) => w[0]).join('');
  return initials.length >= 2 && initials.toUpperCase() === word.toUpperCase();
}

/** The letters a title's word gives an abbreviation: its initial, or all of it in capitals ("UK Biobank" → UKB). */
const lettersOf = (w: string) => (/^\p{Lu}{2,}$/u.test(w) ? w : w[0]);

/**
 * Whether some words of the title, the last a study's noun, spell the word as a proper name ("the
 * Alzheimer's Disease Neuroimaging Initiative" → ADNI): each capitalised, and not after "a" or "an", which
 * begin a description of a study's design ("a multicentre study", "A Prospective Cohort"), not its name.
 */
function spelledAsStudy(word: string, title: string): boolean {
  const ws = words(title).map((w) => w.replace(/[^\p{L}\p{N}'’-]/gu, '')).filter(Boolean);
  return ws.some((last, i) => {
    if (!STUDY_NOUNS.has(last.toLowerCase())) return false;
    let spelled = '';
    let j = i;
    for (; j >= 0 && spelled.length < word.length; j--) {
      if (j < i && FUNCTION_WORDS.has(ws[j].toLowerCase())) continue;
      if (!/^\p{Lu}/u.test(ws[j])) return false;
      spelled = lettersOf(ws[j]) + spelled;
    }
    const before = ws[j]?.toLowerCase();
    return spelled.toUpperCase() === word.toUpperCase() && before !== 'a' && before !== 'an';
  });
}

/**
 * "A tool for" a purpose, after a title's colon, is what a review calls a technique ("MRI: a tool for …",
 * "…-based methods: a toolbox for …"); "tools for" without the article describes the named suite ("MEME
 * SUITE: tools for motif discovery").
 */
const TOOL_NOUNS: ReadonlySet<string> = new Set(['tool', 'toolbox']);

/** Whether the text holds a work noun; in a description after a colon (`described`) not "a tool for". */
function holdsWorkNoun(text: string, described = false): boolean {
  const ws = words(text.toLowerCase()).map((w) => w.replace(/[^\p{L}-]/gu, ''));
  return ws.some((w, i) => WORK_NOUNS.has(w) && !(described && TOOL_NOUNS.has(w) && ws[i + 1] === 'for' && (ws[i - 1] === 'a' || ws[i - 1] === 'an')));
}

/**
 * Whether a cited work's title names `word` as that work's own name, with a tool's or a resource's noun
 * in it: the head before its colon holds the word among at most six words and the noun is in the
 * description after it (not "a tool for": "MRI: a tool for …" reviews a technique; "tools for" names), or the whole title
 * spells the word out. Without the noun a title spelling the word out is a review of a disease
 * ("Multiple sclerosis") as often. A study's or a cohort's name is spelled out anywhere in the title
 * with its noun last (`spelledAsStudy`).
 */
export function titleNames(word: string, title: string): boolean {
  if (spelledAsStudy(word, title)) return true;
  if (spelledBy(word, title)) return holdsWorkNoun(title);
  const colon = title.indexOf(':');
  if (colon < 0) return false;
  const head = words(title.slice(0, colon));
  return head.length <= MAX_HEAD_WORDS && head.some((w) => w.replace(/[^\p{L}\p{N}+-]/gu, '') === word) && holdsWorkNoun(title.slice(colon + 1), true);
}

/**
 * Whether a citation starting right after the word ending at `end` (a space or two between) cites a work
 * whose title names the word or its singular (`titleNames`); `citedTitle` gives a key's title.
 */
export function citedWorkNamed(word: string, segment: Pick<ProseSegment, 'prose' | 'citations'>, end: number, citedTitle: (key: string) => string | undefined): boolean {
  const text = segment.prose.text;
  let after = end;
  while (after < text.length && /[\s\u00a0]/u.test(text[after]) && after - end < 2) after++;
  const citation = segment.citations.find((c) => c.proseSpan.start === after);
  if (!citation) return false;
  const forms = new Set([word, abbreviationKey(word)]);
  return citation.occurrence.keys.some(({ key }) => {
    const title = citedTitle(key);
    return title !== undefined && [...forms].some((form) => titleNames(form, title));
  });
}
