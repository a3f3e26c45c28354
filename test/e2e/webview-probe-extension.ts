// A test-only VS Code extension that hosts the real related-work view (extension/client/related)
// with a recording backend: it answers every ranking with the fixture papers, labelled with the
// editor position VS Code reported, and appends every call as a JSON line to $SCIWRITE_PROBE_LOG.
// Bundled by webview-vscode.test.ts; contributes the view exactly as SciWrite's package.json should.
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ActionResult, EditorContext, RelatedBackend } from '../../extension/client/related/backend.ts';
import { insertAtCursor } from '../../extension/client/related/editor-actions.ts';
import { registerRelatedView } from '../../extension/client/related/register.ts';
import { panelState } from './webview-fixture.ts';

export function activate(context: vscode.ExtensionContext): void {
  const log = process.env.SCIWRITE_PROBE_LOG;
  if (!log) throw new Error('SCIWRITE_PROBE_LOG is not set');
  const record = (call: string, args: Record<string, unknown>): void => appendFileSync(log, `${JSON.stringify({ call, ...args })}\n`);
  const label = (editor: EditorContext | undefined): string =>
    editor ? `paragraph at line ${editor.position.line + 1} of ${basename(vscode.Uri.parse(editor.uri).fsPath)}` : 'no manuscript open';
  const action = (call: string) => (...args: unknown[]): ActionResult => {
    record(call, { args });
    return { notice: `${call} done` };
  };
  const backend: RelatedBackend = {
    rank: async (request) => {
      record('rank', { request });
      return { ...panelState, scope: request.scope, scopeLabel: label(request.editor) };
    },
    citeHere: async (paperId, editor) => {
      record('citeHere', { args: [paperId, editor] });
      // What SciWrite's backend does for a LaTeX manuscript, with the key the fixture paper would get.
      const inserted = editor ? await insertAtCursor(editor, '\\citep{cohan2020specter}') : false;
      return { notice: inserted ? `Cited ${paperId}` : 'nothing inserted' };
    },
    addToBib: action('addToBib'),
    open: action('open'),
    copyBibtex: action('copyBibtex'),
    notRelevant: action('notRelevant'),
    enableSemanticScholar: action('enableSemanticScholar'),
    disableSemanticScholar: action('disableSemanticScholar'),
    consentAnswer: action('consentAnswer'),
    downloadSpecter2: action('downloadSpecter2'),
    addById: action('addById'),
  };
  registerRelatedView(context, backend, { followDelay: 200 });
  record('activated', {});
}

export function deactivate(): void {}
