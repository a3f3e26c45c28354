// Bibliography messages: the uncited-entries report.
import { request } from './messages.ts';
import type { WireLocation } from './ranges.ts';

export interface UncitedEntriesParams {
  /** A manuscript (or .bib) of the project to report on; every open project when absent. */
  uri?: string;
}

export interface UncitedEntry {
  key: string;
  title?: string;
  authors?: string;
  year?: string;
  /** Where the entry's key sits in its .bib file. */
  location: WireLocation;
}

export interface UncitedProjectReport {
  /** URI of the project's root manuscript. */
  rootUri: string;
  /** URIs of the bibliography files the project reads. */
  bibliographyUris: string[];
  /** Entries no file of the project cites (`\nocite{*}` cites them all: then empty). */
  entries: UncitedEntry[];
}

export interface UncitedEntriesResult {
  projects: UncitedProjectReport[];
}

export const UncitedEntriesRequest = request<UncitedEntriesParams, UncitedEntriesResult>('sciwrite/uncitedEntries');
