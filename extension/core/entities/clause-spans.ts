// A task, method, metric or material is a noun phrase: a span of those types holding a finite verb
// ran over a clause ("neighbouring subunit proceeds clockwise", "Iterative Hessian factorization
// denotes algorithms"), and one that begins with a participle and its preposition began inside one
// ("encoders [pre-trained on scientific text]": the name is "scientific text"). The participle is no
// noun in "-ed" and the span no title: "Need for Speed", "Learned in Translation" and "speed over
// ground" are names (at a sentence's start, "Trained on ImageNet, …", the capital is the sentence's
// unless the span is a title — every word capitalised — that no comma closes as a clause, right after
// it or after words that go on from a preposition, a citation or a number ("Trained on ImageNet for 90
// epochs, …", "Fine-tuned on SQuAD 1.1, …") with no main clause's verb among them: "Learned in Translation
// vectors improve the tagger, …" and "Learned in Translation and ELMo serve as a baseline, …" begin with a title).
// SciERC's annotations hold no such verb and begin with no such pair (unit tests read them).
import { COMPUTER_SCIENCE_TYPES } from './domain-types.ts';

/** Third-person and auxiliary verb forms that are not also nouns in scientific prose ("results", "yields", "uses" are). */
export const FINITE_VERBS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'must', 'might',
  'proceeds', 'converges', 'denotes', 'requires', 'provides', 'represents', 'performs', 'achieves', 'outperforms', 'improves',
  'generates', 'computes', 'predicts', 'learns', 'obtains', 'contains', 'includes', 'consists', 'depends', 'becomes', 'seems',
  'appears', 'occurs', 'exists', 'describes', 'proposes', 'introduces', 'considers', 'assumes', 'defines', 'allows', 'gives',
  'enables', 'ensures', 'reveals', 'suggests', 'indicates', 'demonstrates', 'relies', 'fails', 'differs', 'behaves',
]);


/**
 * Whether a span of a computer-science type runs over a finite verb, written in lower case (its first
 * word aside: "Is" of a title; "the CAN bus", "IS-IS routing" are names).
 */
export function runsOverClause(text: string, type: string): boolean {
  if (!COMPUTER_SCIENCE_TYPES.has(type)) return false;
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.slice(1).some((w) => FINITE_VERBS.has(w));
}

/** A comma, after a citation or not: where an opening participle's clause ends ("Trained on ImageNet [4], ResNet …"). */
const CLAUSE_END = /^\s*(?:[[(][^\])]*[\])]\s*)?,/u;
/**
 * The clause running on to a comma before the sentence ends, from a preposition or conjunction, a citation or a number
 * ("for 90 epochs, …", "[4] for 90 epochs, …", "by He et al., …", "1.1, …"); not a noun and its verb ("vectors improve the tagger, …").
 */
const CLAUSE_RUNS_ON = /^\s*(?:[[(][^\])]*[\])]\s*)?(?:(?:for|with|by|and|or|on|in|at|to|from|over|under|after|before|during|using|via|without|within|across|as|then)\s|v?\d)(?:[^.;:!?,]|\.\d|(?<=\bal)\.)*,/u;
/** The words a title leaves in small letters ("Learned in Translation", "Attention Is All You Need"). */
const TITLE_SMALL_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'in', 'on', 'for', 'to', 'at',
  'by', 'with', 'from', 'via', 'as', 'over', 'under', 'into', 'onto', 'vs']);

/** Whether every word of `words` but a title's small words begins with a capital or a digit. */
function titleCased(words: string): boolean {
  return (words.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).every((w) => !/^\p{Ll}/u.test(w) || TITLE_SMALL_WORDS.has(w));
}

/** The verbs of a main clause, the -s forms' plurals too ("improve"; not "compute", a noun in "with less compute"). */
const MAIN_CLAUSE_VERBS: ReadonlySet<string> = new Set([...FINITE_VERBS, 'serves', 'serve', ...[...FINITE_VERBS]
  .filter((w) => w.length > 4 && w.endsWith('s')).map((w) => (w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1))).filter((w) => w !== 'compute')]);
/** Words after which a verb is the participle clause's own: an infinitive or a subordinate clause ("to improve", "that are", "as is common"). */
const SUBORDINATING: ReadonlySet<string> = new Set(['to', 'that', 'which', 'who', 'whom', 'whose', 'what', 'where', 'when', 'while', 'whereas', 'as',
  'if', 'because', 'since', 'although', 'though', 'unless', 'until', 'so', 'than', 'how', 'why']);

