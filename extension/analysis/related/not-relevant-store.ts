// The "not relevant" marks of each manuscript, kept as JSON in the extension's storage folder.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NotRelevantList, type NotRelevantMark } from '../../core/related/not-relevant.ts';

export class NotRelevantStore {
  constructor(readonly dir: string) {}

  private path(manuscript: string): string {
    return join(this.dir, `${createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.json`);
  }

  async load(manuscript: string): Promise<NotRelevantList> {
    try {
      const marks = JSON.parse(await readFile(this.path(manuscript), 'utf8')) as NotRelevantMark[];
      return new NotRelevantList(Array.isArray(marks) ? marks.filter((m) => typeof m?.id === 'string') : []);
    } catch {
      return new NotRelevantList();
    }
  }

  async save(manuscript: string, list: NotRelevantList): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.path(manuscript);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(list.toJSON(), null, 1));
    await rename(temp, path);
  }
}
