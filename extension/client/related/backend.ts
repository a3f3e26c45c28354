// What the related-work view asks of whoever ranks papers and edits bibliographies (the analysis
// layer or the language server, through a client-side adapter). Plain data only: no `vscode` types,
// so a backend can be written and tested without VS Code. The view holds no ranking logic.
import type { OpenTarget, PanelState, Scope } from '../../../webview/src/protocol.ts';

export interface EditorPosition {
  /** Zero-based, as in LSP. */
  line: number;
  /** Zero-based UTF-16 offset, as in LSP. */
  character: number;
}

/** Where the user is writing: the manuscript and its cursor/selection, as LSP describes them. */
export interface EditorContext {
  /** The document's URI as a string (`file:///…`). */
  uri: string;
  languageId: string;
  /** The cursor. */
  position: EditorPosition;
  /** The selection, when it is not empty. */
  selection?: { start: EditorPosition; end: EditorPosition };
  /** The document's version when the cursor was read: a citation is inserted only while it still has it. */
  version?: number;
}

export interface RankRequest {
  scope: Scope;
  /** Undefined when no manuscript editor has been active yet. */
  editor: EditorContext | undefined;
  /** List the papers cited inside the scope too, last ("Show papers cited here"); default: left out. */
  showCitedHere?: boolean;
}

/** What an action changed; every field is optional. */
export interface ActionResult {
  /** Announced to the user ("Added smith2020attention to refs.bib"). */
  notice?: string;
  /** A new panel state to show at once. */
  state?: PanelState;
  /** Rank again (e.g. after a paper was hidden or cited, or a source was turned on). */
  rerank?: boolean;
}

export type ActionOutcome = Promise<ActionResult | void> | ActionResult | void;

export interface RelatedBackend {
  /** The ranking for the scope around the editor's cursor. `signal` aborts when a newer request supersedes it. */
  rank(request: RankRequest, signal: AbortSignal): Promise<PanelState>;
  /** Insert a citation of the paper at the cursor (the manuscript's own cite command, `[@key]` in Markdown), adding its entry to the .bib if missing. */
  citeHere(paperId: string, editor: EditorContext | undefined): ActionOutcome;
  /** Add the paper's BibTeX entry to the manuscript's .bib only. */
  addToBib(paperId: string, editor: EditorContext | undefined): ActionOutcome;
  /** Open the paper's page, DOI or PDF (e.g. with `vscode.env.openExternal`). */
  open(paperId: string, target: OpenTarget): ActionOutcome;
  /** Put the paper's (cleaned) BibTeX on the clipboard. */
  copyBibtex(paperId: string): ActionOutcome;
  /** Hide the paper for this manuscript and use it as a negative example. */
  notRelevant(paperId: string, editor: EditorContext | undefined): ActionOutcome;
  /** The user asked to turn Semantic Scholar on: answer with a state whose `consent` lists exactly what would be sent (or ask in a modal dialog). */
  enableSemanticScholar(editor: EditorContext | undefined): ActionOutcome;
  disableSemanticScholar(): ActionOutcome;
  consentAnswer(consentId: string, granted: boolean): ActionOutcome;
  /** Download SPECTER2 (after the user agreed, once, to what is fetched), then rank with it. */
  downloadSpecter2(): ActionOutcome;
  /** Download again the model of sciwrite.models.embeddings the user deleted (the panel's "Download again"), then rank. */
  downloadModelAgain?(repo: string, editor: EditorContext | undefined): ActionOutcome;
  /** Fetch a paper by DOI or arXiv id and add it to the library and the .bib. */
  addById(identifier: string, editor: EditorContext | undefined): ActionOutcome;
  /** Calls `listener` when the ranking would change without the user doing anything (a model chosen for it finished downloading, or the model that ranked the list was deleted): the view ranks again. */
  onRankingChanged?(listener: () => void): { dispose(): void };
  /** Calls `listener` with what the server says while an action runs (Cite here waiting for Better BibTeX): the view shows it. */
  onNotice?(listener: (message: string) => void): { dispose(): void };
}
