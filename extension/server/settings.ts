// Settings are read from the client with workspace/configuration on every request, scoped to the
// document: never cached across requests. Clients without that capability push them with
// didChangeConfiguration, and those pushed values are used instead.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { normalizeSettings, SettingsSection, type SciWriteSettings } from '../protocol/index.ts';
import type { AnalysisOptions } from '../analysis/index.ts';

export class SettingsReader {
  private pushed: SciWriteSettings = normalizeSettings({});
  private pushedSection: unknown = {};

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
  ) {}

  /** Values from a didChangeConfiguration notification (`{ sciwrite: {...} }`). */
  push(settings: unknown): void {
    const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SettingsSection] : undefined;
    if (section !== undefined) {
      this.pushed = normalizeSettings(section);
      this.pushedSection = section;
    }
  }

  /** The raw `sciwrite` section, for features that normalise their own part (related work). */
  async section(uri?: string): Promise<unknown> {
    if (!this.pull) return this.pushedSection;
    try {
      return await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SettingsSection });
    } catch {
      return this.pushedSection;
    }
  }

  async get(uri?: string): Promise<SciWriteSettings> {
    if (!this.pull) return this.pushed;
    try {
      const section: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SettingsSection });
      return normalizeSettings(section);
    } catch {
      return this.pushed;
    }
  }
}

/**
 * The analysis options the settings imply for a file (`path`) in a workspace folder. Relative extra
 * bibliography files are the workspace folder's, else the file's folder's (never the server's working
 * folder); without either they stay relative, for the analysis to resolve against the manuscript.
 */
export function analysisOptionsFrom(settings: SciWriteSettings, workspaceFolder: string | undefined, path?: string, workspaceFolders?: readonly string[]): AnalysisOptions {
  const base = workspaceFolder ?? (path === undefined ? undefined : dirname(path));
  return {
    extraBibliographies: settings.bibliography.extraFiles.map((file) => (isAbsolute(file) ? resolve(file) : base === undefined ? file : resolve(base, file))),
    extraCitationCommands: settings.citations.extraCommands,
    skipCommands: settings.latex.skipCommands,
    skipEnvironments: settings.latex.skipEnvironments,
    workspaceFolder,
    ...(workspaceFolders && workspaceFolders.length > 0 ? { workspaceFolders: [...workspaceFolders] } : {}),
  };
}
