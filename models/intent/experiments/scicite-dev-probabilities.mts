// The shipped SciCite model's dev probabilities through the TypeScript runtime, for scicite-offsets.py.
// Run from the repository root: node --import tsx models/intent/experiments/scicite-dev-probabilities.mts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinIntentClassifier } from '../../../extension/inference/builtin/intent.ts';

const rows = readFileSync(join(import.meta.dirname, '../../../../shared/datasets/citation-intent/sci-cite/dev.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((line) => JSON.parse(line) as { text: string; label: string });
const clf = await loadBuiltinIntentClassifier('scicite');
const predictions = await clf.classify(rows.map((r) => r.text));
writeFileSync(join(import.meta.dirname, 'scicite-dev-probabilities.json'), JSON.stringify({
  labels: clf.labels,
  gold: rows.map((r) => r.label),
  probs: predictions.map((p) => clf.labels.map((l) => p.scores[l])),
}));
