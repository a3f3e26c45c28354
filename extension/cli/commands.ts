// The table of `sciwrite` subcommands. Adding one is one line: its name, a summary, and a lazy import
// of a module that exports `run(argv, io): Promise<number>`.
import type { CommandModule } from './io.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

export const commands: CommandEntry[] = [
  { name: 'analyze', summary: 'analyze <file> [--json]  prose, citations with entries and intents, entities and diagnostics of a manuscript (whole project from its root file)', load: () => import('./commands/analyze.ts') },
  { name: 'ner', summary: 'ner --model <builtin|id|folder> (--text T | --file F) [--json]  named entities', load: () => import('./commands/ner.ts') },
  { name: 'classify', summary: 'classify --model <builtin:scicite|builtin:aclarc|id|folder> (--text T | --file F) [--json]  text classification', load: () => import('./commands/classify.ts') },
  { name: 'embed', summary: 'embed --model <id|folder> (--text T | --file F) [--adapter A] [--pooling cls|mean] [--json]', load: () => import('./commands/embed.ts') },
  { name: 'eval', summary: 'eval ner|intent --model <builtin|id|folder> --data F [--json]  measure a model on an evaluation set', load: () => import('./commands/eval.ts') },
  { name: 'related', summary: 'related <file> [--line N] [--scope paragraph|section|document] [--offline] [--json] [--embeddings M]', load: () => import('./commands/related.ts') },
];
