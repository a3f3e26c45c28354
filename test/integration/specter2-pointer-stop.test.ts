// "Download SPECTER2" stopped for a deletion (Manage Models) while it writes its pointer, the last thing it
// writes, against the Hub stand-in on 127.0.0.1 serving the SPECTER2-style fixture: the download ends as
// cancelled, not downloaded, and leaves no pointer to the files the deletion then removes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadSpecter2, SPECTER2_CATALOGUE } from '../../extension/analysis/related/specter2-download.ts';
import { SPECTER2_POINTER, writeSpecter2Pointer } from '../../extension/analysis/related/specter2-pointer.ts';
import { findSpecter2 } from '../../extension/analysis/related/specter2.ts';
import { deleteDownloadedModel } from '../../extension/analysis/editor/downloaded-models.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';
import { specter2Repos } from '../helpers/specter2-repos.ts';

let work: string;
let hub: HubServer;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-specter2-pointer-stop-'));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  hub = await startHubServer({ fixtures: false, repos: await specter2Repos(join(work, 'adhoc')) });
});

after(async () => {
  await hub.close();
  await rm(work, { recursive: true, force: true });
});

test('stopped for a deletion while its pointer is written: the download ends as cancelled and no pointer is left', { timeout: 120_000 }, async () => {
  const cacheDir = join(work, 'hub');
  const folder = join(work, 'related', 'specter2');
  const controller = new AbortController();
  let written = false;
  const download = downloadSpecter2(folder, {
    store: { endpoint: hub.endpoint, cacheDir, env: {} },
    signal: controller.signal,
    writePointer: async (dir, pointer) => {
      await writeSpecter2Pointer(dir, pointer);
      written = true;
      // Manage Models stops the download (to delete allenai/specter2_base) before the write has answered.
      controller.abort();
    },
  });
  await assert.rejects(download, (e: unknown) => e instanceof ModelStoreError && e.code === 'cancelled');
  assert.ok(written, 'the stop came while the pointer was written');
  // The deletion goes on once the download has ended.
  for (const part of SPECTER2_CATALOGUE) await deleteDownloadedModel(part.repo, cacheDir);
  assert.equal(existsSync(join(folder, SPECTER2_POINTER)), false, 'no pointer to the deleted files');
  assert.equal(findSpecter2(folder), undefined);
});
