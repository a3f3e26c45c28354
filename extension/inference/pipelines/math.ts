// Numerics shared by the pipelines, written as numpy computes them in transformers' postprocess.

/** Softmax of one row, shifted by its maximum. */
export function softmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  const out = new Float64Array(row.length);
  let sum = 0;
  for (let i = 0; i < row.length; i++) {
    out[i] = Math.exp(row[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < row.length; i++) out[i] /= sum;
  return out;
}

export function sigmoid(row: ArrayLike<number>): Float64Array {
  return Float64Array.from(row, (x) => 1 / (1 + Math.exp(-x)));
}

/** numpy's argmax: the first index of the maximum. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** numpy's nanmean over values. */
export function nanmean(values: number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}
