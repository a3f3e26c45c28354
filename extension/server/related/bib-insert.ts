// Adding a paper to the manuscript's .bib from the server: the write target from the settings or the
// manuscript's bibliographies; a workspace edit when the .bib is open in an editor (its unsaved text is
// planned on and kept), else an atomic append on disk. Existing bytes are never touched. When only
// exports another tool regenerates hold entries, the client is asked (`ask`): the user's Zotero library
// (through Zotero's connector, when the export is Better BibTeX's and Zotero runs; "Cite here" then
// waits for the export to hold it, zotero-export.ts) or another .bib.
// Field names follow the manuscript's bibliography program (biblatex or BibTeX).
import { basename, join } from 'node:path';
import {
  addPaperToBibFile, BibChangedError, BibWriteError, chooseWriteTarget, crossrefClientOptions, lookupPaper, projectBibEngine, saveToZotero, writeOptions, zoteroConnectorOptions,
} from '../../analysis/related/index.ts';
import { findDuplicate, planBibInsertion } from '../../core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import type { BibEntry, PersonName } from '../../core/types.ts';
import { CrossrefClient } from '../../net/crossref/client.ts';
import type { S2Client } from '../../net/semantic-scholar/client.ts';
import { ZoteroConnector } from '../../net/zotero/connector.ts';
import { RelatedNoticeNotification, type BibOutcome, type RelatedClientContext, type RelatedSettingsView, type WireTextEdit, type WireRankedPaper, type WireWriteChoice } from '../../protocol/index.ts';
import { notificationType } from '../protocol.ts';
import { splitPersonName } from '../../core/bibwrite/metadata.ts';
import type { DocumentContext, Session } from '../session.ts';
import { relatedStorageDir } from './services.ts';
import { waitForExportedEntry, zoteroExportNames, type ExportWaitOptions } from './zotero-export.ts';

export interface BibInsertion {
  key?: string;
  bib: BibOutcome;
  /** The .bib edit for the client to apply, when the .bib is open. */
  edit?: { uri: string; edit: WireTextEdit };
}

export interface AddOptions {
  writeTarget?: string;
  key?: string;
  /** The user's answer to an earlier `ask`. */
  target?: WireWriteChoice;
  /** For Zotero's connector URL. */
  settings?: RelatedSettingsView;
  /** After saving to Zotero, wait for its Better BibTeX export to hold the paper and answer with its key ("Cite here"). */
  awaitExport?: ExportWaitOptions;
}

function zoteroConnector(settings: RelatedSettingsView | undefined): ZoteroConnector {
  return new ZoteroConnector(zoteroConnectorOptions({ ...(settings?.zotero.connectorUrl ? { zoteroUrl: settings.zotero.connectorUrl } : {}) }));
}

export async function addToManuscriptBib(session: Session, context: DocumentContext, paper: PaperMetadata, options: AddOptions): Promise<BibInsertion> {
  const project = context.project;
  // Before asking where it goes or saving it to Zotero (a .bib target checks in its plan): a paper the
  // bibliography holds (same DOI or title) is cited as it is.
  const held = (): BibInsertion | undefined => {
    const found = findDuplicate(paper, [...project.bibliography.entries.values()]);
    return found && { key: found.entry.key, bib: { kind: 'present', uri: session.uris.toUri(found.entry.file), key: found.entry.key } };
  };
  if (options.target?.kind === 'zotero') {
    const present = held();
    if (present) return present;
    const saved = await saveToZotero(zoteroConnector(options.settings), paper);
    if (saved.kind !== 'saved') return { bib: { kind: 'refused', reason: saved.message } };
    const added = `Added “${paper.title}” to your Zotero library`;
    if (!options.awaitExport) return { bib: { kind: 'zotero', reason: `${added}; Better BibTeX adds it to its export` } };
    const seconds = Math.max(1, Math.round(options.awaitExport.timeoutMs / 1000));
    void session.connection.sendNotification(notificationType(RelatedNoticeNotification), {
      message: `${added}; waiting up to ${seconds} s for Better BibTeX to export it to ${zoteroExportNames(project)}…`,
    });
    const waited = await waitForExportedEntry(session, context, paper, options.awaitExport);
    if (waited.kind === 'found') {
      const { key, file } = waited.entry;
      return { key, bib: { kind: 'zotero', key, uri: session.uris.toUri(file), reason: `${added}; Better BibTeX exported it to ${basename(file)}` } };
    }
    return { bib: { kind: 'zotero', reason: `${added}, but Better BibTeX has not exported it yet: cite it once it appears in ${zoteroExportNames(project)}` } };
  }
  let file: string;
  if (options.target?.kind === 'file') {
    const chosen = session.uris.toPath(options.target.uri);
    // Only a bibliography of this manuscript: the answer comes from the client.
    if (!chosen || !project.info.bibliographies.includes(chosen)) return { bib: { kind: 'refused', reason: `${options.target.uri} is not a bibliography of this manuscript` } };
    file = chosen;
  } else {
    const target = chooseWriteTarget(project, options.writeTarget || undefined);
    if (target.kind === 'none') return { bib: { kind: 'refused', reason: target.reason } };
    if (target.kind === 'ask') {
      const present = held();
      if (present) return present;
      const offer = await writeOptions(target, zoteroConnector(options.settings));
      if (offer.options.length === 0) return { bib: { kind: 'refused', reason: `${offer.reason}. Set sciwrite.bibliography.writeTarget to the file new entries should go to.`, files: target.alternatives } };
      const wire = offer.options.map((option) => ({
        choice: option.choice.kind === 'file' ? { kind: 'file' as const, uri: session.uris.toUri(option.choice.file) } : { kind: 'zotero' as const },
        label: option.label,
        ...(option.detail ? { detail: option.detail } : {}),
      }));
      return { bib: { kind: 'ask', reason: offer.reason, options: wire } };
    }
    file = target.file;
  }
  const uri = session.uris.toUri(file);
  const bibliography = [...project.bibliography.entries.values()];
  const bibEngine = await projectBibEngine(project);
  const planOptions = { bibliography, ...(options.key ? { key: options.key } : {}), ...(bibEngine ? { bibEngine } : {}) };
  const open = session.documents.get(uri);
  if (open) {
    const plan = planBibInsertion(open.getText(), paper, { file, ...planOptions });
    if (plan.kind === 'refused') return { bib: { kind: 'refused', reason: plan.reason } };
    if (plan.kind === 'duplicate') return { key: plan.key, bib: { kind: 'present', uri: session.uris.toUri(plan.file), key: plan.key } };
    const at = open.positionAt(plan.offset);
    return { key: plan.key, bib: { kind: 'edit', uri, key: plan.key }, edit: { uri, edit: { range: { start: at, end: at }, newText: plan.text } } };
  }
  let result: Awaited<ReturnType<typeof addPaperToBibFile>>;
  try {
    result = await addPaperToBibFile(file, paper, planOptions);
  } catch (error) {
    // read-only, a missing folder, a Latin-1 file that cannot hold the entry, a file changed meanwhile
    if (error instanceof BibWriteError || error instanceof BibChangedError) return { bib: { kind: 'refused', reason: error.message } };
    throw error;
  }
  const plan = result.plan;
  if (plan.kind === 'refused') return { bib: { kind: 'refused', reason: plan.reason } };
  if (plan.kind === 'duplicate') return { key: plan.key, bib: { kind: 'present', uri: session.uris.toUri(plan.file), key: plan.key } };
  session.workspace.filesChanged([file]);
  return { key: plan.key, bib: { kind: 'written', uri, key: plan.key } };
}

