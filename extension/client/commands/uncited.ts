// "SciWrite: Show Uncited Bibliography Entries": asks the server and lists the entries in a quick pick;
// picking one opens it in its .bib file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { UncitedEntriesRequest, type UncitedEntry } from '../../protocol/index.ts';
import { requestType } from '../protocol.ts';

interface EntryItem extends vscode.QuickPickItem {
  entry: UncitedEntry;
}

export async function showUncitedEntries(client: LanguageClient): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  const result = await client.sendRequest(requestType(UncitedEntriesRequest), { uri });
  const items: EntryItem[] = [];
  for (const project of result.projects) {
    for (const entry of project.entries) {
      items.push({
        label: entry.key,
        description: [entry.authors, entry.year].filter(Boolean).join(', '),
        detail: entry.title,
        entry,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(result.projects.length === 0 ? 'SciWrite: open a LaTeX or Markdown manuscript first.' : 'SciWrite: every bibliography entry is cited.');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: `${items.length} uncited bibliography entries`, matchOnDescription: true, matchOnDetail: true });
  if (!picked) return;
  const { uri: target, range } = picked.entry.location;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target));
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(document, { selection });
}
