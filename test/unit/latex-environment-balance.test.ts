// A prose environment left open to the end of the document, or closed by another's \end, or an \end
// with no \begin: each is a warning where it stands (LaTeX itself stops there). Floats and math are
// checked where they are read; verbatim and comments are not looked into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function problems(body: string): [number, string][] {
  const text = `\\documentclass{article}\n\\begin{document}\n${body}\\end{document}\n`;
  return segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' }).problems.map((p) => [p.line, p.message]);
}

test('unclosed, crossed and stray prose environments are reported on their lines', () => {
  assert.deepEqual(problems('Intro.\n\\begin{itemize}\n\\item one\n\nText after it.\n'), [[3, '\\begin{itemize} is never closed']]);
  assert.deepEqual(problems('\\begin{itemize}\n\\item a\n\\begin{quote}\nQ\n\\end{itemize}\nText.\n\\end{enumerate}\n'), [
    [4, '\\begin{quote} is never closed (\\end{itemize} comes first)'],
    [8, '\\end{enumerate} has no \\begin{enumerate} before it'],
  ]);
});

test('balanced documents, verbatim, comments and floats give nothing here', () => {
  assert.deepEqual(problems('\\begin{itemize}\n\\item \\begin{quote}x\\end{quote}\n\\end{itemize}\n\\verb|\\begin{itemize}|\n% \\begin{center}\n\\begin{verbatim}\n\\begin{enumerate}\n\\end{verbatim}\n'), []);
  assert.deepEqual(problems('\\begin{figure}\\caption{A figure.}\\end{figure}\n\\begin{equation}x\\end{equation}\n'), []);
});
