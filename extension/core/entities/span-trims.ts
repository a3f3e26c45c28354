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

// "I" is left out: before a span it is a numeral ("type I membrane protein", "class I HFE deficiency")
const SUBJECT_BEFORE = /(?<![\p{L}\p{N}])(?:[Ww]e|[Tt]hey|[Yy]ou)\s+$/u;
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
  if (SUBJECT_BEFORE.test(text.slice(Math.max(0, a - 12), a))) {
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
