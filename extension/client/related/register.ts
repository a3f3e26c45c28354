// The one call the client's activate() makes to add the related-work view:
//   registerRelatedView(context, backend)
import * as vscode from 'vscode';
import { Commands } from '../../protocol/index.ts';
import type { RelatedBackend } from './backend.ts';
import { RelatedViewProvider, type RelatedViewOptions } from './provider.ts';

export function registerRelatedView(context: vscode.ExtensionContext, backend: RelatedBackend, options?: RelatedViewOptions): RelatedViewProvider {
  const provider = new RelatedViewProvider(context.extensionUri, backend, options);
  context.subscriptions.push(provider, vscode.window.registerWebviewViewProvider(RelatedViewProvider.viewType, provider));
  // A model chosen in sciwrite.models.embeddings finished downloading in the background: rank with it.
  const changed = backend.onRankingChanged?.(() => provider.rerank());
  if (changed) context.subscriptions.push(changed);
  // The server's word while an action runs ("waiting for Better BibTeX…"), before the action's own notice.
  const notices = backend.onNotice?.((message) => provider.notify(message));
  if (notices) context.subscriptions.push(notices);
  // "SciWrite: Download SPECTER2" does what the panel's button does; the outcome shows in the panel too.
  context.subscriptions.push(vscode.commands.registerCommand(Commands.downloadSpecter2, async () => {
    const result = await backend.downloadSpecter2();
    if (result?.notice) provider.notify(result.notice);
    if (result?.rerank) provider.rerank();
  }));
  return provider;
}
