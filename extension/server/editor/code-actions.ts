// Quick fixes on a highlighted entity: "Not a <type>" and "Never highlight '<text>'". They run the
// server's dismiss command, which records the choice in .vscode/sciwrite.json.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { DismissEntityCommand, type DismissEntityArguments } from '../../protocol/editor.ts';
import type { Session } from '../session.ts';
import { editorFeaturesOf } from './features.ts';

export function entityCodeActions(session: Session, params: CodeActionParams): CodeAction[] {
  const editor = editorFeaturesOf(session);
  const uri = params.textDocument.uri;
  const state = editor?.current(uri);
  const document = session.documents.get(uri);
  if (!editor || !state || !document || state.version !== document.version) return [];
  const start = document.offsetAt(params.range.start);
  const end = document.offsetAt(params.range.end);
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const e of editor.shownEntities(state)) {
    if (!(e.span.start <= end && start <= e.span.end)) continue;
    const label = editor.taxonomy.byId.get(e.type)?.label ?? e.type;
    const text = e.prose;
    const key = `${e.type}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const notType: DismissEntityArguments = { uri, kind: 'notType', text, type: e.type };
    const never: DismissEntityArguments = { uri, kind: 'never', text };
    out.push(
      { title: `Not a ${label}: '${text}'`, kind: CodeActionKind.QuickFix, command: { title: `Not a ${label}`, command: DismissEntityCommand, arguments: [notType] } },
      { title: `Never highlight '${text}'`, kind: CodeActionKind.QuickFix, command: { title: `Never highlight '${text}'`, command: DismissEntityCommand, arguments: [never] } },
    );
  }
  return out;
}
