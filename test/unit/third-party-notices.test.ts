// The notices shipped with every package: a licence-less package still gets its copyright line, and the
// Windows redistributables onnxruntime-node brings along are named with where their terms are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectNotices, renderNotices } from '../../scripts/third-party-notices.mjs';

test('a package without a licence file gets the copyright line of its README, or its package.json author', () => {
  const notices = collectNotices(new Map([
    ['node_modules/format', new Set(['dist/cli.cjs'])],
    ['node_modules/unicode2latex', new Set(['dist/cli.cjs'])],
    ['node_modules/onnxruntime-node', new Set(['node_modules/onnxruntime-node'])],
  ]));
  const text = renderNotices(notices);
  assert.match(text, /format@[\d.]+[\s\S]*Copyright 2010 - 2014 Sami Samhuri/);
  assert.match(text, /unicode2latex@[\d.]+[\s\S]*Copyright \(c\) Emiliano Heyns/);
  const onnxruntime = text.slice(text.indexOf('\nonnxruntime-node@'));
  assert.match(onnxruntime, /Copyright \(c\) Microsoft Corporation/);
  assert.match(onnxruntime, /DirectML\.dll, dxcompiler\.dll and dxil\.dll/);
  assert.doesNotMatch(text, /holds no licence or notice file/);
});
