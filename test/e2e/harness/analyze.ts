// The expectation side of the editor tests: what `sciwrite analyze --json` (the built CLI, the
// same analysis code and built-in models the language server uses) finds in a manuscript, and the
// taxonomy that names and colours each entity type.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.ts';

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }

export interface CliEntity {
  file: string;
  range: Range;
  text: string;
  type: string;
  score: number;
  model: string;
}

export interface CliIntent {
  label: string;
  scores: Record<string, number>;
}

export interface CliCitation {
  file: string;
  range: Range;
  keys: string[];
  command?: string;
  intent?: { scicite?: CliIntent; aclarc?: CliIntent };
}

export interface CliAnalysis {
  entities: CliEntity[];
  citations: CliCitation[];
}

/**
 * The CLI of the extension installed in `extensionsDir`: the same bundle and models as the language
 * server under test, even when the working tree's models or dist/ change during the run.
 */
export function installedCli(extensionsDir: string): string {
  for (const name of readdirSync(extensionsDir)) {
    const cli = join(extensionsDir, name, 'dist', 'cli.cjs');
    if (name.startsWith('sciwrite.sciwrite-') && existsSync(cli)) return cli;
  }
  throw new Error(`no SciWrite with dist/cli.cjs installed in ${extensionsDir}`);
}

/** `sciwrite analyze <file> --json [options]` with `cli` (default: the working tree's dist/cli.cjs). */
export function analyzeWithCli(file: string, cli = join(repoRoot, 'dist', 'cli.cjs'), options: readonly string[] = []): CliAnalysis {
  const result = spawnSync(process.execPath, [cli, 'analyze', file, '--json', ...options], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`sciwrite analyze ${file} ${options.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as CliAnalysis;
}

export interface TaxonomyType { id: string; label: string; colorRole: string }

/** The entity taxonomy, by default the working tree's; pass the installed CLI to read the installed one. */
export function taxonomy(cli?: string): Map<string, TaxonomyType> {
  const root = cli ? join(cli, '..', '..') : repoRoot;
  const parsed = JSON.parse(readFileSync(join(root, 'models', 'taxonomy.json'), 'utf8')) as { types: TaxonomyType[] };
  return new Map(parsed.types.map((t) => [t.id, t]));
}
