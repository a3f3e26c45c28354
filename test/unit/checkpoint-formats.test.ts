import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpointFile, loadStateDict, findWeightFile } from '../../extension/inference/checkpoint/load.ts';
import { readPytorch } from '../../extension/inference/checkpoint/pytorch.ts';
import { writeSafetensors } from '../../extension/inference/checkpoint/safetensors-write.ts';
import { stateDictToTorchZip } from '../helpers/checkpoint-writers.ts';
import type { StateDict } from '../../extension/inference/checkpoint/types.ts';

const HF = new URL('../fixtures/hf/', import.meta.url).pathname;
const FULL = ['tiny-bert-ner', 'tiny-bert-cite', 'tiny-bert-embed', 'tiny-roberta-ner', 'tiny-specter-adapter/base'];

function assertSameTensors(actual: StateDict, expected: StateDict, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: tensor names`);
  for (const [name, e] of expected) {
    const a = actual.get(name)!;
    assert.deepEqual(a.shape, e.shape, `${what}: ${name} shape`);
    assert.equal(a.dtype, e.dtype, `${what}: ${name} dtype`);
    assert.equal(a.data.length, e.data.length);
    for (let i = 0; i < e.data.length; i++) {
      if (!Object.is(a.data[i], e.data[i])) assert.fail(`${what}: ${name}[${i}] = ${a.data[i]}, expected ${e.data[i]}`);
    }
  }
}

for (const model of FULL) {
  test(`${model}: safetensors, zip and legacy pytorch_model.bin hold identical tensors`, async () => {
    const safe = await loadCheckpointFile(join(HF, model, 'model.safetensors'));
    const zip = await loadCheckpointFile(join(HF, model, 'pytorch_model.bin'));
    const legacy = await loadCheckpointFile(join(HF, model, 'pytorch_model.legacy.bin'));
    assert.ok(safe.size > 30, 'more than 30 tensors');
    const config = JSON.parse(await readFile(join(HF, model, 'config.json'), 'utf8')) as { hidden_size: number; vocab_size: number };
    const embeddings = [...safe.values()].find((t) => t.name.endsWith('word_embeddings.weight'))!;
    assert.deepEqual(embeddings.shape, [config.vocab_size, config.hidden_size]);
    assert.ok(embeddings.data.some((v) => v !== 0), 'embeddings are not all zero');
    assertSameTensors(zip, safe, 'zip');
    assertSameTensors(legacy, safe, 'legacy');
    const legacyBytes = await readFile(join(HF, model, 'pytorch_model.legacy.bin'));
    assert.notEqual(legacyBytes[0], 0x50, 'the legacy fixture is not a zip');
  });
}

test('tiny-bert-ner-vocabonly: the legacy-only repo loads through loadStateDict with the same weights as tiny-bert-ner', async () => {
  assert.equal(findWeightFile(join(HF, 'tiny-bert-ner-vocabonly')), 'pytorch_model.bin');
  const vocabOnly = await loadStateDict(join(HF, 'tiny-bert-ner-vocabonly'));
  assertSameTensors(vocabOnly, await loadCheckpointFile(join(HF, 'tiny-bert-ner', 'model.safetensors')), 'vocab-only');
});

test('tiny-specter-adapter: the adapters-library pytorch_adapter.bin loads', async () => {
  const adapter = await loadCheckpointFile(join(HF, 'tiny-specter-adapter/adapter/pytorch_adapter.bin'));
  const config = JSON.parse(await readFile(join(HF, 'tiny-specter-adapter/base/config.json'), 'utf8')) as { hidden_size: number; num_hidden_layers: number };
  const downs = [...adapter.values()].filter((t) => /adapter_down\.0\.weight$/.test(t.name));
  assert.equal(downs.length, config.num_hidden_layers);
  for (const t of downs) assert.equal(t.shape[1], config.hidden_size);
  const up = [...adapter.values()].find((t) => /layer\.0\..*adapter_up\.weight$/.test(t.name))!;
  assert.deepEqual(up.shape, [config.hidden_size, downs[0].shape[0]]);
  assert.ok(up.data.some((v) => v !== 0), 'the tensor is not all zero');
});

test('loadStateDict prefers model.safetensors, then the safetensors index, then pytorch_model.bin, then its index', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-ckpt-'));
  try {
    const reference = await loadCheckpointFile(join(HF, 'tiny-bert-cite', 'model.safetensors'));
    const names = [...reference.keys()];
    // Four differently-marked copies: each format holds a distinguishable value in one tensor.
    const marked = (mark: number): StateDict => {
      const copy: StateDict = new Map();
      for (const [k, t] of reference) copy.set(k, { ...t, data: k === names[0] ? t.data.map(() => mark) : t.data });
      return copy;
    };
    const half = Math.ceil(names.length / 2);
    const writeShards = async (prefix: string, mark: number): Promise<void> => {
      const dict = marked(mark);
      const shardNames = [`${prefix}-00001-of-00002.safetensors`, `${prefix}-00002-of-00002.safetensors`];
      await writeFile(join(dir, shardNames[0]), writeSafetensors(names.slice(0, half).map((n) => dict.get(n)!)));
      await writeFile(join(dir, shardNames[1]), writeSafetensors(names.slice(half).map((n) => dict.get(n)!)));
      const weightMap = Object.fromEntries(names.map((n, i) => [n, shardNames[i < half ? 0 : 1]]));
      return writeFile(join(dir, `${prefix === 'model' ? 'model.safetensors' : 'pytorch_model.bin'}.index.json`), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    };
    const bin = marked(7);
    const binShards = ['pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin'];
    await writeFile(join(dir, binShards[0]), stateDictToTorchZip(names.slice(0, half).map((n) => bin.get(n)!)));
    await writeFile(join(dir, binShards[1]), stateDictToTorchZip(names.slice(half).map((n) => bin.get(n)!)));
    await writeFile(join(dir, 'pytorch_model.bin.index.json'), JSON.stringify({ weight_map: Object.fromEntries(names.map((n, i) => [n, binShards[i < half ? 0 : 1]])) }));
    assert.equal(findWeightFile(dir), 'pytorch_model.bin.index.json');
    assertSameTensors(await loadStateDict(dir), bin, 'bin shards');

    await copyFile(join(HF, 'tiny-bert-cite', 'pytorch_model.legacy.bin'), join(dir, 'pytorch_model.bin'));
    assert.equal(findWeightFile(dir), 'pytorch_model.bin');
    assertSameTensors(await loadStateDict(dir), reference, 'bin');

    await writeShards('model', 3);
    assert.equal(findWeightFile(dir), 'model.safetensors.index.json');
    const sharded = await loadStateDict(dir);
    assertSameTensors(sharded, marked(3), 'safetensors shards');

    await writeFile(join(dir, 'model.safetensors'), writeSafetensors(marked(5).values()));
    assert.equal(findWeightFile(dir), 'model.safetensors');
    assert.equal((await loadStateDict(dir)).get(names[0])!.data[0], 5);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an index naming a shard outside the folder is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-ckpt-'));
  try {
    await writeFile(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { a: '../evil.safetensors' } }));
    await assert.rejects(loadStateDict(dir), /invalid shard/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder without weights names the files it looked for', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-ckpt-'));
  try {
    await assert.rejects(loadStateDict(dir), /no weights found.*model\.safetensors.*pytorch_model\.bin/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('readPytorch rejects bytes that are neither format', () => {
  assert.throws(() => readPytorch(new TextEncoder().encode('{"not": "a checkpoint"}')), /not a PyTorch checkpoint/);
});
