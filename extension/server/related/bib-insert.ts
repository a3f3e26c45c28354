// Adding a paper to the manuscript's .bib from the server: the write target from the settings or the
// manuscript's bibliographies; a workspace edit when the .bib is open in an editor (its unsaved text is
// planned on and kept), else an atomic append on disk. Existing bytes are never touched.
import { addPaperToBibFile, chooseWriteTarget } from '../../analysis/related/index.ts';
import { planBibInsertion } from '../../core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import type { BibEntry } from '../../core/types.ts';
import type { BibOutcome, WireTextEdit, WireRankedPaper } from '../../protocol/index.ts';
import { splitPersonName } from '../../core/bibwrite/metadata.ts';
import type { DocumentContext, Session } from '../session.ts';

export interface BibInsertion {
  key?: string;
  bib: BibOutcome;
  /** The .bib edit for the client to apply, when the .bib is open. */
  edit?: { uri: string; edit: WireTextEdit };
}

export async function addToManuscriptBib(session: Session, context: DocumentContext, paper: PaperMetadata, options: { writeTarget?: string; key?: string }): Promise<BibInsertion> {
  const project = context.project;
  const target = chooseWriteTarget(project, options.writeTarget || undefined);
  if (target.kind === 'none') return { bib: { kind: 'refused', reason: target.reason } };
  if (target.kind === 'ask') return { bib: { kind: 'refused', reason: `${target.reason}. Set sciwrite.bibliography.writeTarget to the file new entries should go to.`, files: target.alternatives } };
  const file = target.file;
  const uri = session.uris.toUri(file);
  const bibliography = [...project.bibliography.entries.values()];
  const open = session.documents.get(uri);
  if (open) {
    const plan = planBibInsertion(open.getText(), paper, { file, bibliography, ...(options.key ? { key: options.key } : {}) });
    if (plan.kind === 'refused') return { bib: { kind: 'refused', reason: plan.reason } };
    if (plan.kind === 'duplicate') return { key: plan.key, bib: { kind: 'present', uri: session.uris.toUri(plan.file), key: plan.key } };
    const at = open.positionAt(plan.offset);
    return { key: plan.key, bib: { kind: 'edit', uri, key: plan.key }, edit: { uri, edit: { range: { start: at, end: at }, newText: plan.text } } };
  }
  const result = await addPaperToBibFile(file, paper, { bibliography, ...(options.key ? { key: options.key } : {}) });
  const plan = result.plan;
  if (plan.kind === 'refused') return { bib: { kind: 'refused', reason: plan.reason } };
  if (plan.kind === 'duplicate') return { key: plan.key, bib: { kind: 'present', uri: session.uris.toUri(plan.file), key: plan.key } };
  session.workspace.filesChanged([file]);
  return { key: plan.key, bib: { kind: 'written', uri, key: plan.key } };
}

/** A library entry (e.g. from an extra library) as metadata for the manuscript's .bib. */
export function entryMetadata(entry: BibEntry): PaperMetadata {
  const f = entry.fields;
  const paper: PaperMetadata = {
    type: entry.type,
    title: entry.title ?? entry.key,
    authors: entry.authors.map((name) => ({ family: name.literal ?? [name.particle, name.family, name.suffix].filter(Boolean).join(' '), ...(name.given ? { given: name.given } : {}) })),
  };
  const year = entry.year ? Number.parseInt(entry.year, 10) : Number.NaN;
  if (Number.isFinite(year)) paper.year = year;
  const journal = f.journal ?? f.journaltitle;
  if (journal) paper.journal = journal;
  else if (f.booktitle) paper.booktitle = f.booktitle;
  for (const name of ['volume', 'number', 'pages', 'publisher'] as const) if (f[name]) paper[name] = f[name];
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
