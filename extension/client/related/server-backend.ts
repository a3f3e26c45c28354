// The related-work view's backend over the language server: every action is one `sciwrite/related/*`
// request; the edits it returns are applied by the host (VS Code's applyEdit, so an open .bib keeps
// its unsaved text). Free of `vscode`: the host and the transport are injected (vscode-host.ts), so
// this runs in plain Node tests against the real server.
import type { OpenTarget, PanelState } from '../../../webview/src/protocol.ts';
import {
  RelatedAddByIdRequest, RelatedAddToBibRequest, RelatedCiteRequest, RelatedConsentRequest, RelatedCopyBibtexRequest,
  RelatedCancelModelDownloadRequest, RelatedDownloadModelAgainRequest, RelatedDownloadSpecter2Request, RelatedModelDeletedNotification, RelatedModelDownloadNotification, RelatedModelDownloadProgressNotification, RelatedNoticeNotification, RelatedNotRelevantRequest, RelatedRankRequest, RelatedSpecter2InfoRequest, RelatedSpecter2ProgressNotification,
  type NotificationDef, type RelatedBibResult, type RelatedCiteResult, type RelatedClientContext, type RelatedConsentInfo, type RelatedSpecter2DownloadResult, type RelatedSpecter2Info, type RelatedSpecter2Progress,
  type RequestDef, type WireRankedPaper, type WireWorkspaceEdit,
} from '../../protocol/index.ts';
import type { ActionResult, EditorContext, RankRequest, RelatedBackend } from './backend.ts';
import { toPanelState } from './panel-state.ts';
import { withWriteChoice, type WriteChoiceAsker } from './write-choice.ts';
import { formatBytes } from '../../core/format/bytes.ts';

export interface RelatedTransport {
  request<P, R>(def: RequestDef<P, R>, params: P, signal?: AbortSignal): Promise<R>;
  /** Server notifications (the SPECTER2 download's progress, a chosen model downloaded); without it no progress is shown. */
  onNotification?<P>(def: NotificationDef<P>, handler: (params: P) => void): { dispose(): void };
}

