// The one call the client's activate() makes to add the related-work view:
//   registerRelatedView(context, backend)
import * as vscode from 'vscode';
import type { RelatedBackend } from './backend.ts';
import { RelatedViewProvider, type RelatedViewOptions } from './provider.ts';

export function registerRelatedView(context: vscode.ExtensionContext, backend: RelatedBackend, options?: RelatedViewOptions): RelatedViewProvider {
  const provider = new RelatedViewProvider(context.extensionUri, backend, options);
  context.subscriptions.push(provider, vscode.window.registerWebviewViewProvider(RelatedViewProvider.viewType, provider));
  return provider;
}
