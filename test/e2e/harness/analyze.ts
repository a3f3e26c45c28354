// The expectation side of the editor tests: what `sciwrite analyze --json` (the built CLI, the
// same analysis code and built-in models the language server uses) finds in a manuscript, and the
// taxonomy that names and colours each entity type.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export function analyzeWithCli(file: string): CliAnalysis {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.cjs'), 'analyze', file, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`sciwrite analyze ${file} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as CliAnalysis;
}

export interface TaxonomyType { id: string; label: string; colorRole: string }

export function taxonomy(): Map<string, TaxonomyType> {
  const parsed = JSON.parse(readFileSync(join(repoRoot, 'models', 'taxonomy.json'), 'utf8')) as { types: TaxonomyType[] };
  return new Map(parsed.types.map((t) => [t.id, t]));
}
