// The related-work panel's messages (issue 6): rank the papers for a scope of a manuscript, cite one
// at the cursor, add one to the .bib, copy its BibTeX, hide it, add one by DOI/arXiv id, and what the
// consent prompt shows. Settings the server reads per request are `sciwrite.related.*` and
// `sciwrite.bibliography.writeTarget`; what only the client holds (the consent answer, the API key
// from secret storage, its storage folder) travels in `client`.
import { notification, request } from './messages.ts';
import type { WirePosition, WireRange } from './ranges.ts';

export type RelatedScopeName = 'paragraph' | 'selection' | 'section' | 'document';
export type RelatedSourceName = 'library' | 'semantic-scholar' | 'recommendations';

export interface RelatedClientContext {
  /** The user's answer in the consent prompt; false (or absent in VS Code) keeps Semantic Scholar off whatever the settings say. */
  semanticScholarConsent?: boolean;
  /** Semantic Scholar API key from the client's secret storage (sent as `x-api-key`). */
  apiKey?: string;
  /** VS Code's `http.proxy` and `http.proxyStrictSSL`. */
  proxy?: string;
  proxyStrictSSL?: boolean;
  /** A folder the server may keep caches and "not relevant" marks in (the extension's global storage). */
  storageDir?: string;
}

export interface RelatedRankParams {
  uri: string;
  position: WirePosition;
  scope: RelatedScopeName;
  /** The selection, for selection scope. */
  selection?: WireRange;
  /** At most this many papers (default 20). */
  limit?: number;
  /** Local libraries only. */
  offline?: boolean;
  /**
   * Also list the papers cited inside the scope itself, after all others (the panel's "Show papers cited
   * here"). Default false: they are left out and counted in `citedHereHidden`. Papers the manuscript
   * cites elsewhere are always listed, after the papers it does not cite.
   */
  showCitedHere?: boolean;
  client?: RelatedClientContext;
}

/** One ranked paper (core/related's RankedPaper without vectors). */
export interface WireRankedPaper {
  id: string;
  key?: string;
  title: string;
  authors: string[];
  year?: number;
  venue?: string;
  abstract?: string;
  tldr?: string;
  doi?: string;
  arxiv?: string;
  s2Id?: string;
  url?: string;
  pdfUrl?: string;
  citationCount?: number;
  score: number;
  source: RelatedSourceName;
  sources: RelatedSourceName[];
  reasons: string[];
  similarity?: number;
  lexicalScore?: number;
  sharedTerms: string[];
  inBibliography: boolean;
  cited: boolean;
}

export interface RelatedRankResult {
  scope: RelatedScopeName;
  /** Keys cited inside the scope. */
  citedKeys: string[];
  /** How many papers cited inside the scope were left out (without `showCitedHere`). */
  citedHereHidden?: number;
  /** What was sent to Semantic Scholar for this ranking, when anything was. */
  sent?: { query: string; paperIds: string[] };
  papers: WireRankedPaper[];
  status: {
    ranker: 'bm25' | 'specter2' | 'bm25+specter2';
    model: 'specter2' | 'missing' | 'error';
    /** The embedding model that ranked ("SPECTER2", or the sciwrite.models.embeddings Hub id / folder). */
    embedder?: string;
    /** sciwrite.models.embeddings names a model of the user's own: the panel does not offer SPECTER2 then. */
    ownModel?: boolean;
    /** The Hub model of sciwrite.models.embeddings, deleted in Manage Models: nothing downloads it until the panel's "Download again" (RelatedDownloadModelAgainRequest). */
    deletedModel?: string;
    s2: 'off' | 'offline' | 'ok' | 'error';
    messages: string[];
  };
  /** Papers marked not relevant for this manuscript. */
  hiddenCount: number;
}

/** A text edit and a workspace edit in LSP's shape (plain, so that neither side needs the other's library). */
export interface WireTextEdit {
  range: WireRange;
  newText: string;
}

export interface WireWorkspaceEdit {
  changes: Record<string, WireTextEdit[]>;
}

export interface RelatedPaperParams {
  /** The manuscript the panel follows. */
  uri: string;
  /** A paper id from the last ranking (`bib:<key>`, `s2:<paperId>`). */
  paperId: string;
  client?: RelatedClientContext;
  /** The user's answer to an `ask` outcome: where the paper goes. */
  target?: WireWriteChoice;
}

/** Where a paper goes when the server asked: one of the manuscript's .bib files, or the user's Zotero library. */
export type WireWriteChoice = { kind: 'file'; uri: string } | { kind: 'zotero' };

export interface WireWriteOption {
  choice: WireWriteChoice;
  label: string;
  detail?: string;
}

export interface RelatedCiteParams extends RelatedPaperParams {
  /** Where the citation goes (the cursor). */
  position: WirePosition;
  /** The selected text, kept: the citation goes at its end, as for a cursor there. */
  selection?: WireRange;
}

