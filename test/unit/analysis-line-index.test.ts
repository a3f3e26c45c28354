import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/fast-check.ts';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../extension/analysis/line-index.ts';

test('positions are zero-based lines and UTF-16 characters, lines end at \\n, \\r\\n and \\r', () => {
  const text = 'a\r\nb😀c\rd\ne';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 3 });
  assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 2, character: 0 });
  assert.equal(index.offsetAt({ line: 1, character: 99 }), text.indexOf('\r', 3));
  assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
});

test('LineIndex agrees with vscode-languageserver-textdocument on any text', () => {
  const pieces = fc.constantFrom('a', 'é', '😀', '\n', '\r\n', '\r', ' ', '\\cite{x}');
  fc.assert(fc.property(fc.array(pieces, { maxLength: 60 }), fc.nat(), (parts, seed) => {
    const text = parts.join('');
    const index = new LineIndex(text);
    const document = TextDocument.create('file:///x.tex', 'latex', 1, text);
    const offset = text.length === 0 ? 0 : seed % (text.length + 1);
    assert.deepEqual(index.positionAt(offset), document.positionAt(offset));
    const position = document.positionAt(offset);
    assert.equal(index.offsetAt(position), document.offsetAt(position));
  }));
});
