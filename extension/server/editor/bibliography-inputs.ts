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

/** What each file of a project reads of its bibliography for the others' keys: the software it states, the titles it cites. */
export type ProjectReads = ReadonlyMap<string, { software: SoftwareNames; titles: [string, string | null][] }>;

/** A project's files and what each reads. */
export interface ProjectRead {
  files: FileAnalysis[];
  reads: ProjectReads;
}

/** What each of the project's files reads, computed once for all of its open files after a bibliography re-read. */
export function readProject(files: FileAnalysis[], lookup: (key: string) => BibEntry | undefined): ProjectRead {
  return { files, reads: new Map(files.map((f) => [f.file, readOf(f, lookup)])) };
}

function readOf(file: FileAnalysis, lookup: (key: string) => BibEntry | undefined): { software: SoftwareNames; titles: [string, string | null][] } {
  return { software: statedSoftwareNames(file, lookup), titles: citedEntries(file.segments, lookup).map((entry) => [entry.key, entry.title ?? null]) };
}

/**
 * The inputs of `file`'s entity pass that a bibliography gives; `others` are the project's other files,
 * `reads` what they read when the caller has it for several files.
 */
export function bibliographyInputs(file: FileAnalysis, lookup: (key: string) => BibEntry | undefined, others: readonly FileAnalysis[], reads?: ProjectReads): BibliographyInputs {
  const read = (f: FileAnalysis) => reads?.get(f.file) ?? readOf(f, lookup);
  const citedNames = citedAuthorNames(file.segments, lookup);
  const software = softwareNames(file, lookup, new Map(others.flatMap((f) => [...read(f).software])));
  const hash = createHash('sha1');
  for (const segment of file.segments) {
    hash.update(segment.prose.text).update('\u0000');
    for (const { proseSpan } of segment.citations) hash.update(`${proseSpan.start}-${proseSpan.end},`);
    hash.update('\u0001');
  }
  const titles = [file, ...others].flatMap((f) => read(f).titles);
  hash.update(JSON.stringify([[...citedNames.families].sort(), [...citedNames.givens].sort(), [...software].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), titles]));
  return { citedNames, softwareNames: software, key: hash.digest('base64') };
}
