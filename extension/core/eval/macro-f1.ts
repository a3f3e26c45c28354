// Per-class precision/recall/F1 and their unweighted mean (macro-F1), as scikit-learn computes
// them with zero_division=0: a class never predicted and never gold is not in the label set.
import { prf, type Prf } from './conlleval.ts';

export interface ClassScores {
  macroF1: number;
  accuracy: number;
  perClass: Record<string, Prf>;
}

export function macroF1(gold: readonly string[], predicted: readonly string[], labels?: readonly string[]): ClassScores {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} labels, predictions ${predicted.length}`);
  const classes = labels ? [...labels] : [...new Set([...gold, ...predicted])].sort();
  const perClass: Record<string, Prf> = {};
  let sum = 0;
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) right++;
  for (const c of classes) {
    let tp = 0;
    let p = 0;
    let g = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c) p++;
      if (gold[i] === c) g++;
      if (predicted[i] === c && gold[i] === c) tp++;
    }
    perClass[c] = prf(tp, p, g);
    sum += perClass[c].f1;
  }
  return { macroF1: classes.length === 0 ? 0 : sum / classes.length, accuracy: gold.length === 0 ? 0 : right / gold.length, perClass };
}
