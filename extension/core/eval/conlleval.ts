// Entity-level exact-match scoring, as conlleval defines it: a predicted entity counts only when
// its span and its type both equal a gold entity's.

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  /** gold entities, predicted entities, exact matches */
  gold: number;
  predicted: number;
  correct: number;
}

export interface EntityScores {
  micro: Prf;
  perType: Record<string, Prf>;
}

export interface ScoredEntity {
  start: number;
  end: number;
  label: string;
}

export function prf(correct: number, predicted: number, gold: number): Prf {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, correct };
}

const key = (e: ScoredEntity): string => `${e.start}\u0000${e.end}\u0000${e.label}`;

/** Scores predicted against gold entities, sentence by sentence (the two arrays align). */
export function scoreEntities(gold: readonly (readonly ScoredEntity[])[], predicted: readonly (readonly ScoredEntity[])[]): EntityScores {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} sentences, predictions ${predicted.length}`);
  const counts = new Map<string, { g: number; p: number; c: number }>();
  const bump = (label: string, field: 'g' | 'p' | 'c'): void => {
    const c = counts.get(label) ?? { g: 0, p: 0, c: 0 };
    c[field] += 1;
    counts.set(label, c);
  };
  for (let s = 0; s < gold.length; s++) {
    const goldKeys = new Set(gold[s].map(key));
    const seen = new Set<string>();
    for (const e of gold[s]) bump(e.label, 'g');
    for (const e of predicted[s]) {
      const k = key(e);
      if (seen.has(k)) continue; // the same span and type predicted twice is one prediction
      seen.add(k);
      bump(e.label, 'p');
      if (goldKeys.has(k)) bump(e.label, 'c');
    }
  }
  let g = 0;
  let p = 0;
  let c = 0;
  const perType: Record<string, Prf> = {};
  for (const label of [...counts.keys()].sort()) {
    const n = counts.get(label)!;
    perType[label] = prf(n.c, n.p, n.g);
    g += n.g;
    p += n.p;
    c += n.c;
  }
  return { micro: prf(c, p, g), perType };
}
