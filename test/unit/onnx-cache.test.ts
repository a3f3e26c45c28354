// The built-model cache: the first load builds and stores, the next load is served from disk
// with the same outputs, options and sources give separate entries, nothing half-written stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEncoder } from '../../extension/inference/runtime/load.ts';
import { ModelCache, cacheEntryName } from '../../extension/inference/runtime/cache.ts';
import type { ModelInfo } from '../../extension/inference/onnx/encoder.ts';

const HF = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'hf');
const IDS = [[2, 336, 337, 235, 267, 3]];

test('loadEncoder builds once, then serves the cached ONNX file with identical outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-cache-'));
  try {
    const cache = new ModelCache(join(dir, 'cache'));
    const first = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache });
    assert.equal(first.built, true);
    const a = await first.session.run({ inputIds: IDS });
    await first.release();
    const second = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache });
    assert.equal(second.built, false);
    assert.equal(second.modelPath, first.modelPath);
    assert.deepEqual((await second.session.run({ inputIds: IDS })).data, a.data);
    await second.release();

    const int8 = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache, quantization: 'int8' });
    assert.equal(int8.built, true);
    assert.notEqual(int8.modelPath, first.modelPath);
    assert.equal(int8.info.quantization, 'int8');
    await int8.release();

    const pinned = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache, source: { repo: 'org/model', commit: 'a'.repeat(40) } });
    assert.equal(pinned.built, true);
    await pinned.release();
    const again = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache, source: { repo: 'org/model', commit: 'a'.repeat(40) } });
    assert.equal(again.built, false);
    await again.release();

    const entries = readdirSync(cache.dir);
    assert.equal(entries.length, 3);
    assert.ok(entries.every((e) => !e.endsWith('.tmp')), 'no .tmp file left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed local weight file is a new cache entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-cache-'));
  try {
    const model = join(dir, 'model');
    cpSync(join(HF, 'tiny-bert-cite'), model, { recursive: true });
    const cache = new ModelCache(join(dir, 'cache'));
    (await loadEncoder(model, { cache })).release();
    const later = new Date(Date.now() + 5000);
    utimesSync(join(model, 'model.safetensors'), later, later);
    const reloaded = await loadEncoder(model, { cache });
    assert.equal(reloaded.built, true);
    await reloaded.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent writers of one entry leave one complete entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-cache-'));
  try {
    const cache = new ModelCache(dir);
    const key = { repo: 'r', commit: 'c', options: { q: 'int8' } };
    const info: ModelInfo = { family: 'bert', head: 'embedding', labels: [], hiddenSize: 2, maxSequenceLength: 8, inputs: [], output: 'x', fused: true, quantization: 'none' };
    const bytes = new Uint8Array(1 << 20).fill(7);
    const [a, b] = await Promise.all([cache.put(key, bytes, { ...info, labels: [] }), cache.put(key, bytes, { ...info, labels: [] })]);
    assert.equal(a.path, b.path);
    assert.deepEqual(readdirSync(dir), [cacheEntryName(key)]);
    assert.equal((await cache.get(key))?.info.hiddenSize, 2);
    assert.equal(await cache.get({ ...key, commit: 'd' }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
