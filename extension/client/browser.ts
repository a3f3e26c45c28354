// Entry point for browser-only VS Code (vscode.dev, github.dev): SciWrite runs its language server
// and models with Node and native code, which a browser extension host cannot load. Say so, once.
import * as vscode from 'vscode';

export function activate(): void {
  void vscode.window.showWarningMessage(
    'SciWrite needs a desktop or remote extension host (VS Code desktop, Remote SSH/WSL/containers, code-server): browser-only VS Code cannot run its local language server and models.',
  );
}

export function deactivate(): void {}
