// The status bar item: which models are active and whether analysis runs; a download shows its progress.
import * as vscode from 'vscode';
import type { ModelRoleStatus, ModelStatusParams } from '../../protocol/editor.ts';
import { formatBytes } from '../../core/format/bytes.ts';

const ROLE_NAMES: Record<ModelRoleStatus['role'], string> = { entities: 'Entities', scicite: 'SciCite intent', aclarc: 'ACL-ARC intent' };

function short(model: string | undefined): string {
  if (!model) return '—';
  return model.startsWith('builtin:') ? 'built-in' : (model.split(/[\\/]/).pop() ?? model);
}

export class ModelStatusItem implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('sciwrite.models', vscode.StatusBarAlignment.Right, 100);
  last?: ModelStatusParams;

  constructor(command: string) {
    this.item.name = 'SciWrite models';
    this.item.command = command;
    this.item.text = '$(beaker) SciWrite';
    this.item.show();
  }

  update(status: ModelStatusParams): void {
    this.last = status;
    const entities = status.roles.find((r) => r.role === 'entities');
    const downloading = status.roles.find((r) => r.download);
    const problem = status.roles.some((r) => r.state === 'fallback' || r.state === 'unavailable');
    let text = `$(${status.analysing ? 'sync~spin' : 'beaker'}) ${short(entities?.active)}`;
    if (downloading?.download) {
      const d = downloading.download;
      text = `$(cloud-download) ${d.total ? `${Math.floor((100 * d.bytes) / d.total)}%` : formatBytes(d.bytes)}`;
    }
    if (problem) text += ' $(warning)';
    this.item.text = text;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**SciWrite models**${status.analysing ? ' — analysing…' : ''}\n\n`);
    for (const r of status.roles) {
      md.appendMarkdown(`- ${ROLE_NAMES[r.role]}: \`${r.active ?? r.requested}\` (${r.state})${r.reason ? ` — ${r.reason}` : ''}${r.note ? ` — ${r.note}` : ''}\n`);
    }
    this.item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}
