// The related-work view's backend over the language server: every action is one `sciwrite/related/*`
// request; the edits it returns are applied by the host (VS Code's applyEdit, so an open .bib keeps
// its unsaved text). Free of `vscode`: the host and the transport are injected (vscode-host.ts), so
// this runs in plain Node tests against the real server.
import type { OpenTarget, PanelState } from '../../../webview/src/protocol.ts';
import {
  RelatedAddByIdRequest, RelatedAddToBibRequest, RelatedCiteRequest, RelatedConsentRequest, RelatedCopyBibtexRequest,
  RelatedNotRelevantRequest, RelatedRankRequest,
  type RelatedBibResult, type RelatedClientContext, type RelatedConsentInfo, type RequestDef, type WireRankedPaper, type WireWorkspaceEdit,
} from '../../protocol/index.ts';
import type { ActionResult, EditorContext, RankRequest, RelatedBackend } from './backend.ts';
import { toPanelState } from './panel-state.ts';

export interface RelatedTransport {
  request<P, R>(def: RequestDef<P, R>, params: P, signal?: AbortSignal): Promise<R>;
}

export interface RelatedHost {
  /** What only the client knows: the stored consent answer, the API key, the storage folder, the proxy. */
  clientContext(): Promise<RelatedClientContext>;
  applyEdit(edit: WireWorkspaceEdit): Promise<boolean>;
  copy(text: string): Promise<void>;
  openLink(url: string): Promise<boolean>;
  /** A modal prompt saying exactly what would be sent; true when the user allows it. */
  askConsent(info: RelatedConsentInfo): Promise<boolean>;
  /** Stores the answer and switches the `sciwrite.related.semanticScholar.enabled` setting. */
  setSemanticScholar(on: boolean): Promise<void>;
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
      client: await this.host.clientContext(),
    }, signal);
    this.lastUri = editor.uri;
    for (const paper of result.papers) this.papers.set(paper.id, paper);
    return toPanelState(result, editor, { hiddenCount: result.hiddenCount });
  }

  private async applied(result: RelatedBibResult): Promise<ActionResult> {
    if (result.edit && !(await this.host.applyEdit(result.edit))) return { notice: 'The edit could not be applied (the document changed?): nothing was inserted.' };
    return { notice: result.notice, rerank: result.bib.kind !== 'refused' };
  }

  async citeHere(paperId: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript to cite into.' };
    const result = await this.transport.request(RelatedCiteRequest, {
      uri: editor.uri,
      paperId,
      position: editor.position,
      ...(editor.selection ? { selection: editor.selection } : {}),
      client: await this.host.clientContext(),
    });
    return this.applied(result);
  }

  async addToBib(paperId: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript first: its .bib is where the entry goes.' };
    return this.applied(await this.transport.request(RelatedAddToBibRequest, { uri: editor.uri, paperId, client: await this.host.clientContext() }));
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

  downloadSpecter2(): ActionResult {
    return { notice: 'Downloading SPECTER2 from the panel is not available yet: put a SPECTER2 folder (base/ and proximity/) in the extension storage’s related/specter2 folder, or use BM25 ranking.' };
  }

  async addById(identifier: string, editor: EditorContext | undefined): Promise<ActionResult> {
    if (!editor) return { notice: 'Open a manuscript first: its .bib is where the entry goes.' };
    return this.applied(await this.transport.request(RelatedAddByIdRequest, { uri: editor.uri, identifier, client: await this.host.clientContext() }));
  }
}
