// Words → index terms for the lexical ranker and the key-term query: lower-cased, accents folded,
// stop words dropped, a light suffix stemmer (plural and common derivational endings), so that
// "alignments" and "aligning" meet "alignment". What no paper is about is dropped too: the vocabulary
// every scientific text writes ("results shown in the following chapter"), adverbs in -ly, the prefix
// a hyphen splits off ("non-linear"), web and e-mail addresses, and the author named before "et al.".

const STOP_WORDS = new Set(`a about above after again against all also although am among an and another any are as at be
because been before being below between both but by can cannot could did do does doing done down during each either
et al etc few for from further had has have having he her here hers him his how however i if in into is it its itself
just least less many may me might more most much must my neither no nor not now of off often on once one only onto or
other others our ours out over own per rather same see several shall she should since so some such than that the their
theirs them then there therefore these they this those though through thus to too two under until up upon us use used
uses using very via was we were what when where whether which while who whom whose why will with within without would
yet you your fig figs figure figures table tables section sections eq equation ref refs e g i e cf vs ie eg viz resp
introduction conclusion conclusions discussion appendix acknowledgements acknowledgments
supplementary keywords thesis dissertation chapter chapters paper papers article manuscript study studies
inset result results case cases way ways terms addition
respect regard kind kinds
different similar various certain possible important additional corresponding following previous respective
particular overall whole new novel furthermore moreover nevertheless nonetheless hence thereby therein whereas whereby
namely instead indeed still already even around toward towards across along beyond besides like unlike despite due
according include includes included including let denote denotes denoted equals
show shows shown showed showing present presented presents describe described describes discuss discussed discusses
consider considered considers find finds found obtain obtained obtains give gives given provide provides provided allow
allows allowed allowing enable enables enabled require requires required need needs needed make makes made making take
takes taken seem seems seemed become becomes became note noted indicate indicates indicated suggest suggests suggested
propose proposed investigate investigated investigates conducted perform performed performs carried apply
applied applies applying compare compared comparing known able well quite almost every afterwards literature available
explain explains explained correspond corresponds calculate calculates calculated otherwise
three four five six seven eight nine ten twenty hundred thousand million millions billion fourth
fifth last next twice half january february march april june july august september october november december`.split(/\s+/));

/** Prefixes a hyphen splits off: read with the word they change ("non-small" is not "small", "self-supervised" not "supervised"). */
const PREFIXES = new Set(['non', 'pre', 'post', 'sub', 'co', 're', 'semi', 'multi', 'anti', 'inter', 'intra', 'quasi', 'pseudo', 'self']);

/** Words in -ly that are not adverbs (the others are: "efficiently", "roughly", "highly"). */
const LY_WORDS = new Set(['ally', 'rally', 'lily', 'jelly', 'belly', 'holly', 'bully', 'reply', 'apply', 'imply', 'comply', 'multiply', 'italy', 'early', 'daily', 'weekly', 'monthly', 'yearly', 'hourly', 'quarterly', 'elderly', 'melancholy', 'homily']);
const LY_ENDINGS = ['assembly', 'family', 'anomaly', 'monopoly', 'oligopoly', 'supply', 'fly'];

function isAdverb(word: string): boolean {
  return word.length > 4 && word.endsWith('ly') && !LY_WORDS.has(word) && !LY_ENDINGS.some((ending) => word.endsWith(ending));
}

/**
 * Web and e-mail addresses (a repository's owner, a shortened link), and the author named before "et al.":
 * each pattern starts only where a word starts and runs only on a text holding its mark, so that
 * tokenising a library stays linear.
 */
const NOT_PROSE: { mark: RegExp; pattern: RegExp }[] = [
  { mark: /:\/\/|www\./, pattern: /\b(?:https?:\/\/|ftp:\/\/|www\.)\S+/gu },
  { mark: /@/, pattern: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu },
  { mark: /\.[\p{L}\p{N}-]+\//u, pattern: /(?<![\p{L}\p{N}.-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\/\S*/gu },
  { mark: /\.(?:org|com|net|edu|gov|io|ly)\b/, pattern: /(?<![\p{L}\p{N}.-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:org|com|net|edu|gov|io|ly)\b/gu },
  { mark: /\set\s+al\b/, pattern: /(?<![\p{L}'-])\p{L}[\p{L}'-]*\s+et\s+al\b\.?/gu },
];

function withoutNonProse(text: string): string {
  let out = text;
  for (const { mark, pattern } of NOT_PROSE) if (mark.test(out)) out = out.replace(pattern, '.');
  return out;
}

/** Marks that end a clause: a word pair never spans one. */
const CLAUSE_BREAK = /[.,;:!?()[\]{}"\u201c\u201d]/;

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
  /** Nothing but spaces and dropped words separate it from the previous token: the two may form a pair. */
  joined: boolean;
}

/** The index terms of a text, in order (stop words, single letters and pure numbers dropped). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const folded = withoutNonProse(foldText(text));
  let previousEnd = 0;
  for (const match of folded.matchAll(/[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu)) {
    let joined = out.length > 0 && !CLAUSE_BREAK.test(folded.slice(previousEnd, match.index));
    const parts = /[-']/.test(match[0])
      ? [...match[0].matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ text: m[0], afterHyphen: match[0][m.index - 1] === '-' }))
      : [{ text: match[0], afterHyphen: false }];
    for (let p = 0; p < parts.length; p++) {
      let part = parts[p].text;
      let word = part;
      while (PREFIXES.has(part) && parts[p + 1]?.afterHyphen) {
        part += parts[++p].text;
        word += `-${parts[p].text}`;
      }
      if (part.length < 2 || STOP_WORDS.has(part) || PREFIXES.has(part) || /^\d+$/.test(part) || isAdverb(part)) continue;
      out.push({ term: stem(part), word, joined });
      joined = true;
      previousEnd = match.index + match[0].length;
    }
  }
  return out;
}

export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}
