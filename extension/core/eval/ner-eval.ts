// Entity evaluation of any tagger on a token-per-line data file, through the taxonomy: gold labels
// map onto taxonomy types (dropped labels are not scored), the tagger is asked only for types that
// count as one of the file's types, and its predictions are projected onto them (Cancer → Disease).
import type { Taxonomy } from '../taxonomy/types.ts';
import { mapLabel, projectType, typesProjectingOnto } from '../taxonomy/map.ts';
import { scoreEntities, type EntityScores, type ScoredEntity } from './conlleval.ts';
import type { NerSentence } from './readers.ts';

export interface CharEntity {
  start: number;
  end: number;
  type: string;
}

/** Tags sentences' texts, one list of entities per text; `types` are the taxonomy types wanted. */
export type SentenceTagger = (texts: readonly string[], types: ReadonlySet<string>) => Promise<CharEntity[][]>;

/** Sentences handed to the tagger at once (a transformer runs them as one padded batch). */
const BATCH = 32;

export interface NerEvaluation extends EntityScores {
  sentences: number;
  /** Taxonomy type → the file's labels folded into it. */
  labelMap: Record<string, string[]>;
  /** Labels of the file that are not scored (dropped by the taxonomy or unknown to it). */
  unscoredLabels: string[];
}

/** The sentence as text (tokens joined by one space) and each token's character span. */
export function sentenceText(tokens: readonly string[]): { text: string; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let pos = 0;
  for (const t of tokens) {
    spans.push([pos, pos + t.length]);
    pos += t.length + 1;
  }
  return { text: tokens.join(' '), spans };
}

/** Token range [start, end) covering a character span: from the token holding its first character to the one holding its last. */
export function charToTokens(spans: readonly [number, number][], start: number, end: number): [number, number] | null {
  let a = -1;
  let b = -1;
  for (let i = 0; i < spans.length; i++) {
    if (a < 0 && spans[i][1] > start) a = i;
    if (spans[i][0] < end) b = i + 1;
  }
  return a < 0 || b <= a ? null : [a, b];
}

export interface EvaluateNerOptions {
  /** A Hub model id whose own label table (taxonomy.json's `models`) maps the file's labels. */
  model?: string;
  /** After each batch: sentences tagged so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

export async function evaluateNer(sentences: readonly NerSentence[], taxonomy: Taxonomy, tagger: SentenceTagger, { model, onProgress }: EvaluateNerOptions = {}): Promise<NerEvaluation> {
  const labelMap: Record<string, string[]> = {};
  const unscored = new Set<string>();
  const gold: ScoredEntity[][] = sentences.map((s) =>
    s.entities.flatMap((e) => {
      const type = mapLabel(taxonomy, e.label, model);
      if (type === null) {
        unscored.add(e.label);
        return [];
      }
      const folded = (labelMap[type] ??= []);
      if (!folded.includes(e.label)) folded.push(e.label);
      return [{ start: e.start, end: e.end, label: type }];
    }),
  );
  const allowed = new Set(Object.keys(labelMap));
  const wanted = typesProjectingOnto(taxonomy, allowed);
  const predicted: ScoredEntity[][] = [];
  const texts = sentences.map((s) => sentenceText(s.tokens));
  const found: CharEntity[][] = [];
  for (let i = 0; i < texts.length && allowed.size > 0; i += BATCH) {
    found.push(...(await tagger(texts.slice(i, i + BATCH).map((t) => t.text), wanted)));
    onProgress?.(found.length, texts.length);
  }
  for (let n = 0; n < texts.length; n++) {
    const { spans } = texts[n];
    predicted.push(
      (found[n] ?? []).flatMap((e) => {
        const type = projectType(taxonomy, e.type, allowed);
        const range = charToTokens(spans, e.start, e.end);
        if (type === null || range === null) return [];
        // an entity that starts or ends inside a token cannot match a gold entity exactly
        const exact = spans[range[0]][0] === e.start && spans[range[1] - 1][1] === e.end;
        return [{ start: range[0], end: exact ? range[1] : -range[1], label: type }];
      }),
    );
  }
  for (const v of Object.values(labelMap)) v.sort();
  return { ...scoreEntities(gold, predicted), sentences: sentences.length, labelMap, unscoredLabels: [...unscored].sort() };
}
