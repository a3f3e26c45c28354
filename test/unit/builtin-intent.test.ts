// The shipped citation-intent models: the TypeScript featuriser matches the Python recipe's golden
// file, and the ONNX graph run from TypeScript reproduces the dev figures the recipe logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModelsDir } from '../../extension/core/taxonomy/models-dir.ts';
import { intentFeatures, intentTokenIds, parseIntentSpec } from '../../extension/inference/builtin/intent-features.ts';
import { intentTaskForLabels, loadBuiltinIntentClassifier, type IntentTask } from '../../extension/inference/builtin/intent.ts';
import { readIntentJsonl } from '../../extension/core/eval/readers.ts';
import { macroF1 } from '../../extension/core/eval/macro-f1.ts';

const models = findModelsDir();
const datasets = new URL('../../../shared/datasets/citation-intent/', import.meta.url);
const devFile: Record<IntentTask, string> = { scicite: 'sci-cite/dev.jsonl', aclarc: 'citation_intent/dev.jsonl' };

interface Golden {
  text: string;
  ids: number[];
  vals: number[];
  probabilities: number[];
  /** the word CNN's input ids, for models that have one */
  tokens?: number[];
}

for (const task of ['scicite', 'aclarc'] as const) {
  const dir = join(models, 'intent', task);

  test(`${task}: featuriser matches the Python recipe's golden file`, () => {
    const spec = parseIntentSpec(JSON.parse(readFileSync(join(dir, 'features.json'), 'utf8')));
    const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden[];
    assert.ok(golden.length >= 5, 'golden cases');
    for (const g of golden) {
      const f = intentFeatures(g.text, spec);
      assert.deepEqual(f.ids, g.ids, g.text);
      f.vals.forEach((v, i) => assert.ok(Math.abs(v - g.vals[i]) < 1e-6, `${g.text}: value ${i} ${v} vs ${g.vals[i]}`));
      assert.equal(spec.cnn !== undefined, g.tokens !== undefined, 'golden tokens exactly when the model has a CNN');
      if (spec.cnn && g.tokens) assert.deepEqual(intentTokenIds(g.text, spec.cnn), g.tokens, g.text);
    }
  });

  test(`${task}: ONNX probabilities match the recipe's`, async () => {
    const clf = await loadBuiltinIntentClassifier(task);
    const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden[];
    const preds = await clf.classify(golden.map((g) => g.text));
    golden.forEach((g, n) => {
      clf.labels.forEach((l, j) => assert.ok(Math.abs(preds[n].scores[l] - g.probabilities[j]) < 1e-5, `${g.text}: ${l}`));
      const sum = Object.values(preds[n].scores).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `${g.text}: probabilities sum to ${sum}`);
    });
  });

  test(`${task}: a text's scores do not depend on what it is batched with`, async () => {
    const clf = await loadBuiltinIntentClassifier(task);
    const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden[];
    const short = 'We used the method of Smith et al. (2020).';
    const long = golden.map((g) => g.text).reduce((a, b) => (b.length > a.length ? b : a));
    const [alone] = await clf.classify([short]);
    const [mixed] = await clf.classify([short, long, 'Results agree with [3].']);
    clf.labels.forEach((l) => assert.ok(Math.abs(alone.scores[l] - mixed.scores[l]) < 1e-6, `${l}: ${alone.scores[l]} vs ${mixed.scores[l]}`));
  });

  const devPath = new URL(devFile[task], datasets);
  test(`${task}: dev macro-F1 from TypeScript reproduces the recipe's`, { skip: !existsSync(devPath) && 'shared/datasets is not on this machine' }, async () => {
    const rows = readIntentJsonl(readFileSync(devPath, 'utf8'));
    assert.equal(intentTaskForLabels(rows.map((r) => r.label)), task);
    const logged = JSON.parse(readFileSync(join(dir, 'dev-predictions.json'), 'utf8')) as { predictions: string[]; macroF1: number };
    const clf = await loadBuiltinIntentClassifier(task);
    const preds = await clf.classify(rows.map((r) => r.text));
    const agree = preds.filter((p, i) => p.label === logged.predictions[i]).length / rows.length;
    assert.ok(agree >= 0.995, `agreement with the recipe's predictions ${agree}`);
    const f = 100 * macroF1(rows.map((r) => r.label), preds.map((p) => p.label)).macroF1;
    assert.ok(Math.abs(f - logged.macroF1) < 0.5, `macro-F1 ${f} vs logged ${logged.macroF1}`);
  });
}

test('intent task chosen by the labels of a file', () => {
  assert.equal(intentTaskForLabels(['background', 'result']), 'scicite');
  assert.equal(intentTaskForLabels(['Uses', 'Background', 'Future']), 'aclarc');
  assert.equal(intentTaskForLabels(['background', 'Uses']), null);
  assert.equal(intentTaskForLabels([]), null);
});
