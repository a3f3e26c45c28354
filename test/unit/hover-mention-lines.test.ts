import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../extension/analysis/line-index.ts';
import { mentionLines } from '../../extension/server/editor/hover.ts';

test('an entity hover lists the lines of its other mentions once each, with how many a line holds', () => {
  const text = 'GR binds.\nGR and GR again.\nNo mention.\nGR.\n';
  const lines = { lines: new LineIndex(text) };
  const at = (...offsets: number[]) => offsets.map((start) => ({ span: { start, end: start + 2 } }));
  assert.equal(mentionLines(lines, at(10, 17, 39)), 'lines 2 (2×), 4');
  assert.equal(mentionLines(lines, at(10, 17)), 'line 2 (2×)');
  assert.equal(mentionLines(lines, at(39)), 'line 4');
  const many = 'GR\n'.repeat(12);
  assert.equal(mentionLines({ lines: new LineIndex(many) }, Array.from({ length: 12 }, (_, i) => ({ span: { start: i * 3, end: i * 3 + 2 } }))), 'lines 1, 2, 3, 4, 5, 6, 7, 8, …');
});
