// The files the analysis layer reads: open editors' contents first, then the disk.
import { constants as fsConstants, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { decodeText } from '../core/text-encoding.ts';

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** Whether a file can be read: `unreadable` when it exists but reading fails (no permission, a folder). */
export type FileAccess = 'readable' | 'missing' | 'unreadable';

/** Read access to the files of a workspace; every path is absolute. */
export interface AnalysisFileSystem {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** Why `readFile` gives nothing (or that it does not); without it, a file `stat` finds counts as readable. */
  access?(path: string): Promise<FileAccess>;
  stat(path: string): Promise<FileStat | undefined>;
  /** The entries of a directory (names, with a trailing '/' for directories), or [] when unreadable. */
  readDirectory(path: string): Promise<string[]>;
  /** Drops what is cached of a file that is gone. */
  forget?(path: string): void;
}

/**
 * Decoded texts by path, reused while the file's size, times and inode stay the same: an unopened
 * 20 MB chapter is read and decoded once, not at every pass that lists the project's files.
 */
const decoded = new Map<string, { version: string; text: string }>();
let decodedChars = 0;
const MAX_DECODED_CHARS = 64_000_000;

function forgetDecoded(path: string): void {
  const old = decoded.get(path);
  if (old) decodedChars -= old.text.length;
  decoded.delete(path);
}

function remember(path: string, version: string, text: string): void {
  forgetDecoded(path);
  decoded.set(path, { version, text });
  decodedChars += text.length;
  for (const [oldest, entry] of decoded) {
    if (decodedChars <= MAX_DECODED_CHARS || oldest === path) break;
    decoded.delete(oldest);
    decodedChars -= entry.text.length;
  }
}

export const nodeFileSystem: AnalysisFileSystem = {
  async readFile(path) {
    try {
      const stats = await fsp.stat(path);
      // a named pipe or device called *.tex would block the read for good
      if (!stats.isFile()) return undefined;
      const version = `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
      const hit = decoded.get(path);
      if (hit?.version === version) {
        remember(path, version, hit.text);
        return hit.text;
      }
      const text = decodeText(await fsp.readFile(path)).text;
      remember(path, version, text);
      return text;
    } catch {
      forgetDecoded(path);
      return undefined;
    }
  },
  async access(path) {
    try {
      if (!(await fsp.stat(path)).isFile()) return 'unreadable';
      await fsp.access(path, fsConstants.R_OK);
      return 'readable';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
    }
  },
  async stat(path) {
    try {
      const stats = await fsp.stat(path);
      return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  },
  async readDirectory(path) {
    try {
      const entries = await fsp.readdir(path, { withFileTypes: true });
      return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
    } catch {
      return [];
    }
  },
  forget: forgetDecoded,
};

/** A file system whose open documents override the disk. */
export class OverlayFileSystem implements AnalysisFileSystem {
  private readonly overlays = new Map<string, string>();

  constructor(private readonly base: AnalysisFileSystem = nodeFileSystem) {}

  set(path: string, text: string): void {
    this.overlays.set(path, text);
  }

  delete(path: string): void {
    this.overlays.delete(path);
  }

  has(path: string): boolean {
    return this.overlays.has(path);
  }

  /** The open documents' paths. */
  openPaths(): IterableIterator<string> {
    return this.overlays.keys();
  }

  /** Drops what the disk's file system caches of a file that is gone (an open document's text stays). */
  forget(path: string): void {
    this.base.forget?.(path);
  }

  async readFile(path: string): Promise<string | undefined> {
    return this.overlays.get(path) ?? this.base.readFile(path);
  }

  async access(path: string): Promise<FileAccess> {
    if (this.overlays.has(path)) return 'readable';
    if (this.base.access) return this.base.access(path);
    return (await this.base.stat(path)) ? 'readable' : 'missing';
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const text = this.overlays.get(path);
    if (text !== undefined) return { size: text.length, mtimeMs: Date.now() };
    return this.base.stat(path);
  }

  async readDirectory(path: string): Promise<string[]> {
    const names = new Set(await this.base.readDirectory(path));
    for (const open of this.overlays.keys()) if (dirname(open) === path) names.add(open.slice(path.length + 1));
    return [...names];
  }
}
