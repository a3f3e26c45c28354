// What the editor does when the language server dies: restart it quietly (the log says so),
// and only when it keeps dying say so in a notification that offers the log and a restart.
// The library's default shows an error toast for every request the crash interrupted.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';
import { Commands } from '../protocol/index.ts';

const MAX_CRASHES = 5;
const WINDOW_MS = 3 * 60_000;

export class ServerCrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.output.warn(`Connection to the language server failed (${error.message}).`);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < WINDOW_MS), now];
    if (this.crashes.length < MAX_CRASHES) {
      this.output.warn('The SciWrite language server stopped unexpectedly; restarting it.');
      return { action: CloseAction.Restart, handled: true };
    }
    void this.tellUser();
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private async tellUser(): Promise<void> {
    const message = `SciWrite's language server stopped ${MAX_CRASHES} times in 3 minutes, so it was not restarted. Entities, intents and citation help are off until it runs again.`;
    this.output.error(message);
    const choice = await vscode.window.showErrorMessage(message, 'Show Log', 'Restart Server');
    if (choice === 'Show Log') this.output.show();
    if (choice === 'Restart Server') {
      this.crashes = [];
      await vscode.commands.executeCommand(Commands.restartServer);
    }
  }
}
