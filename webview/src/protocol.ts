// The messages between the extension (extension/client/related) and the related-work webview.
// Both sides import this one module; it holds only types, constants and plain validators, so it
// compiles in the browser bundle and in Node alike. The webview is the less trusted side: the
// extension validates every message it receives with `parseWebviewMessage`.

export const SCOPES = ['paragraph', 'selection', 'section', 'document'] as const;
/** What the query is built from: the paragraph at the cursor, the selection, the current section, or title + abstract. */
export type Scope = (typeof SCOPES)[number];

export const OPEN_TARGETS = ['page', 'doi', 'pdf'] as const;
/** Where "Open" goes: the paper's page (Semantic Scholar / URL), its DOI resolver, or its PDF. */
export type OpenTarget = (typeof OPEN_TARGETS)[number];

export type PaperSource = 'library' | 'semantic-scholar' | 'recommendations';

/** Why a paper is suggested. */
export type Reason =
  /** Cosine similarity of SPECTER2 embeddings, in [-1, 1]. */
  | { kind: 'similarity'; value: number }
  /** The lexical ranker's raw BM25 score (unbounded, higher is better). */
  | { kind: 'lexical'; value: number }
  /** Terms the query and the paper share (lexical ranker). */
  | { kind: 'sharedTerms'; terms: string[] }
  /** Anything else, in words ("recommended from the papers you cite"). */
  | { kind: 'note'; text: string };

/** One suggested paper, as the panel shows it. */
export interface PaperView {
  /** Stable id the actions refer to (`bib:<key>`, `s2:<paperId>`). */
  id: string;
  title: string;
  authors: string[];
  year?: number;
  venue?: string;
  citationCount?: number;
  /** One-line summary (Semantic Scholar's TL;DR). */
  tldr?: string;
  abstract?: string;
  /** Combined score in [0, 1], higher is better. */
  score: number;
  source: PaperSource;
  reasons: Reason[];
  /** The paper is in a bibliography the manuscript reads. */
  inBib: boolean;
  /** The manuscript already cites it (anywhere). */
  citedHere: boolean;
  /** It is cited inside the current scope itself (this paragraph, section or selection). */
  citedInScope?: boolean;
  /** Its citation key when it is in a library. */
  key?: string;
  /** The "Open" targets this paper has; empty when there is nowhere to go. */
  openTargets: OpenTarget[];
}

export type Ranker = 'bm25' | 'specter2' | 'bm25+specter2';

export type Specter2Status =
  | { state: 'ready' }
  | { state: 'missing'; downloadSize?: string }
  | { state: 'downloading'; /** 0..1 when known. */ progress?: number }
  | { state: 'failed'; message: string };

/** `off`: the user has not consented (or turned it off); `offline`: on, but unreachable; `disabled`: the source is switched off in settings. */
export type SemanticScholarStatus = 'on' | 'off' | 'offline' | 'disabled';

export interface PanelStatus {
  ranker: Ranker;
  specter2: Specter2Status;
  semanticScholar: SemanticScholarStatus;
  /** The Hub model of sciwrite.models.embeddings, deleted in Manage Models: BM25 only, and "Download again". */
  deletedModel?: string;
  /** Extra lines shown as they are ("Rate limited: retrying in 4 s"). */
  messages: string[];
}

/** Asks the user, in the panel, to let SciWrite send the listed data to a service. */
export interface ConsentRequest {
  id: string;
  service: 'semanticScholar';
  /** Exactly what would leave the machine, one item a line ("the query: protein folding, alignment"). */
  sends: string[];
}

export interface PanelState {
  scope: Scope;
  /** Where the query comes from, in words ("paragraph at line 42 of intro.tex"). */
  scopeLabel?: string;
  status: PanelStatus;
  /** Best first. */
  papers: PaperView[];
  /** Papers the user marked not relevant for this manuscript. */
  hiddenCount?: number;
  /** "Show papers cited here" is on: papers cited inside the scope are listed, last. Off by default: they are left out. */
  showCitedHere?: boolean;
  /** How many papers cited inside the scope were left out (the toggle is off). */
  citedHereHidden?: number;
  consent?: ConsentRequest;
}

/** Extension → webview. */
export type ExtensionMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'busy'; busy: boolean; message?: string }
  | { type: 'error'; message: string }
  /** A short confirmation to announce ("Added smith2020attention to refs.bib"). */
  | { type: 'notice'; message: string };

