import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latexCompletionContext, pandocCompletionContext } from '../../extension/analysis/completion-context.ts';

const isCite = (name: string) => ['cite', 'citep', 'citet', 'parencite', 'cites', 'inlinecite'].includes(name);

/** Context at the `|` in `source`. */
function latexAt(source: string) {
  const offset = source.indexOf('|');
  return latexCompletionContext(source.replace('|', ''), offset, isCite);
}

function pandocAt(source: string) {
  const offset = source.indexOf('|');
  return pandocCompletionContext(source.replace('|', ''), offset);
}

test('LaTeX: inside cite braces, with options, stars, several keys and no closing brace yet', () => {
  assert.deepEqual(latexAt('see \\citep{smi|'), { span: { start: 11, end: 14 }, prefix: 'smi', command: 'citep', siblings: [] });
  const withOptions = latexAt('\\citet*[see][p.~3]{a2020, b|x2019, c}');
  assert.equal(withOptions?.command, 'citet');
  assert.equal(withOptions?.prefix, 'b');
  assert.deepEqual(withOptions?.siblings, ['a2020', 'c']);
  assert.equal(latexAt('\\cites{a}{|')?.command, 'cites');
  assert.equal(latexAt('\\inlinecite{|}')?.prefix, '');
});

test('LaTeX: not inside other commands, closed braces or comments', () => {
  assert.equal(latexAt('\\ref{fig|'), undefined);
  assert.equal(latexAt('\\citep{a} and |'), undefined);
  assert.equal(latexAt('\\citep{a}{|'), undefined);
  assert.equal(latexAt('% \\citep{a|'), undefined);
  assert.equal(latexAt('\\emph{\\citep{a} b|'), undefined);
});

test('pandoc: after @ in brackets or in text, never in e-mail addresses', () => {
  assert.deepEqual(pandocAt('[@smi|'), { span: { start: 2, end: 5 }, prefix: 'smi', command: 'pandoc', siblings: [] });
  assert.deepEqual(pandocAt('[@a2020; @b|, p. 3]')?.siblings, ['a2020']);
  assert.equal(pandocAt('As @|')?.prefix, '');
  assert.equal(pandocAt('[-@sch|]')?.prefix, 'sch');
  assert.equal(pandocAt('mail lab@exa|mple.org'), undefined);
  assert.equal(pandocAt('no at sign|'), undefined);
});
