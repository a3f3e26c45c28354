// What an open file's entity pass and its publications read from its project's bibliography, with a
// key that changes only when one of them does: its prose, where its citations print (a number, an
// author and year); the names of the authors and editors it cites (cited-authors.ts); the software
// names that titles cited by it and by the project's other files give (software-names.ts); and those
// titles themselves, which the Citation Intents view lists (the intents a pass pushes reload it). After
// a bibliography re-read, or a pass of another file of the project, a file whose key is unchanged is
// not analysed again: an entry no file cites, or a field none of these reads (pages, doi), changes nothing.
import { createHash } from 'node:crypto';
import { citedAuthorNames, citedEntries, type CitedNames } from '../../core/entities/cited-authors.ts';
import { softwareNames, statedSoftwareNames, type SoftwareNames } from '../../core/entities/software-names.ts';
import type { BibEntry } from '../../core/types.ts';
import type { FileAnalysis } from '../../analysis/index.ts';

export interface BibliographyInputs {
  citedNames: CitedNames;
  softwareNames: SoftwareNames;
  key: string;
}

/** The inputs of `file`'s entity pass that a bibliography gives; `others` are the project's other files. */
export function bibliographyInputs(file: FileAnalysis, lookup: (key: string) => BibEntry | undefined, others: readonly FileAnalysis[]): BibliographyInputs {
  const citedNames = citedAuthorNames(file.segments, lookup);
  const software = softwareNames(file, lookup, new Map(others.flatMap((f) => [...statedSoftwareNames(f, lookup)])));
  const hash = createHash('sha1');
  for (const segment of file.segments) {
    hash.update(segment.prose.text).update('\u0000');
    for (const { proseSpan } of segment.citations) hash.update(`${proseSpan.start}-${proseSpan.end},`);
    hash.update('\u0001');
  }
  const titles = [file, ...others].flatMap((f) => citedEntries(f.segments, lookup).map((entry) => [entry.key, entry.title ?? null]));
  hash.update(JSON.stringify([[...citedNames.families].sort(), [...citedNames.givens].sort(), [...software].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), titles]));
  return { citedNames, softwareNames: software, key: hash.digest('base64') };
}
