// Offset → zero-based line and UTF-16 column, by binary search over line starts.

export interface LineIndex {
  lineStarts: number[];
}

/** Lines end at \n, \r\n or a lone \r, as the editor counts them. */
export function createLineIndex(text: string): LineIndex {
  const lineStarts = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) lineStarts.push(m.index + m[0].length);
  return { lineStarts };
}

export function positionAt(index: LineIndex, offset: number): { line: number; column: number } {
  const starts = index.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo] };
}
