// SPECTER2 through the inference engine with the tiny fixture (test/fixtures/hf/tiny-specter-adapter: a
// base model and a bottleneck adapter, CLS outputs recorded from transformers + the adapters code path):
// paper embeddings equal the recorded CLS vectors (unit-scaled), the on-disk cache returns them without
// inference, and findRelated ranks with bm25+specter2 when a model is given, BM25 alone when not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSpecter2, Specter2Embedder } from '../../extension/analysis/related/specter2.ts';
import { EmbeddingCache } from '../../extension/analysis/related/embedding-cache.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { normalize, dot } from '../../extension/core/related/cosine.ts';
import { EncoderSession } from '../../extension/inference/runtime/session.ts';

const DIR = new URL('../fixtures/hf/tiny-specter-adapter/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  papers: { title: string; abstract: string | null }[];
  texts: string[];
  cls_with_adapter: number[][];
  cls_without_adapter: number[][];
};

test('findSpecter2 reads base/ + adapter/ and reports no ad-hoc-query adapter', () => {
  const location = findSpecter2(DIR);
  assert.ok(location, 'the model is found');
  assert.equal(location.base, join(DIR, 'base'));
  assert.equal(location.proximity, join(DIR, 'adapter'));
  assert.equal(location.adhocQuery, undefined);
  assert.equal(findSpecter2(join(DIR, 'base')), undefined);
});

test('paper embeddings (title [SEP] abstract, CLS, proximity adapter) match the recorded vectors; the cache serves them again', async () => {
  const location = findSpecter2(DIR);
  assert.ok(location, 'the model is found');
  const cacheDir = mkdtempSync(join(tmpdir(), 'specter-cache-'));
  const embedder = new Specter2Embedder(location, { cache: false });
  const cache = new EmbeddingCache(cacheDir, embedder.id);
  const cached = new Specter2Embedder(location, { cache: false }, cache);
  try {
    assert.deepEqual(await Promise.all(expected.papers.map((p) => cached.paperText({ title: p.title, abstract: p.abstract ?? undefined }))), expected.texts);
    const vectors = await cached.embedPapers(expected.papers.map((p) => ({ title: p.title, abstract: p.abstract ?? undefined })));
    for (let i = 0; i < vectors.length; i++) {
      const want = normalize(expected.cls_with_adapter[i]);
      const diff = Math.max(...Array.from(want, (x, j) => Math.abs(x - vectors[i][j])));
      assert.ok(diff < 1e-4, `paper ${i}: max |Δ| ${diff}`);
      // and clearly not the base model's vector (the adapter is applied)
      assert.ok(dot(normalize(expected.cls_without_adapter[i]), vectors[i]) < 0.999, 'the adapter changes the vector');
    }
    assert.ok(statSync(cache.file).size >= 3 * (36 + 32 * 4), 'the cache holds 3 vectors');
    // A fresh cache over the same file answers every paper without running the model.
    const reread = new EmbeddingCache(cacheDir, embedder.id);
    for (let i = 0; i < vectors.length; i++) assert.deepEqual(await reread.get(expected.texts[i]), vectors[i]);
    // Without an ad-hoc-query adapter a paragraph query falls back to proximity: same vector as the paper text.
    assert.equal(cached.queryFallback, true);
    const query = await cached.embedQuery(expected.texts[0], 'paragraph');
    assert.ok(dot(query, vectors[0]) > 0.9999, 'the paragraph query embeds as the first paper');
  } finally {
    await embedder.release();
    await cached.release();
  }
});

