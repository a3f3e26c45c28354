// Suggestions for a cited key that no bibliography defines: the same key in another letter case
// first (BibTeX matches keys case-insensitively, biber does not), then the nearest keys by
// edit distance (optimal string alignment: a swap of two neighbours costs one edit).

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

export interface KeySuggestion {
  key: string;
  /** 0 when only the letter case differs. */
  distance: number;
  caseOnly: boolean;
}

/** Up to `n` keys closest to `key`, best first; keys further than about a third of the key's length are left out. */
export function closestKeySuggestions(key: string, keys: Iterable<string>, n = 3): KeySuggestion[] {
  const lower = key.toLowerCase();
  const limit = Math.max(2, Math.floor(key.length / 3));
  const found: KeySuggestion[] = [];
  const seen = new Set<string>();
  for (const candidate of keys) {
    if (candidate === key || seen.has(candidate)) continue;
    seen.add(candidate);
    const cl = candidate.toLowerCase();
    if (cl === lower) {
      found.push({ key: candidate, distance: 0, caseOnly: true });
      continue;
    }
    const d = editDistance(lower, cl, limit);
    if (d <= limit) found.push({ key: candidate, distance: d, caseOnly: false });
  }
  found.sort((x, y) => x.distance - y.distance
    || Math.abs(x.key.length - key.length) - Math.abs(y.key.length - key.length)
    || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return found.slice(0, n);
}

/** The keys of closestKeySuggestions. */
export function closestKeys(key: string, keys: Iterable<string>, n = 3): string[] {
  return closestKeySuggestions(key, keys, n).map((s) => s.key);
}
