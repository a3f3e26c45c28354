// Picks the subcommand from the command table and runs it; unknown commands print usage.
import { commands, type CommandEntry } from './commands.ts';
import type { CommandIo } from './io.ts';

export function usage(table: readonly CommandEntry[] = commands): string {
  const lines = ['usage: sciwrite <command> [options]', '', 'commands:'];
  for (const entry of table) lines.push(`  ${entry.summary}`);
  lines.push('', 'Run `sciwrite <command> --help` for the options of one command.');
  return `${lines.join('\n')}\n`;
}

export async function dispatch(argv: string[], io: CommandIo, table: readonly CommandEntry[] = commands): Promise<number> {
  const [name, ...rest] = argv;
  // `sciwrite help analyze` is `sciwrite analyze --help`
  if (name === 'help' && rest.length > 0) return dispatch([rest[0], '--help'], io, table);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage(table));
    return name === undefined ? 2 : 0;
  }
  const entry = table.find((candidate) => candidate.name === name);
  if (!entry) {
    io.stderr.write(`sciwrite: unknown command '${name}'\n\n${usage(table)}`);
    return 2;
  }
  const module = await entry.load();
  return module.run(rest, io);
}