/** What happened to the .bib. */
export type BibOutcome =
  /** The entry is in the returned `edit` (the .bib is open in an editor: its unsaved text is kept). */
  | { kind: 'edit'; uri: string; key: string }
  /** The server appended the entry to the file on disk, atomically. */
  | { kind: 'written'; uri: string; key: string }
  /** The bibliography already holds the paper (same key, DOI or title): nothing was added. */
  | { kind: 'present'; uri?: string; key: string }
  /** Nothing was written, and why (an auto-export another tool regenerates, no bibliography, ...). */
  | { kind: 'refused'; reason: string; files?: string[] }
  /** Nothing was written yet: the client asks the user to pick one of `options` and sends the request again with it as `target`. */
  | { kind: 'ask'; reason: string; options: WireWriteOption[] }
  /**
   * The paper was saved in the user's Zotero library, whose Better BibTeX auto-export the manuscript reads.
   * "Add to .bib" answers at once: no key yet. "Cite here" waits (bounded) until the export holds it: then
   * `key` is the one Better BibTeX chose and `uri` the export; without them the export did not have it in
   * time, and `reason` says to cite it once it appears.
   */
  | { kind: 'zotero'; reason: string; key?: string; uri?: string };

export interface RelatedBibResult {
  /** The key to cite; absent when the paper could not be added. */
  key?: string;
  bib: BibOutcome;
  /** Edits for the client to apply (the .bib insertion when the .bib is open; for cite, the citation too). */
  edit?: WireWorkspaceEdit;
  /** One line for the user ("Cited smith2020attention; added it to refs.bib"). */
  notice: string;
}

export interface RelatedCiteResult extends RelatedBibResult {
  /** How the paper is cited (`\citep{key}`, `[@key]`); with the cursor inside a citation, the edit adds the key to that one instead. */
  citation?: string;
  /** What happened to the .bib alone (`notice` without "Cited <key>."), for a client that does not insert the citation. */
  bibNotice?: string;
}

export interface RelatedNotRelevantParams extends RelatedPaperParams {
  /** Take the mark back. */
  undo?: boolean;
}

export interface RelatedAddByIdParams {
  uri: string;
  /** A DOI or an arXiv id. */
  identifier: string;
  client?: RelatedClientContext;
  /** The user's answer to an `ask` outcome. */
  target?: WireWriteChoice;
}

export interface RelatedConsentParams {
  /** With a manuscript and cursor: preview the query that would be sent for this scope (computed locally, nothing sent). */
  uri?: string;
  position?: WirePosition;
  scope?: RelatedScopeName;
  selection?: WireRange;
}

export interface RelatedConsentInfo {
  /** What the consent prompt says, word for word. */
  text: string;
  /** The key-term query and the ids that would be sent for the scope, when a manuscript was given. */
  preview?: { query: string; paperIds: string[] };
}

export interface RelatedSpecter2Params {
  client?: RelatedClientContext;
}

/** What "Download SPECTER2" would fetch: the consent prompt's content. */
export interface RelatedSpecter2Info {
  /** A SPECTER2 model is already where the ranking looks for one (downloaded, or put there by hand). */
  installed: boolean;
  /** The Hub, or the HF_ENDPOINT mirror. */
  endpoint: string;
  parts: { repo: string; purpose: string; approxBytes: number }[];
  approxBytes: number;
  /** What the consent prompt says, word for word. */
  text: string;
}

export type RelatedSpecter2DownloadResult =
  | { state: 'ready'; message: string; parts: { repo: string; commit?: string }[] }
  | { state: 'cancelled'; message: string }
  /** `code`: the model store's error code (offline, repo-not-found, truncated, checksum, network, ...); `reason`: the store's own words. */
  | { state: 'failed'; code: string; reason: string; message: string };

/** Progress of the download in flight (sent by the server while `downloadSpecter2` runs). */
export interface RelatedSpecter2Progress {
  repo: string;
  file: string;
  bytes: number;
  /** Expected bytes of all parts (the catalogue's estimate for parts not yet described by the Hub). */
  total: number;
}

export const RelatedSpecter2InfoRequest = request<RelatedSpecter2Params, RelatedSpecter2Info>('sciwrite/related/specter2Info');
/** Downloads SPECTER2 (cancel the request to stop it); the next ranking uses it. */
export const RelatedDownloadSpecter2Request = request<RelatedSpecter2Params, RelatedSpecter2DownloadResult>('sciwrite/related/downloadSpecter2');
export const RelatedSpecter2ProgressNotification = notification<RelatedSpecter2Progress>('sciwrite/related/specter2Progress');

/**
 * How the background download of a Hub model chosen in `sciwrite.models.embeddings` ended (the server
 * starts it at the first ranking that needs it and ranks by BM25 meanwhile; its progress and Cancel are
 * LSP work-done progress). The client ranks again: with the model when `ready`, else to show why not.
 */
