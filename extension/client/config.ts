// Typed access to the `sciwrite.*` settings on the client side. The server reads its own settings
// through workspace/configuration; the client needs only the ones that change how it starts the server.
import * as vscode from 'vscode';
import { SettingsSection } from '../protocol/index.ts';

export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SettingsSection);
  }

  /** `sciwrite.trace.server`: how much of the LSP traffic the output channel shows. */
  get traceServer(): 'off' | 'messages' | 'verbose' {
    const value = this.section.get<string>('trace.server', 'off');
    return value === 'messages' || value === 'verbose' ? value : 'off';
  }

  get hoverEnabled(): boolean {
    return this.section.get<boolean>('citations.hover.enabled', true);
  }

  get completionEnabled(): boolean {
    return this.section.get<boolean>('citations.completion.enabled', true);
  }

  get diagnosticsEnabled(): boolean {
    return this.section.get<boolean>('diagnostics.enabled', true);
  }

  /** Settings whose change needs a server restart (none yet: the server reads settings per request). */
  static readonly restartSettings: readonly string[] = [];

  /** True when a configuration change touches a setting that needs a restart. */
  static needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
    return Config.restartSettings.some((name) => event.affectsConfiguration(`${SettingsSection}.${name}`));
  }
}