export interface RelatedHost extends WriteChoiceAsker {
  /** What only the client knows: the stored consent answer, the API key, the storage folder, the proxy. */
  clientContext(): Promise<RelatedClientContext>;
  applyEdit(edit: WireWorkspaceEdit): Promise<boolean>;
  /**
   * The open document's version (undefined when it is not open). A citation is inserted only while the
   * manuscript still has the version it had when "Cite here" was asked; a host without it never checks.
   */
  documentVersion?(uri: string): number | undefined;
  copy(text: string): Promise<void>;
  openLink(url: string): Promise<boolean>;
  /** A modal prompt saying exactly what would be sent; true when the user allows it. */
  askConsent(info: RelatedConsentInfo): Promise<boolean>;
  /** Stores the answer and switches the `sciwrite.related.semanticScholar.enabled` setting. */
  setSemanticScholar(on: boolean): Promise<void>;
  /**
   * Asks once whether SPECTER2 may be downloaded, showing `info.text` (what, how big, from where);
   * true when the user agrees now or agreed before. A host without it cannot download SPECTER2.
   */
  askSpecter2Download?(info: RelatedSpecter2Info): Promise<boolean>;
  /** Runs the download with a progress indicator whose Cancel aborts `signal`. */
  withDownloadProgress?<T>(title: string, run: (report: (progress: RelatedSpecter2Progress) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Tells the user how the download ended, also when the panel is hidden (the command palette). */
  showOutcome?(kind: 'info' | 'error', message: string): void;
}

/** "allenai/specter2_base: 120 of 448 MB" for a progress indicator. */
export function progressMessage(progress: RelatedSpecter2Progress): string {
  return `${progress.repo}: ${formatBytes(progress.bytes)} of ${formatBytes(progress.total)}`;
}

/** Where "Open" goes for a paper, or undefined when it has no such link. */
export function linkFor(paper: Pick<WireRankedPaper, 'url' | 's2Id' | 'doi' | 'arxiv' | 'pdfUrl'>, target: OpenTarget): string | undefined {
  switch (target) {
    case 'page':
      return paper.url ?? (paper.s2Id ? `https://www.semanticscholar.org/paper/${paper.s2Id}` : paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
    case 'doi':
      return paper.doi ? `https://doi.org/${paper.doi}` : undefined;
    case 'pdf':
      return paper.pdfUrl ?? (paper.arxiv ? `https://arxiv.org/pdf/${paper.arxiv}` : undefined);
  }
}

/** The lines of the consent prompt: the fixed text, then what would be sent for the current scope. */
export function consentLines(info: RelatedConsentInfo): string[] {
  const lines = [info.text];
  if (info.preview) {
    lines.push(`For the current paragraph it would send the query “${info.preview.query}”`);
    lines.push(info.preview.paperIds.length > 0 ? `and the ids of ${info.preview.paperIds.length} cited paper(s): ${info.preview.paperIds.join(', ')}` : 'and no paper ids (nothing is cited here).');
  }
  return lines;
}

export class ServerRelatedBackend implements RelatedBackend {
  private readonly papers = new Map<string, WireRankedPaper>();
  /** The manuscript of the last ranking, for copyBibtex (the view does not pass the editor to it). */
  private lastUri: string | undefined;
  /** The embedding model that ranked the last list (its status.embedder): deleted, the list is ranked again. */
  private lastEmbedder: string | undefined;
  /** The SPECTER2 download in flight (its progress so far), or how the last one failed: what the panel shows instead of "not downloaded". */
  private specter2: { state: 'downloading'; progress?: RelatedSpecter2Progress } | { state: 'failed'; message: string } | undefined;
  /** Cite here requests awaiting their answer: the server's notices count only while one is. */
  private citesInFlight = 0;
  /** "448 MB" on the download button, asked of the server once. */
  private specter2Size: Promise<string | undefined> | undefined;

  constructor(
    private readonly transport: RelatedTransport,
    private readonly host: RelatedHost,
  ) {}

  async rank(request: RankRequest, signal: AbortSignal): Promise<PanelState> {
    const editor = request.editor;
    if (!editor) {
      return { scope: request.scope, status: { ranker: 'bm25', specter2: { state: 'ready' }, semanticScholar: 'off', messages: ['Open a LaTeX or Markdown manuscript to see related papers.'] }, papers: [] };
    }
    const result = await this.transport.request(RelatedRankRequest, {
      uri: editor.uri,
      position: editor.position,
      scope: request.scope,
      ...(editor.selection ? { selection: editor.selection } : {}),
      ...(request.showCitedHere ? { showCitedHere: true } : {}),
      client: await this.host.clientContext(),
    }, signal);
    this.lastUri = editor.uri;
    this.lastEmbedder = result.status.embedder;
    for (const paper of result.papers) this.papers.set(paper.id, paper);
    const size = result.status.model === 'missing' ? await this.downloadSize() : undefined;
    const state = toPanelState(result, editor, { hiddenCount: result.hiddenCount, showCitedHere: request.showCitedHere === true, ...(size ? { specter2DownloadSize: size } : {}) });
    const download = this.specter2;
    if (download && state.status.specter2.state === 'missing') {
      state.status.specter2 = download.state === 'failed' ? download
        : { state: 'downloading', ...(download.progress && download.progress.total > 0 ? { progress: download.progress.bytes / download.progress.total } : {}) };
    }
    return state;
  }

  private downloadSize(): Promise<string | undefined> {
    this.specter2Size ??= this.host.clientContext()
      .then((client) => this.transport.request(RelatedSpecter2InfoRequest, { client }))
      .then((info) => `${Math.round(info.approxBytes / 1e6)} MB`, () => {
        this.specter2Size = undefined;
        return undefined;
      });
    return this.specter2Size;
  }

  private async applied(result: RelatedBibResult): Promise<ActionResult> {
    if (result.edit && !(await this.host.applyEdit(result.edit))) return { notice: 'The edit could not be applied (the document changed?): nothing was inserted.' };
    return { notice: result.notice, rerank: result.bib.kind !== 'refused' };
  }

  /**
   * The citation edit sits at the cursor of the request. When the manuscript changed meanwhile (the user
   * typed while the server waited for Zotero's export), it would land at a stale position: the rest is
   * applied and the notice says what to cite.
   */
  private async appliedCitation(result: RelatedCiteResult, uri: string, version: number | undefined): Promise<ActionResult> {
    const stale = version !== undefined && result.edit?.changes[uri] !== undefined && this.host.documentVersion?.(uri) !== version;
    if (!stale || !result.edit || !result.key) return this.applied(result);
    const { [uri]: _citation, ...others } = result.edit.changes;
    const rest: RelatedBibResult = { ...result, edit: { changes: others } };
    if (Object.keys(others).length === 0) delete rest.edit;
    const bibNotice = result.bibNotice ?? result.notice;
    return this.applied({ ...rest, notice: `${bibNotice.replace(/\.?$/, '.')} The manuscript changed meanwhile: cite it as ${result.citation ?? result.key}.` });
  }

  async citeHere(paperId: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript to cite into.' };
    const version = editor.version ?? this.host.documentVersion?.(editor.uri);
    const client = await this.host.clientContext();
    this.citesInFlight++;
    let result: RelatedCiteResult;
    try {
      result = await withWriteChoice((target) => this.transport.request(RelatedCiteRequest, {
        uri: editor.uri,
        paperId,
        position: editor.position,
        ...(editor.selection ? { selection: editor.selection } : {}),
        client,
        ...(target ? { target } : {}),
      }), this.host);
    } finally {
      this.citesInFlight--;
    }
    return this.appliedCitation(result, editor.uri, version);
  }

  async addToBib(paperId: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript first: its .bib is where the entry goes.' };
    const client = await this.host.clientContext();
    return this.applied(await withWriteChoice((target) => this.transport.request(RelatedAddToBibRequest, { uri: editor.uri, paperId, client, ...(target ? { target } : {}) }), this.host));
  }

  async open(paperId: string, target: OpenTarget): Promise<ActionResult> {
    const paper = this.papers.get(paperId);
    const url = paper ? linkFor(paper, target) : undefined;
    if (!url) return { notice: 'This paper has no such link.' };
    return (await this.host.openLink(url)) ? {} : { notice: `Could not open ${url}` };
  }

  async copyBibtex(paperId: string): Promise<ActionResult> {
    const uri = this.lastUri;
    if (!uri) return { notice: 'Open a manuscript first.' };
    const { bibtex } = await this.transport.request(RelatedCopyBibtexRequest, { uri, paperId, client: await this.host.clientContext() });
    if (!bibtex) return { notice: 'No BibTeX for this paper.' };
    await this.host.copy(bibtex);
    return { notice: 'BibTeX copied to the clipboard.' };
  }

  async notRelevant(paperId: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return {};
    const { hiddenCount } = await this.transport.request(RelatedNotRelevantRequest, { uri: editor.uri, paperId, client: await this.host.clientContext() });
    const title = this.papers.get(paperId)?.title;
    return { notice: `Hidden${title ? ` “${title}”` : ''} for this manuscript (${hiddenCount} hidden).`, rerank: true };
  }

  async enableSemanticScholar(editor: EditorContext | undefined): Promise<ActionResult> {
    const info = await this.transport.request(RelatedConsentRequest, editor ? { uri: editor.uri, position: editor.position, scope: 'paragraph' } : {});
    const granted = await this.host.askConsent(info);
    return this.consentAnswer('prompt', granted);
  }

  async disableSemanticScholar(): Promise<ActionResult> {
    await this.host.setSemanticScholar(false);
    return { notice: 'Semantic Scholar is off: nothing leaves this machine.', rerank: true };
  }

  async consentAnswer(_consentId: string, granted: boolean): Promise<ActionResult> {
    await this.host.setSemanticScholar(granted);
    return granted ? { notice: 'Semantic Scholar is on.', rerank: true } : { notice: 'Semantic Scholar stays off.' };
  }

  /** Asks once (what, how big, from where), then the server downloads with progress and Cancel; the panel ranks again when it is done. */
  async downloadSpecter2(): Promise<ActionResult> {
    if (this.specter2?.state === 'downloading') return { notice: 'SPECTER2 is downloading already.' };
    const host = this.host;
    if (!host.askSpecter2Download || !host.withDownloadProgress) return { notice: 'This editor cannot download SPECTER2: related work stays ranked by shared terms (BM25).' };
    const client = await this.host.clientContext();
    const info = await this.transport.request(RelatedSpecter2InfoRequest, { client });
    if (info.installed) return { notice: 'SPECTER2 is downloaded already.', rerank: true };
    if (!(await host.askSpecter2Download(info))) return { notice: 'SPECTER2 was not downloaded: related work stays ranked by shared terms (BM25).' };
    const download: { state: 'downloading'; progress?: RelatedSpecter2Progress } = { state: 'downloading' };
    this.specter2 = download;
    let result: RelatedSpecter2DownloadResult;
    try {
      result = await host.withDownloadProgress<RelatedSpecter2DownloadResult>('SciWrite: downloading SPECTER2', async (report, signal) => {
        const subscription = this.transport.onNotification?.(RelatedSpecter2ProgressNotification, (progress) => {
          download.progress = progress;
          report(progress);
        });
        try {
          return await this.transport.request(RelatedDownloadSpecter2Request, { client }, signal);
        } catch (error) {
          if (signal.aborted) return { state: 'cancelled', message: 'The SPECTER2 download was cancelled; related work stays ranked by shared terms (BM25).' };
          throw error;
        } finally {
          subscription?.dispose();
        }
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result = { state: 'failed', code: 'error', reason, message: `SPECTER2 could not be downloaded: ${reason}. Related work stays ranked by shared terms (BM25).` };
    }
    this.specter2 = result.state === 'failed' ? { state: 'failed', message: result.reason } : undefined;
    if (result.state !== 'cancelled') this.host.showOutcome?.(result.state === 'failed' ? 'error' : 'info', result.message);
    return { notice: result.message, rerank: true };
  }

  /**
   * The model of sciwrite.models.embeddings downloading in the background: its progress, with a Cancel
   * that stops it, while it runs; when it ends (downloaded, failed or stopped) the view ranks again.
   */
  onRankingChanged(listener: () => void): { dispose(): void } {
    const shown = new Map<string, { report: (progress: RelatedSpecter2Progress) => void; end: () => void }>();
    const progress = this.transport.onNotification?.(RelatedModelDownloadProgressNotification, ({ repo, bytes, total }) => {
      const update = { repo, file: repo, bytes, total: total ?? 0 };
      const current = shown.get(repo);
      if (current) return current.report(update);
      if (!this.host.withDownloadProgress) return;
      void this.host.withDownloadProgress(`SciWrite: downloading ${repo} for related work`, (report, signal) => new Promise<void>((end) => {
        shown.set(repo, { report, end });
        report(update);
        signal.addEventListener('abort', () => void this.transport.request(RelatedCancelModelDownloadRequest, { repo }).catch(() => undefined));
      }));
    });
    const ended = this.transport.onNotification?.(RelatedModelDownloadNotification, ({ repo }) => {
      shown.get(repo)?.end();
      shown.delete(repo);
      listener();
    });
    // The model that ranked the list shown was deleted in Manage Models: the list is ranked again without it.
    const deleted = this.transport.onNotification?.(RelatedModelDeletedNotification, ({ repo, embedder }) => {
      if (this.lastEmbedder !== undefined && (this.lastEmbedder === embedder || this.lastEmbedder === repo)) listener();
    });
    return { dispose: () => { progress?.dispose(); ended?.dispose(); deleted?.dispose(); } };
  }

  /** The server forgets the deletion and starts the download, shown as a first one is (onRankingChanged); the panel ranks again at once. */
  async downloadModelAgain(repo: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: `Open a manuscript whose settings name ${repo} first.` };
    const result = await this.transport.request(RelatedDownloadModelAgainRequest, { uri: editor.uri, repo, client: await this.host.clientContext() });
    return { notice: result.message, rerank: true };
  }

  /** The server's notices while a Cite here is in flight; one read after its answer (messages may be handled out of order) would hide the answer's own notice. */
  onNotice(listener: (message: string) => void): { dispose(): void } {
    return this.transport.onNotification?.(RelatedNoticeNotification, ({ message }) => {
      if (this.citesInFlight > 0) listener(message);
    }) ?? { dispose: () => undefined };
  }

  async addById(identifier: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript first: its .bib is where the entry goes.' };
    const client = await this.host.clientContext();
    return this.applied(await withWriteChoice((target) => this.transport.request(RelatedAddByIdRequest, { uri: editor.uri, identifier, client, ...(target ? { target } : {}) }), this.host));
  }
}
