// Entity highlights: the server pushes every entity of a document version; the client keeps the
// latest per document and paints only visible editors, reusing one decoration type per colour
// role (setDecorations updates the ranges in place; nothing is recreated on edits).
import * as vscode from 'vscode';
import type { EntitiesParams, EntityTypeInfo, WireEntity } from '../../protocol/editor.ts';
import { colorId, decorationFor } from './colors.ts';

export class EntityDecorations implements vscode.Disposable {
  private readonly latest = new Map<string, EntitiesParams>();
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private roles = new Map<string, string>();
  enabled = true;

  /** The entity types not highlighted in a document: `sciwrite.entities.hiddenTypes` as its folder sets it. */
  constructor(private readonly hiddenTypes: (uri: vscode.Uri) => ReadonlySet<string>) {}

  setTaxonomy(types: readonly EntityTypeInfo[]): void {
    this.roles = new Map(types.map((t) => [t.id, t.colorRole]));
    this.refresh();
  }

  private decoration(role: string): vscode.TextEditorDecorationType {
    const id = colorId(role);
    let d = this.types.get(id);
    if (!d) {
      d = decorationFor(role);
      this.types.set(id, d);
    }
    return d;
  }

  receive(params: EntitiesParams): void {
    this.latest.set(params.uri, params);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === params.uri) this.paint(editor);
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  entitiesOf(uri: string): WireEntity[] {
    return this.latest.get(uri)?.entities ?? [];
  }

  /** Paints every visible editor again (after a toggle or a settings change). */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) this.paint(editor);
  }

  paint(editor: vscode.TextEditor): void {
    const params = this.latest.get(editor.document.uri.toString());
    // Ranges of another version would land on the wrong characters: keep what VS Code already shifted.
    if (params && params.version !== editor.document.version && this.enabled) return;
    const byRole = new Map<string, vscode.Range[]>();
    for (const id of this.types.keys()) byRole.set(id, []);
    if (this.enabled && params) {
      const hidden = this.hiddenTypes(editor.document.uri);
      for (const e of params.entities) {
        if (hidden.has(e.type)) continue;
        const id = colorId(this.roles.get(e.type) ?? 'other');
        this.decoration(this.roles.get(e.type) ?? 'other');
        const list = byRole.get(id) ?? [];
        for (const p of e.pieces) list.push(new vscode.Range(p.start.line, p.start.character, p.end.line, p.end.character));
        byRole.set(id, list);
      }
    }
    for (const [id, ranges] of byRole) {
      const d = this.types.get(id);
      if (d) editor.setDecorations(d, ranges);
    }
  }

  dispose(): void {
    for (const d of this.types.values()) d.dispose();
    this.types.clear();
  }
}
