// Runs many inputs through the encoder in batches of similar length (less padding, less wasted work),
// then hands results back in input order.

export interface BatchingOptions {
  /** Rows per encoder call (default 8). */
  batchSize?: number;
  signal?: AbortSignal;
}

export async function runSortedBatches<T, R>(
  items: T[],
  lengthOf: (item: T) => number,
  run: (chunk: T[]) => Promise<R[]>,
  options: BatchingOptions = {},
): Promise<R[]> {
  const batchSize = Math.max(1, options.batchSize ?? 8);
  const order = items.map((_, i) => i).sort((a, b) => lengthOf(items[a]) - lengthOf(items[b]) || a - b);
  const results: R[] = new Array(items.length);
  for (let k = 0; k < order.length; k += batchSize) {
    options.signal?.throwIfAborted();
    const indices = order.slice(k, k + batchSize);
    const out = await run(indices.map((i) => items[i]));
    if (out.length !== indices.length) throw new Error(`batch of ${indices.length} gave ${out.length} results`);
    indices.forEach((i, j) => {
      results[i] = out[j];
    });
  }
  return results;
}
