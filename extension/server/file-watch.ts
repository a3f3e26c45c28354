// For editors that cannot watch files for the server (no dynamic didChangeWatchedFiles registration):
// watch each bibliography file the server has read with fs.watch.
import { watch, type FSWatcher } from 'node:fs';

export class StandaloneWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly listeners = new Set<(paths: string[]) => void>();

  onChange(listener: (paths: string[]) => void): void {
    this.listeners.add(listener);
  }

  watch(path: string): void {
    if (this.watchers.has(path)) return;
    try {
      const watcher = watch(path, { persistent: false }, () => {
        // Editors often save by replacing the file: watch the new one.
        if (this.watchers.get(path) === watcher) {
          watcher.close();
          this.watchers.delete(path);
        }
        this.listeners.forEach((listener) => listener([path]));
        this.watch(path);
      });
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(path);
      });
      this.watchers.set(path, watcher);
    } catch {
      // The file vanished between reading and watching; it is watched again when read again.
    }
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
