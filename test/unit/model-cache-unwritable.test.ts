// A built-model cache that cannot be written (a full or read-only disk) costs a rebuild next time,
// not this run: the model runs from memory and the failure is told once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEncoder } from '../../extension/inference/runtime/load.ts';
import { ModelCache } from '../../extension/inference/runtime/cache.ts';

const HF = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'hf');

test('a built model that cannot be cached runs from memory, and the reason and folder are told', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-cache-'));
  try {
    writeFileSync(join(dir, 'file'), '');
    const cache = new ModelCache(join(dir, 'file', 'onnx')); // below a file: mkdir fails with ENOTDIR
    const warnings: string[] = [];
    const loaded = await loadEncoder(join(HF, 'tiny-bert-ner'), { cache, onWarning: (m) => warnings.push(m) });
    assert.equal(loaded.built, true);
    assert.equal(loaded.modelPath, undefined);
    const out = await loaded.session.run({ inputIds: [[2, 336, 337, 3]] });
    assert.ok(out.data.length > 0, 'the session runs');
    await loaded.release();
    assert.deepEqual(warnings, [`The built model could not be cached in ${cache.dir} (ENOTDIR); it runs from memory, and is built again next time (SCIWRITE_MODEL_CACHE chooses another folder).`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
