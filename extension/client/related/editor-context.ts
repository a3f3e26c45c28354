// The manuscript editor the panel follows, as plain LSP-shaped data for the backend.
import * as vscode from 'vscode';
import type { EditorContext } from './backend.ts';

const MANUSCRIPT_LANGUAGES = new Set(['latex', 'markdown', 'rmd', 'quarto']);

/** A manuscript on disk: an Untitled note or the old side of a Git diff is none (the server reads files only). */
export function isManuscript(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (MANUSCRIPT_LANGUAGES.has(document.languageId) || /\.(Rmd|rmd|qmd)$/.test(document.fileName));
}

export function editorContext(editor: vscode.TextEditor): EditorContext {
  const { selection, document } = editor;
  const at = (p: vscode.Position) => ({ line: p.line, character: p.character });
  return {
    uri: document.uri.toString(),
    languageId: document.languageId,
    position: at(selection.active),
    selection: selection.isEmpty ? undefined : { start: at(selection.start), end: at(selection.end) },
    version: document.version,
  };
}
