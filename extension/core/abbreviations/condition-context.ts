// Where the prose writes a word as a condition — a disease, a cancer, an infection — and not as the name
// of a tool or data set: "patients with COPD", "incidence of RA", "infected with HBV", "HCC patients"
// (not "patients with ICD codes", nor "TCGA patients" of a TCGA cited as a source).
// The entity pass types cited databases and tools as diseases too ("annotated with OMIM [1]", "coded
// with ICD [2]"), so its type alone does not say that a citation after the word is for what is said of it.
import type { ProseSegment } from '../types.ts';

/** Alternatives whose first letter may be a capital: a cue may start a sentence ("Treatment of PD"). */
const cues = (...words: string[]) => words.map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|');
const S = '[\\s\\u00a0]+';
const PEOPLE = cues('patients?', 'subjects', 'individuals', 'people', 'persons', 'women', 'men', 'children', 'adults', 'adolescents', 'infants', 'participants', 'cases', 'controls', 'those', 'mice', 'rats');
const CONDITION_NOUNS = cues(
  'cases', 'incidence', 'prevalence', 'risk', 'onset', 'diagnosis', 'diagnoses', 'treatment', 'therapy', 'management', 'progression', 'severity', 'history',
  'mortality', 'exacerbations?', 'pathogenesis', 'pathophysiology', 'symptoms', 'burden', 'a?etiology', 'remission', 'relapse', 'recurrence', 'susceptibility', 'screening',
);
const VERBS = cues(`diagnosed${S}with`, `suffering${S}from`, `living${S}with`, `affected${S}by`, `infected${S}with`, `infections?${S}(?:with|by)`, `died${S}(?:of|from)`);
/** Prepositions and articles end the words between a cue and its condition: "treatment of samples with OMIM" cues no "OMIM". */
const NOT_MODIFIERS = 'with|without|by|from|in|on|at|to|for|of|using|via|as|into|than|through|against|across|after|before|during|under|over|between|the|a|an';
/** Up to three lower-case modifiers, "and"/"or" and a stage among them: "patients with relapsed or refractory AML", "stage IV NSCLC". */
const MODIFIERS = `(?:${S}(?!(?:${NOT_MODIFIERS})(?![\\p{L}-]))(?:\\p{Ll}[\\p{Ll}-]*|I{1,3}V?[ABCabc]?|IV[ABCabc]?|\\p{N}+)(?![\\p{L}\\p{N}-])){0,3}`;
const CUE_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(?:${PEOPLE})${S}with(?:out)?(?:${S}(?:and|or)${S}without)?|with${S}(?:and|or)${S}without|${VERBS}|(?:${CONDITION_NOUNS})${S}(?:of|for))${MODIFIERS}${S}(?=[\\p{L}\\p{N}])`,
  'gu',
);
/** A noun after the word (its citation between them allowed): "HCC patients", "NSCLC [4] patients", "COPD exacerbations". */
const CUE_AFTER = /(?<=[\s\u00a0])(?:patients?|cases|subjects|sufferers|survivors|onset|progression|pathogenesis|exacerbations?|infections?|mortality|severity|symptoms)(?![\p{L}\p{N}-])/gu;
/** The nouns after the word that only a condition takes: a cohort is written before "subjects" and "cases" too ("PPMI [2] subjects"). */
const CONDITION_CUE_AFTER = /(?<=[\s\u00a0])(?:patients?|sufferers|onset|progression|pathogenesis|exacerbations?|flares?|relapses?|infections?|severity|symptoms)(?![\p{L}\p{N}-])/gu;
const WORD_AT = /^[\p{L}\p{N}][\p{L}\p{N}-]*/u;
const WORD_BEFORE = /[\p{L}\p{N}][\p{L}\p{N}-]*$/u;
/** A noun after the word that makes it a data set's or classification's name: "patients with ICD codes", "with OMIM entries". */
const NOT_CONDITION_NOUN = /^[\s\u00a0]+(?:codes?|data|entries|entry|records?|cohorts?|databases?|scores?|criteria|terms?|annotations?|registry|registries|identifiers?|labels?|files?|samples?)(?![\p{L}\p{N}-])/u;
/** A word after a preposition that data sets take, cited right after it: "downloaded from TCGA [1]", "annotated with OMIM [2]". */
const AFTER_DATA_PREPOSITION = /(?<![\p{L}\p{N}-])(?:[Ff]rom|[Ii]n|[Ww]ith|[Oo]f)[\s\u00a0]+(?:the[\s\u00a0]+)?([\p{L}\p{N}][\p{L}\p{N}-]*)/gu;
/** Another condition in the same list: ", asthma", " and HBV", ", or CKD". */
const NEXT_IN_LIST = /^(?:[\s\u00a0]*,[\s\u00a0]*(?:(?:and|or)[\s\u00a0]+)?|[\s\u00a0]+(?:and|or)[\s\u00a0]+)(?=[\p{L}\p{N}])/u;

/** The same key for "COPD" and "COPDs" as the undefined abbreviations use. */
export const abbreviationKey = (word: string) => word.replace(/(?<=\p{Lu})s$/u, '');

type Cited = Pick<ProseSegment, 'prose' | 'citations'>;

/** Past the spaces and a citation starting at `at`. */
function pastCitation(text: string, at: number, segment: Cited): number {
  let i = at;
  while (/[\s\u00a0]/u.test(text[i] ?? '')) i++;
  const c = segment.citations.find((x) => x.proseSpan.start === i);
  return c ? c.proseSpan.end : at;
}

/** Back past the spaces before `at`. */
function pastSpacesBack(text: string, at: number): number {
  let i = at;
  while (i > 0 && /[\s\u00a0]/u.test(text[i - 1])) i--;
  return i;
}

/** The words (as `abbreviationKey`) some segment cites as a data set is cited: "from TCGA [1]", "in SEER [2]". */
function citedAsData(segments: readonly Cited[]): Set<string> {
  const out = new Set<string>();
  for (const segment of segments) {
    const text = segment.prose.text;
    for (const m of text.matchAll(AFTER_DATA_PREPOSITION)) {
      const end = m.index + m[0].length;
      if (pastCitation(text, end, segment) !== end) out.add(abbreviationKey(m[1]));
    }
  }
  return out;
}

/**
 * The words (as `abbreviationKey`) that some segment writes as a condition: after a cue ("patients
 * with", "risk of", "diagnosed with", "with or without"), the others of a list they begin ("patients
 * with COPD [1] and HBV [2]"), or before a noun of patients or disease ("HCC patients"). Not a data
 * set's or classification's name written as an attribute: "patients with ICD codes", "TCGA patients"
 * where TCGA is cited as a source ("downloaded from TCGA [1]"). With `onlyConditionNouns` the nouns
 * after the word are those only a condition takes ("RA [1] patients", "COPD [2] exacerbations"; not
 * "PPMI [2] subjects", "SEER [3] cases").
 */
export function wordsWrittenAsConditions(segments: readonly Cited[], onlyConditionNouns = false): Set<string> {
  const out = new Set<string>();
  let data: Set<string> | undefined;
  for (const segment of segments) {
    const text = segment.prose.text;
    for (const cue of text.matchAll(CUE_BEFORE)) {
      let at = cue.index + cue[0].length;
      for (;;) {
        const word = WORD_AT.exec(text.slice(at, at + 40))?.[0];
        if (word === undefined) break;
        at = pastCitation(text, at + word.length, segment);
        if (NOT_CONDITION_NOUN.test(text.slice(at, at + 40))) break;
        out.add(abbreviationKey(word));
        const next = NEXT_IN_LIST.exec(text.slice(at, at + 20));
        if (!next) break;
        at += next[0].length;
      }
    }
    for (const noun of text.matchAll(onlyConditionNouns ? CONDITION_CUE_AFTER : CUE_AFTER)) {
      let end = pastSpacesBack(text, noun.index);
      const citation = segment.citations.find((c) => c.proseSpan.end === end);
      if (citation) end = pastSpacesBack(text, citation.proseSpan.start);
      const word = WORD_BEFORE.exec(text.slice(Math.max(0, end - 40), end))?.[0];
      if (word !== undefined && !(data ??= citedAsData(segments)).has(abbreviationKey(word))) out.add(abbreviationKey(word));
    }
  }
  return out;
}
