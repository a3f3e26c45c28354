// The shipped entity tagger: tokeniser, featuriser and ONNX emissions match the Python recipe's golden
// file, and decoding in TypeScript reproduces the recipe's dev figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModelsDir } from '../../extension/core/taxonomy/models-dir.ts';
import { loadTaxonomy } from '../../extension/core/taxonomy/load.ts';
import { encodeTokens, plainScripts, spelledGreek, tokenize, type TaggerVocab } from '../../extension/inference/builtin/tagger-features.ts';
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
    assert.ok(e.score > 0 && e.score <= 1, 'score in (0, 1]');
  }
  const onlyChemicals = await tagger.tag(text, { types: new Set(['Chemical']) });
  assert.ok(onlyChemicals.every((e) => e.type === 'Chemical'), 'only chemicals');
});

test('tag(): superscript and subscript digits read as the plain ones the training data writes, on the text\'s own offsets', async () => {
  assert.equal(plainScripts('Ca²⁺, CO₂, ¹⁴C and SO₄²⁻'), 'Ca2+, CO2, 14C and SO42-');
  const tagger = await loadBuiltinTagger();
  const raised = 'Influx of Ca²⁺ and CO₂ in HeLa cells.';
  const plain = 'Influx of Ca2+ and CO2 in HeLa cells.';
  const strip = (list: { start: number; end: number; type: string; score: number }[]) => list.map(({ start, end, type, score }) => ({ start, end, type, score }));
  const found = await tagger.tag(raised);
  assert.deepEqual(strip(found), strip(await tagger.tag(plain)), 'the same spans, types and scores');
  for (const e of found) assert.equal(e.text, raised.slice(e.start, e.end), 'each entity holds the text as written');
});

test('tag(): Greek letters read as the training data spells them (IL-1β as IL-1beta), on the text\'s own offsets', async () => {
  assert.equal(spelledGreek('IL-1β'), 'IL-1beta');
  assert.equal(spelledGreek('µM'), 'muM', 'the micro sign too');
  const tagger = await loadBuiltinTagger();
  const greek = 'Levels of IL-1β and HIF-1α rose; μ-opioid receptors bind κ light chains.';
  const spelled = 'Levels of IL-1beta and HIF-1alpha rose; mu-opioid receptors bind kappa light chains.';
  const found = await tagger.tag(greek);
  const asSpelled = await tagger.tag(spelled);
  assert.deepEqual(found.map((e) => [spelledGreek(e.text), e.type, e.score]), asSpelled.map((e) => [e.text, e.type, e.score]), 'the same entities, types and scores');
  for (const e of found) assert.equal(e.text, greek.slice(e.start, e.end), 'each entity holds the text as written');
  assert.ok(found.some((e) => e.text === 'μ-opioid receptors'), 'a name a bare "μ" hid is found');
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
    clf.labels.forEach((l, j) => assert.ok(Math.abs(preds[n].scores[l] - g.probabilities[j]) < 1e-5, 'probabilities match the recorded ones'));
  });
});

// Specialist heads (runtime.json's specialistHeads): one head per corpus, answering only requests for exactly its types.
const ncbiSentence = 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer.';

/** The shipped tagger with runtime.json's specialist heads switched off (same ONNX, vocabulary and domain gate files). */
async function taggerWithoutSpecialists() {
  const { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'sciwrite-tagger-'));
  mkdirSync(join(root, 'tagger'));
  for (const f of ['tagger.onnx', 'tagger.json', 'domain']) symlinkSync(join(dir, f), join(root, 'tagger', f));
  const runtime = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')) as Record<string, unknown>;
  assert.ok(Array.isArray(runtime.specialistHeads) && runtime.specialistHeads.length > 0, 'runtime.json lists specialist heads');
  delete runtime.specialistHeads;
  writeFileSync(join(root, 'tagger', 'runtime.json'), JSON.stringify(runtime));
  try {
    return await loadBuiltinTagger(root, loadTaxonomy()); // reads every file while loading
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('head plan: a specialist head answers alone exactly when its own types (and their subtypes) are asked for', async () => {
  const { planHeads } = await import('../../extension/inference/builtin/tagger-heads.ts');
  const model = JSON.parse(readFileSync(join(dir, 'tagger.json'), 'utf8')) as { heads: Record<string, { labels: string[]; transitions: number[][]; start: number[]; end: number[] }> };
  const runtime = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')) as { heads: string[]; specialistHeads: string[] };
  const plan = planHeads(loadTaxonomy(), new Map(Object.entries(model.heads)), runtime.heads, runtime.specialistHeads);
  assert.deepEqual(plan.headsFor(new Set(['Disease'])), ['ncbi']);
  assert.deepEqual(plan.headsFor(new Set(['Disease', 'Cancer', 'PathologicalFormation'])), ['ncbi']);
  assert.deepEqual(plan.headsFor(new Set(['Organism'])), ['linnaeus']);
  assert.deepEqual(plan.headsFor(new Set(['GeneProtein'])), ['bc2gm']);
  const specialists = new Set(runtime.specialistHeads);
  for (const asked of [undefined, new Set(['Chemical', 'Disease']), new Set(['Cell', 'GeneProtein']), new Set(['Cancer']), new Set(plan.types)]) {
    const heads = plan.headsFor(asked);
    assert.ok(heads.every((h) => !specialists.has(h)), `no specialist head for ${asked ? [...asked].join(',') : 'no types'}: ${heads.join(',')}`);
  }
});

test('tag() for {Disease} alone gives the ncbi head’s spans', async () => {
  const tagger = await loadBuiltinTagger();
  const toks = tokenize(ncbiSentence);
  const expected = (await tagger.decodeHead(toks.map((t) => t.text), 'ncbi')).map((s) => ({ start: toks[s.start].start, end: toks[s.end - 1].end, type: 'Disease' }));
  assert.ok(expected.length > 0, 'the ncbi head finds a disease in the sentence');
  const found = (await tagger.tag(ncbiSentence, { types: new Set(['Disease']) })).map(({ start, end, type }) => ({ start, end, type }));
  assert.deepEqual(found, expected);
  // the sentence is one where the ncbi head and the run-time heads disagree, so this test tells them apart
  const without = await (await taggerWithoutSpecialists()).tag(ncbiSentence, { types: new Set(['Disease']) });
  assert.notDeepEqual(without.map(({ start, end, type }) => ({ start, end, type })), expected);
});

test('tag() without types, or with other type sets, never returns specialist heads’ spans', async () => {
  const tagger = await loadBuiltinTagger();
  const plain = await taggerWithoutSpecialists();
  const texts = [
    ncbiSentence,
    'Human and mouse cells expressing BRCA2 and TP53 were exposed to cisplatin in Escherichia coli cultures.',
    'We train a BiLSTM-CRF tagger for named entity recognition [12] and report F1 on the CoNLL dataset.',
  ];
  const requests = [undefined, new Set(['Chemical', 'Disease']), new Set(['Cell', 'GeneProtein']), new Set(['Organism', 'Cell']), new Set(tagger.types)];
  for (const text of texts) {
    for (const types of requests) {
      const options = types ? { types } : undefined;
      assert.deepEqual(await tagger.tag(text, options), await plain.tag(text, options), `${text} / ${types ? [...types].join(',') : 'no types'}`);
    }
  }
});
