import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../../extension/core/format/bytes.ts';

test('sizes read as the Hub prints them, small ones with a decimal', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1000), '1.0 kB');
  assert.equal(formatBytes(163_840), '164 kB');
  assert.equal(formatBytes(420_000), '420 kB');
  assert.equal(formatBytes(999_960), '1.0 MB');
  assert.equal(formatBytes(4_300_000), '4.3 MB');
  assert.equal(formatBytes(440_473_133), '440 MB');
  assert.equal(formatBytes(1_340_000_000), '1.3 GB');
});
