// The analysis layer's public surface, used by the server and the CLI.
import { createCorePorts, type CorePortsOptions } from './core-adapter.ts';
import { nodeFileSystem, type AnalysisFileSystem } from './file-system.ts';
import { Workspace } from './workspace.ts';

export * from './analyze-file.ts';
export * from './completion-context.ts';
export * from './diagnostics.ts';
export * from './file-system.ts';
export * from './line-index.ts';
export * from './ports.ts';
export * from './queries.ts';
export * from './workspace.ts';

/** A workspace over the real manuscript model, reading the disk through `fs`. */
export function createWorkspace(fs: AnalysisFileSystem = nodeFileSystem, options: CorePortsOptions = {}): Workspace {
  return new Workspace(createCorePorts(options), fs);
}
