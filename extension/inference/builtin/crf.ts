// Linear-chain CRF decoding for the tagger's heads: Viterbi for the best tag path and
// forward-backward marginals for each tag's confidence. Emissions are [T × K] row-major.

export interface CrfParams {
  labels: string[];
  /** transitions[i][j]: score of tag i followed by tag j */
  transitions: number[][];
  start: number[];
  end: number[];
}

export function viterbi(em: Float32Array, t: number, crf: CrfParams): number[] {
  const k = crf.labels.length;
  if (t === 0) return [];
  let score = new Float64Array(k);
  for (let j = 0; j < k; j++) score[j] = crf.start[j] + em[j];
  const back: Int32Array[] = [];
  for (let s = 1; s < t; s++) {
    const next = new Float64Array(k);
    const bp = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < k; i++) {
        const v = score[i] + crf.transitions[i][j];
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next[j] = best + em[s * k + j];
      bp[j] = arg;
    }
    back.push(bp);
    score = next;
  }
  let tag = 0;
  for (let j = 1; j < k; j++) if (score[j] + crf.end[j] > score[tag] + crf.end[tag]) tag = j;
  const path = [tag];
  for (let s = t - 1; s > 0; s--) {
    tag = back[s - 1][tag];
    path.push(tag);
  }
  return path.reverse();
}

const expCache = new WeakMap<CrfParams, { trans: Float64Array; start: Float64Array; end: Float64Array }>();

function expParams(crf: CrfParams): { trans: Float64Array; start: Float64Array; end: Float64Array } {
  let e = expCache.get(crf);
  if (!e) {
    const k = crf.labels.length;
    const trans = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) trans[i * k + j] = Math.exp(crf.transitions[i][j]);
    e = { trans, start: Float64Array.from(crf.start, Math.exp), end: Float64Array.from(crf.end, Math.exp) };
    expCache.set(crf, e);
  }
  return e;
}

/**
 * P(tag at position s = j | sentence), [T × K] row-major: forward-backward in probability space,
 * each step rescaled to sum 1 (the scale cancels when each position's marginals are normalised).
 */
export function marginals(em: Float32Array, t: number, crf: CrfParams): Float64Array {
  const k = crf.labels.length;
  const { trans, start, end } = expParams(crf);
  // emission factors, shifted by each position's maximum
  const e = new Float64Array(t * k);
  for (let s = 0; s < t; s++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (em[s * k + j] > m) m = em[s * k + j];
    for (let j = 0; j < k; j++) e[s * k + j] = Math.exp(em[s * k + j] - m);
  }
  const alpha = new Float64Array(t * k);
  const beta = new Float64Array(t * k);
  const scale = (arr: Float64Array, s: number): void => {
    let z = 0;
    for (let j = 0; j < k; j++) z += arr[s * k + j];
    for (let j = 0; j < k; j++) arr[s * k + j] /= z;
  };
  for (let j = 0; j < k; j++) alpha[j] = start[j] * e[j];
  scale(alpha, 0);
  for (let s = 1; s < t; s++) {
    for (let j = 0; j < k; j++) {
      let acc = 0;
      for (let i = 0; i < k; i++) acc += alpha[(s - 1) * k + i] * trans[i * k + j];
      alpha[s * k + j] = acc * e[s * k + j];
    }
    scale(alpha, s);
  }
  for (let j = 0; j < k; j++) beta[(t - 1) * k + j] = end[j];
  scale(beta, t - 1);
  for (let s = t - 2; s >= 0; s--) {
    for (let i = 0; i < k; i++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += trans[i * k + j] * e[(s + 1) * k + j] * beta[(s + 1) * k + j];
      beta[s * k + i] = acc;
    }
    scale(beta, s);
  }
  const out = new Float64Array(t * k);
  for (let s = 0; s < t; s++) {
    let z = 0;
    for (let j = 0; j < k; j++) z += out[s * k + j] = alpha[s * k + j] * beta[s * k + j];
    for (let j = 0; j < k; j++) out[s * k + j] /= z;
  }
  return out;
}

export interface TagSpan {
  /** token indices [start, end) */
  start: number;
  end: number;
  label: string;
  /** mean marginal probability of the span's tags */
  score: number;
}

/** Spans of a BIO tag path (an I- that does not continue its type starts a new span). */
export function pathToSpans(path: readonly number[], crf: CrfParams, probs?: Float64Array): TagSpan[] {
  const k = crf.labels.length;
  const out: TagSpan[] = [];
  let cur: TagSpan | null = null;
  let sum = 0;
  const close = (end: number): void => {
    if (cur) {
      cur.end = end;
      cur.score = probs ? sum / (end - cur.start) : 1;
      out.push(cur);
    }
    cur = null;
    sum = 0;
  };
  path.forEach((tag, s) => {
    const label = crf.labels[tag];
    const p = probs ? probs[s * k + tag] : 1;
    if (label === 'O') {
      close(s);
      return;
    }
    const prefix = label.slice(0, 1);
    const type = label.slice(2);
    if (prefix === 'B' || cur === null || (cur as TagSpan).label !== type) {
      close(s);
      cur = { start: s, end: s + 1, label: type, score: 0 };
    }
    sum += p;
  });
  close(path.length);
  return out;
}
