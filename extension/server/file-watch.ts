// The server's own watching of bibliography files, where the client does not watch for it (outside
// the workspace folders, or everywhere for an editor without dynamic didChangeWatchedFiles): each file
// read is watched with fs.watch. A file that is missing (a Zotero export not written yet, one deleted
// to be written again) or cannot be watched (no permission) is watched through the nearest existing
// folder above it, which tells when it, or the next folder down to it, appears; then the file itself
// is watched again. No polling. Limits: a folder that cannot be watched either (no permission, the
// system's watch limit) is given up silently, and the file is read again only when a project is.
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

interface FolderWatch {
  watcher: FSWatcher;
  /** The missing files watched through this folder. */
  targets: Set<string>;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest existing folder above `path`; undefined when there is none (the root missing). */
function nearestFolder(path: string): string | undefined {
  let folder = dirname(path);
  while (!isDirectory(folder)) {
    const up = dirname(folder);
    if (up === folder) return undefined;
    folder = up;
  }
  return folder;
}

export class StandaloneWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly folders = new Map<string, FolderWatch>();
  /** Each missing file, and the folder it is watched through. */
  private readonly missing = new Map<string, string>();
  private readonly listeners = new Set<(paths: string[]) => void>();

  onChange(listener: (paths: string[]) => void): void {
    this.listeners.add(listener);
  }

  /** Watches a file that was read; one that is gone (or cannot be watched) is watched through its folder. */
  watch(path: string): void {
    if (this.watchers.has(path)) return;
    if (!this.watchFile(path)) this.watchThroughFolder(path);
  }

  /**
   * Watches these files, which projects look for and cannot read, until each appears; missing files
   * watched before and not among them are watched no more (the project no longer names them, or closed).
   */
  watchMissing(paths: readonly string[]): void {
    const wanted = new Set(paths);
    for (const path of [...this.missing.keys()]) if (!wanted.has(path)) this.unwatchThroughFolder(path);
    for (const path of wanted) if (!this.watchers.has(path)) this.watchThroughFolder(path);
  }

  /** The folders watched for missing files (for tests). */
  watchedFolders(): string[] {
    return [...this.folders.keys()];
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const folder of this.folders.values()) folder.watcher.close();
    this.folders.clear();
    this.missing.clear();
  }

  private notify(path: string): void {
    this.listeners.forEach((listener) => listener([path]));
  }

  /** Watches the file itself; false when it cannot be (missing, no permission). */
  private watchFile(path: string): boolean {
    let watcher: FSWatcher;
    try {
      watcher = watch(path, { persistent: false }, () => {
        // Editors and exporters often save by replacing the file: watch the new one (or, if it is gone, its folder).
        if (this.watchers.get(path) === watcher) {
          watcher.close();
          this.watchers.delete(path);
        }
        this.notify(path);
        this.watch(path);
      });
    } catch {
      return false;
    }
    watcher.on('error', () => {
      if (this.watchers.get(path) !== watcher) return;
      watcher.close();
      this.watchers.delete(path);
      this.watch(path);
    });
    this.watchers.set(path, watcher);
    this.unwatchThroughFolder(path);
    return true;
  }

  /** Watches a missing file through the nearest existing folder above it; heard at once if it exists by then. */
  private watchThroughFolder(path: string): void {
    const folder = nearestFolder(path);
    const current = this.missing.get(path);
    if (current !== undefined && current === folder) return;
    if (current !== undefined) this.unwatchThroughFolder(path);
    if (folder === undefined) return;
    let entry = this.folders.get(folder);
    if (!entry) {
      try {
        const watcher = watch(folder, { persistent: false }, (_event, filename) => this.folderChanged(folder, typeof filename === 'string' ? filename : undefined));
        watcher.on('error', () => this.folderGone(folder));
        entry = { watcher, targets: new Set() };
        this.folders.set(folder, entry);
      } catch {
        return; // a folder that cannot be watched either: see the limits above
      }
    }
    entry.targets.add(path);
    this.missing.set(path, folder);
    // It may have appeared between the read that missed it and now.
    if (existsSync(path)) this.appeared(path);
  }

  private unwatchThroughFolder(path: string): void {
    const folder = this.missing.get(path);
    if (folder === undefined) return;
    this.missing.delete(path);
    const entry = this.folders.get(folder);
    if (!entry) return;
    entry.targets.delete(path);
    if (entry.targets.size === 0) {
      entry.watcher.close();
      this.folders.delete(folder);
    }
  }

  /** The file is there (it may still be unreadable): tell, and watch it itself when it can be. */
  private appeared(path: string): void {
    this.notify(path);
    this.watchFile(path);
  }

  private folderChanged(folder: string, filename: string | undefined): void {
    const entry = this.folders.get(folder);
    if (!entry) return;
    if (!isDirectory(folder)) {
      this.folderGone(folder);
      return;
    }
    for (const target of [...entry.targets]) {
      const next = relative(folder, target).split(sep)[0];
      if (filename !== undefined && filename !== next) continue;
      if (next === basename(target)) this.appeared(target);
      // A folder on the way down to it appeared: watch through that one.
      else if (isDirectory(join(folder, next))) this.watchThroughFolder(target);
    }
  }

  /** The watched folder itself went away: watch its files through the nearest folder still there. */
  private folderGone(folder: string): void {
    const entry = this.folders.get(folder);
    if (!entry) return;
    entry.watcher.close();
    this.folders.delete(folder);
    for (const target of entry.targets) {
      this.missing.delete(target);
      this.watchThroughFolder(target);
    }
  }
}
