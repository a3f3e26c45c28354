// The disk side of the analysis layer's file system: decoded texts are reused only while the file is unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../extension/analysis/file-system.ts';

test('a file read again gives its new text after every kind of change, even one of the same size and time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-fs-'));
  const file = join(dir, 'chapter.tex');
  writeFileSync(file, 'Kinases bind.');
  assert.equal(await nodeFileSystem.readFile(file), 'Kinases bind.');
  assert.equal(await nodeFileSystem.readFile(file), 'Kinases bind.', 'unchanged');

  // same size, same modification time put back: the change time still moves
  const { atime, mtime } = statSync(file);
  writeFileSync(file, 'Kinases fold.');
  utimesSync(file, atime, mtime);
  assert.equal(await nodeFileSystem.readFile(file), 'Kinases fold.');

  // replaced atomically by another tool (a new inode)
  writeFileSync(join(dir, 'tmp'), 'Kinases move.');
  renameSync(join(dir, 'tmp'), file);
  assert.equal(await nodeFileSystem.readFile(file), 'Kinases move.');

  writeFileSync(file, 'Kinases move and bind.');
  assert.equal(await nodeFileSystem.readFile(file), 'Kinases move and bind.', 'a new size');
  assert.equal(await nodeFileSystem.readFile(join(dir, 'missing.tex')), undefined);
});
