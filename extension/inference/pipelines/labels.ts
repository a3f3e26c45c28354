// A model's labels from config.json, as transformers reads them: id2label (keys are strings in the file),
// LABEL_i when absent, and problem_type, which decides the classification function.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ModelLabels {
  id2label: string[];
  problemType?: 'single_label_classification' | 'multi_label_classification' | 'regression';
  /** config.function_to_apply, which some repos set. */
  functionToApply?: 'softmax' | 'sigmoid' | 'none';
}

interface LabelConfigJson {
  id2label?: Record<string, string>;
  num_labels?: number;
  problem_type?: string;
  function_to_apply?: string;
}

export function readModelLabels(config: LabelConfigJson): ModelLabels {
  const entries = Object.entries(config.id2label ?? {}).map(([k, v]) => [Number(k), v] as const);
  const count = entries.length > 0 ? Math.max(...entries.map(([k]) => k)) + 1 : (config.num_labels ?? 2);
  const id2label = Array.from({ length: count }, (_, i) => `LABEL_${i}`);
  for (const [k, v] of entries) id2label[k] = v;
  const problemType =
    config.problem_type === 'single_label_classification' || config.problem_type === 'multi_label_classification' || config.problem_type === 'regression'
      ? config.problem_type
      : undefined;
  const f = config.function_to_apply;
  const functionToApply = f === 'softmax' || f === 'sigmoid' || f === 'none' ? f : undefined;
  return { id2label, problemType, functionToApply };
}

/** Reads config.json from a model folder. */
export async function loadModelLabels(folder: string): Promise<ModelLabels> {
  return readModelLabels(JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as LabelConfigJson);
}
