// The related-work view: hosts the webview (strict CSP, resources only from dist/webview), waits for
// its "ready", follows the manuscript cursor with a debounce, asks the backend for rankings (dropping
// superseded ones), and routes the webview's validated messages to the backend. No ranking here.
import * as vscode from 'vscode';
import { parseWebviewMessage, type ExtensionMessage, type PanelState, type Scope } from '../../../webview/src/protocol.ts';
import type { ActionResult, EditorContext, RelatedBackend } from './backend.ts';
import { editorContext, isManuscript } from './editor-context.ts';
import { makeNonce, webviewHtml } from './html.ts';
import { routeWebviewMessage } from './router.ts';

export interface RelatedViewOptions {
  /** Milliseconds the cursor must rest before the paragraph scope is ranked again. */
  followDelay?: number;
  /** The scope the panel starts with. */
  scope?: Scope;
}

export class RelatedViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'sciwrite.related';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private scope: Scope;
  private editor: EditorContext | undefined;
  private lastState: PanelState | undefined;
  private stale = true;
  private ranking: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly followDelay: number;
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backend: RelatedBackend,
    options: RelatedViewOptions = {},
  ) {
    this.followDelay = options.followDelay ?? 400;
    this.scope = options.scope ?? 'paragraph';
    const active = vscode.window.activeTextEditor;
    if (active && isManuscript(active.document)) this.editor = editorContext(active);
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection((event) => this.onEditor(event.textEditor, event.kind)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.onEditor(editor, undefined)),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const webview = view.webview;
    webview.options = { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [root] };
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
    });
    this.viewDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.stale) this.rerank();
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** The scope shown now. */
  get currentScope(): Scope {
    return this.scope;
  }

  /** Show a state the backend computed on its own (e.g. after a download finished). */
  postState(state: PanelState): void {
    this.lastState = state;
    this.scope = state.scope;
    this.post({ type: 'state', state });
  }

  notify(message: string): void {
    this.post({ type: 'notice', message });
  }

  showError(message: string): void {
    this.post({ type: 'error', message });
  }

  /** Rank again now (a source changed, the bibliography changed, ...). Cancels a ranking in flight. */
  rerank(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.view?.visible || !this.ready) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.ranking?.abort();
    const controller = new AbortController();
    this.ranking = controller;
    this.post({ type: 'busy', busy: true, message: 'Looking for related papers…' });
    this.backend
      .rank({ scope: this.scope, editor: this.editor }, controller.signal)
      .then(
        (state) => {
          if (!controller.signal.aborted) this.postState(state);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) this.showError(`Could not rank related papers: ${describe(error)}`);
        },
      )
      .finally(() => {
        if (this.ranking === controller) {
          this.ranking = undefined;
          this.post({ type: 'busy', busy: false });
        }
      });
  }

  private post(message: ExtensionMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  private onEditor(editor: vscode.TextEditor, kind: vscode.TextEditorSelectionChangeKind | undefined): void {
    if (!isManuscript(editor.document)) return;
    const previous = this.editor;
    this.editor = editorContext(editor);
    const moved = previous?.uri !== this.editor.uri;
    // The whole-manuscript scope does not depend on the cursor, only on the document.
    if (this.scope === 'document' && !moved) return;
    if (kind === vscode.TextEditorSelectionChangeKind.Command && !moved) return;
    this.stale = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rerank(), this.followDelay);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    const routed = routeWebviewMessage(message, this.backend, this.editor);
    if (routed.kind === 'view') {
      switch (routed.action.kind) {
        case 'ready':
          this.ready = true;
          if (this.lastState) this.post({ type: 'state', state: this.lastState });
          this.rerank();
          break;
        case 'rerank':
          this.rerank();
          break;
        case 'scope':
          this.scope = routed.action.scope;
          this.rerank();
          break;
      }
      return;
    }
    routed.result.then(
      (result) => this.apply(result),
      (error: unknown) => this.showError(describe(error)),
    );
  }

  private apply(result: ActionResult | void): void {
    if (!result) return;
    if (result.state) this.postState(result.state);
    if (result.notice) this.notify(result.notice);
    if (result.rerank) this.rerank();
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.ranking?.abort();
    this.disposeView();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
