import assert from 'node:assert/strict';
import test from 'node:test';
import { findEnvironmentEnd } from '../../extension/core/latex/prose.ts';

function endOf(text: string, name = 'figure'): string | undefined {
  const from = text.indexOf('}') + 1;
  const span = findEnvironmentEnd(text, from, name, text.length);
  return span && text.slice(span.start - 3, span.end);
}

test('an environment ends at its own \\end, nested ones counted, comments and escaped percents read as LaTeX does', () => {
  assert.equal(endOf('\\begin{figure} a \\begin{figure} b \\end{figure} c \\end{figure}'), ' c \\end{figure}', 'nested');
  assert.equal(endOf('\\begin{figure} 50\\% % \\end{figure}\n x \\end{figure}'), ' x \\end{figure}', 'a comment after an escaped percent');
  assert.equal(endOf('\\begin{figure} % one\n a % two \\end{figure}\n \\textbf{b} % three\n c \\end{figure}'), ' c \\end{figure}', 'several comments');
  assert.equal(endOf('\\begin{figure} 10\\% and 20\\% \\end{figure}'), '\\% \\end{figure}', 'escaped percents only');
  assert.equal(endOf('\\begin{figure} % \\end{figure}'), undefined, 'only a commented end');
});
