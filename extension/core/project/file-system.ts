// The file access project discovery needs, injected so the language server can answer with the
// contents of open editors (unsaved changes) and tests with in-memory files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { decodeText } from '../text-encoding.ts';
import { join } from 'node:path';

type MaybePromise<T> = T | Promise<T>;

export interface ProjectFileSystem {
  /** The file's current text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): MaybePromise<string | undefined>;
  exists(path: string): MaybePromise<boolean>;
  /** The workspace's manuscript files (absolute paths); used to find the file that includes the active one. */
  listFiles(): MaybePromise<string[]>;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

/** Lists manuscript files (LaTeX and Markdown) under `dirs`, skipping build and VCS folders; at most `limit` files. */
export async function listManuscriptFiles(dirs: readonly string[], limit = 5000): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (out.length >= limit || depth > 12) return;
    let names: import('node:fs').Dirent[];
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      if (out.length >= limit) return;
      const path = join(dir, d.name);
      if (d.isDirectory()) {
        if (!SKIP_DIRS.has(d.name) && !d.name.startsWith('.')) await walk(path, depth + 1);
      } else if (/\.(tex|md|markdown|rmd|qmd)$/i.test(d.name)) out.push(path);
    }
  };
  for (const dir of dirs) await walk(dir, 0);
  return out;
}

/**
 * A ProjectFileSystem over the disk; `overlay` (e.g. open editor buffers, by absolute path) wins
 * over the disk; `workspaceDirs` are searched for root files.
 */
export function nodeProjectFileSystem(workspaceDirs: readonly string[], overlay?: (path: string) => string | undefined): ProjectFileSystem {
  return {
    async readFile(path) {
      const open = overlay?.(path);
      if (open !== undefined) return open;
      try {
        // a named pipe or device called *.tex would block the read for good
        if (!(await stat(path)).isFile()) return undefined;
        return decodeText(await readFile(path)).text;
      } catch {
        return undefined;
      }
    },
    async exists(path) {
      if (overlay?.(path) !== undefined) return true;
      try {
        return (await stat(path)).isFile();
      } catch {
        return false;
      }
    },
    listFiles: () => listManuscriptFiles(workspaceDirs),
  };
}

/** An in-memory ProjectFileSystem (tests, CLI over given texts). */
export function memoryProjectFileSystem(files: ReadonlyMap<string, string> | Record<string, string>): ProjectFileSystem {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    readFile: (path) => map.get(path),
    exists: (path) => map.has(path),
    listFiles: () => [...map.keys()],
  };
}
