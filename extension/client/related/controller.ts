// The related-work view's behaviour, free of `vscode` so it runs in plain Node tests: the ready
// handshake, following the cursor with a debounce, ranking only while visible (superseded rankings
// are aborted and their results dropped), and routing webview messages to the backend.
import { parseWebviewMessage, type ExtensionMessage, type PanelState, type Scope } from '../../../webview/src/protocol.ts';
import type { ActionResult, EditorContext, RelatedBackend } from './backend.ts';
import { routeWebviewMessage } from './router.ts';

export interface RelatedViewOptions {
  /** Milliseconds the cursor must rest before the scope is ranked again (default 400). */
  followDelay?: number;
  /** The scope the panel starts with (default: the paragraph at the cursor). */
  scope?: Scope;
}

export class RelatedController {
  private ready = false;
  private visible = false;
  private scopeNow: Scope;
  /** The panel's "Show papers cited here" toggle (off: papers cited in the scope are left out). */
  private showCitedHere = false;
  private editor: EditorContext | undefined;
  private lastState: PanelState | undefined;
  private stale = true;
  private ranking: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly followDelay: number;

  constructor(
    private readonly backend: RelatedBackend,
    /** Delivers a message to the webview (`webview.postMessage`). */
    private readonly sink: (message: ExtensionMessage) => void,
    options: RelatedViewOptions = {},
  ) {
    this.followDelay = options.followDelay ?? 400;
    this.scopeNow = options.scope ?? 'paragraph';
  }

  get scope(): Scope {
    return this.scopeNow;
  }

  get editorContext(): EditorContext | undefined {
    return this.editor;
  }

  /** A new webview document was loaded: nothing is posted until it says "ready". */
  attach(visible: boolean): void {
    this.ready = false;
    this.visible = visible;
  }

  /** The view was disposed. */
  detach(): void {
    this.ready = false;
    this.visible = false;
    this.cancel();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.rerank();
  }

  /** The manuscript editor's cursor, selection or identity changed (typing, clicks, Go to Line, another editor). */
  editorChanged(editor: EditorContext): void {
    const previous = this.editor;
    this.editor = editor;
    const otherDocument = previous?.uri !== editor.uri;
    if (!otherDocument) {
      // The whole-manuscript scope does not depend on the cursor.
      if (this.scopeNow === 'document') return;
      if (previous && samePlace(previous, editor)) return;
    }
    this.stale = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rerank(), this.followDelay);
  }

  /** Rank again now, cancelling a ranking in flight; deferred until the view is visible and ready. */
  rerank(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.visible || !this.ready) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.ranking?.abort();
    const controller = new AbortController();
    this.ranking = controller;
    this.post({ type: 'busy', busy: true, message: 'Looking for related papers…' });
    this.backend
      .rank({ scope: this.scopeNow, editor: this.editor, ...(this.showCitedHere ? { showCitedHere: true } : {}) }, controller.signal)
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

  /** Show a state computed outside a ranking request (e.g. when a download finished). */
  postState(state: PanelState): void {
    this.lastState = state;
    this.scopeNow = state.scope;
    this.post({ type: 'state', state });
  }

  notify(message: string): void {
    this.post({ type: 'notice', message });
  }

  showError(message: string): void {
    this.post({ type: 'error', message });
  }

  /** A message from the webview: validated, then handled here or by the backend. Returns when the backend's work is done. */
  async receive(raw: unknown): Promise<void> {
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
          this.scopeNow = routed.action.scope;
          this.rerank();
          break;
        case 'showCitedHere':
          this.showCitedHere = routed.action.show;
          this.rerank();
          break;
      }
      return;
    }
    try {
      this.apply(await routed.result);
    } catch (error) {
      this.showError(describe(error));
    }
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.ranking?.abort();
    this.ranking = undefined;
  }

  private post(message: ExtensionMessage): void {
    if (this.ready) this.sink(message);
  }

  private apply(result: ActionResult | void): void {
    if (!result) return;
    if (result.state) this.postState(result.state);
    if (result.notice) this.notify(result.notice);
    if (result.rerank) this.rerank();
  }
}

function samePlace(a: EditorContext, b: EditorContext): boolean {
  return (
    a.position.line === b.position.line &&
    a.position.character === b.position.character &&
    JSON.stringify(a.selection) === JSON.stringify(b.selection)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