test('findRelated: bm25+specter2 with a model, bm25 without, and it says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-'));
  writeFileSync(join(dir, 'refs.bib'), `@article{devlin2019bert,
  author = {Devlin, Jacob},
  title = {BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  abstract = {We introduce a new language representation model called BERT},
  year = {2019}
}

@article{vaswani2017attention,
  author = {Vaswani, Ashish},
  title = {Attention is all you need},
  abstract = {The dominant sequence transduction models are based on complex recurrent or convolutional neural networks},
  year = {2017}
}

@article{smith2010soil,
  author = {Smith, Ann},
  title = {Soil moisture in alpine meadows},
  year = {2010}
}
`);
  writeFileSync(join(dir, 'paper.tex'), `\\documentclass{article}
\\begin{document}
Language representation models based on transformers changed natural language processing~\\cite{vaswani2017attention}.
We fine-tune a pretrained language representation model on scientific text.

\\bibliography{refs}
\\end{document}
`);
  const location = findSpecter2(DIR);
  assert.ok(location, 'the model is found');
  const embedder = new Specter2Embedder(location, { cache: false });
  try {
    const withModel = await findRelated({ workspace: createWorkspace(), embedder }, { file: join(dir, 'paper.tex'), line: 2 });
    assert.equal(withModel.status.ranker, 'bm25+specter2');
    assert.equal(withModel.status.model, 'specter2');
    assert.equal(withModel.status.s2, 'off');
    assert.ok(withModel.status.messages.some((m) => /ad-hoc-query adapter/.test(m)), 'the status names the ad-hoc-query adapter');
    assert.ok(withModel.papers.every((p) => typeof p.similarity === 'number'), 'every paper has a similarity');
    assert.ok(!/Vaswani/.test(withModel.query), 'the rendered citation is not part of the query');
    const cited = withModel.papers.find((p) => p.key === 'vaswani2017attention');
    assert.equal(cited?.cited, true);
    assert.equal(cited?.inBibliography, true);

    const without = await findRelated({ workspace: createWorkspace() }, { file: join(dir, 'paper.tex'), line: 2 });
    assert.equal(without.status.ranker, 'bm25');
    assert.equal(without.status.model, 'missing');
    assert.ok(without.status.messages.some((m) => /No SPECTER2 model/.test(m)), 'the status says there is no SPECTER2 model');
    assert.equal(without.papers[0].key, 'devlin2019bert', 'shares "language representation model"');
    assert.ok(!without.papers.some((p) => p.key === 'smith2010soil'), 'nothing in common, not listed');
  } finally {
    await embedder.release();
  }
});

/** A copy of the fixture laid out as a download is (base/, proximity/, adhoc_query/), the ad-hoc-query adapter being the proximity one. */
function specter2Copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specter2-parts-'));
  cpSync(join(DIR, 'base'), join(dir, 'base'), { recursive: true });
  cpSync(join(DIR, 'adapter'), join(dir, 'proximity'), { recursive: true });
  cpSync(join(DIR, 'adapter'), join(dir, 'adhoc_query'), { recursive: true });
  return dir;
}

/** Counts the ONNX sessions released while `run` runs. */
async function countingReleases(run: (released: () => number) => Promise<void>): Promise<void> {
  const release = EncoderSession.prototype.release;
  let count = 0;
  EncoderSession.prototype.release = async function (this: EncoderSession) {
    count++;
    await release.call(this);
  };
  try {
    await run(() => count);
  } finally {
    EncoderSession.prototype.release = release;
  }
}

test('release() releases every encoder that loaded, also when another one failed to load', async () => {
  const dir = specter2Copy();
  writeFileSync(join(dir, 'adhoc_query', 'adapter_config.json'), '{ broken');
  const location = findSpecter2(dir);
  assert.ok(location?.adhocQuery, 'the ad-hoc-query adapter is found');
  await countingReleases(async (released) => {
    const embedder = new Specter2Embedder(location, { cache: false });
    // The ad-hoc-query adapter's load fails first, then the proximity adapter's session is made.
    await assert.rejects(embedder.embedQuery('a paragraph on transformers', 'paragraph'));
    await embedder.embedPapers([{ title: 'Attention is all you need' }]);
    await embedder.release();
    assert.equal(released(), 1, 'the proximity session is released');
  });
});

test('the ad-hoc-query adapter deleted before its first query: the query falls back to proximity, as a SPECTER2 found without it does', async () => {
  const dir = specter2Copy();
  const location = findSpecter2(dir);
  assert.ok(location?.adhocQuery, 'the ad-hoc-query adapter is found');
  await countingReleases(async (released) => {
    const embedder = new Specter2Embedder(location, { cache: false });
    assert.equal(embedder.queryFallback, false);
    const [paper] = await embedder.embedPapers([{ title: 'Attention is all you need' }]);
    rmSync(join(dir, 'adhoc_query'), { recursive: true });
    const query = await embedder.embedQuery(await embedder.paperText({ title: 'Attention is all you need' }), 'paragraph');
    assert.ok(dot(query, paper) > 0.9999, 'the query is encoded with the proximity adapter');
    assert.equal(embedder.queryFallback, true, 'the ranking says so');
    await embedder.release();
    assert.equal(released(), 1);
  });
});
