// The built-in entity tagger: tokenised and featurised here, encoder + per-dataset emission heads in
// ONNX, CRF decoding here, head outputs mapped onto the taxonomy and merged by head priority
// (which heads answer a request: tagger-heads.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findModelsDir } from '../../core/taxonomy/models-dir.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';
import { marginals, pathToSpans, viterbi, type CrfParams, type TagSpan } from './crf.ts';
import { encodeTokens, plainScripts, spelledGreek, tokenize, type TaggerVocab, type Token } from './tagger-features.ts';
import { int64Tensor, openSession, type InferenceSession } from './ort.ts';
import { planHeads } from './tagger-heads.ts';
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
  /**
   * Per-corpus heads used only when a request asks for exactly their types (with or without subtypes):
   * then that head alone answers (tagger-heads.ts). Absent: none.
   */
  specialistHeads?: string[];
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
  const plan = planHeads(taxonomy, model.heads, config.heads, config.specialistHeads ?? []);

  async function tagRun(tokens: readonly Token[], text: string, options: TagOptions | undefined, domain: string | undefined, out: TaggedEntity[]): Promise<void> {
    const { words, chars } = encodeTokens(tokens.map((t) => spelledGreek(t.text)), model.vocab);
    const t = tokens.length;
    const result = await session.run({ words: int64Tensor(words, [1, t]), chars: int64Tensor(chars, [1, t, model.vocab.maxChars]) });
    const candidates: { span: TagSpan; type: string; rank: number }[] = [];
    plan.headsFor(options?.types).forEach((head, rank) => {
      if (domain !== undefined && plan.domainOf(head) !== domain) return;
      const crf = model.heads.get(head)!;
      const em = result[`emissions_${head}`].data as Float32Array;
      const path = viterbi(em, t, crf);
      if (path.every((p) => crf.labels[p] === 'O')) return;
      const probs = marginals(em, t, crf);
      for (const span of pathToSpans(path, crf, probs)) {
        const type = plan.typeOf(head, span.label);
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
    types: plan.types,
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
    async tag(original, options) {
      // the spans are the original's: plainScripts keeps every offset
      const text = plainScripts(original);
      const tokens = tokenize(text);
      const out: TaggedEntity[] = [];
      if (tokens.length === 0) return out;
      // one domain for the whole text given (a sentence or a paragraph): biomedical or computer science
      const domain = domains ? (await domains.classify([text]))[0].label : undefined;
      for (const [a, b] of sentenceRuns(tokens, config.maxTokens)) await tagRun(tokens.slice(a, b), original, options, domain, out);
      return out.sort((x, y) => x.start - y.start);
    },
  };
}
