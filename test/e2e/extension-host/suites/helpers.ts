// What the extension-host suites share: the sample workspace that is open, and small queries
// through the real VS Code API (the same commands the editor itself runs).
import * as vscode from 'vscode';
import { waitFor } from '../../harness/wait.ts';

export { waitFor };

export const extensionId = 'sciwrite.sciwrite';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suites need the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

/** The position `offset` characters into the first occurrence of `text`. */
export function positionOf(document: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = document.getText().indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in ${document.uri.fsPath}`);
  return document.positionAt(at + offset);
}

function markdownOf(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === 'string') return content;
  return 'value' in content ? content.value : '';
}

/** Markdown's backslash escapes removed, so that assertions read the text a user sees. */
function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}

/** The hovers' markdown at a position, as text (escapes removed). */
export async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return unescapeMarkdown(hovers.flatMap((hover) => hover.contents.map(markdownOf)).join('\n'));
}

export async function completionLabelsAt(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** Waits until the hover at `text` in `relative` mentions `expected` (the server may still be starting). */
export async function waitForHover(relative: string, text: string, expected: string | RegExp, timeoutMs = 90_000): Promise<string> {
  const editor = await open(relative);
  const position = positionOf(editor.document, text, 1);
  return waitFor(`a hover on ${text} showing ${String(expected)}`, async () => {
    const markdown = await hoverAt(editor.document.uri, position);
    return (typeof expected === 'string' ? markdown.includes(expected) : expected.test(markdown)) ? markdown : undefined;
  }, timeoutMs, 250);
}

export async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('sciwrite').update(name, value, vscode.ConfigurationTarget.Workspace);
}
