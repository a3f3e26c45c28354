// The "Citation intents" tree view: every reference with how it is cited, then each citation with
// its sentence and labels. An author sees which works they only mention and which they build on.
import * as vscode from 'vscode';
import type { CitationIntentsResult, ReferenceIntents } from '../../protocol/editor.ts';

type Node = { kind: 'reference'; ref: ReferenceIntents } | { kind: 'citation'; citation: ReferenceIntents['citations'][number] };

export class CitationIntentsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = 'sciwrite.citationIntents';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data: CitationIntentsResult = { references: [] };
  /** The document the tree shows. */
  private shown?: string;
  private timer?: NodeJS.Timeout;

  constructor(private readonly fetch: (uri: string) => Promise<CitationIntentsResult>) {}

  /**
   * Reloads for the active editor's document, shortly (intents arrive in bursts while typing). With no
   * editor active (a panel has focus) the tree keeps its document while that stays open; a closed
   * document's intents, or a failed fetch, leave the tree empty rather than stale.
   */
  reload(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) {
        if (this.shown !== undefined && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === this.shown)) this.show(undefined, { references: [] });
        return;
      }
      this.fetch(uri).then((data) => this.show(uri, data), () => this.show(undefined, { references: [] }));
    }, 300);
  }

  private show(uri: string | undefined, data: CitationIntentsResult): void {
    this.shown = uri;
    this.data = data;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.data.references.map((ref) => ({ kind: 'reference', ref }));
    if (node.kind === 'reference') return node.ref.citations.map((citation) => ({ kind: 'citation', citation }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'reference') {
      const item = new vscode.TreeItem(node.ref.key, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.ref.summary;
      item.tooltip = node.ref.title ? `${node.ref.title}\n${node.ref.summary}` : node.ref.summary;
      item.iconPath = new vscode.ThemeIcon(node.ref.scicite.method || node.ref.aclarc.Uses || node.ref.aclarc.Extends ? 'tools' : 'book');
      return item;
    }
    const c = node.citation;
    const label = c.sentence.length > 80 ? `${c.sentence.slice(0, 77)}…` : c.sentence;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description = [c.scicite?.label, c.aclarc?.label].filter(Boolean).join(' · ');
    item.tooltip = c.sentence;
    const range = new vscode.Range(c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character);
    item.command = { title: 'Go to citation', command: 'vscode.open', arguments: [vscode.Uri.parse(c.uri), { selection: range }] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
