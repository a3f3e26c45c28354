// Parse results keyed by file content: reopening or re-reading an unchanged .bib costs a hash, not a
// parse. One slot per file path, so the cache holds at most one result per bibliography file.
import { createHash } from 'node:crypto';
import { BibParseMemo, type BibParseResult } from './parse-bibtex.ts';

export function contentKey(text: string, strings?: Readonly<Record<string, string>>): string {
  const h = createHash('sha1').update(text);
  if (strings) {
    for (const name of Object.keys(strings).sort()) h.update(`\0${name}\0${strings[name]}`);
  }
  return h.digest('hex');
}

export class BibCache {
  private readonly slots = new Map<string, { key: string; result: BibParseResult }>();
  private readonly memos = new Map<string, BibParseMemo>();
  hits = 0;
  misses = 0;

  get(file: string, key: string): BibParseResult | undefined {
    const slot = this.slots.get(file);
    if (slot && slot.key === key) {
      this.hits++;
      return slot.result;
    }
    this.misses++;
    return undefined;
  }

  set(file: string, key: string, result: BibParseResult): void {
    this.slots.set(file, { key, result });
  }

  /** The incremental-parse memo of a file: a changed file re-parses only its changed entries. */
  memo(file: string): BibParseMemo {
    let memo = this.memos.get(file);
    if (!memo) {
      memo = new BibParseMemo();
      this.memos.set(file, memo);
    }
    return memo;
  }

  delete(file: string): void {
    this.slots.delete(file);
    this.memos.delete(file);
  }

  clear(): void {
    this.slots.clear();
    this.memos.clear();
  }
}
