// Normalisation with a map back to the original text. The normalizer (e.g. BertNormalizer: control-character
// removal, spaces around CJK, lower-casing, accent stripping) only returns a string, so it is applied to each
// character cluster (a character plus its combining marks) on its own; each normalised character then maps to the
// cluster it came from. The whole-text normalisation stays the reference: when per-cluster results differ from it
// (context-dependent rules such as a final sigma) the map degrades gracefully instead of shifting later tokens.

export interface AlignedText {
  /** The normalised text, identical to normalize(original slice). */
  text: string;
  /** For each UTF-16 unit of `text`, the original span [start[i], end[i]) it stands for (absolute offsets). */
  start: Int32Array;
  end: Int32Array;
}

const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const CODE_POINT = /./gsu;

export class AlignedNormalizer {
  private readonly cache = new Map<string, string>();

  constructor(private readonly normalize: ((text: string) => string) | null) {}

  /** Normalises original[from, to) and maps the result back to absolute offsets in `original`. */
  apply(original: string, from: number, to: number): AlignedText {
    const slice = original.slice(from, to);
    if (!this.normalize) return identity(slice, from);
    const whole = this.normalize(slice);
    // Character by character first: a removed character (an accent stripped after NFD, a control character)
    // then leaves no trace in its neighbours' spans, as in the tokenizers crate. Composing normalizers (NFC)
    // need whole clusters.
    return this.bySegments(slice, from, whole, CODE_POINT) ?? this.bySegments(slice, from, whole, CLUSTER) ?? proportional(whole, from, to);
  }

  private bySegments(slice: string, from: number, whole: string, segmenter: RegExp): AlignedText | undefined {
    const normalize = this.normalize as (text: string) => string;
    const starts = new Int32Array(whole.length);
    const ends = new Int32Array(whole.length);
    let n = 0;
    segmenter.lastIndex = 0;
    for (let m = segmenter.exec(slice); m !== null; m = segmenter.exec(slice)) {
      const segment = m[0];
      let normalized = this.cache.get(segment);
      if (normalized === undefined) {
        normalized = normalize(segment);
        if (this.cache.size < 50_000) this.cache.set(segment, normalized);
      }
      if (n + normalized.length > whole.length) return undefined;
      const s = from + m.index;
      const e = s + segment.length;
      for (let k = 0; k < normalized.length; k++) {
        starts[n] = s;
        ends[n] = e;
        n++;
      }
    }
    return n === whole.length ? { text: whole, start: starts, end: ends } : undefined;
  }
}

function identity(slice: string, from: number): AlignedText {
  const start = new Int32Array(slice.length);
  const end = new Int32Array(slice.length);
  for (let i = 0; i < slice.length; i++) {
    // A surrogate pair maps as one character, like every other astral character.
    const hi = slice.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff && i + 1 < slice.length) {
      const lo = slice.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        start[i] = start[i + 1] = from + i;
        end[i] = end[i + 1] = from + i + 2;
        i++;
        continue;
      }
    }
    start[i] = from + i;
    end[i] = from + i + 1;
  }
  return { text: slice, start, end };
}

/** Fallback when cluster-wise normalisation disagrees in length with the whole: spread the output evenly. */
function proportional(whole: string, from: number, to: number): AlignedText {
  const n = whole.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const len = to - from;
  for (let i = 0; i < n; i++) {
    start[i] = from + Math.floor((i * len) / n);
    end[i] = Math.max(start[i] + 1, from + Math.floor(((i + 1) * len) / n));
    if (end[i] > to) end[i] = to;
  }
  return { text: whole, start, end };
}
