// Model roles over a real Hub stand-in on 127.0.0.1: a Hub NER model downloads (with progress), its
// labels map onto the taxonomy, "Manage models" lists it with size, commit and licence, and deletes it;
// a Hub model that does not exist falls back with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubServer, FIXTURES_HF } from '../helpers/hub-server.ts';
import { deleteDownloadedModel, listDownloadedModels, modelNote, ModelRegistry } from '../../extension/analysis/editor/index.ts';
import { loadTaxonomy } from '../../extension/core/taxonomy/load.ts';

test('a Hub entity model: download with progress, taxonomy labels, listed with its licence, deleted', { timeout: 120_000 }, async () => {
  const work = await mkdtemp(join(tmpdir(), 'sciwrite-editor-models-'));
  const repoFolder = join(work, 'repo');
  await cp(join(FIXTURES_HF, 'tiny-bert-ner'), repoFolder, { recursive: true });
  await writeFile(join(repoFolder, 'README.md'), '---\nlicense: apache-2.0\ntags: [ner]\n---\n# A NER model\n');
  const hub = await startHubServer({ repos: [{ id: 'lab/jnlpba-ner', folder: repoFolder }], fixtures: false });
  const cacheDir = join(work, 'hub');
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  try {
    const progress: number[] = [];
    const registry = new ModelRegistry({ quantization: 'none', store: { endpoint: hub.endpoint, cacheDir }, onProgress: (_r, _s, bytes) => progress.push(bytes) });
    const state = await registry.entities('lab/jnlpba-ner');
    assert.equal(state.reason, undefined);
    assert.equal(state.model?.id, 'lab/jnlpba-ner');
    assert.ok(progress.length > 0 && progress.at(-1)! > 0, 'download progress is reported');
    const [entities] = await state.model!.tag(['Mouse thymus was used as a source of glucocorticoid receptor from normal CS lymphocytes.']);
    assert.ok(entities.length > 0, 'entities from the Hub model');
    // JNLPBA labels (protein, DNA, RNA, cell_type, cell_line) land on taxonomy types
    for (const e of entities) assert.ok(['GeneProtein', 'Cell'].includes(e.type), e.type);

    const listed = await listDownloadedModels(cacheDir, hub.endpoint);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].repo, 'lab/jnlpba-ner');
    assert.equal(listed[0].license, 'apache-2.0');
    assert.match(listed[0].commit, /^[0-9a-f]{40}$/);
    assert.ok(listed[0].bytes > 10_000, 'the listed model has its bytes');
    await registry.dispose();
    await deleteDownloadedModel('lab/jnlpba-ner', cacheDir);
    assert.deepEqual(await listDownloadedModels(cacheDir, hub.endpoint), []);
    assert.equal(existsSync(listed[0].folder), false);

    const missing = await new ModelRegistry({ store: { endpoint: hub.endpoint, cacheDir } }).intent('scicite', 'lab/no-such-model');
    assert.equal(missing.model?.id, 'builtin:scicite');
    assert.match(missing.reason ?? '', /lab\/no-such-model could not be used .*using the built-in model instead/);
  } finally {
    await hub.close();
  }
});

/** tiny-bert-ner's weights in a folder of their own, its labels renamed; model conversions cached beside it. */
async function relabelledTinyNer(name: string, rename: (label: string, id: string) => string): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'sciwrite-editor-models-'));
  const folder = join(work, name);
  await cp(join(FIXTURES_HF, 'tiny-bert-ner'), folder, { recursive: true });
  const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { id2label: Record<string, string>; label2id: Record<string, number> };
  config.id2label = Object.fromEntries(Object.entries(config.id2label).map(([id, label]) => [id, rename(label, id)]));
  config.label2id = Object.fromEntries(Object.entries(config.id2label).map(([id, label]) => [label, Number(id)]));
  await writeFile(join(folder, 'config.json'), JSON.stringify(config));
  process.env.SCIWRITE_MODEL_CACHE = join(work, 'onnx');
  return folder;
}

test('a Hub entity model with labels the taxonomy lacks: their entities are not shown, and the note the model status and `analyze` show says so', { timeout: 120_000 }, async () => {
  // the same weights, its cell_line labels renamed PER (a general-domain model's person label)
  const folder = await relabelledTinyNer('people-ner', (label) => label.replace('cell_line', 'PER'));
  const registry = new ModelRegistry({ quantization: 'none' });
  try {
    const state = await registry.entities(folder);
    assert.equal(state.reason, undefined);
    assert.deepEqual(state.model?.unshownLabels, ['PER']);
    assert.equal(modelNote(state.model!), `${folder} also labels PER, which is no SciWrite entity type: those entities are not shown`);
    const text = 'Mouse thymus was used as a source of glucocorticoid receptor from normal CS lymphocytes.';
    const [entities] = await state.model!.tag([text]);
    const types = new Set(loadTaxonomy().types.map((t) => t.id));
    for (const e of entities) assert.ok(types.has(e.type), `${e.type} is a taxonomy type`);
    // transformers' simple aggregation of this text (recorded) names "from" a cell line, now PER
    assert.ok(!entities.some((e) => text.slice(e.start, e.end) === 'from'), '"from" (PER) is not shown');
    assert.ok(entities.some((e) => text.slice(e.start, e.end) === 'lymphocytes' && e.type === 'Cell'), 'a cell type still is');
  } finally {
    await registry.dispose();
  }
});

test('a Hub entity model none of whose labels is a SciWrite type is not used: the built-in tagger is, with the reason', { timeout: 120_000 }, async () => {
  const folder = await relabelledTinyNer('default-labels', (_label, id) => `LABEL_${id}`);
  const registry = new ModelRegistry({ quantization: 'none' });
  try {
    const state = await registry.entities(folder);
    assert.equal(state.model?.id, 'builtin:tagger');
    assert.match(state.reason ?? '', /could not be used \(none of its labels \(LABEL_0, LABEL_1, .*LABEL_10\) is a SciWrite entity type\); using the built-in model instead/);
  } finally {
    await registry.dispose();
  }
});
