// Background entity analysis of one document at a time: paragraph by paragraph, visible paragraphs
// first, results cached by paragraph text and model id (an edit re-runs only the paragraphs it
// changed), a pass abandoned as soon as a newer text arrives, and control handed back to the event
// loop between paragraphs so that the server keeps answering while a model runs.
import type { ProseEntity } from '../../core/entities/types.ts';
import type { ProseSegment, Span } from '../../core/types.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import type { SegmentRole } from '../../core/prose/types.ts';
import type { EntityTagger } from './models.ts';

/** Resolves after pending I/O and messages had their turn. */
export const yieldToLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

/** A bounded map that forgets the least recently used entries. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
  }
  get size(): number {
    return this.map.size;
  }
}

export interface PassProgress {
  /** Tagger output per segment; undefined for segments not tagged yet. */
  tagged: (readonly ProseEntity[] | undefined)[];
  /** Segments tagged anew since the previous progress report of this pass. */
  fresh: number[];
  /** Every segment whose text was not among the document's previous paragraphs (tagged or not yet). */
  changed: number[];
  done: boolean;
}

export interface PassOptions {
  /** Source spans on screen: their paragraphs go first. */
  visible?: readonly Span[];
  /** Checked between paragraphs: false abandons the pass. */
  isCurrent: () => boolean;
  /** Called with the first screen's results, then at most every `reportEvery` ms, then at the end. */
  report: (progress: PassProgress) => void;
  reportEvery?: number;
}

function intersects(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export class EntityScheduler {
  readonly cache: LruCache<readonly ProseEntity[]>;
  /** Paragraph texts of each document's last pass, to tell changed paragraphs from moved ones. */
  private readonly previous = new Map<string, Set<string>>();
  /** How many paragraphs the tagger ran on (for tests and benchmarks). */
  taggedCount = 0;

  constructor(cacheSize = 20_000) {
    this.cache = new LruCache(cacheSize);
  }

  private key(tagger: EntityTagger, text: string): string {
    return `${tagger.id}\u0000${text}`;
  }

  forget(document: string): void {
    this.previous.delete(document);
  }

  /** One paragraph's tagger output: from the cache, else tagged now and kept. */
  async tagParagraph(tagger: EntityTagger, text: string): Promise<readonly ProseEntity[]> {
    const key = this.key(tagger, text);
    let result = this.cache.get(key);
    if (!result) {
      result = (await tagger.tag([text]))[0];
      this.taggedCount++;
      this.cache.set(key, result);
    }
    return result;
  }

  /** Runs one pass; resolves true when it finished, false when a newer text made it stale. */
  async run(document: string, segments: readonly (Pick<ProseSegment, 'prose' | 'span'> & { role?: SegmentRole })[], tagger: EntityTagger, options: PassOptions): Promise<boolean> {
    const before = this.previous.get(document);
    const texts = segments.map((s) => s.prose.text);
    const tagged: (readonly ProseEntity[] | undefined)[] = texts.map((t) => this.cache.get(this.key(tagger, t)));
    const changed = texts.flatMap((t, i) => (before && before.has(t) ? [] : [i]));
    this.previous.set(document, new Set(texts));
    const visible = options.visible ?? [];
    const untagged = backMatterParagraphs(segments);
    const pending = texts.map((_, i) => i).filter((i) => tagged[i] === undefined && texts[i].trim() !== '' && !untagged.has(i));
    for (const i of texts.keys()) if (texts[i].trim() === '' || untagged.has(i)) tagged[i] = [];
    const onScreen = (i: number) => visible.some((v) => intersects(v, segments[i].span));
    pending.sort((a, b) => Number(onScreen(b)) - Number(onScreen(a)) || a - b);
    const firstScreen = pending.filter(onScreen).length;
    let fresh: number[] = [];
    const every = options.reportEvery ?? 100;
    let lastReport = performance.now();
    if (pending.length === 0) {
      options.report({ tagged, fresh, changed, done: true });
      return true;
    }
    for (let n = 0; n < pending.length; n++) {
      await yieldToLoop();
      if (!options.isCurrent()) return false;
      const i = pending[n];
      const result = await this.tagParagraph(tagger, texts[i]);
      if (!options.isCurrent()) return false;
      tagged[i] = result;
      fresh.push(i);
      const last = n === pending.length - 1;
      const screenDone = n === firstScreen - 1;
      if (last || screenDone || performance.now() - lastReport >= every) {
        options.report({ tagged: [...tagged], fresh, changed, done: last });
        fresh = [];
        lastReport = performance.now();
      }
    }
    return true;
  }
}