export interface RelatedModelDownload {
  /** The Hub id. */
  repo: string;
  state: 'ready' | 'failed' | 'cancelled';
  /** What happened, in the user's words. */
  message: string;
}

export const RelatedModelDownloadNotification = notification<RelatedModelDownload>('sciwrite/related/modelDownload');

/** That download's progress, for a client that shows it itself (ClientInfo.showsModelDownloads) instead of work-done progress. */
export interface RelatedModelDownloadProgress {
  repo: string;
  bytes: number;
  total?: number;
}

export const RelatedModelDownloadProgressNotification = notification<RelatedModelDownloadProgress>('sciwrite/related/modelDownloadProgress');
/** Stops that download (the Cancel of the client's own progress); it then ends as `cancelled`. */
export const RelatedCancelModelDownloadRequest = request<{ repo: string }, void>('sciwrite/related/cancelModelDownload');

export interface RelatedDownloadModelAgainParams {
  /** The manuscript the panel follows (its settings name the model). */
  uri: string;
  /** The deleted Hub model (`status.deletedModel`). */
  repo: string;
  client?: RelatedClientContext;
}

/**
 * "Download again" for a deleted `status.deletedModel`: the server forgets the deletion and starts the
 * download as for a first one (its progress and end as above). `started`: false when the model was not
 * deleted (nothing starts); `message` says what happened.
 */
export const RelatedDownloadModelAgainRequest = request<RelatedDownloadModelAgainParams, { started: boolean; message: string }>('sciwrite/related/downloadModelAgain');

/**
 * A model was deleted from the model cache (Manage Models), sent once its files are gone. `embedder`: the
 * name rankings give it (`status.embedder`: "SPECTER2" for a SPECTER2 part): a panel whose list it ranked ranks again.
 */
export interface RelatedModelDeleted {
  repo: string;
  embedder: string;
}

export const RelatedModelDeletedNotification = notification<RelatedModelDeleted>('sciwrite/related/modelDeleted');

/** What the server tells the panel while an action runs (Cite here waiting for Better BibTeX to export a paper saved to Zotero). */
export interface RelatedNotice {
  message: string;
}

export const RelatedNoticeNotification = notification<RelatedNotice>('sciwrite/related/notice');

export const RelatedRankRequest = request<RelatedRankParams, RelatedRankResult>('sciwrite/related/rank');
export const RelatedCiteRequest = request<RelatedCiteParams, RelatedCiteResult>('sciwrite/related/cite');
export const RelatedAddToBibRequest = request<RelatedPaperParams, RelatedBibResult>('sciwrite/related/addToBib');
export const RelatedCopyBibtexRequest = request<RelatedPaperParams, { bibtex: string }>('sciwrite/related/copyBibtex');
export const RelatedNotRelevantRequest = request<RelatedNotRelevantParams, { hiddenCount: number }>('sciwrite/related/notRelevant');
export const RelatedAddByIdRequest = request<RelatedAddByIdParams, RelatedBibResult>('sciwrite/related/addById');
export const RelatedConsentRequest = request<RelatedConsentParams, RelatedConsentInfo>('sciwrite/related/consent');

/** `sciwrite.related.*` and `sciwrite.bibliography.writeTarget` as the server reads them. */
export interface RelatedSettingsView {
  semanticScholar: {
    /** Off until the user consents in the prompt (which turns it on). */
    enabled: boolean;
    /** The Academic Graph base URL (tests and mirrors); empty: Semantic Scholar's own. */
    baseUrl: string;
  };
  /** Extra .bib / CSL-JSON libraries to suggest from (not cited from unless added to the .bib). */
  libraries: string[];
  /** The .bib new entries go to; empty: chosen from the manuscript's bibliographies. */
  writeTarget: string;
  /** `sciwrite.related.crossrefBaseUrl` (empty: https://api.crossref.org) and `crossrefMailto` (empty: no contact sent). */
  crossref: { baseUrl: string; mailto: string };
  /** `sciwrite.related.zoteroConnectorUrl` (empty: http://127.0.0.1:23119). */
  zotero: { connectorUrl: string };
}

function at(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads the related-work part of the `sciwrite` section (possibly partial or malformed). */
export function normalizeRelatedSettings(section: unknown): RelatedSettingsView {
  const related = at(section, 'related');
  const s2 = at(related, 'semanticScholar');
  const libraries = at(related, 'libraries');
  return {
    semanticScholar: { enabled: at(s2, 'enabled') === true, baseUrl: text(at(s2, 'baseUrl')) },
    libraries: Array.isArray(libraries) ? libraries.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim()) : [],
    writeTarget: text(at(at(section, 'bibliography'), 'writeTarget')),
    crossref: { baseUrl: text(at(related, 'crossrefBaseUrl')), mailto: text(at(related, 'crossrefMailto')) },
    zotero: { connectorUrl: text(at(related, 'zoteroConnectorUrl')) },
  };
}
