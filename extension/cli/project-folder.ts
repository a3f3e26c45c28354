// Where `sciwrite analyze` and `sciwrite related` look for the root file of a file given on the
// command line. A file that names its root (`% !TEX root`, a subfiles class), holds \begin{document}
// or is a Markdown document with front matter needs no search. Any other file (a chapter) belongs
// to the project of the nearest folder, from the file's own up to ROOT_SEARCH_LEVELS above it, whose
// manuscripts hold a root that includes it; the search stops at a folder holding .git (searched) and
// never reaches the home folder or the filesystem root. When no such root is found, the current folder
// is searched when it holds the file, else the file's folder: the file is then its own project.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { findRootFileDetail, nodeProjectFileSystem } from '../core/project/index.ts';

export const ROOT_SEARCH_LEVELS = 3;

export const ROOT_SEARCH_HELP = `A chapter (a file without \\begin{document} or a "% !TEX root" comment) is analysed with its project:
the root is searched in the file's folder, then up to ${ROOT_SEARCH_LEVELS} folders above it (stopping at a folder
holding .git, never at the home folder), the nearest root that includes the file winning.`;

/** The folders searched for a root, nearest first. */
function searchedFolders(file: string, home: string): string[] {
  const out: string[] = [];
  let dir = dirname(file);
  for (let level = 0; level <= ROOT_SEARCH_LEVELS; level++) {
    const up = dirname(dir);
    if (dir === home || up === dir) break;
    out.push(dir);
    if (existsSync(join(dir, '.git'))) break;
    dir = up;
  }
  return out;
}

/** The workspace folder for `file` (absolute), as the analysis layer's `workspaceFolder` option. */
export async function projectFolderOf(file: string, cwd = process.cwd(), home = homedir()): Promise<string> {
  const fallback = file.startsWith(cwd + sep) ? cwd : dirname(file);
  for (const folder of searchedFolders(file, home)) {
    let listed = false;
    const disk = nodeProjectFileSystem([folder]);
    const found = await findRootFileDetail(file, {
      ...disk,
      // a named pipe or device named *.tex would block the read
      readFile: async (path) => ((await stat(path).catch(() => undefined))?.isFile() ? disk.readFile(path) : undefined),
      listFiles: () => {
        listed = true;
        return disk.listFiles();
      },
    });
    if (found.reason === 'includes-file') return folder;
    // the file names its own root or is one: no folder changes that
    if (!listed) return fallback;
  }
  return fallback;
}