/**
 * "Add by DOI or arXiv id": Semantic Scholar when it is on, Crossref for DOIs (its base URL and contact
 * from the settings, VS Code's proxy from the client); a clear refusal when neither finds the paper.
 */
export async function addByIdentifier(
  session: Session,
  context: DocumentContext,
  request: { identifier: string; target?: WireWriteChoice; client?: RelatedClientContext },
  sources: { s2?: S2Client; settings: RelatedSettingsView },
): Promise<BibInsertion> {
  const settings = sources.settings;
  const proxy = request.client?.proxy || undefined;
  const crossref = new CrossrefClient({
    ...crossrefClientOptions({
      ...(settings.crossref.baseUrl ? { crossrefUrl: settings.crossref.baseUrl } : {}),
      ...(settings.crossref.mailto ? { crossrefMailto: settings.crossref.mailto } : {}),
      ...(proxy ? { proxy } : {}),
      ...(request.client?.proxyStrictSSL === false ? { proxyStrictSSL: false } : {}),
    }),
    // Beside Semantic Scholar's cache (`<related>/s2`), so nothing is written outside SciWrite's folder.
    cacheDir: join(relatedStorageDir(request.client), 'crossref'),
  });
  const found = await lookupPaper(request.identifier, { ...(sources.s2 ? { s2: sources.s2 } : {}), crossref });
  if (found.kind !== 'found') return { bib: { kind: 'refused', reason: found.message } };
  return addToManuscriptBib(session, context, found.metadata, { writeTarget: settings.writeTarget, settings, ...(request.target ? { target: request.target } : {}) });
}

/** A library entry (e.g. from an extra library) as metadata for the manuscript's .bib. */
export function entryMetadata(entry: BibEntry): PaperMetadata {
  const f = entry.fields;
  const person = (name: PersonName) => ({ family: name.literal ?? [name.particle, name.family, name.suffix].filter(Boolean).join(' '), ...(name.given ? { given: name.given } : {}) });
  const paper: PaperMetadata = { type: entry.type, title: entry.title ?? entry.key, authors: entry.authors.map(person) };
  if (entry.editors && entry.editors.length > 0) paper.editors = entry.editors.map(person);
  const year = entry.year ? Number.parseInt(entry.year, 10) : Number.NaN;
  if (Number.isFinite(year)) paper.year = year;
  const journal = f.journal ?? f.journaltitle;
  if (journal) paper.journal = journal;
  else if (f.booktitle) paper.booktitle = f.booktitle;
  for (const name of ['volume', 'number', 'pages', 'publisher', 'edition', 'series', 'isbn', 'note'] as const) if (f[name]) paper[name] = f[name];
  const institution = f.school ?? f.institution;
  if (institution) paper.institution = institution;
  const address = f.address ?? f.location;
  if (address) paper.address = address;
  if (f.month) paper.month = f.month;
  if (entry.doi) paper.doi = entry.doi;
  if (entry.arxiv) paper.arxiv = entry.arxiv;
  if (entry.url) paper.url = entry.url;
  return paper;
}

/** A ranked paper's own fields as metadata (when nothing better is at hand). */
export function rankedMetadata(paper: WireRankedPaper): PaperMetadata {
  const out: PaperMetadata = { title: paper.title, authors: paper.authors.map(splitPersonName) };
  if (paper.year !== undefined) out.year = paper.year;
  if (paper.venue && !/^arxiv/i.test(paper.venue)) out.journal = paper.venue;
  if (paper.doi) out.doi = paper.doi;
  if (paper.arxiv) out.arxiv = paper.arxiv;
  if (paper.url) out.url = paper.url;
  return out;
}
