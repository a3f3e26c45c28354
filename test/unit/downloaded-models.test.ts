// "Manage models" over a real cache folder: a finished download is listed with its size, an
// unfinished one (part files, no manifest) as incomplete with its size; deleting a repo removes its
// snapshots and the ONNX models built from it (as the model or its adapter), and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteDownloadedModel, listDownloadedModels } from '../../extension/analysis/editor/downloaded-models.ts';
import { repoDir, snapshotDir, writeManifest } from '../../extension/inference/store/cache.ts';
import { ModelCache, cacheEntryName, type CacheKey } from '../../extension/inference/runtime/cache.ts';
import type { ModelInfo } from '../../extension/inference/onnx/encoder.ts';

const DONE = 'a'.repeat(40);
const PARTIAL = 'b'.repeat(40);
const ENDPOINT = 'http://127.0.0.1:1';

async function snapshot(cacheDir: string, repo: string, commit: string, files: Record<string, number>): Promise<void> {
  const dir = snapshotDir(cacheDir, repo, commit);
  await mkdir(dir, { recursive: true });
  for (const [name, size] of Object.entries(files)) await writeFile(join(dir, name), Buffer.alloc(size));
}

function built(repo: string, adapter: string | null = null): CacheKey {
  return { repo, commit: DONE, options: { head: null, quantization: 'none', adapter } };
}

async function cacheWithThree(work: string): Promise<string> {
  const cacheDir = join(work, 'hub');
  await snapshot(cacheDir, 'lab/ner', DONE, { 'config.json': 100, 'model.safetensors': 5000 });
  await writeManifest(cacheDir, { repo: 'lab/ner', commit: DONE, kind: 'model', files: [{ path: 'config.json', size: 100 }, { path: 'model.safetensors', size: 5000 }] });
  await snapshot(cacheDir, 'lab/big', PARTIAL, { 'config.json': 100, 'model.safetensors.part': 7000, 'model.safetensors.lock': 5 });
  await snapshot(cacheDir, 'lab/adapter', PARTIAL, { 'adapter_config.json': 10, 'pytorch_adapter.bin.part': 90 });
  return cacheDir;
}

test('an unfinished download is listed as incomplete with its size, and can be deleted', async () => {
  const work = await mkdtemp(join(tmpdir(), 'sciwrite-downloaded-'));
  try {
    const cacheDir = await cacheWithThree(work);
    const listed = await listDownloadedModels(cacheDir, ENDPOINT);
    assert.deepEqual(listed.map(({ repo, commit, kind, bytes, incomplete }) => ({ repo, commit, kind, bytes, incomplete })), [
      { repo: 'lab/adapter', commit: PARTIAL, kind: 'adapter', bytes: 100, incomplete: true },
      { repo: 'lab/big', commit: PARTIAL, kind: 'model', bytes: 7105, incomplete: true },
      { repo: 'lab/ner', commit: DONE, kind: 'model', bytes: 5100, incomplete: undefined },
    ]);
    assert.equal(listed[1].source, `${ENDPOINT}/lab/big`);
    await deleteDownloadedModel('lab/big', cacheDir, new ModelCache(join(work, 'onnx')));
    assert.deepEqual((await listDownloadedModels(cacheDir, ENDPOINT)).map((m) => m.repo), ['lab/adapter', 'lab/ner']);
    assert.deepEqual((await readdir(cacheDir)).sort(), ['lab/adapter', 'lab/ner'].map((r) => repoDir(cacheDir, r).slice(cacheDir.length + 1)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('deleting a model removes the ONNX models built from it, as the model or its adapter, and no others', async () => {
  const work = await mkdtemp(join(tmpdir(), 'sciwrite-downloaded-'));
  try {
    const cacheDir = await cacheWithThree(work);
    const onnx = new ModelCache(join(work, 'onnx'));
    const info = { task: 'token-classification' } as unknown as ModelInfo;
    const keys = [built('lab/ner'), built('lab/base', `lab/ner@${DONE}`), built('lab/other'), built(join(work, 'folder-model')), built('lab/ner-large')];
    for (const key of keys) await onnx.put(key, new Uint8Array(10), info);
    await deleteDownloadedModel('lab/ner', cacheDir, onnx);
    assert.deepEqual((await readdir(onnx.dir)).sort(), keys.slice(2).map(cacheEntryName).sort(), 'only the other models\' conversions are left');
    assert.deepEqual((await listDownloadedModels(cacheDir, ENDPOINT)).map((m) => m.repo), ['lab/adapter', 'lab/big']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
