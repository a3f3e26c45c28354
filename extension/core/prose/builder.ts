// Builds prose text character by character with the map back to the source (see ProseText).
import type { ProseText, Span } from '../types.ts';

export class ProseBuilder {
  private chars: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  get length(): number {
    return this.chars.length;
  }

  /** True when the prose is empty or ends in white space (so a new space would be redundant). */
  endsInSpace(): boolean {
    const last = this.chars[this.chars.length - 1];
    return last === undefined || /\s/.test(last);
  }

  lastChar(): string | undefined {
    return this.chars[this.chars.length - 1];
  }

  /** The last `n` characters built. */
  tail(n: number): string {
    return this.chars.slice(-n).join('');
  }

  /** Copies source[start, end) verbatim; each character maps to itself. */
  copy(source: string, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      this.chars.push(source[i]);
      this.starts.push(i);
      this.ends.push(i + 1);
    }
  }

  /** Appends `text` standing for source[start, end); every character maps to the whole span (never empty). */
  replace(text: string, start: number, end: number): void {
    const e = end > start ? end : start + 1;
    for (const ch of text.split('')) {
      this.chars.push(ch);
      this.starts.push(start);
      this.ends.push(e);
    }
  }

  /** Appends one space standing for source[start, end) unless the prose already ends in white space. */
  space(start: number, end: number): void {
    if (this.endsInSpace()) return;
    this.replace(' ', start, end);
  }

  /** Removes trailing white space. */
  trimEnd(): void {
    while (this.chars.length > 0 && /\s/.test(this.chars[this.chars.length - 1])) {
      this.chars.pop();
      this.starts.pop();
      this.ends.pop();
    }
  }

  /** The source span covered by the prose built so far, or undefined when empty. */
  sourceSpan(): Span | undefined {
    if (this.chars.length === 0) return undefined;
    let start = Infinity;
    let end = -Infinity;
    for (let i = 0; i < this.starts.length; i++) {
      if (this.starts[i] < start) start = this.starts[i];
      if (this.ends[i] > end) end = this.ends[i];
    }
    return { start, end };
  }

  build(): ProseText {
    return { text: this.chars.join(''), sourceStart: Int32Array.from(this.starts), sourceEnd: Int32Array.from(this.ends) };
  }
}

/**
 * Appends `value` (a parser's decoded text, e.g. a YAML scalar or a Markdown text node) that was read
 * from source[start, end): characters found in the source in order are copied, the rest (escapes,
 * entities, folded line breaks) map to the source characters they stand for. White space runs become
 * one space.
 */
export function appendAligned(out: ProseBuilder, value: string, source: string, start: number, end: number): void {
  let cursor = start;
  const clamp = (k: number) => Math.max(start, Math.min(k, end - 1));
  for (let k = 0; k < value.length; k++) {
    const ch = value[k];
    if (/\s/.test(ch)) {
      let j = cursor;
      while (j < end && /\s/.test(source[j])) j++;
      if (j > cursor) {
        out.space(cursor, j);
        cursor = j;
      } else out.space(clamp(cursor), clamp(cursor) + 1);
      continue;
    }
    if (cursor < end && source[cursor] === ch) {
      out.copy(source, cursor, cursor + 1);
      cursor++;
      continue;
    }
    // Look a little ahead for the character (skipping indentation, quotes, backslashes, markup).
    let found = -1;
    for (let j = cursor; j < Math.min(end, cursor + 16); j++) {
      if (source[j] === ch) {
        found = j;
        break;
      }
    }
    if (found >= 0) {
      out.copy(source, found, found + 1);
      cursor = found + 1;
      continue;
    }
    // An entity or escape (`&amp;`): map to the source run up to the next character we can match.
    const from = clamp(cursor);
    let to = from + 1;
    const next = value[k + 1];
    if (next !== undefined) {
      const n = source.indexOf(next, from + 1);
      if (n > from && n <= end && n - from <= 12) to = n;
    } else to = Math.max(from + 1, end);
    out.replace(ch, from, to);
    cursor = to;
  }
}
