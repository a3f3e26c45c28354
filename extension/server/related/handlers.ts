// The related-work requests: each reads the settings for its document, calls the analysis layer, and
// answers in the protocol's shapes. Ranking yields to the message loop first and aborts on cancel.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { CONSENT_TEXT, findRelated, notesWithPick, rankingDescription, type RelatedResult } from '../../analysis/related/index.ts';
import { planBibInsertion } from '../../core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import { placeCitation } from '../../core/related/cite-place.ts';
import { citeIntoCitation, citeText, type CiteStyle } from '../../core/related/cite-text.ts';
import { samePaper } from '../../core/related/identity.ts';
import { isShadowedId, shadowedEntry } from '../../analysis/related/library.ts';
import type { BibEntry } from '../../core/types.ts';
import { S2Client } from '../../net/semantic-scholar/client.ts';
import { s2Metadata } from '../../net/semantic-scholar/convert.ts';
import type {
  RelatedAddByIdParams, RelatedBibResult, RelatedDownloadModelAgainParams, RelatedCiteParams, RelatedCiteResult, RelatedConsentInfo, RelatedConsentParams,
  RelatedNotRelevantParams, RelatedPaperParams, RelatedRankParams, RelatedRankResult, WireRankedPaper, WireRange, WireWorkspaceEdit, WireWriteChoice,
} from '../../protocol/index.ts';
import type { DocumentContext, Session } from '../session.ts';
import { addByIdentifier, addToManuscriptBib, entryMetadata, rankedMetadata, type BibInsertion } from './bib-insert.ts';
import { RankedPapers } from './memory.ts';
import { awaitingConsent, embedderFor, notRelevantStore, relatedSetup, servicesFor, type RankingPick, type RelatedSetup } from './services.ts';
import { EmbedderLoads } from './embedder-loads.ts';
import { Specter2Downloads } from './specter2-download.ts';
import { ZOTERO_EXPORT_WAIT_MS, type ExportWaitOptions } from './zotero-export.ts';

function yieldToLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

