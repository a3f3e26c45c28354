// The related-work view in VS Code: hosts the webview (strict CSP, resources only from dist/webview)
// and feeds the controller the editor's cursor and the view's lifecycle. All behaviour lives in
// controller.ts; no ranking here.
import * as vscode from 'vscode';
import type { PanelState, Scope } from '../../../webview/src/protocol.ts';
import type { RelatedBackend } from './backend.ts';
import { RelatedController, type RelatedViewOptions } from './controller.ts';
import { editorContext, isManuscript } from './editor-context.ts';
import { makeNonce, webviewHtml } from './html.ts';

export type { RelatedViewOptions } from './controller.ts';

export class RelatedViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'sciwrite.related';

  private view: vscode.WebviewView | undefined;
  private readonly controller: RelatedController;
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    backend: RelatedBackend,
    options: RelatedViewOptions = {},
  ) {
    this.controller = new RelatedController(backend, (message) => void this.view?.webview.postMessage(message), options);
    const active = vscode.window.activeTextEditor;
    if (active && isManuscript(active.document)) this.controller.editorChanged(editorContext(active));
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (isManuscript(event.textEditor.document)) this.controller.editorChanged(editorContext(event.textEditor));
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isManuscript(editor.document)) this.controller.editorChanged(editorContext(editor));
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const webview = view.webview;
    webview.options = { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [root] };
    this.controller.attach(view.visible);
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
    });
    this.viewDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.controller.receive(raw)),
      view.onDidChangeVisibility(() => this.controller.setVisible(view.visible)),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = undefined;
        this.controller.detach();
        this.disposeView();
      }),
    );
  }

  /** The scope the panel shows now. */
  get scope(): Scope {
    return this.controller.scope;
  }

  /** Show a state the backend computed on its own (e.g. after a download finished). */
  postState(state: PanelState): void {
    this.controller.postState(state);
  }

  /** Announce a short confirmation in the panel. */
  notify(message: string): void {
    this.controller.notify(message);
  }

  showError(message: string): void {
    this.controller.showError(message);
  }

  /** Rank again (a source, a setting or a bibliography changed). */
  rerank(): void {
    this.controller.rerank();
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    this.controller.dispose();
    this.disposeView();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
