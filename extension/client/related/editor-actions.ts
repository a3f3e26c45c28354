// The VS Code-only halves of the panel's actions, for a backend to call: insert text at the cursor
// of the manuscript the panel follows, put text on the clipboard, open a link outside VS Code.
import * as vscode from 'vscode';
import type { EditorContext } from './backend.ts';

/**
 * Inserts `text` at the manuscript's cursor (replacing a selection). Uses the editor's live cursor when
 * the document is visible, else the position the panel last saw. Returns false when the edit failed.
 */
export async function insertAtCursor(editor: EditorContext, text: string): Promise<boolean> {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === editor.uri);
  if (visible) {
    return visible.edit((builder) => {
      for (const selection of visible.selections) builder.replace(selection, text);
    });
  }
  const at = new vscode.Position(editor.position.line, editor.position.character);
  const range = editor.selection
    ? new vscode.Range(editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character)
    : new vscode.Range(at, at);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(vscode.Uri.parse(editor.uri), range, text);
  return vscode.workspace.applyEdit(edit);
}

export async function copyToClipboard(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
}

/** Opens an http(s) link in the user's browser; other schemes are refused (the URL came from the network). */
export async function openLink(url: string): Promise<boolean> {
  const uri = vscode.Uri.parse(url, true);
  if (uri.scheme !== 'https' && uri.scheme !== 'http') return false;
  return vscode.env.openExternal(uri);
}
