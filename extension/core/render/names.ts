// Name labels as author-year styles print them (natbib plainnat, biblatex authoryear):
// "Smith", "Smith and Jones", "Smith et al."; the von particle stays ("van Beethoven");
// literal names print whole ("The SciPy Community"). Entries without authors fall back to
// editors, then an organisation, then the `key` field, then the entry key.
import type { BibEntry, PersonName } from '../types.ts';

export function familyLabel(name: PersonName): string {
  if (name.literal) return name.literal;
  return name.particle ? `${name.particle} ${name.family}` : name.family;
}

/** "Given von Family, Jr." for full listings. */
export function fullName(name: PersonName): string {
  if (name.literal) return name.literal;
  return [name.given, name.particle, name.family].filter(Boolean).join(' ') + (name.suffix ? `, ${name.suffix}` : '');
}

/** The names a citation label is made from, and whether the list was cut short (`and others`). */
export function labelNames(entry: BibEntry): { names: PersonName[]; truncated: boolean } | undefined {
  if (entry.authors.length > 0) return { names: entry.authors, truncated: entry.authorsTruncated === true };
  if (entry.editors && entry.editors.length > 0) return { names: entry.editors, truncated: false };
  return undefined;
}

/** The short author label of an entry, e.g. "Smith et al.". */
export function authorLabel(entry: BibEntry): string {
  const list = labelNames(entry);
  if (list) {
    const { names, truncated } = list;
    if (names.length >= 3 || (truncated && names.length >= 1)) return `${familyLabel(names[0])} et al.`;
    if (names.length === 2) return `${familyLabel(names[0])} and ${familyLabel(names[1])}`;
    return familyLabel(names[0]);
  }
  const f = entry.fields;
  return f.organization ?? f.institution ?? f.key ?? f.publisher ?? entry.key;
}

/** Every author's family name, natbib's \citefullauthor: "Smith, Jones, and Lee". */
export function fullAuthorLabel(entry: BibEntry): string {
  const list = labelNames(entry);
  if (!list) return authorLabel(entry);
  const names = list.names.map(familyLabel);
  if (list.truncated) names.push('others');
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
}
