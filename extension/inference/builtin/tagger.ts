// The built-in entity tagger: tokenised and featurised here, encoder + per-dataset emission heads in
// ONNX, CRF decoding here, head outputs mapped onto the taxonomy and merged by head priority.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findModelsDir } from '../../core/taxonomy/models-dir.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import { mapLabel } from '../../core/taxonomy/map.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';
import { marginals, pathToSpans, viterbi, type CrfParams, type TagSpan } from './crf.ts';
import { encodeTokens, tokenize, type TaggerVocab, type Token } from './tagger-features.ts';
import { int64Tensor, openSession, type InferenceSession } from './ort.ts';
import { loadSparseClassifier } from './intent.ts';

export interface TaggedEntity {
  /** UTF-16 offsets into the text given to `tag`, [start, end). */
  start: number;
  end: number;
  text: string;
  /** A taxonomy type id. */
  type: string;
  /** Mean CRF marginal probability of the span's tags, 0..1. */
  score: number;
}

export interface TagOptions {
  /** Only these taxonomy types are produced (and only they compete for overlapping text). */
  types?: ReadonlySet<string>;
}

export interface BuiltinTagger {
  name: string;
  /** Every taxonomy type the tagger can produce. */
  types: string[];
  tag(text: string, options?: TagOptions): Promise<TaggedEntity[]>;
  /** One head's CRF spans (its own dataset labels) over given tokens: what the recipe's dev figures measure. */
  decodeHead(tokens: readonly string[], head: string): Promise<TagSpan[]>;
  /** The names of every head in the ONNX graph. */
  heads: string[];
}

interface RuntimeConfig {
  /** Heads used at run time, highest priority first; a later head's span overlapping an accepted one is dropped. */
  heads: string[];
  /** Longest token run sent to the encoder at once (longer sentences are cut). */
  maxTokens: number;
  /** Use only the heads of the domain (biomedical / computer-science) that models/tagger/domain picks for the text. */
  domainGate: boolean;
}

interface TaggerModel {
  vocab: TaggerVocab;
  heads: Map<string, CrfParams>;
  headOrder: string[];
}

function parseModel(doc: unknown): TaggerModel {
  const o = doc as { format?: unknown; words?: unknown; chars?: unknown; maxChars?: unknown; heads?: unknown };
  if (o.format !== 'sciwrite-tagger/1') throw new Error(`tagger: unknown format ${String(o.format)}`);
  if (!Array.isArray(o.words) || !Array.isArray(o.chars) || typeof o.maxChars !== 'number' || typeof o.heads !== 'object' || o.heads === null) {
    throw new Error('tagger: malformed tagger.json');
  }
  const words = new Map<string, number>();
  (o.words as string[]).forEach((w, i) => words.set(w, i));
  const chars = new Map<string, number>();
  (o.chars as string[]).forEach((c, i) => chars.set(c, i));
  const heads = new Map<string, CrfParams>();
  for (const [name, h] of Object.entries(o.heads as Record<string, CrfParams>)) heads.set(name, h);
  return { vocab: { words, chars, maxChars: o.maxChars }, heads, headOrder: [...heads.keys()] };
}

/** Cuts a token list into sentence-sized runs: after . ! ? when the next token starts upper-case or with a digit. */
export function sentenceRuns(tokens: readonly Token[], maxTokens: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].text;
    const next = tokens[i + 1]?.text;
    const boundary = (t === '.' || t === '!' || t === '?') && next !== undefined && /^[\p{Lu}\p{N}]/u.test(next);
    if (boundary || i + 1 - start >= maxTokens) {
      runs.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < tokens.length) runs.push([start, tokens.length]);
  return runs;
}

