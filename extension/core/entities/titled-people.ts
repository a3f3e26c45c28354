// A person named with a title or an occupation ("Hungarian-born financier George Soros", "Dr. Jane
// Smith", "President Lincoln") is no entity of any type; taggers trained on abstracts, which name
// nobody, call such spans materials. People cited as authors are `cited-authors.ts`'s.

/** Honorifics and titles written before a name. */
const TITLES: ReadonlySet<string> = new Set([
  'dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'mx', 'sir', 'dame', 'lord', 'lady', 'rev', 'reverend', 'president', 'senator',
  'minister', 'governor', 'chancellor', 'premier', 'mayor', 'judge', 'justice', 'king', 'queen', 'prince', 'princess', 'pope',
]);

/** Occupations written, in lower case, before a name as its description ("financier George Soros"). */
const OCCUPATIONS: ReadonlySet<string> = new Set([
  'financier', 'billionaire', 'businessman', 'businesswoman', 'entrepreneur', 'investor', 'philanthropist', 'politician',
  'activist', 'journalist', 'author', 'writer', 'novelist', 'poet', 'composer', 'artist', 'economist', 'philosopher',
  'historian', 'physicist', 'chemist', 'biologist', 'mathematician', 'statistician', 'physician', 'surgeon', 'founder',
  'chairman', 'chairwoman', 'chief', 'director', 'leader', 'spokesman', 'spokeswoman', 'spokesperson',
]);

/** A given name, a surname or an initial: "George", "Soros", "O'Neill", "Smith-Jones", "J.". */
const NAME = /^(?:\p{Lu}\p{Ll}+(?:['’-]\p{Lu}?\p{Ll}+)*|\p{Lu}\.)$/u;

/** Whether the span ends in a person's name after a title or an occupation. */
export function namesTitledPerson(span: string): boolean {
  const words = span.split(/\s+/u);
  for (let k = words.length - 2; k >= 0 && NAME.test(words[k + 1]); k--) {
    const word = words[k].replace(/\.$/u, '');
    if ((/^\p{Lu}/u.test(word) && TITLES.has(word.toLowerCase())) || OCCUPATIONS.has(word)) return true;
  }
  return false;
}
