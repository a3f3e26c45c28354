// A person named with a title or an occupation ("Hungarian-born financier George Soros", "Dr. Jane
// Smith", "President Lincoln") is no entity of any type; taggers trained on abstracts, which name
// nobody, call such spans materials. People cited as authors are `cited-authors.ts`'s.

/**
 * Titles written before a name: abbreviated ones with their full stop ("Dr.", "Prof."), spelled-out
 * ones as words ("Professor", "President"). Not "Sir", "King" or a bare "Rev"/"Dr"/"MS": in the sciences
 * those begin names of things ("Sir proteins", "Rev response element", "MS Excel", "King algorithm").
 */
const ABBREVIATED_TITLES: ReadonlySet<string> = new Set(['dr.', 'prof.', 'mr.', 'mrs.', 'ms.', 'mx.', 'rev.']);
const TITLES: ReadonlySet<string> = new Set(['professor', 'president', 'senator', 'minister', 'governor', 'chancellor', 'premier', 'mayor', 'reverend']);

/** Occupations written, in lower case, before a name as its description ("financier George Soros"); none a word of the life sciences too ("leader peptide"). */
const OCCUPATIONS: ReadonlySet<string> = new Set([
  'financier', 'billionaire', 'businessman', 'businesswoman', 'entrepreneur', 'investor', 'philanthropist', 'politician',
  'activist', 'journalist', 'novelist', 'poet', 'composer', 'artist', 'economist', 'philosopher', 'historian', 'physicist',
  'mathematician', 'statistician', 'physician', 'surgeon', 'chairman', 'chairwoman', 'spokesman', 'spokeswoman', 'spokesperson',
]);

/** A title as written before a name: capitalised, not all capitals ("MR spectroscopy"). */
function isTitle(word: string): boolean {
  if (!/^\p{Lu}\p{Ll}+\.?$/u.test(word)) return false;
  const lower = word.toLowerCase();
  return ABBREVIATED_TITLES.has(lower) || TITLES.has(lower);
}

/** A given name, a surname or an initial: "George", "Soros", "O'Neill", "Smith-Jones", "J.". */
const NAME = /^(?:\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*|\p{Lu}\.)$/u;

/** Whether the span ends in a person's name after a title or an occupation. */
export function namesTitledPerson(span: string): boolean {
  const words = span.split(/\s+/u);
  for (let k = words.length - 2; k >= 0 && NAME.test(words[k + 1]); k--) {
    if (isTitle(words[k]) || OCCUPATIONS.has(words[k])) return true;
  }
  return false;
}