/** Subjects of an unmarked relative clause, whose verbs are the clause's own ("the images we have collected, …"). */
const PRONOUNS: ReadonlySet<string> = new Set(['I', 'we', 'you', 'he', 'she', 'it', 'they']);
/** Words between a pronoun and its verbs ("we also have", "they could not share"). */
const VERB_ADVERBS = /^(?:\p{L}+ly|not|also|still|already|now|then|just)$/u;

/**
 * Whether words running on to a comma hold a main clause's verb, in small letters, before any subordinating word
 * and not a pronoun's: the title is its subject.
 */
function holdsMainVerb(runOn: string): boolean {
  let afterPronoun = false;
  for (const w of runOn.match(/\p{L}+/gu) ?? []) {
    if (SUBORDINATING.has(w)) return false;
    if (MAIN_CLAUSE_VERBS.has(w) && !afterPronoun) return true;
    afterPronoun = PRONOUNS.has(w) || (afterPronoun && (MAIN_CLAUSE_VERBS.has(w) || VERB_ADVERBS.test(w)));
  }
  return false;
}

/** Whether a span at a sentence's start, its words after the participle's preposition `rest`, is a title: see the header. */
function titleAtStart(rest: string, after: string | undefined): boolean {
  if (after === undefined || !titleCased(rest) || CLAUSE_END.test(after)) return false;
  const runOn = CLAUSE_RUNS_ON.exec(after);
  return runOn === null || holdsMainVerb(runOn[0]);
}

/**
 * The text after `at` to its sentence's end, where an opening participle clause's comma may be: to the first full stop,
 * question or exclamation mark before white space ("et al." goes on), as far as the clause's words can run.
 */
export function sentenceRest(prose: string, at: number): string {
  const stop = /[.!?](?=\s|$)/gu;
  stop.lastIndex = at;
  for (let m = stop.exec(prose); m; m = stop.exec(prose)) {
    if (!/\bal$/u.test(prose.slice(Math.max(at, m.index - 3), m.index))) return prose.slice(at, m.index + 1);
  }
  return prose.slice(at);
}

const PARTICIPLE_AND_PREPOSITION = /^((?:[\p{L}\p{N}]+-)*(\p{L}{2,}ed))\s+(?:on|upon|from|by|with|in|into|onto|for|to|at|over|under|via|through|across|against|without)\s+(?=(\S))/u;

/** Words in "-ed" that are no participle: the "-eed" nouns ("need", "speed", "seed", "feed", "breed"), not the "-ee" verbs' participles, and others. */
const NOT_PARTICIPLE = /eed$/u;
const EE_VERB_PARTICIPLES: ReadonlySet<string> = new Set(['agreed', 'disagreed', 'freed', 'guaranteed', 'refereed', 'decreed']);
const ED_NOUNS: ReadonlySet<string> = new Set([
  'hundred', 'infrared', 'hatred', 'kindred', 'sacred', 'shred', 'sled', 'naked', 'wicked', 'biped', 'quadruped', 'moped',
  'testbed', 'seabed', 'flatbed', 'hotbed', 'riverbed', 'seedbed',
]);

/**
 * How many characters of a span of a computer-science type belong to the clause before its noun
 * phrase: a past participle and its preposition ("pre-trained on ", "based on "), else 0.
 * `startsSentence`: the span is its sentence's first words, so a capital on its first letter is the sentence's;
 * `after`, the text after the span, if known: then a title-cased span at a sentence's start is a title unless a
 * comma closes it as a clause (right after it, or after words going on from a preposition, a citation or a number).
 */
export function clauseLead(text: string, type: string, startsSentence = false, after?: string): number {
  if (!COMPUTER_SCIENCE_TYPES.has(type)) return 0;
  const lead = PARTICIPLE_AND_PREPOSITION.exec(text);
  if (!lead) return 0;
  const [, word, participle, next] = lead;
  // in small letters, but for a sentence's capital ("Fine-tuned on SQuAD, the model …"); a title's words
  // are all capitalised ("Pre-Trained on …"; mid-sentence "Learned in Translation", "Based on Context")
  const lower = word.toLowerCase();
  const title = !/\p{Ll}/u.test(next) && (!startsSentence || titleAtStart(text.slice(lead[0].length), after));
  if (word !== lower && (word.slice(1) !== lower.slice(1) || title)) return 0;
  const p = participle.toLowerCase();
  return ED_NOUNS.has(p) || (NOT_PARTICIPLE.test(p) && !EE_VERB_PARTICIPLES.has(p)) ? 0 : lead[0].length;
}