/** Webview → extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setScope'; scope: Scope }
  /** The "Show papers cited here" toggle: list the papers cited inside the scope too (last). */
  | { type: 'setShowCitedHere'; show: boolean }
  | { type: 'citeHere'; paperId: string }
  | { type: 'addToBib'; paperId: string }
  | { type: 'open'; paperId: string; target: OpenTarget }
  | { type: 'copyBibtex'; paperId: string }
  | { type: 'notRelevant'; paperId: string }
  | { type: 'enableSemanticScholar' }
  | { type: 'disableSemanticScholar' }
  | { type: 'consentAnswer'; consentId: string; granted: boolean }
  | { type: 'downloadSpecter2' }
  /** Download again the deleted model of sciwrite.models.embeddings (`PanelStatus.deletedModel`). */
  | { type: 'downloadModelAgain'; repo: string }
  /** Add a paper by DOI or arXiv id to the library and the .bib. */
  | { type: 'addById'; identifier: string };

export type WebviewMessageType = WebviewMessage['type'];
export type PaperAction = Extract<WebviewMessage, { paperId: string }>['type'];

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown, maxLength = 2048): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function isOpenTarget(value: unknown): value is OpenTarget {
  return typeof value === 'string' && (OPEN_TARGETS as readonly string[]).includes(value);
}

/** The message when `value` is a well-formed webview message, else undefined (unknown types and extra junk are refused). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
    case 'refresh':
    case 'enableSemanticScholar':
    case 'disableSemanticScholar':
    case 'downloadSpecter2':
      return { type: value.type };
    case 'setScope':
      return isScope(value.scope) ? { type: 'setScope', scope: value.scope } : undefined;
    case 'setShowCitedHere':
      return typeof value.show === 'boolean' ? { type: 'setShowCitedHere', show: value.show } : undefined;
    case 'citeHere':
    case 'addToBib':
    case 'copyBibtex':
    case 'notRelevant':
      return isNonEmptyString(value.paperId) ? { type: value.type, paperId: value.paperId } : undefined;
    case 'open':
      return isNonEmptyString(value.paperId) && isOpenTarget(value.target)
        ? { type: 'open', paperId: value.paperId, target: value.target }
        : undefined;
    case 'consentAnswer':
      return isNonEmptyString(value.consentId) && typeof value.granted === 'boolean'
        ? { type: 'consentAnswer', consentId: value.consentId, granted: value.granted }
        : undefined;
    case 'downloadModelAgain':
      return isNonEmptyString(value.repo, 256) && /^[\w.-]+\/[\w.-]+$/.test(value.repo) ? { type: 'downloadModelAgain', repo: value.repo } : undefined;
    case 'addById': {
      const identifier = typeof value.identifier === 'string' ? value.identifier.trim() : '';
      return isNonEmptyString(identifier, 512) ? { type: 'addById', identifier } : undefined;
    }
    default:
      return undefined;
  }
}

function isPaperView(value: unknown): value is PaperView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    Array.isArray(value.authors) &&
    Array.isArray(value.reasons) &&
    value.reasons.every((r) => isRecord(r) && typeof r.kind === 'string') &&
    Array.isArray(value.openTargets) &&
    value.openTargets.every(isOpenTarget)
  );
}

/** The panel state's structure (the parts rendering relies on); a state saved by an older version may fail it. */
function isPanelState(value: unknown): value is PanelState {
  if (!isRecord(value) || !isScope(value.scope) || !Array.isArray(value.papers) || !value.papers.every(isPaperView)) return false;
  const status = value.status;
  return isRecord(status) && isRecord(status.specter2) && typeof status.specter2.state === 'string' && typeof status.semanticScholar === 'string' && Array.isArray(status.messages);
}

/** The message when `value` looks like an extension message (the webview trusts the extension's shapes beyond the tag). */
export function parseExtensionMessage(value: unknown): ExtensionMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'state':
      return isPanelState(value.state) ? { type: 'state', state: value.state } : undefined;
    case 'busy':
      return typeof value.busy === 'boolean'
        ? { type: 'busy', busy: value.busy, message: typeof value.message === 'string' ? value.message : undefined }
        : undefined;
    case 'error':
    case 'notice':
      return typeof value.message === 'string' ? { type: value.type, message: value.message } : undefined;
    default:
      return undefined;
  }
}
