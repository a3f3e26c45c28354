// Words at the edge of a span that belong to the sentence, not to the name: a possessive before it
// ("his association model": Theile's model is the "association model"), the verb of a "we" or "they"
// right before it ("We [fine-tune SciBERT]" names SciBERT), an adverb after it ("render … PDF-formatted
// documents automatically"), and a sentence that ended inside it ("probabilistic modeling.
// scikit-image provides …"). No gold entity of the NER corpora ends in such an adverb, holds such a
// full stop or begins right after "we", "they" or "you" (a unit test reads them); the possessives that
// begin some ("HER-2", "her-1a") are genes, with no space.

// lower case, or capitalised as a sentence's first word; a gene ("HER 2", "her-1a") is not followed by a
// word, and histidine's and the his operon's "His"/"his" are followed by what they name ("His tag", "his operon")
const POSSESSIVE = /^(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Yy]our)\s+(?=\p{L})(?!(?:operon|genes?|locus|loci|promoter|mutants?|tags?|tagged|residues?|box|boxes|kinases?)\b)/iu;

// "we" and "they" name only subjects; "you" is an object too ("teaches you Python", "lets you BLAST") and
// a surname ("Zhang and You"), "I" a numeral ("type I membrane protein"). Capitalised, "We" and "They"
// begin a sentence; inside one they are a title's ("the film They Live").
const SUBJECTS: ReadonlySet<string> = new Set(['we', 'they']);
const SENTENCE_SUBJECTS: ReadonlySet<string> = new Set(['We', 'They']);

/**
 * Whether the word at `at` is a sentence's first: after nothing, a full stop or colon (a closing quote or
 * bracket after it) and a space, an opening bracket, or an opening quote that begins a sentence or
 * speech after a comma ("“They …", "said, ‘We …"; not the title in 'the film "They Live"').
 */
export function beginsSentence(text: string, at: number): boolean {
  let p = at;
  while (p > 0 && /\s/u.test(text[p - 1])) p--;
  if (p === 0 || /[([]/u.test(text[p - 1])) return true;
  if (p < at) return /[.!?:]['"’”)\]]?$/u.test(text.slice(Math.max(0, p - 2), p));
  // a straight quote or apostrophe glued to a word before it closes something ("rock'n")
  if (!/[“‘]/u.test(text[p - 1]) && !(/["']/u.test(text[p - 1]) && (p === 1 || /[\s([]/u.test(text[p - 2])))) return false;
  let q = p - 1;
  while (q > 0 && /\s/u.test(text[q - 1])) q--;
  return beginsSentence(text, p - 1) || (q < p - 1 && /[,:]$/u.test(text.slice(0, q)));
}

/** Whether the word before `at`, after a space, is the subject "we" or "they" (`at`: where a span begins). */
function afterSubject(text: string, at: number): boolean {
  let end = at;
  while (end > 0 && /\s/u.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1])) start--;
  const word = text.slice(start, end);
  if (end === at || !(SUBJECTS.has(word) || SENTENCE_SUBJECTS.has(word))) return false;
  return SUBJECTS.has(word) || beginsSentence(text, start);
}

const FIRST_WORD = /^([\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*)\s*/u;

/** An adverb in "-ly" of the kinds `plausible.ts` drops alone ("automatically", "significantly"). */
export const ADVERB = /^\p{L}{3,}(?:ally|ously|ively|ently|antly|edly|ingly|fully|lessly)$/iu;

/**
 * Lower-case abbreviations written with a full stop inside names and references: nomenclature ("Brassica
 * rapa var. chinensis", "subsp.", "spp.", "cv."), "et al.", "approx.", "vs.", "Fig.", "Eq.", "No.".
 */
const ABBREVIATED = new Set(['var', 'subsp', 'ssp', 'spp', 'sp', 'cv', 'aff', 'nov', 'al', 'approx', 'vs', 'viz', 'etc', 'fig', 'figs', 'eq', 'eqs', 'ref', 'refs', 'vol', 'resp', 'incl', 'cf', 'no',
  // strains and ranks ("Escherichia coli str. K-12 substr. MG1655", "subsp. enterica ser. Typhimurium", "comb. nov.")
  'str', 'substr', 'ser', 'sect', 'subsect', 'subg', 'comb', 'grp', 'syn', 'emend', 'nom', 'subvar', 'forma']);

/** text[start, end) less those words (`start === end` when nothing is left). */
export function trimmedSpan(text: string, start: number, end: number): { start: number; end: number } {
  let a = start;
  let b = end;
  // a full stop after a word of three or more small letters, then a space: the sentence ended there
  for (const m of text.slice(a, b).matchAll(/(?<!\p{L})(\p{Ll}{3,})\.\s/gu)) {
    if (ABBREVIATED.has(m[1])) continue;
    b = a + m.index + m[1].length;
    break;
  }
  const possessive = POSSESSIVE.exec(text.slice(a, b));
  if (possessive) a += possessive[0].length;
  // the subject's verb, and an adverb before it ("we carefully fine-tune")
  if (afterSubject(text, a)) {
    for (let adverb = true; adverb && a < b;) {
      const word = FIRST_WORD.exec(text.slice(a, b));
      if (!word) break;
      adverb = ADVERB.test(word[1]);
      a += word[0].length;
    }
  }
  for (;;) {
    const last = /\s+(\p{L}+)$/u.exec(text.slice(a, b));
    if (!last || !ADVERB.test(last[1])) break;
    b = a + last.index;
  }
  return { start: a, end: Math.max(a, b) };
}
