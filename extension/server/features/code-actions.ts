// Quick fixes for undefined keys: replace the key with one of the closest defined keys.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE, type KeyDiagnosticData } from './diagnostics.ts';

function isKeyData(data: unknown): data is KeyDiagnosticData {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return typeof record.key === 'string' && Array.isArray(record.suggestions) && record.suggestions.every((s) => typeof s === 'string');
}

export function provideCodeActions(params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isKeyData(diagnostic.data)) continue;
    if (diagnostic.code !== 'unresolved-key' && diagnostic.code !== 'key-case-mismatch') continue;
    diagnostic.data.suggestions.forEach((suggestion, index) => {
      actions.push({
        title: diagnostic.code === 'key-case-mismatch' ? `Write the key as defined: '${suggestion}'` : `Change to '${suggestion}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: suggestion }] } },
      });
    });
  }
  return actions;
}
