// The generic encoder embedder (sciwrite.models.embeddings = a BERT/RoBERTa folder) with the tiny
// encoder fixture (test/fixtures/hf/tiny-bert-embed, CLS vectors recorded from transformers): papers as
// "title [SEP] abstract", CLS pooling, unit length; what the setting's values name; ids that differ
// per model (the embeddings cache is keyed by them); and the ranking input: Semantic Scholar's
// `specter_v2` vectors stand in only for a SPECTER2 embedder, never for another model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncoderEmbedder } from '../../extension/analysis/related/encoder-embedder.ts';
import { embeddingChoice, folderEmbedder } from '../../extension/analysis/related/embedding-choice.ts';
import { normalizeEditorSettings } from '../../extension/protocol/editor.ts';
import { candidatesToEmbed } from '../../extension/analysis/related/find-related.ts';
import { Specter2Embedder } from '../../extension/analysis/related/specter2.ts';
import { dot, normalize } from '../../extension/core/related/cosine.ts';
import type { RelatedCandidate } from '../../extension/core/related/types.ts';

const HF = new URL('../fixtures/hf/', import.meta.url).pathname;
const EMBED = join(HF, 'tiny-bert-embed');
const SPECTER = join(HF, 'tiny-specter-adapter');
const expected = JSON.parse(readFileSync(join(EMBED, 'expected.json'), 'utf8')) as {
  papers: { title: string; abstract: string | null }[];
  texts: string[];
  cls_embeddings: number[][];
};
const papers = expected.papers.map((p) => ({ title: p.title, ...(p.abstract ? { abstract: p.abstract } : {}) }));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'same length');
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('encoder embedder: title [SEP] abstract, CLS, unit length — the vectors transformers recorded', async () => {
  const embedder = new EncoderEmbedder(EMBED, { load: { cache: false } });
  try {
    assert.equal(embedder.specter2Compatible, false);
    assert.equal(embedder.queryFallback, false);
    assert.deepEqual(await Promise.all(papers.map((p) => embedder.paperText(p))), expected.texts);
    const vectors = await embedder.embedPapers(papers);
    assert.equal(vectors.length, expected.cls_embeddings.length);
    for (let i = 0; i < vectors.length; i++) {
      const diff = maxDiff(vectors[i], normalize(expected.cls_embeddings[i]));
      assert.ok(diff < 1e-4, `paper ${i}: max |Δ| ${diff}`);
      assert.ok(Math.abs(dot(vectors[i], vectors[i]) - 1) < 1e-5, `paper ${i} has unit length`);
    }
    // A query is its own text: the paper text as a query gives the paper's vector.
    const query = await embedder.embedQuery(expected.texts[1]);
    assert.ok(maxDiff(query, vectors[1]) < 1e-5, 'query of a paper text = the paper vector');
  } finally {
    await embedder.release();
  }
});

test('the setting: builtin, a folder (relative to the workspace folder), a Hub id, anything else', () => {
  assert.equal(normalizeEditorSettings({}).models.embeddings, 'builtin');
  assert.equal(normalizeEditorSettings({ models: { embeddings: '  ' } }).models.embeddings, 'builtin');
  assert.equal(normalizeEditorSettings({ models: { embeddings: ' org/model ' } }).models.embeddings, 'org/model');
  assert.deepEqual(embeddingChoice('builtin'), { kind: 'builtin' });
  assert.deepEqual(embeddingChoice(EMBED), { kind: 'folder', folder: EMBED });
  assert.deepEqual(embeddingChoice('tiny-bert-embed', HF), { kind: 'folder', folder: EMBED });
  assert.deepEqual(embeddingChoice('sciwrite-test/tiny-bert-embed', HF), { kind: 'hub', repo: 'sciwrite-test/tiny-bert-embed' });
  assert.equal(embeddingChoice('/no/such/folder/model').kind, 'invalid');
});

test('a folder holds SPECTER2 or a plain encoder; ids differ per model', async () => {
  const specter = await folderEmbedder(SPECTER);
  const plain = await folderEmbedder(EMBED);
  const copy = mkdtempSync(join(tmpdir(), 'embed-copy-'));
  cpSync(EMBED, copy, { recursive: true });
  const copied = await folderEmbedder(copy);
  const empty = mkdtempSync(join(tmpdir(), 'embed-empty-'));
  mkdirSync(join(empty, 'base'));
  try {
    assert.ok(specter instanceof Specter2Embedder, 'a SPECTER2 layout is SPECTER2');
    assert.equal(specter.specter2Compatible, true);
    assert.ok(plain instanceof EncoderEmbedder, 'a config.json folder is a plain encoder');
    assert.equal(plain.specter2Compatible, false);
    assert.equal(new Set([specter.id, plain.id, copied.id]).size, 3, 'three models, three cache ids');
    assert.equal((await folderEmbedder(EMBED)).id, plain.id, 'the same folder keeps its id');
    await assert.rejects(folderEmbedder(empty), /neither a SPECTER2 layout .* nor an encoder/);
  } finally {
    await specter.release();
    await plain.release();
    await copied.release();
  }
});

test('ranking input: S2 specter_v2 vectors stand in for SPECTER2 only; another model embeds every candidate itself', async () => {
  const plain = new EncoderEmbedder(EMBED, { load: { cache: false } });
  try {
    // An S2 candidate whose `specter_v2` vector has the encoder's own length (32): the trap a length check alone falls into.
    const s2Vector = normalize(expected.cls_embeddings[2].map((x, i) => x + (i % 2 ? 1 : -1)));
    const candidates: RelatedCandidate[] = [
      { id: 'bib:a', title: papers[0].title, abstract: papers[0].abstract, authors: [], sources: ['library'] },
      { id: 's2:b', title: papers[1].title, abstract: papers[1].abstract, authors: [], sources: ['semantic-scholar'], vector: Float32Array.from(s2Vector) },
    ];
    assert.deepEqual(candidatesToEmbed(candidates, { specter2Compatible: true }, 32).map((c) => c.id), ['bib:a'], 'SPECTER2: S2 vector kept');
    const toEmbed = candidatesToEmbed(candidates, plain, 32);
    assert.deepEqual(toEmbed.map((c) => c.id), ['bib:a', 's2:b'], 'another model: every candidate embedded locally');
    const vectors = await plain.embedPapers(toEmbed.map((c) => ({ title: c.title, ...(c.abstract ? { abstract: c.abstract } : {}) })));
    assert.ok(maxDiff(vectors[1], normalize(expected.cls_embeddings[1])) < 1e-4, 'the S2 paper gets the engine\'s vector');
    assert.ok(maxDiff(vectors[1], s2Vector) > 0.01, 'not the S2 vector');
  } finally {
    await plain.release();
  }
});
