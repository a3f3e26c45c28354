// Answers "which span covers offset x?" in O(log n) over spans that may overlap, so that converting a
// block with thousands of citations or exclusions stays linear-logarithmic.
import type { Span } from '../types.ts';

export class SpanIndex<T extends { span: Span }> {
  private readonly items: T[];
  private readonly maxEnd: Int32Array;
  private readonly maxAt: Int32Array;

  constructor(items: readonly T[]) {
    this.items = [...items].sort((a, b) => a.span.start - b.span.start);
    this.maxEnd = new Int32Array(this.items.length);
    this.maxAt = new Int32Array(this.items.length);
    let best = -1;
    let bestAt = -1;
    this.items.forEach((it, k) => {
      if (it.span.end > best) {
        best = it.span.end;
        bestAt = k;
      }
      this.maxEnd[k] = best;
      this.maxAt[k] = bestAt;
    });
  }

  /** The item covering `at` that reaches furthest, or undefined. */
  covering(at: number): T | undefined {
    let lo = 0;
    let hi = this.items.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid].span.start <= at) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last < 0 || this.maxEnd[last] <= at) return undefined;
    return this.items[this.maxAt[last]];
  }
}
