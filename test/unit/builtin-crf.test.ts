// CRF decoding checked against brute force over every tag path of small random problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/fast-check.ts';
import { marginals, pathToSpans, viterbi, type CrfParams } from '../../extension/inference/builtin/crf.ts';

function pathScore(em: Float32Array, path: number[], crf: CrfParams): number {
  const k = crf.labels.length;
  let s = crf.start[path[0]] + em[path[0]] + crf.end[path[path.length - 1]];
  for (let t = 1; t < path.length; t++) s += crf.transitions[path[t - 1]][path[t]] + em[t * k + path[t]];
  return s;
}

function allPaths(t: number, k: number): number[][] {
  if (t === 0) return [[]];
  return allPaths(t - 1, k).flatMap((p) => Array.from({ length: k }, (_, j) => [...p, j]));
}

const problem = fc.record({ t: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 2, max: 4 }) }).chain(({ t, k }) =>
  fc.record({
    t: fc.constant(t),
    k: fc.constant(k),
    em: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: t * k, maxLength: t * k }),
    tr: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k * k + 2 * k, maxLength: k * k + 2 * k }),
  }),
);

function build(p: { t: number; k: number; em: number[]; tr: number[] }): { em: Float32Array; crf: CrfParams } {
  const { k } = p;
  const crf: CrfParams = {
    labels: Array.from({ length: k }, (_, j) => (j === 0 ? 'O' : `B-T${j}`)),
    transitions: Array.from({ length: k }, (_, i) => p.tr.slice(i * k, i * k + k)),
    start: p.tr.slice(k * k, k * k + k),
    end: p.tr.slice(k * k + k),
  };
  return { em: Float32Array.from(p.em), crf };
}

test('viterbi returns a highest-scoring path', () => {
  fc.assert(
    fc.property(problem, (p) => {
      const { em, crf } = build(p);
      const best = Math.max(...allPaths(p.t, p.k).map((path) => pathScore(em, path, crf)));
      assert.ok(Math.abs(pathScore(em, viterbi(em, p.t, crf), crf) - best) < 1e-9, 'Viterbi path scores the best');
    }),
  );
});

test('marginals equal brute-force path probabilities', () => {
  fc.assert(
    fc.property(problem, (p) => {
      const { em, crf } = build(p);
      const paths = allPaths(p.t, p.k);
      const scores = paths.map((path) => pathScore(em, path, crf));
      const m = Math.max(...scores);
      const z = scores.reduce((a, s) => a + Math.exp(s - m), 0);
      const want = new Float64Array(p.t * p.k);
      paths.forEach((path, n) => path.forEach((tag, s) => (want[s * p.k + tag] += Math.exp(scores[n] - m) / z)));
      const got = marginals(em, p.t, crf);
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-9, 'marginals match brute force');
    }),
  );
});

test('BIO paths become spans', () => {
  const crf: CrfParams = { labels: ['O', 'B-X', 'I-X', 'B-Y', 'I-Y'], transitions: [], start: [], end: [] };
  assert.deepEqual(
    pathToSpans([1, 2, 0, 2, 4, 3, 3], crf).map(({ start, end, label }) => [start, end, label]),
    [[0, 2, 'X'], [3, 4, 'X'], [4, 5, 'Y'], [5, 6, 'Y'], [6, 7, 'Y']],
  );
});
