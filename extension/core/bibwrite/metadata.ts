// The metadata of a paper to add to a .bib, whatever it came from (Semantic Scholar, Crossref, a library).

export interface PaperAuthor {
  family: string;
  given?: string;
}

export interface PaperMetadata {
  /** BibTeX entry type, lower-case; guessed from the venue when absent. */
  type?: string;
  title: string;
  authors: PaperAuthor[];
  year?: number;
  /** "YYYY-MM-DD" or "YYYY-MM". */
  date?: string;
  journal?: string;
  booktitle?: string;
  volume?: string;
  number?: string;
  pages?: string;
  publisher?: string;
  /** A book's or proceedings' editors. */
  editors?: PaperAuthor[];
  /** A thesis's university (BibTeX `school`) or a report's institution. */
  institution?: string;
  /** The publisher's or institution's city (BibTeX `address`, BibLaTeX `location`). */
  address?: string;
  month?: string;
  edition?: string;
  series?: string;
  isbn?: string;
  note?: string;
  doi?: string;
  arxiv?: string;
  url?: string;
}

/** Lower-case words that begin a family name ("van Beethoven", "bin Laden"). */
export const PARTICLES: ReadonlySet<string> = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'le', 'la', 'du', 'dos', 'das', 'ter', 'ten', 'zu', 'y', 'bin', 'al']);

/** "Ashish Vaswani" → {family: Vaswani, given: Ashish}; "Ludwig van Beethoven" → {family: van Beethoven}; "Smith, J." kept. */
export function splitPersonName(name: string): PaperAuthor {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed.includes(',')) {
    const [family, ...rest] = trimmed.split(',');
    const given = rest.join(',').trim();
    return given ? { family: family.trim(), given } : { family: family.trim() };
  }
  const words = trimmed.split(' ');
  if (words.length === 1) return { family: words[0] };
  let familyStart = words.length - 1;
  while (familyStart > 1 && PARTICLES.has(words[familyStart - 1].toLowerCase())) familyStart--;
  // Suffixes belong to the family part ("Martin Luther King Jr.").
  if (/^(jr|sr|ii|iii|iv)\.?$/i.test(words[familyStart]) && familyStart > 1) familyStart--;
  return { family: words.slice(familyStart).join(' '), given: words.slice(0, familyStart).join(' ') };
}
