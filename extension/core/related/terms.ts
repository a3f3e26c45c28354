// Words → index terms for the lexical ranker and the key-term query: lower-cased, accents folded,
// stop words dropped, a light suffix stemmer (plural and common derivational endings), so that
// "alignments" and "aligning" meet "alignment".

const STOP_WORDS = new Set(`a about above after again against all also although am among an and another any are as at be
because been before being below between both but by can cannot could did do does doing done down during each either
et al etc few for from further had has have having he her here hers him his how however i if in into is it its itself
just least less many may me might more most much must my neither no nor not now of off often on once one only onto or
other others our ours out over own per rather same see several shall she should since so some such than that the their
theirs them then there therefore these they this those though through thus to too two under until up upon us use used
uses using very via was we were what when where whether which while who whom whose why will with within without would
yet you your fig figure table section eq equation ref refs e g i e cf vs`.split(/\s+/));

/** Folds accents and case: "Müller" → "muller". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** A light stemmer: enough to merge inflections, never so aggressive that distinct terms collapse often. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const suffix of ['ational', 'ization', 'ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ness', 'edly', 'ed', 'ly', 'er', 'al', 'ity', 'ive', 'ic', 'e']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

export interface Token {
  /** The stemmed index term. */
  term: string;
  /** The word as it appeared, lower-cased (for showing shared terms and building queries). */
  word: string;
}

/** The index terms of a text, in order (stop words, single letters and pure numbers dropped). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const match of foldText(text).matchAll(/[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu)) {
    for (const part of match[0].split(/[-']/)) {
      if (part.length < 2 || STOP_WORDS.has(part) || /^\d+$/.test(part)) continue;
      out.push({ term: stem(part), word: part });
    }
  }
  return out;
}

export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}
