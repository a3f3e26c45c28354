// Splits text on added tokens ([CLS], [SEP], <mask>, user additions) the way the tokenizers crate does:
// leftmost-longest match, lstrip/rstrip swallow neighbouring whitespace into the token, single_word tokens
// match only between non-word characters.

import type { AddedTokenJson } from './json-shapes.ts';

export type Section =
  | { kind: 'added'; token: AddedTokenJson; start: number; end: number }
  | { kind: 'text'; start: number; end: number };

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;

export class AddedTokenSplitter {
  private readonly byFirstChar = new Map<string, AddedTokenJson[]>();

  constructor(tokens: AddedTokenJson[]) {
    for (const token of tokens) {
      if (token.content.length === 0) continue;
      const first = token.content[0];
      const list = this.byFirstChar.get(first) ?? [];
      list.push(token);
      this.byFirstChar.set(first, list);
    }
    for (const list of this.byFirstChar.values()) list.sort((a, b) => b.content.length - a.content.length);
  }

  get isEmpty(): boolean {
    return this.byFirstChar.size === 0;
  }

  /** Sections of text[from, to), in order, covering it except for whitespace an lstrip/rstrip token swallowed. */
  split(text: string, from: number, to: number): Section[] {
    const sections: Section[] = [];
    if (this.isEmpty) {
      if (to > from) sections.push({ kind: 'text', start: from, end: to });
      return sections;
    }
    let textStart = from;
    let i = from;
    while (i < to) {
      const match = this.matchAt(text, i, from, to);
      if (!match) {
        i++;
        continue;
      }
      let start = i;
      let end = i + match.content.length;
      if (match.lstrip) while (start > textStart && SPACE.test(text[start - 1])) start--;
      if (match.rstrip) while (end < to && SPACE.test(text[end])) end++;
      if (start > textStart) sections.push({ kind: 'text', start: textStart, end: start });
      sections.push({ kind: 'added', token: match, start, end });
      textStart = end;
      i = end;
    }
    if (to > textStart) sections.push({ kind: 'text', start: textStart, end: to });
    return sections;
  }

  private matchAt(text: string, i: number, from: number, to: number): AddedTokenJson | undefined {
    const candidates = this.byFirstChar.get(text[i]);
    if (!candidates) return undefined;
    for (const token of candidates) {
      const end = i + token.content.length;
      if (end > to || !text.startsWith(token.content, i)) continue;
      if (token.single_word) {
        if (i > from && WORD_CHAR.test(text[i - 1])) continue;
        if (end < to && WORD_CHAR.test(text[end])) continue;
      }
      return token;
    }
    return undefined;
  }
}
