// Model roles over a real Hub stand-in on 127.0.0.1: a Hub NER model downloads (with progress), its
// labels map onto the taxonomy, "Manage models" lists it with size, commit and licence, and deletes it;
// a Hub model that does not exist falls back with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubServer, FIXTURES_HF } from '../helpers/hub-server.ts';
import { deleteDownloadedModel, listDownloadedModels, ModelRegistry } from '../../extension/analysis/editor/index.ts';

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
