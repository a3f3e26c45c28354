// The files a command is given: the manuscript of `analyze` and `related`, the text of --file, the data
// of --data. A missing one, or a folder, is said in words ("no such file", "is a folder"), never as a
// bare ENOENT or EISDIR.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { manuscriptFolderReason } from '../analysis/analyze-file.ts';

/** `given` resolved, when it is a file that exists; else an error saying what it is. */
export function manuscriptPath(given: string): string {
  const file = resolve(given);
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) throw new Error(`no such file: ${given}`);
  if (stats.isDirectory()) throw new Error(manuscriptFolderReason(given));
  return file;
}

/**
 * The text of the file an option names (`--file`, `--data`), as UTF-8; a missing file or a folder is
 * an error naming the option, `what` saying which kind of file it should have been ("a text file").
 */
export async function readOptionFile(option: string, given: string, what: string): Promise<string> {
  try {
    return await readFile(given, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${option}: no such file: ${given}`);
    if (code === 'EISDIR') throw new Error(`${option}: ${given} is a folder, not ${what}`);
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`${option}: ${given} cannot be read (permission denied)`);
    throw new Error(`${option}: ${given}: ${(error as Error).message}`);
  }
}