function abortOn(token: CancellationToken | undefined): AbortController {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  token?.onCancellationRequested(() => controller.abort());
  return controller;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

async function manuscript(session: Session, uri: string): Promise<DocumentContext & { file: NonNullable<DocumentContext['file']> }> {
  const context = await session.context(uri);
  if (!context?.file) throw new ResponseError(-32602, `${uri} is not a manuscript SciWrite reads`);
  return { ...context, file: context.file };
}

function selectionSpan(session: Session, context: DocumentContext, range: WireRange | undefined): { start: number; end: number } | undefined {
  return range ? { start: session.offsetAt(context, range.start), end: session.offsetAt(context, range.end) } : undefined;
}

/** The end of a selection's text: its end, moved back over the whitespace it ends in (not before its start). */
function selectionEnd(text: string, span: { start: number; end: number }): number {
  let end = Math.min(span.end, text.length);
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** `inBibliography` means the manuscript's own bibliographies: an entry of an extra library is only a suggestion until cited. */
function toWire(result: RelatedResult, hiddenCount: number, context: DocumentContext, pick: RankingPick): RelatedRankResult {
  const papers: WireRankedPaper[] = result.papers.map((paper) => ({
    ...paper,
    authors: [...paper.authors],
    sources: [...paper.sources],
    reasons: [...paper.reasons],
    sharedTerms: [...paper.sharedTerms],
    inBibliography: paper.key !== undefined && context.project.lookup(paper.key) !== undefined,
  }));
  // Deleted before the ranking's embedder read it: the ranking ended as one picked after the deletion does
  // (`builtin`'s SPECTER2 is offered again by "Download SPECTER2", not "Download again").
  const gone = result.embedderNotReady;
  const deleted = pick.deleted ?? (pick.ownModel && gone?.state === 'deleted' ? gone.repo : undefined);
  return {
    scope: result.scope,
    citedKeys: result.citedKeys,
    ...(result.citedHereHidden ? { citedHereHidden: result.citedHereHidden } : {}),
    ...(result.sent ? { sent: result.sent } : {}),
    papers,
    status: { ...result.status, ...(pick.ownModel ? { ownModel: true } : {}), ...(deleted ? { deletedModel: deleted } : {}) },
    hiddenCount,
  };
}

export interface RelatedHandlerOptions {
  /** How long "Cite here" waits for Better BibTeX to export a paper saved to Zotero (default ZOTERO_EXPORT_WAIT_MS). */
  zoteroExportWaitMs?: number;
}

export class RelatedHandlers {
  readonly papers = new RankedPapers();
  readonly specter2: Specter2Downloads;
  /** `sciwrite.models.embeddings` models, kept across rankings (a Hub one downloads in the background). */
  readonly embedders: EmbedderLoads;

  constructor(
    private readonly session: Session,
    private readonly options: RelatedHandlerOptions = {},
  ) {
    this.specter2 = new Specter2Downloads(session);
    this.embedders = new EmbedderLoads(session);
  }

  async rank(params: RelatedRankParams, token?: CancellationToken): Promise<RelatedRankResult> {
    await yieldToLoop();
    if (token?.isCancellationRequested) throw cancelled();
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    const pick = await embedderFor(this.session, setup, this.embedders);
    try {
      return await this.rankWith(params, context, setup, pick, token);
    } finally {
      // held from start to end: a model deleted meanwhile is released only now
      await pick.done();
    }
  }

  private async rankWith(params: RelatedRankParams, context: DocumentContext, setup: RelatedSetup, pick: RankingPick, token?: CancellationToken): Promise<RelatedRankResult> {
    const services = await servicesFor(this.session, context, setup, pick);
    const controller = abortOn(token);
    let result: RelatedResult;
    try {
      result = await findRelated(services, {
        file: context.path,
        line: params.position.line,
        character: params.position.character,
        scope: params.scope,
        ...(params.scope === 'selection' && params.selection ? { selection: selectionSpan(this.session, context, params.selection) } : {}),
        offline: params.offline === true,
        limit: params.limit,
        // New papers first, then those cited elsewhere; those cited in the scope only when the panel shows them (last).
        citedHere: params.showCitedHere === true ? 'last' : 'hidden',
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw cancelled();
      throw error;
    }
    if (controller.signal.aborted) throw cancelled();
    if (setup.s2NeedsConsent) result.status.messages.push('Semantic Scholar is on in settings but you have not agreed to what it is sent: it stays off.');
    result.status.messages = notesWithPick(pick, result.status.messages);
    if (result.status.ranker !== 'bm25') result.status.messages.unshift(`Ranked by ${rankingDescription(result.status.ranker, services.embedder?.name)}.`);
    const wire = toWire(result, services.notRelevant?.toJSON().length ?? 0, context, pick);
    await this.papers.remember(params.uri, wire.papers, setup.storageDir);
    return wire;
  }

  /** "Download again" for the deleted model of sciwrite.models.embeddings: forgets the deletion, and picks it as a ranking does, which starts the download. */
  async downloadModelAgain(params: RelatedDownloadModelAgainParams): Promise<{ started: boolean; message: string }> {
    const { repo } = params;
    if (!this.embedders.downloadAgain(repo)) return { started: false, message: `${repo} was not deleted: nothing to download again.` };
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    if (setup.embeddings !== repo) return { started: false, message: `sciwrite.models.embeddings no longer names ${repo}: nothing was downloaded.` };
    if (awaitingConsent(this.session, repo)) return { started: false, message: `Waiting for your agreement to download ${repo} (sciwrite.models.embeddings): nothing was downloaded; related work stays ranked by shared terms (BM25).` };
    const pick = await embedderFor(this.session, setup, this.embedders);
    await pick.done();
    return { started: true, message: pick.messages[0] ?? `${repo} is ready: related work is ranked by its similarity and shared terms (BM25).` };
  }

  /** The paper to add: a key the manuscript's bibliography already has, or metadata (and the key to keep, for a library entry). */
  private async resolve(context: DocumentContext, setup: RelatedSetup, paperId: string, signal?: AbortSignal): Promise<{ existing: BibEntry } | { metadata: PaperMetadata; key?: string; paper?: WireRankedPaper }> {
    const paper = await this.papers.recall(context.uri, paperId, setup.storageDir);
    // An extra library's entry whose key the manuscript's .bib gives to another paper: its own metadata, and a fresh key.
    if (isShadowedId(paperId)) {
      const library = await this.session.workspace.project(context.path, setup.libraryOptions);
      const shadowed = shadowedEntry(library.bibliography, paperId);
      if (shadowed) return { metadata: entryMetadata(shadowed), ...(paper ? { paper } : {}) };
    }
    const key = paper?.key ?? (paperId.startsWith('bib:') ? paperId.slice(4) : undefined);
    // A paper ranked as not in the manuscript's bibliography whose key it now gives to another paper is not that entry.
    const isPaper = (entry: BibEntry) => !paper || paper.inBibliography || samePaper(entry, paper);
    if (key) {
      const own = context.project.lookup(key);
      if (own && isPaper(own.entry)) return { existing: own.entry };
      const library = await this.session.workspace.project(context.path, setup.libraryOptions);
      const entry = library.lookup(key)?.entry;
      if (entry && isPaper(entry)) return { metadata: entryMetadata(entry), ...(own ? {} : { key: entry.key }), ...(paper ? { paper } : {}) };
    }
    const s2Id = paper?.s2Id ?? (paperId.startsWith('s2:') ? paperId.slice(3) : undefined);
    if (s2Id && setup.s2) {
      const [details] = await setup.s2.batch([s2Id], { signal });
      if (details) return { metadata: s2Metadata(details), ...(paper ? { paper } : {}) };
    }
    if (paper) return { metadata: rankedMetadata(paper), paper };
    throw new ResponseError(-32602, `unknown paper ${paperId}: rank again`);
  }

  /** With `awaitExport` (cite), a paper saved to Zotero is answered once its Better BibTeX export holds it. */
  private async add(context: DocumentContext, setup: RelatedSetup, paperId: string, target?: WireWriteChoice, awaitExport?: ExportWaitOptions): Promise<BibInsertion> {
    const resolved = await this.resolve(context, setup, paperId, awaitExport?.signal);
    if ('existing' in resolved) return { key: resolved.existing.key, bib: { kind: 'present', uri: this.session.uris.toUri(resolved.existing.file), key: resolved.existing.key } };
    if (awaitExport?.signal?.aborted) throw cancelled();
    return addToManuscriptBib(this.session, context, resolved.metadata, {
      writeTarget: setup.settings.writeTarget, settings: setup.settings, ...(target ? { target } : {}), ...(resolved.key ? { key: resolved.key } : {}), ...(awaitExport ? { awaitExport } : {}),
    });
  }

  private bibResult(insertion: BibInsertion, extra: WireWorkspaceEdit = { changes: {} }): RelatedBibResult {
    const edit: WireWorkspaceEdit = { changes: { ...extra.changes } };
    if (insertion.edit) (edit.changes[insertion.edit.uri] ??= []).push(insertion.edit.edit);
    const file = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    const bib = insertion.bib;
    const notice =
      bib.kind === 'edit' || bib.kind === 'written' ? `Added ${bib.key} to ${file(bib.uri)}`
      : bib.kind === 'present' ? `${bib.key} is already in ${bib.uri ? file(bib.uri) : 'the bibliography'}`
      : bib.kind === 'zotero' ? bib.reason
      : `Not added to a .bib: ${bib.reason}`;
    return { ...(insertion.key ? { key: insertion.key } : {}), bib, ...(Object.keys(edit.changes).length > 0 ? { edit } : {}), notice };
  }

  /** Cancelling while it waits for Better BibTeX's export answers RequestCancelled (the paper stays in Zotero). */
  async cite(params: RelatedCiteParams, token?: CancellationToken): Promise<RelatedCiteResult> {
    const context = await manuscript(this.session, params.uri);
    const file = context.file;
    // With a selection (the text the panel ranked for) the citation goes after it, the text kept: the
    // cursor is taken to be the selection's end, before any whitespace or line break the selection ends in.
    const selection = selectionSpan(this.session, context, params.selection);
    const offset = selection ? selectionEnd(file.text, selection) : this.session.offsetAt(context, params.position);
    // Where the citation goes is settled before anything is added to a .bib: a refusal changes nothing.
    const inCitation = file.citations.some((c) => c.span.start < offset && offset < c.span.end && c.keys.length > 0);
    const placement = inCitation ? undefined : placeCitation(file.text, file.language, file.segments, offset);
    if (placement && 'refused' in placement) throw new ResponseError(LSPErrorCodes.RequestFailed, placement.refused);
    const setup = await relatedSetup(this.session, context, params.client);
    const controller = abortOn(token);
    let insertion: BibInsertion;
    try {
      insertion = await this.add(context, setup, params.paperId, params.target, { timeoutMs: this.options.zoteroExportWaitMs ?? ZOTERO_EXPORT_WAIT_MS, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw cancelled();
      throw error;
    }
    if (controller.signal.aborted) throw cancelled();
    if (!insertion.key) return this.bibResult(insertion);
    const into = inCitation ? citeIntoCitation(insertion.key, file.text, file.citations, offset) : undefined;
    if (into?.text === '') {
      const result = this.bibResult(insertion);
      return { ...result, bibNotice: result.notice, notice: `${insertion.key} is already in this citation. ${result.notice}.` };
    }
    const citation = citeText(insertion.key, file.language, file.citations, this.citeStyle(context));
    // The cursor in prose: a tie or space after a word, before the full stop it just passed (see cite-place.ts).
    const insert = into ? { offset: into.offset, text: into.text }
      : placement && !('refused' in placement) ? { offset: placement.offset, text: placement.before + citation + placement.after } : undefined;
    const at = (this.session.documents.get(params.uri)?.positionAt(insert?.offset ?? offset) ?? file.lines.positionAt(insert?.offset ?? offset));
    const range = { start: at, end: at };
    const result = this.bibResult(insertion, { changes: { [params.uri]: [{ range, newText: insert ? insert.text : citation }] } });
    return { ...result, citation, bibNotice: result.notice, notice: `Cited ${insertion.key}. ${result.notice}.` };
  }

  /** The project's citation package (the root's preamble first, so a chapter gets it too) and how its `\cite` prints. */
  private citeStyle(context: DocumentContext & { file: NonNullable<DocumentContext['file']> }): CiteStyle {
    if (context.file.language !== 'latex') return {};
    const info = context.project.info;
    return { ...(info.citationPackage ? { package: info.citationPackage } : {}), ...(info.textualCite ? { textualCite: true } : {}), ...(info.citationStyle === 'author-year' ? { authorYear: true } : {}) };
  }

  async addToBib(params: RelatedPaperParams): Promise<RelatedBibResult> {
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    return this.bibResult(await this.add(context, setup, params.paperId, params.target));
  }

  async copyBibtex(params: RelatedPaperParams): Promise<{ bibtex: string }> {
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    const resolved = await this.resolve(context, setup, params.paperId);
    if ('existing' in resolved) {
      const entry = resolved.existing;
      const text = context.project.bibFile(entry.file)?.text;
      if (text && /\.(bib|bibtex|biblatex)$/i.test(entry.file)) return { bibtex: text.slice(entry.span.start, entry.span.end) };
      return { bibtex: formatted(entryMetadata(entry), entry.key) };
    }
    return { bibtex: formatted(resolved.metadata, resolved.key) };
  }

  async notRelevant(params: RelatedNotRelevantParams): Promise<{ hiddenCount: number }> {
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    const store = notRelevantStore(setup);
    const list = await store.load(context.path);
    if (params.undo) list.remove(params.paperId);
    else {
      const paper = await this.papers.recall(params.uri, params.paperId, setup.storageDir);
      list.add({ id: params.paperId, ...(paper?.s2Id ? { s2Id: paper.s2Id } : {}), ...(paper?.doi ? { doi: paper.doi } : {}), ...(paper ? { title: paper.title } : {}) });
    }
    await store.save(context.path, list);
    return { hiddenCount: list.toJSON().length };
  }

  async addById(params: RelatedAddByIdParams): Promise<RelatedBibResult> {
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, params.client);
    return this.bibResult(await addByIdentifier(this.session, context, params, { ...(setup.s2 ? { s2: setup.s2 } : {}), settings: setup.settings }));
  }

  /** The consent text, and for a manuscript the query that would be sent: computed with a client whose transport sends nothing. */
  async consent(params: RelatedConsentParams): Promise<RelatedConsentInfo> {
    if (!params.uri || !params.position) return { text: CONSENT_TEXT };
    const context = await manuscript(this.session, params.uri);
    const setup = await relatedSetup(this.session, context, { semanticScholarConsent: false });
    const offline = new S2Client({ request: () => Promise.reject(new Error('preview: nothing is sent')), maxServerRetries: 0, maxRateLimitRetries: 0, sleep: async () => undefined });
    const result = await findRelated(
      { workspace: this.session.workspace, analysis: setup.libraryOptions, s2: offline },
      { file: context.path, line: params.position.line, character: params.position.character, scope: params.scope ?? 'paragraph', ...(params.scope === 'selection' && params.selection ? { selection: selectionSpan(this.session, context, params.selection) } : {}), limit: 1 },
    );
    return { text: CONSENT_TEXT, ...(result.sent ? { preview: result.sent } : {}) };
  }
}

function formatted(metadata: PaperMetadata, key?: string): string {
  const plan = planBibInsertion('', metadata, { file: 'clipboard.bib', ...(key ? { key } : {}) });
  return plan.kind === 'append' ? plan.entry : '';
}
