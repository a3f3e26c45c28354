// Go to definition (key → its .bib entry) and find references (every citation of the key in the project).
import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver/node';
import { referencesOf } from '../../analysis/index.ts';
import type { Session } from '../session.ts';
import { keyAt } from './key-target.ts';

export async function provideDefinition(session: Session, params: DefinitionParams): Promise<Location[] | null> {
  const context = await session.context(params.textDocument.uri);
  if (!context) return null;
  const target = keyAt(session, context, params.position);
  const found = target && context.project.lookup(target.key);
  const bib = found && context.project.bibFile(found.entry.file);
  if (!found || !bib) return null;
  return [{ uri: session.uris.toUri(found.entry.file), range: bib.lines.rangeOf(found.entry.keySpan) }];
}

export async function provideReferences(session: Session, params: ReferenceParams): Promise<Location[] | null> {
  const context = await session.context(params.textDocument.uri);
  if (!context) return null;
  const target = keyAt(session, context, params.position);
  if (!target) return null;
  const projects = context.file ? [context.project] : await session.workspace.projectsUsing(context.path, context.project.options);
  const locations: Location[] = [];
  const seen = new Set<string>();
  const add = (location: Location) => {
    const id = `${location.uri}#${location.range.start.line}:${location.range.start.character}`;
    if (!seen.has(id)) {
      seen.add(id);
      locations.push(location);
    }
  };
  for (const project of projects) {
    if (params.context.includeDeclaration) {
      const found = project.lookup(target.key);
      const bib = found && project.bibFile(found.entry.file);
      if (found && bib) add({ uri: session.uris.toUri(found.entry.file), range: bib.lines.rangeOf(found.entry.keySpan) });
    }
    for (const reference of await referencesOf(project, target.key)) {
      const lines = (await project.file(reference.file))?.lines;
      if (lines) add({ uri: session.uris.toUri(reference.file), range: lines.rangeOf(reference.span) });
    }
  }
  return locations;
}
