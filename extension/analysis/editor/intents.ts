// Citation intents: the SciCite and ACL-ARC label of each citation, from the rendered sentence that
// holds it, and per reference how the manuscript cites it ("cited 4×: 3 background, 1 method").
import { looksEnglish } from '../../core/prose/language.ts';
import type { ProseSegment, Span } from '../../core/types.ts';
import type { IntentClassifier, IntentResult } from './models.ts';
import { LruCache, yieldToLoop } from './scheduler.ts';

export interface LabelledIntent extends IntentResult {
  model: string;
}

export interface CitationIntentRecord {
  file: string;
  /** The citation occurrence's source span. */
  span: Span;
  keys: string[];
  /** The rendered sentence the models read. */
  sentence: string;
  /** False when the paragraph is not in English: the models read English only, and leave it unlabelled. */
  english: boolean;
  scicite?: LabelledIntent;
  aclarc?: LabelledIntent;
}

export interface IntentModels {
  scicite?: IntentClassifier;
  aclarc?: IntentClassifier;
}

export interface ReferenceSummary {
  /** The key as first written. */
  key: string;
  count: number;
  /** SciCite label → how many citations of the reference have it. */
  scicite: Record<string, number>;
  aclarc: Record<string, number>;
}

export function citationSentences(file: string, segments: readonly Pick<ProseSegment, 'prose' | 'sentences' | 'citations'>[]): Omit<CitationIntentRecord, 'scicite' | 'aclarc'>[] {
  const out: Omit<CitationIntentRecord, 'scicite' | 'aclarc'>[] = [];
  for (const s of segments) {
    if (s.citations.length === 0) continue;
    const english = looksEnglish(s.prose.text);
    for (const c of s.citations) {
      const sp = s.sentences[c.sentence];
      const sentence = sp ? s.prose.text.slice(sp.start, sp.end).trim() : s.prose.text.trim();
      out.push({ file, span: c.occurrence.span, keys: c.occurrence.keys.map((k) => k.key).filter((k) => k !== '*'), sentence, english });
    }
  }
  return out;
}

/** Classifies sentences with one model, through a cache keyed by model and sentence, a batch at a time. */
async function classifyAll(model: IntentClassifier, sentences: readonly string[], cache: LruCache<IntentResult>, isCurrent: () => boolean): Promise<(IntentResult | undefined)[] | undefined> {
  const out = sentences.map((s) => cache.get(`${model.id}\u0000${s}`));
  const missing = [...new Set(sentences.filter((_, i) => out[i] === undefined))];
  for (let k = 0; k < missing.length; k += 32) {
    await yieldToLoop();
    if (!isCurrent()) return undefined;
    const batch = missing.slice(k, k + 32);
    const results = await model.classify(batch);
    batch.forEach((s, j) => cache.set(`${model.id}\u0000${s}`, results[j]));
  }
  return sentences.map((s, i) => out[i] ?? cache.get(`${model.id}\u0000${s}`));
}

export class IntentAnalyzer {
  readonly cache = new LruCache<IntentResult>(20_000);

  /** Intents of every citation in the given files; undefined when `isCurrent` turned false on the way. */
  async classify(files: readonly { file: string; segments: readonly Pick<ProseSegment, 'prose' | 'sentences' | 'citations'>[] }[], models: IntentModels, isCurrent: () => boolean = () => true): Promise<CitationIntentRecord[] | undefined> {
    const records: CitationIntentRecord[] = files.flatMap((f) => citationSentences(f.file, f.segments));
    const english = records.filter((r) => r.english);
    const sentences = english.map((r) => r.sentence);
    for (const task of ['scicite', 'aclarc'] as const) {
      const model = models[task];
      if (!model) continue;
      const results = await classifyAll(model, sentences, this.cache, isCurrent);
      if (!results) return undefined;
      english.forEach((r, i) => {
        const res = results[i];
        if (res) r[task] = { ...res, model: model.id };
      });
    }
    return records;
  }
}

/** How each reference (by lower-cased key, as BibTeX matches keys) is cited across the records. */
export function referenceSummaries(records: readonly CitationIntentRecord[]): Map<string, ReferenceSummary> {
  const out = new Map<string, ReferenceSummary>();
  for (const r of records) {
    for (const key of new Set(r.keys.map((k) => k.toLowerCase()))) {
      let s = out.get(key);
      if (!s) {
        s = { key: r.keys.find((k) => k.toLowerCase() === key) ?? key, count: 0, scicite: {}, aclarc: {} };
        out.set(key, s);
      }
      s.count++;
      if (r.scicite) s.scicite[r.scicite.label] = (s.scicite[r.scicite.label] ?? 0) + 1;
      if (r.aclarc) s.aclarc[r.aclarc.label] = (s.aclarc[r.aclarc.label] ?? 0) + 1;
    }
  }
  return out;
}

/** "cited 4×: 3 background, 1 method" (most frequent label first). */
export function summaryLine(summary: ReferenceSummary, task: 'scicite' | 'aclarc' = 'scicite'): string {
  const counts = Object.entries(summary[task]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const labels = counts.map(([label, n]) => `${n} ${label}`).join(', ');
  return `cited ${summary.count}×${labels ? `: ${labels}` : ''}`;
}
