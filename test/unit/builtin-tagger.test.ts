// The shipped entity tagger: tokeniser, featuriser and ONNX emissions match the Python recipe's golden
// file, and decoding in TypeScript reproduces the recipe's dev figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModelsDir } from '../../extension/core/taxonomy/models-dir.ts';
import { loadTaxonomy } from '../../extension/core/taxonomy/load.ts';
import { encodeTokens, tokenize, type TaggerVocab } from '../../extension/inference/builtin/tagger-features.ts';
import { loadBuiltinTagger, sentenceRuns } from '../../extension/inference/builtin/tagger.ts';
import { readNer } from '../../extension/core/eval/readers.ts';
import { scoreEntities } from '../../extension/core/eval/conlleval.ts';

const dir = join(findModelsDir(), 'tagger');
const meta = JSON.parse(readFileSync(join(dir, 'tagger.json'), 'utf8')) as { words: string[]; chars: string[]; maxChars: number };
const vocab: TaggerVocab = {
  words: new Map(meta.words.map((w, i) => [w, i])),
  chars: new Map(meta.chars.map((c, i) => [c, i])),
  maxChars: meta.maxChars,
};
interface Golden {
  text: string;
  tokens: [number, number][];
  words: number[];
  chars: number[][];
  emissions: Record<string, number[][]>;
}
const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden[];

test('tokeniser and featuriser match the Python recipe', () => {
  for (const g of golden) {
    const toks = tokenize(g.text);
    assert.deepEqual(toks.map((t) => [t.start, t.end]), g.tokens, g.text);
    for (const t of toks) assert.equal(g.text.slice(t.start, t.end), t.text);
    const enc = encodeTokens(toks.map((t) => t.text), vocab);
    assert.deepEqual(Array.from(enc.words, Number), g.words);
    assert.deepEqual(Array.from(enc.chars, Number), g.chars.flat());
  }
});

test('tokens carry exact UTF-16 offsets, astral characters included', () => {
  const text = 'β-catenin 𝛼5 (Smith et al., 2020)';
  for (const t of tokenize(text)) assert.equal(text.slice(t.start, t.end), t.text);
  assert.deepEqual(tokenize('IL-2').map((t) => t.text), ['IL', '-', '2']);
});

test('ONNX emissions match the recipe within 1e-4', async () => {
  const tagger = await loadBuiltinTagger();
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(join(dir, 'tagger.onnx'));
  for (const g of golden) {
    const enc = encodeTokens(tokenize(g.text).map((t) => t.text), vocab);
    const t = g.words.length;
    const out = await session.run({
      words: new ort.Tensor('int64', enc.words, [1, t]),
      chars: new ort.Tensor('int64', enc.chars, [1, t, vocab.maxChars]),
    });
    for (const head of tagger.heads) {
      const got = out[`emissions_${head}`].data as Float32Array;
      g.emissions[head].flat().forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-4, `${head}[${i}]`));
    }
  }
});

test('sentence runs cut after full stops before capitals, never inside "et al., 2020"', () => {
  const toks = tokenize('Cells died (Smith et al., 2020). We then measured p53. 3 mice survived');
  const runs = sentenceRuns(toks, 150).map(([a, b]) => toks.slice(a, b).map((t) => t.text).join(' '));
  assert.deepEqual(runs, ['Cells died ( Smith et al . , 2020 ) .', 'We then measured p53 .', '3 mice survived']);
  assert.deepEqual(sentenceRuns(toks, 4).map(([a, b]) => b - a), [4, 4, 3, 4, 1, 3]);
});

test('tag(): spans are taxonomy types that hold exactly their text', async () => {
  const tagger = await loadBuiltinTagger();
  const taxonomy = loadTaxonomy();
  const text = 'Cisplatin induced acute kidney injury in mice (Smith et al., 2020). We train a CRF for named entity recognition [12].';
  const found = await tagger.tag(text);
  for (const e of found) {
    assert.ok(taxonomy.byId.has(e.type), e.type);
    assert.equal(text.slice(e.start, e.end), e.text);
    assert.ok(e.score > 0 && e.score <= 1);
  }
  const onlyChemicals = await tagger.tag(text, { types: new Set(['Chemical']) });
  assert.ok(onlyChemicals.every((e) => e.type === 'Chemical'));
});

const bc5 = new URL('../../../shared/datasets/ner/BC5CDR/devel.tsv', import.meta.url);
test('BC5CDR dev: the bc5cdr head decoded in TypeScript reproduces the recipe’s dev micro-F1', { skip: !existsSync(bc5) && 'shared/datasets is not on this machine' }, async () => {
  const dev = JSON.parse(readFileSync(join(dir, 'dev.json'), 'utf8')) as { history: { devMicroF1: Record<string, number> }[]; bestScore: number };
  const best = dev.history.reduce((a, h) => {
    const s = Object.values(h.devMicroF1).reduce((x, y) => x + y, 0) + h.devMicroF1.bc5cdr + h.devMicroF1.bionlp13cg;
    return s > a.s ? { s, f: h.devMicroF1.bc5cdr } : a;
  }, { s: -1, f: 0 });
  const tagger = await loadBuiltinTagger();
  const sentences = readNer(readFileSync(bc5, 'utf8'));
  const pred = [];
  for (const s of sentences) pred.push((await tagger.decodeHead(s.tokens, 'bc5cdr')).map(({ start, end, label }) => ({ start, end, label })));
  const f = 100 * scoreEntities(sentences.map((s) => s.entities), pred).micro.f1;
  assert.ok(Math.abs(f - best.f) < 0.2, `TypeScript ${f.toFixed(2)} vs recipe ${best.f}`);
});

test('domain gate: featuriser and ONNX probabilities match the recipe’s golden file', async () => {
  const { loadSparseClassifier } = await import('../../extension/inference/builtin/intent.ts');
  const { intentFeatures, parseIntentSpec } = await import('../../extension/inference/builtin/intent-features.ts');
  const ddir = join(dir, 'domain');
  const spec = parseIntentSpec(JSON.parse(readFileSync(join(ddir, 'features.json'), 'utf8')));
  const golden = JSON.parse(readFileSync(join(ddir, 'golden.json'), 'utf8')) as { text: string; ids: number[]; vals: number[]; probabilities: number[] }[];
  const clf = await loadSparseClassifier(ddir);
  const preds = await clf.classify(golden.map((g) => g.text));
  golden.forEach((g, n) => {
    const f = intentFeatures(g.text, spec);
    assert.deepEqual(f.ids, g.ids);
    clf.labels.forEach((l, j) => assert.ok(Math.abs(preds[n].scores[l] - g.probabilities[j]) < 1e-5));
  });
});
