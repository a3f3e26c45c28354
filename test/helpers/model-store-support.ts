// What the model store's tests share: temporary cache folders removed at the end, the error a
// failure must be, and the fixture's weights compared byte for byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotDir } from '../../extension/inference/store/cache.ts';
import { ModelStoreError, type ModelStoreErrorCode } from '../../extension/inference/store/errors.ts';
import { FIXTURES_HF, type HubServer } from './hub-server.ts';

/** The weights of the tiny NER fixture every store test downloads. */
export const FIXTURE_WEIGHTS = readFileSync(join(FIXTURES_HF, 'tiny-bert-ner', 'model.safetensors'));

/** Temporary folders made by a test file, removed by `removeAll` (its `after`). */
export class TempDirs {
  private readonly made: string[] = [];

  async make(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'sciwrite-store-'));
    this.made.push(dir);
    return dir;
  }

  async removeAll(): Promise<void> {
    for (const dir of this.made) await rm(dir, { recursive: true, force: true });
  }
}

/** For assert.rejects: a ModelStoreError with this code and a message matching `pattern`. */
export function isStoreError(code: ModelStoreErrorCode, pattern: RegExp) {
  return (e: Error): boolean => {
    assert.ok(e instanceof ModelStoreError, `a ModelStoreError, got ${e.name}: ${e.message}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

/** The file at `path` is the fixture's weights, byte for byte. */
export function sameAsFixture(path: string): void {
  const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  assert.equal(digest(readFileSync(path)), digest(FIXTURE_WEIGHTS), `${path} holds the fixture's weights`);
}

/** Where the store keeps the weights of `repo` (as the stand-in serves it) under `cacheDir`. */
export function weightsPath(hub: HubServer, cacheDir: string, repo: string): string {
  return join(snapshotDir(cacheDir, repo, hub.repos.get(repo)!.commit), 'model.safetensors');
}