export async function loadBuiltinTagger(modelsDir: string = findModelsDir(), taxonomy: Taxonomy = loadTaxonomy()): Promise<BuiltinTagger> {
  const dir = join(modelsDir, 'tagger');
  const model = parseModel(JSON.parse(await readFile(join(dir, 'tagger.json'), 'utf8')));
  const config = JSON.parse(await readFile(join(dir, 'runtime.json'), 'utf8')) as RuntimeConfig;
  const session: InferenceSession = await openSession(join(dir, 'tagger.onnx'), 1);
  const domains = config.domainGate ? await loadSparseClassifier(join(dir, 'domain')) : undefined;
  // head label → taxonomy type (null: not shown, e.g. SciERC's Generic)
  const typeOf = new Map<string, string | null>();
  const types = new Set<string>();
  for (const head of config.heads) {
    const crf = model.heads.get(head);
    if (!crf) throw new Error(`tagger: runtime.json names unknown head ${head}`);
    for (const label of crf.labels) {
      if (label === 'O') continue;
      const bare = label.slice(2);
      const type = mapLabel(taxonomy, bare);
      typeOf.set(`${head}\u0000${bare}`, type);
      if (type !== null) types.add(type);
    }
  }

  // the types each run-time head can produce
  const headTypes = new Map<string, Set<string>>();
  for (const head of config.heads) {
    const set = new Set<string>();
    for (const [key, type] of typeOf) if (key.startsWith(`${head}\u0000`) && type !== null) set.add(type);
    headTypes.set(head, set);
  }

  /**
   * Overlaps go to the head listed first. With no types asked for, that is runtime.json's order; when
   * the caller asks for a set of types, the heads trained on label sets closest to it come first
   * (the largest share of the head's own types asked for, then the most asked types covered), so a
   * BioNLP13CG-style request gets BioNLP13CG's chemicals and a BC5CDR-style one BC5CDR's.
   */
  function headOrder(types: ReadonlySet<string> | undefined): string[] {
    if (!types) return config.heads;
    const rank = (h: string): [number, number] => {
      const own = headTypes.get(h)!;
      let hit = 0;
      for (const t of own) if (types.has(t)) hit++;
      return [hit / Math.max(1, types.size), own.size === 0 ? 0 : hit / own.size];
    };
    return [...config.heads].sort((a, b) => {
      const [ca, pa] = rank(a);
      const [cb, pb] = rank(b);
      return pb - pa || cb - ca || config.heads.indexOf(a) - config.heads.indexOf(b);
    });
  }

  // the domain (biomedical / computer-science) of each run-time head, from its types
  const headDomain = new Map<string, string>();
  for (const [head, set] of headTypes) {
    const first = [...set][0];
    if (first !== undefined) headDomain.set(head, taxonomy.byId.get(first)!.domain);
  }

  async function tagRun(tokens: readonly Token[], text: string, options: TagOptions | undefined, domain: string | undefined, out: TaggedEntity[]): Promise<void> {
    const { words, chars } = encodeTokens(tokens.map((t) => t.text), model.vocab);
    const t = tokens.length;
    const result = await session.run({ words: int64Tensor(words, [1, t]), chars: int64Tensor(chars, [1, t, model.vocab.maxChars]) });
    const candidates: { span: TagSpan; type: string; rank: number }[] = [];
    headOrder(options?.types).forEach((head, rank) => {
      if (domain !== undefined && headDomain.get(head) !== domain) return;
      const crf = model.heads.get(head)!;
      const em = result[`emissions_${head}`].data as Float32Array;
      const path = viterbi(em, t, crf);
      if (path.every((p) => crf.labels[p] === 'O')) return;
      const probs = marginals(em, t, crf);
      for (const span of pathToSpans(path, crf, probs)) {
        const type = typeOf.get(`${head}\u0000${span.label}`) ?? null;
        if (type === null || (options?.types && !options.types.has(type))) continue;
        candidates.push({ span, type, rank });
      }
    });
    // overlaps: with asked-for types the best-matching head wins; otherwise the more confident span
    candidates.sort((x, y) => (options?.types ? x.rank - y.rank : 0) || y.span.score - x.span.score || x.rank - y.rank);
    const taken = new Uint8Array(t);
    for (const { span, type } of candidates) {
      let free = true;
      for (let s = span.start; s < span.end; s++) if (taken[s]) free = false;
      if (!free) continue;
      taken.fill(1, span.start, span.end);
      const start = tokens[span.start].start;
      const end = tokens[span.end - 1].end;
      out.push({ start, end, text: text.slice(start, end), type, score: span.score });
    }
  }

  return {
    name: 'builtin:tagger',
    types: [...types].sort(),
    heads: model.headOrder,
    async decodeHead(tokens, head) {
      const crf = model.heads.get(head);
      if (!crf) throw new Error(`tagger: no head ${head}`);
      if (tokens.length === 0) return [];
      const { words, chars } = encodeTokens(tokens, model.vocab);
      const result = await session.run({ words: int64Tensor(words, [1, tokens.length]), chars: int64Tensor(chars, [1, tokens.length, model.vocab.maxChars]) });
      const em = result[`emissions_${head}`].data as Float32Array;
      return pathToSpans(viterbi(em, tokens.length, crf), crf, marginals(em, tokens.length, crf));
    },
    async tag(text, options) {
      const tokens = tokenize(text);
      const out: TaggedEntity[] = [];
      if (tokens.length === 0) return out;
      // one domain for the whole text given (a sentence or a paragraph): biomedical or computer science
      const domain = domains ? (await domains.classify([text]))[0].label : undefined;
      for (const [a, b] of sentenceRuns(tokens, config.maxTokens)) await tagRun(tokens.slice(a, b), text, options, domain, out);
      return out.sort((x, y) => x.start - y.start);
    },
  };
}
