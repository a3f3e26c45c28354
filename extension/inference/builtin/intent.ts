// The built-in citation-intent classifiers (SciCite, ACL-ARC): featurised here, scored by ONNX
// (a sparse linear ensemble, plus a word CNN where features.json has a `cnn` section).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findModelsDir } from '../../core/taxonomy/models-dir.ts';
import { intentFeatures, intentTokenIds, parseIntentSpec, type IntentFeatureSpec } from './intent-features.ts';
import { float32Tensor, int64Tensor, openSession, type InferenceSession, type Tensor } from './ort.ts';

export type IntentTask = 'scicite' | 'aclarc';

export interface IntentPrediction {
  label: string;
  /** Probability of every label; they sum to 1. */
  scores: Record<string, number>;
}

export interface BuiltinIntentClassifier {
  task: IntentTask;
  labels: string[];
  /** Model name as SciWrite reports it, e.g. "builtin:scicite". */
  name: string;
  classify(texts: readonly string[]): Promise<IntentPrediction[]>;
}

// Batches are padded to their longest feature list; 64 keeps padding waste small.
const BATCH = 64;

async function runBatch(session: InferenceSession, spec: IntentFeatureSpec, texts: readonly string[]): Promise<IntentPrediction[]> {
  const feats = texts.map((t) => intentFeatures(t, spec));
  const k = Math.max(1, ...feats.map((f) => f.ids.length));
  const ids = new BigInt64Array(texts.length * k);
  const vals = new Float32Array(texts.length * k);
  feats.forEach((f, n) => {
    for (let j = 0; j < f.ids.length; j++) {
      ids[n * k + j] = BigInt(f.ids[j]);
      vals[n * k + j] = f.vals[j];
    }
  });
  const feeds: Record<string, Tensor> = { ids: int64Tensor(ids, [texts.length, k]), vals: float32Tensor(vals, [texts.length, k]) };
  if (spec.cnn) {
    const cnn = spec.cnn;
    // right-padded with 0; the graph masks padding, so batch-mates do not change a text's scores
    const seqs = texts.map((t) => intentTokenIds(t, cnn));
    const len = Math.max(cnn.minLen, ...seqs.map((s) => s.length));
    const tokens = new BigInt64Array(texts.length * len);
    seqs.forEach((s, n) => s.forEach((id, j) => (tokens[n * len + j] = BigInt(id))));
    feeds.tokens = int64Tensor(tokens, [texts.length, len]);
  }
  const out = await session.run(feeds);
  const probs = out.probabilities.data as Float32Array;
  const c = spec.labels.length;
  return texts.map((_, n) => {
    const scores: Record<string, number> = {};
    let best = 0;
    for (let j = 0; j < c; j++) {
      scores[spec.labels[j]] = probs[n * c + j];
      if (probs[n * c + j] > probs[n * c + best]) best = j;
    }
    return { label: spec.labels[best], scores };
  });
}

export interface SparseClassifier {
  labels: string[];
  classify(texts: readonly string[]): Promise<IntentPrediction[]>;
}

/** A classifier in the intent format (features.json + model.onnx) from a folder. */
export async function loadSparseClassifier(dir: string): Promise<SparseClassifier> {
  const spec = parseIntentSpec(JSON.parse(await readFile(join(dir, 'features.json'), 'utf8')));
  const session = await openSession(join(dir, 'model.onnx'), 1);
  return {
    labels: spec.labels,
    async classify(texts) {
      // sort by length so each batch pads little, then restore the caller's order
      const order = texts.map((t, i) => ({ i, n: t.length })).sort((a, b) => a.n - b.n);
      const out = new Array<IntentPrediction>(texts.length);
      for (let s = 0; s < order.length; s += BATCH) {
        const slice = order.slice(s, s + BATCH);
        const preds = await runBatch(session, spec, slice.map((o) => texts[o.i]));
        slice.forEach((o, j) => (out[o.i] = preds[j]));
      }
      return out;
    },
  };
}

export async function loadBuiltinIntentClassifier(task: IntentTask, modelsDir: string = findModelsDir()): Promise<BuiltinIntentClassifier> {
  const clf = await loadSparseClassifier(join(modelsDir, 'intent', task));
  return { task, labels: clf.labels, name: `builtin:${task}`, classify: (texts) => clf.classify(texts) };
}

/** Each task's labels, spelt as its dataset spells them. */
export const INTENT_TASK_LABELS: Readonly<Record<IntentTask, readonly string[]>> = {
  scicite: ['background', 'method', 'result'],
  aclarc: ['Background', 'Uses', 'CompareOrContrast', 'Motivation', 'Extends', 'Future'],
};

/**
 * Other spellings of the labels, lower-case letters only: ACL-ARC's first release names its classes
 * COMPARES_CONTRASTS and EXTENDS (or "extension", "comparison or contrast"), SciCite's paper its
 * classes "background information", "method" and "results comparison".
 */
const INTENT_LABEL_ALIASES: Readonly<Record<IntentTask, Readonly<Record<string, string>>>> = {
  scicite: { backgroundinformation: 'background', methods: 'method', results: 'result', resultscomparison: 'result' },
  aclarc: { comparescontrasts: 'CompareOrContrast', comparisonorcontrast: 'CompareOrContrast', extension: 'Extends', use: 'Uses', futurework: 'Future' },
};

/** The task's own spelling of a label a Hub model spells otherwise ("BACKGROUND", "COMPARES_CONTRASTS"); undefined for a label of no task's. */
export function canonicalIntentLabel(task: IntentTask, label: string): string | undefined {
  const letters = label.toLowerCase().replace(/[^a-z]/g, '');
  return INTENT_TASK_LABELS[task].find((l) => l.toLowerCase() === letters) ?? INTENT_LABEL_ALIASES[task][letters];
}

/** Why a model with these labels cannot classify for the task (labels the task does not have), or undefined. */
export function intentLabelMismatch(task: IntentTask, labels: readonly string[]): string | undefined {
  const foreign = labels.filter((l) => canonicalIntentLabel(task, l) === undefined);
  if (foreign.length === 0) return undefined;
  const why = `its labels are ${labels.join(', ')}, not ${task === 'scicite' ? 'SciCite' : 'ACL-ARC'}'s: ${INTENT_TASK_LABELS[task].join(', ')}`;
  // fine-tuned checkpoints often keep transformers' default names; the model card says what they mean
  return labels.every((l) => /^LABEL_\d+$/.test(l)) ? `${why} (a copy in a folder, its config.json's id2label naming them, can be used)` : why;
}

/** Which built-in intent task a label set belongs to (SciCite's are lower-case, ACL-ARC's capitalised). */
export function intentTaskForLabels(labels: Iterable<string>): IntentTask | null {
  const scicite = new Set(INTENT_TASK_LABELS.scicite);
  const aclarc = new Set(INTENT_TASK_LABELS.aclarc);
  let s = true;
  let a = true;
  let any = false;
  for (const l of labels) {
    any = true;
    if (!scicite.has(l)) s = false;
    if (!aclarc.has(l)) a = false;
  }
  if (!any) return null;
  return s ? 'scicite' : a ? 'aclarc' : null;
}
