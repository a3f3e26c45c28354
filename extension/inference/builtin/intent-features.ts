// The citation-intent featuriser, identical to models/intent/train.py (see its docstring for the spec):
// TF-IDF-weighted word 1..n-grams, within-word character n-grams and cue-phrase features
// (intent-cues.ts), each block L2-normalised; and, for models with a word CNN, the word ids it reads.
import { compileCues, cueFeatures, parseCueSpec, type CueMatcher } from './intent-cues.ts';

export interface IntentFeatureSpec {
  labels: string[];
  maxWordN: number;
  charNs: number[];
  /** Rendered citations become the word 'zcitz' before anything else. */
  citeMarkers: boolean;
  /** Words up to this far before/after each citation are features of their own ('l w' / 'r w'). */
  window: number;
  /** How words are read: the recipe's (digits → 0, any length) or scikit-learn's TfidfVectorizer's (two or more characters). */
  words: WordMode;
  /** Cue-phrase features ('q name'), when the model has them. */
  cues?: CueMatcher;
  /** feature key → column */
  index: Map<string, number>;
  idf: Float32Array;
  /** Present when the graph also has a word CNN (input `tokens`). */
  cnn?: CnnTokenSpec;
}

export interface CnnTokenSpec {
  /** word → row of the CNN's embedding table (0 = padding, 1 = unknown) */
  vocab: Map<string, number>;
  maxLen: number;
  /** Batches are padded to at least this many tokens (the widest convolution). */
  minLen: number;
}

export interface SparseFeatures {
  ids: number[];
  vals: number[];
}

export type WordMode = 'recipe' | 'sklearn';

const WORD = /[\p{L}\p{N}_]+/gu;
// the recipe's CITE_RE, character for character (ASCII only, so both engines read it alike)
const CITE = /\[\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\]|\([^()]*?[0-9]{4}[a-z]?[^()]*\)|\(\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\)/g;
export const CITATION_WORD = 'zcitz';

export function intentWords(text: string, citeMarkers = false, mode: WordMode = 'recipe'): string[] {
  const t = citeMarkers ? text.replace(CITE, ` ${CITATION_WORD} `) : text;
  // scikit-learn's `(?u)\b\w\w+\b`: runs of word characters at least two code points long
  if (mode === 'sklearn') return (t.toLowerCase().match(WORD) ?? []).filter((w) => [...w].length >= 2);
  return t.toLowerCase().replace(/[0-9]/g, '0').match(WORD) ?? [];
}

export interface FeatureOptions {
  maxWordN: number;
  charNs: readonly number[];
  citeMarkers: boolean;
  window: number;
  words?: WordMode;
  cues?: CueMatcher;
}

/** Feature key → count, in the recipe's key syntax ("w a b", "l a", "c ab"). */
export function intentFeatureCounts(text: string, o: FeatureOptions): Map<string, number> {
  const { maxWordN, charNs } = o;
  const ws = intentWords(text, o.citeMarkers, o.words);
  const out = new Map<string, number>();
  const add = (k: string): void => {
    out.set(k, (out.get(k) ?? 0) + 1);
  };
  if (o.cues) for (const name of cueFeatures(text, o.cues)) add(`q ${name}`);
  for (let n = 1; n <= maxWordN; n++) {
    for (let i = 0; i + n <= ws.length; i++) add(`w ${ws.slice(i, i + n).join(' ')}`);
  }
  if (o.window > 0) {
    ws.forEach((w, i) => {
      if (w !== CITATION_WORD) return;
      for (let j = Math.max(0, i - o.window); j < i; j++) add(`l ${ws[j]}`);
      for (let j = i + 1; j < Math.min(ws.length, i + 1 + o.window); j++) add(`r ${ws[j]}`);
    });
  }
  for (const w of ws) {
    const p = Array.from(` ${w} `);
    for (const n of charNs) {
      for (let i = 0; i + n <= p.length; i++) add(`c ${p.slice(i, i + n).join('')}`);
    }
  }
  return out;
}

export function intentFeatures(text: string, spec: IntentFeatureSpec): SparseFeatures {
  const entries: { id: number; v: number; block: string }[] = [];
  for (const [k, c] of intentFeatureCounts(text, spec)) {
    const id = spec.index.get(k);
    if (id === undefined) continue;
    entries.push({ id, v: (1 + Math.log(c)) * spec.idf[id], block: k[0] === 'c' || k[0] === 'q' ? k[0] : 'w' });
  }
  for (const block of ['w', 'c', 'q']) {
    let sq = 0;
    for (const e of entries) if (e.block === block) sq += e.v * e.v;
    const norm = Math.sqrt(sq);
    const scale = block === 'q' ? spec.cues?.spec.weight ?? 1 : 1;
    if (norm > 0) for (const e of entries) if (e.block === block) e.v = (e.v / norm) * scale;
  }
  entries.sort((a, b) => a.id - b.id);
  return { ids: entries.map((e) => e.id), vals: entries.map((e) => Math.fround(e.v)) };
}

/** The CNN's input: words of the text with every rendered citation as one word, cut to maxLen. */
export function intentTokenIds(text: string, cnn: CnnTokenSpec): number[] {
  return intentWords(text, true).slice(0, cnn.maxLen).map((w) => cnn.vocab.get(w) ?? 1);
}

function parseCnn(doc: unknown): CnnTokenSpec | undefined {
  if (doc === undefined) return undefined;
  const o = doc as { vocab?: unknown; maxLen?: unknown; minLen?: unknown };
  if (!Array.isArray(o.vocab) || !o.vocab.every((w) => typeof w === 'string') || typeof o.maxLen !== 'number' || typeof o.minLen !== 'number') {
    throw new Error('intent features: malformed cnn section');
  }
  const vocab = new Map<string, number>();
  (o.vocab as string[]).forEach((w, i) => vocab.set(w, i));
  return { vocab, maxLen: o.maxLen, minLen: o.minLen };
}

export function parseIntentSpec(doc: unknown): IntentFeatureSpec {
  const o = doc as {
    format?: unknown; labels?: unknown; maxWordN?: unknown; charNs?: unknown; citeMarkers?: unknown; window?: unknown; keys?: unknown; idf?: unknown; cnn?: unknown;
    words?: unknown; cues?: unknown;
  };
  if (o.format !== 'sciwrite-intent/1') throw new Error(`intent features: unknown format ${String(o.format)}`);
  const ok =
    Array.isArray(o.labels) && o.labels.every((l) => typeof l === 'string') &&
    typeof o.maxWordN === 'number' &&
    Array.isArray(o.charNs) && o.charNs.every((n) => typeof n === 'number') &&
    Array.isArray(o.keys) && Array.isArray(o.idf) && o.keys.length === o.idf.length;
  if (!ok) throw new Error('intent features: malformed features.json');
  if (o.words !== undefined && o.words !== 'recipe' && o.words !== 'sklearn') throw new Error(`intent features: unknown word mode ${String(o.words)}`);
  const cues = parseCueSpec(o.cues);
  const keys = o.keys as string[];
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  return {
    labels: o.labels as string[],
    maxWordN: o.maxWordN as number,
    charNs: o.charNs as number[],
    citeMarkers: o.citeMarkers === true,
    window: typeof o.window === 'number' ? o.window : 0,
    words: o.words === 'sklearn' ? 'sklearn' : 'recipe',
    ...(cues ? { cues: compileCues(cues) } : {}),
    index,
    idf: Float32Array.from(o.idf as number[]),
    cnn: parseCnn(o.cnn),
  };
}
