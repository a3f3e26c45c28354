// The pure parts of "Download SPECTER2": the consent text (what, how big, from where), the pointer a
// download leaves (found only while its snapshots are complete; a hand-made layout wins), and the
// failures that need no server: offline mode with an empty cache, an unreachable mirror.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import {
  downloadSpecter2, SPECTER2_CATALOGUE, specter2DownloadPlan, specter2FailureMessage,
} from '../../extension/analysis/related/specter2-download.ts';
import { readSpecter2Pointer, SPECTER2_POINTER, writeSpecter2Pointer } from '../../extension/analysis/related/specter2-pointer.ts';
import { findSpecter2 } from '../../extension/analysis/related/specter2.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { progressMessage } from '../../extension/client/related/server-backend.ts';

const FIXTURE = new URL('../fixtures/hf/tiny-specter-adapter/', import.meta.url).pathname;

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'specter2-download-unit-'));
}

test('the consent text names every repo with its size, the source, the cache, and that nothing from the manuscript is sent', () => {
  const hub = specter2DownloadPlan({ env: {}, cacheDir: '/cache/hub' });
  assert.equal(hub.endpoint, 'https://huggingface.co');
  assert.deepEqual(hub.parts.map((p) => p.repo), ['allenai/specter2_base', 'allenai/specter2', 'allenai/specter2_adhoc_query']);
  assert.equal(hub.approxBytes, SPECTER2_CATALOGUE.reduce((sum, p) => sum + p.approxBytes, 0));
  assert.match(hub.text, /from the Hugging Face Hub \(huggingface\.co\): allenai\/specter2_base \(the base encoder, about 441 MB\), allenai\/specter2 \(the proximity adapter, for papers, about 3\.6 MB\) and allenai\/specter2_adhoc_query \(.*about 3\.6 MB\); about 448 MB in all\./);
  assert.match(hub.text, /kept in \/cache\/hub/);
  assert.match(hub.text, /nothing from your manuscripts is sent/);
  const mirror = specter2DownloadPlan({ env: { HF_ENDPOINT: 'https://hf-mirror.example/' }, cacheDir: '/c' });
  assert.equal(mirror.endpoint, 'https://hf-mirror.example');
  assert.match(mirror.text, /from the Hugging Face mirror https:\/\/hf-mirror\.example \(HF_ENDPOINT\)/);
  const cache = specter2DownloadPlan({ env: { XDG_CACHE_HOME: '/xdg' } });
  assert.equal(cache.cacheDir, join('/xdg', 'sciwrite', 'hub'));
});

test('sizes read as the Hub shows them; progress reads as bytes of the total', () => {
  assert.equal(progressMessage({ repo: 'allenai/specter2_base', file: 'model.safetensors', bytes: 120_400_000, total: 448_200_000 }), 'allenai/specter2_base: 120 MB of 448 MB');
});

test('the pointer is found only while every snapshot it names is complete; a hand-made layout wins over it', async () => {
  const root = temp();
  const base = join(root, 'snapshots', 'base');
  const proximity = join(root, 'snapshots', 'proximity');
  const adhoc = join(root, 'snapshots', 'adhoc');
  await cp(join(FIXTURE, 'base'), base, { recursive: true });
  await cp(join(FIXTURE, 'adapter'), proximity, { recursive: true });
  await cp(join(FIXTURE, 'adapter'), adhoc, { recursive: true });
  const folder = join(root, 'related', 'specter2');
  assert.equal(findSpecter2(folder), undefined, 'nothing there yet');

  await writeSpecter2Pointer(folder, {
    version: 1,
    base: { repo: 'allenai/specter2_base', revision: 'main', commit: 'a'.repeat(40), folder: base },
    proximity: { repo: 'allenai/specter2', revision: 'main', folder: proximity },
    adhocQuery: { repo: 'allenai/specter2_adhoc_query', revision: 'main', folder: adhoc },
  });
  assert.deepEqual(readdirSync(folder), [SPECTER2_POINTER], 'no temporary file left behind');
  assert.deepEqual(findSpecter2(folder), { base, proximity, adhocQuery: adhoc });

  // An ad-hoc-query snapshot deleted (e.g. in "Manage models"): the proximity adapter serves queries.
  await rm(join(adhoc, 'pytorch_adapter.bin'));
  assert.deepEqual(findSpecter2(folder), { base, proximity });
  // The base's weights gone: no model at all.
  for (const weights of ['model.safetensors', 'pytorch_model.bin', 'pytorch_model.legacy.bin']) await rm(join(base, weights));
  assert.equal(readSpecter2Pointer(folder), undefined);
  assert.equal(findSpecter2(folder), undefined);

  // A layout put there by hand is what the folder holds, whatever the pointer says.
  await cp(join(FIXTURE, 'base'), join(folder, 'base'), { recursive: true });
  await cp(join(FIXTURE, 'adapter'), join(folder, 'proximity'), { recursive: true });
  assert.deepEqual(findSpecter2(folder), { base: join(folder, 'base'), proximity: join(folder, 'proximity') });

  const broken = join(root, 'broken');
  await mkdir(broken, { recursive: true });
  await writeFile(join(broken, SPECTER2_POINTER), '{"version": 1, "base": ');
  assert.equal(findSpecter2(broken), undefined, 'a damaged pointer is no model');
});

test('offline mode with nothing cached, and an unreachable mirror: the store\'s error, and no pointer', async () => {
  const root = temp();
  const folder = join(root, 'related', 'specter2');
  await assert.rejects(
    downloadSpecter2(folder, { store: { env: { HF_HUB_OFFLINE: '1' }, cacheDir: join(root, 'hub') } }),
    (e: unknown) => e instanceof ModelStoreError && e.code === 'offline' && /Offline mode: allenai\/specter2_base is not in the model cache/.test(e.message),
  );
  assert.equal(existsSync(join(folder, SPECTER2_POINTER)), false);

  // A port that was just free: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  let error: unknown;
  await downloadSpecter2(folder, { store: { endpoint: `http://127.0.0.1:${port}`, env: {}, cacheDir: join(root, 'hub') } }).catch((e: unknown) => { error = e; });
  assert.ok(error instanceof ModelStoreError && error.code === 'network', `network error, got ${String(error)}`);
  assert.match(specter2FailureMessage(error), /^SPECTER2 could not be downloaded\. .+ Related work stays ranked by shared terms \(BM25\)\.$/);
  assert.equal(existsSync(join(folder, SPECTER2_POINTER)), false);
  assert.match(specter2FailureMessage(new ModelStoreError('cancelled', 'cancelled')), /^The SPECTER2 download was cancelled; .*resumes\.$/);
});
