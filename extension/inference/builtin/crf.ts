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

function logSumExp(xs: Float64Array): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** P(tag at position s = j | sentence), [T × K] row-major. */
export function marginals(em: Float32Array, t: number, crf: CrfParams): Float64Array {
  const k = crf.labels.length;
  const alpha = new Float64Array(t * k);
  const beta = new Float64Array(t * k);
  const tmp = new Float64Array(k);
  for (let j = 0; j < k; j++) alpha[j] = crf.start[j] + em[j];
  for (let s = 1; s < t; s++) {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < k; i++) tmp[i] = alpha[(s - 1) * k + i] + crf.transitions[i][j];
      alpha[s * k + j] = logSumExp(tmp) + em[s * k + j];
    }
  }
  for (let j = 0; j < k; j++) beta[(t - 1) * k + j] = crf.end[j];
  for (let s = t - 2; s >= 0; s--) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) tmp[j] = crf.transitions[i][j] + em[(s + 1) * k + j] + beta[(s + 1) * k + j];
      beta[s * k + i] = logSumExp(tmp);
    }
  }
  for (let j = 0; j < k; j++) tmp[j] = alpha[(t - 1) * k + j] + crf.end[j];
  const logZ = logSumExp(tmp);
  const out = new Float64Array(t * k);
  for (let i = 0; i < t * k; i++) out[i] = Math.exp(alpha[i] + beta[i] - logZ);
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
