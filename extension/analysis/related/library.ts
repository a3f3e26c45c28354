// Local library entries (every bibliography the manuscript reads, plus the extra files from settings)
// as ranking candidates, and their BM25 index: built a slice at a time (a 5,000-entry library takes
// seconds to tokenise, and the server must keep answering hovers meanwhile), once per bibliography
// content, shared by concurrent requests.
import { createHash } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Bm25Index } from '../../core/related/bm25.ts';
import { samePaper } from '../../core/related/identity.ts';
import { buildLexicalIndex } from '../../core/related/rank.ts';
import type { RelatedCandidate } from '../../core/related/types.ts';
import type { Bibliography, BibEntry, PersonName } from '../../core/types.ts';

export function personName(name: PersonName): string {
  return name.literal ?? [name.given, name.particle, name.family, name.suffix].filter(Boolean).join(' ');
}

export function libraryCandidate(entry: BibEntry): RelatedCandidate {
  const candidate: RelatedCandidate = {
    id: `bib:${entry.key}`,
    key: entry.key,
    libraryFile: entry.file,
    title: entry.title ?? entry.key,
    authors: (entry.authors.length > 0 ? entry.authors : (entry.editors ?? [])).map(personName),
    sources: ['library'],
  };
  const year = entry.year ? Number.parseInt(entry.year, 10) : Number.NaN;
  if (Number.isFinite(year)) candidate.year = year;
  if (entry.venue) candidate.venue = entry.venue;
  const abstract = entry.fields.abstract;
  if (abstract) candidate.abstract = abstract;
  const keywords = entry.fields.keywords ?? entry.fields.keyword;
  if (keywords) candidate.keywords = keywords;
  if (entry.doi) candidate.doi = entry.doi;
  if (entry.arxiv) candidate.arxiv = entry.arxiv;
  if (entry.url) candidate.url = entry.url;
  return candidate;
}

/**
 * The id of an entry of a later file whose key an earlier file gives to another paper (an extra library's
 * `smith2020deep` next to the manuscript's own): `bib:<key>@<file hash>`, so that it is told apart.
 */
export function shadowedId(entry: BibEntry): string {
  return `bib:${entry.key}@${createHash('sha256').update(entry.file).digest('hex').slice(0, 8)}`;
}

/** Such an entry as a candidate: no key (citing it adds it to the .bib under a fresh one), not in the bibliography. */
function shadowedCandidate(entry: BibEntry): RelatedCandidate {
  const candidate = libraryCandidate(entry);
  delete candidate.key;
  candidate.id = shadowedId(entry);
  return candidate;
}

/**
 * The entries the bibliography left out because an earlier source defines their key and that are another
 * paper (by DOI, arXiv id or title and year): an extra library's `smith2020deep` beside the manuscript's own.
 */
export function shadowedEntries(bibliography: Bibliography): BibEntry[] {
  return (bibliography.shadowed ?? []).filter((entry) => {
    const kept = bibliography.entries.get(entry.key.toLowerCase());
    return kept !== undefined && isPaper(entry) && !samePaper(kept, entry);
  });
}

/** Whether `id` is a shadowed entry's (see `shadowedId`). */
export function isShadowedId(id: string): boolean {
  return /^bib:.+@[0-9a-f]{8}$/.test(id);
}

/** The shadowed entry with this id (see `shadowedId`). */
export function shadowedEntry(bibliography: Bibliography, id: string): BibEntry | undefined {
  if (!isShadowedId(id)) return undefined;
  return shadowedEntries(bibliography).find((entry) => shadowedId(entry) === id);
}

/** Cross-referenced parents (proceedings volumes), @set and @xdata containers are not papers to cite. */
function isPaper(entry: BibEntry): boolean {
  return entry.type !== 'proceedings' && entry.type !== 'xdata' && entry.type !== 'set';
}

/** One candidate per entry (the bibliography already keeps the first definition of a key). */
export function libraryCandidates(entries: Iterable<BibEntry>): RelatedCandidate[] {
  const out: RelatedCandidate[] = [];
  for (const entry of entries) if (isPaper(entry)) out.push(libraryCandidate(entry));
  return out;
}

export interface LibraryIndex {
  candidates: RelatedCandidate[];
  index: Bm25Index;
}

/**
 * Published on `sciwrite:related:library-index`: `{phase: 'start' | 'end', entries}` around the
 * preparation of a library's index (candidates, content key, BM25), for tests and tracing.
 */
export const libraryIndexChannel = channel('sciwrite:related:library-index');

const byBibliography = new WeakMap<Bibliography, Promise<LibraryIndex>>();
/** By content, so a reloaded bibliography whose entries did not change (or two projects reading the same files) reuse the index. */
const byContent = new Map<string, Promise<LibraryIndex>>();
const CONTENT_CACHE_SIZE = 4;
const SLICE_MS = 8;

function turn(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

/** The candidates and a hash of their content, a slice at a time (5,000 entries take ~150 ms in one go). */
async function candidatesAndKey(bibliography: Bibliography): Promise<{ candidates: RelatedCandidate[]; key: string }> {
  const candidates: RelatedCandidate[] = [];
  const hash = createHash('sha256');
  let sliceStart = performance.now();
  for (const entry of bibliography.entries.values()) {
    if (!isPaper(entry)) continue;
    const candidate = libraryCandidate(entry);
    candidates.push(candidate);
    hash.update(JSON.stringify(candidate)).update('\u0000');
    if (performance.now() - sliceStart >= SLICE_MS) {
      await turn();
      sliceStart = performance.now();
    }
  }
  for (const entry of shadowedEntries(bibliography)) {
    const candidate = shadowedCandidate(entry);
    candidates.push(candidate);
    hash.update(JSON.stringify(candidate)).update('\u0000');
  }
  return { candidates, key: hash.digest('hex') };
}

async function prepare(bibliography: Bibliography): Promise<LibraryIndex> {
  const entries = bibliography.entries.size;
  libraryIndexChannel.publish({ phase: 'start', entries });
  try {
    const { candidates, key } = await candidatesAndKey(bibliography);
    let pending = byContent.get(key);
    if (pending) byContent.delete(key);
    else {
      pending = buildLexicalIndex(candidates, { sliceMs: SLICE_MS }).then((index) => ({ candidates, index }));
      pending.catch(() => byContent.delete(key));
    }
    byContent.set(key, pending);
    while (byContent.size > CONTENT_CACHE_SIZE) byContent.delete(byContent.keys().next().value as string);
    return await pending;
  } finally {
    libraryIndexChannel.publish({ phase: 'end', entries });
  }
}

/** The library's candidates (fresh copies: vectors are attached per query) and its BM25 index, shared by concurrent requests. */
export async function libraryIndexOf(bibliography: Bibliography): Promise<LibraryIndex> {
  let pending = byBibliography.get(bibliography);
  if (!pending) {
    pending = prepare(bibliography);
    byBibliography.set(bibliography, pending);
    pending.catch(() => byBibliography.delete(bibliography));
  }
  const library = await pending;
  return { candidates: library.candidates.map((c) => ({ ...c, sources: [...c.sources] })), index: library.index };
}
