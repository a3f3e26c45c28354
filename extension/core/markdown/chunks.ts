// Splits a Markdown document into independently parseable chunks at blank lines, never inside front
// matter, fenced code (``` / ~~~, R/Python chunks), $$ math or HTML comments; an indented chunk (a
// list item's continuation, indented code) stays with the chunk before it. Each chunk is parsed
// and cached on its own, so an edit re-parses only the chunk it touches.
import type { Span } from '../types.ts';
import { findFrontMatter } from './frontmatter.ts';

export function splitMarkdownChunks(text: string): Span[] {
  const chunks: Span[] = [];
  let pos = 0;
  const fm = findFrontMatter(text);
  if (fm) {
    chunks.push({ start: 0, end: fm.block.end });
    pos = fm.block.end;
  }
  let start = -1;
  let fence: { ch: string; len: number } | undefined;
  let math = false;
  let comment = false;
  const close = (end: number) => {
    let e = end;
    while (e > start && /\s/.test(text[e - 1])) e--;
    if (start >= 0) chunks.push({ start, end: e });
    start = -1;
  };
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    const next = nl < text.length ? nl + 1 : nl;
    const blank = /^[ \t\r]*$/.test(line);
    if (fence) {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t\r]*$/.exec(line);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len) fence = undefined;
    } else if (math) {
      if (((line.match(/\$\$/g) ?? []).length % 2) === 1) math = false;
    } else if (comment) {
      if (line.includes('-->')) comment = false;
    } else if (blank) {
      if (start >= 0) {
        close(pos);
      }
    } else {
      if (start < 0) {
        // An indented line after a blank line continues the previous chunk (list item, indented code).
        if (/^( {2,}|\t)/.test(line) && chunks.length > 0 && !(fm && chunks.length === 1)) {
          start = chunks.pop()!.start;
        } else start = pos;
      }
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (f) fence = { ch: f[1][0], len: f[1].length };
      else if (((line.match(/\$\$/g) ?? []).length % 2) === 1) math = true;
      else if (line.lastIndexOf('<!--') > line.lastIndexOf('-->')) comment = true;
    }
    pos = next;
  }
  close(text.length);
  return chunks;
}
