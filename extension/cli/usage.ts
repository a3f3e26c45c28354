// How every `sciwrite` command reports failures: a usage mistake prints the message and the
// command's help with status 2; any other failure prints one line with status 1.
import type { CommandIo } from './io.ts';

export class UsageError extends Error {}

/** Runs a command body, turning usage errors into status 2 and other failures into status 1. */
export async function guarded(io: CommandIo, name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`sciwrite ${name}: ${(e as Error).message}\n\n${usage}`);
      return 2;
    }
    io.stderr.write(`sciwrite ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}
