// Responses kept on disk, one JSON file per request, read back only while younger than the age limit:
// Semantic Scholar's answers and Crossref's DOI records (each client in its own folder).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class ResponseCache {
  constructor(
    readonly dir: string,
    /** Entries older than this are ignored (and overwritten on the next fetch). */
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private path(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const stored = JSON.parse(await readFile(this.path(key), 'utf8')) as { key: string; time: number; body: string };
      if (stored.key !== key || this.now() - stored.time > this.maxAgeMs) return undefined;
      return stored.body;
    } catch {
      return undefined;
    }
  }

  /**
   * A cached JSON answer that still parses and that `check` finds nothing wrong with (it returns what is
   * wrong, else undefined); one that does not (an older version kept a captive portal's page) counts as absent.
   */
  async getJson(key: string, check: (value: unknown) => string | undefined): Promise<{ value: unknown } | undefined> {
    const body = await this.get(key);
    if (body === undefined) return undefined;
    try {
      const value = JSON.parse(body) as unknown;
      return check(value) === undefined ? { value } : undefined;
    } catch {
      return undefined;
    }
  }

  async put(key: string, body: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.path(key);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, JSON.stringify({ key, time: this.now(), body }));
    await rename(temp, path);
  }
}
