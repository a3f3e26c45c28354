// Rename a citation key in its .bib entry and in every citation of the project at once.
import { ResponseError, ErrorCodes, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { referencesOf, type ProjectSnapshot } from '../../analysis/index.ts';
import type { BibEntry, Span } from '../../core/types.ts';
import type { Session } from '../session.ts';
import { keyAt } from './key-target.ts';

/** Characters BibTeX and biber do not accept in a key (and pandoc would end the key at). */
const INVALID_KEY = /[\s,{}()"#%'=\\~]/;

/** `crossref = {key}` and `xdata = {a, key}` fields that name `key`, so a renamed parent keeps its children. */
function parentReferences(text: string, entries: readonly BibEntry[], key: string): Span[] {
  const lower = key.toLowerCase();
  const spans: Span[] = [];
  for (const entry of entries) {
    const parents = [entry.fields.crossref, ...(entry.fields.xdata?.split(',') ?? [])].map((value) => value?.trim().toLowerCase());
    if (!parents.includes(lower)) continue;
    const source = text.slice(entry.span.start, entry.span.end);
    for (const field of source.matchAll(/\b(crossref|xdata)\s*=\s*[{"]([^}"]*)[}"]/gi)) {
      const valueStart = entry.span.start + (field.index ?? 0) + field[0].length - field[2].length - 1;
      for (const part of field[2].matchAll(/[^,\s]+/g)) {
        if (part[0].toLowerCase() === lower) spans.push({ start: valueStart + (part.index ?? 0), end: valueStart + (part.index ?? 0) + part[0].length });
      }
    }
  }
  return spans;
}

export async function prepareRename(session: Session, params: PrepareRenameParams): Promise<{ range: Range; placeholder: string } | null> {
  const context = await session.context(params.textDocument.uri);
  const target = context && keyAt(session, context, params.position);
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'Place the cursor on a citation key to rename it.');
  return { range: target.range, placeholder: target.key };
}

export async function rename(session: Session, params: RenameParams): Promise<WorkspaceEdit | null> {
  const context = await session.context(params.textDocument.uri);
  const target = context && keyAt(session, context, params.position);
  if (!context || !target) return null;
  const newName = params.newName.trim();
  if (newName === '' || INVALID_KEY.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a valid citation key (no spaces, commas, braces, quotes, #, %, = or backslashes).`);
  }
  const projects: ProjectSnapshot[] = context.file ? [context.project] : await session.workspace.projectsUsing(context.path, context.project.options);
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  const add = (uri: string, range: Range) => {
    const id = `${uri}#${range.start.line}:${range.start.character}`;
    if (seen.has(id)) return;
    seen.add(id);
    (changes[uri] ??= []).push({ range, newText: newName });
  };
  for (const project of projects) {
    const existing = project.lookup(newName);
    const current = project.lookup(target.key);
    if (existing && existing.entry !== current?.entry) {
      throw new ResponseError(ErrorCodes.InvalidParams, `'${existing.entry.key}' is already defined in ${existing.entry.file}.`);
    }
    if (current) {
      const bib = project.bibFile(current.entry.file);
      if (bib) add(session.uris.toUri(current.entry.file), bib.lines.rangeOf(current.entry.keySpan));
    }
    for (const reference of await referencesOf(project, target.key)) {
      const lines = (await project.file(reference.file))?.lines;
      if (lines) add(session.uris.toUri(reference.file), lines.rangeOf(reference.span));
    }
    for (const bib of project.bibFiles) {
      for (const span of parentReferences(bib.text, bib.entries, target.key)) add(session.uris.toUri(bib.file), bib.lines.rangeOf(span));
    }
  }
  return { changes };
}
