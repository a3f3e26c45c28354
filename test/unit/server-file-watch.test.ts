// The server's own watcher of bibliography files (outside the workspace folders, or everywhere when
// the editor watches nothing): a file read, then deleted and written again, is heard both times; a
// missing file is heard when it appears, even when its folder appears with it; a missing file no
// project looks for any more is no longer watched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandaloneWatcher } from '../../extension/server/file-watch.ts';

function setup(t: { after: (fn: () => void) => void }): { dir: string; watcher: StandaloneWatcher; next: (path: string) => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-watch-'));
  const watcher = new StandaloneWatcher();
  // The watcher's handles do not keep a process alive (the server's connection does): this test's waits need one.
  const alive = setInterval(() => undefined, 60_000);
  t.after(() => {
    clearInterval(alive);
    watcher.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const waiting: { path: string; resolve: () => void }[] = [];
  watcher.onChange((paths) => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (paths.includes(waiting[i].path)) waiting.splice(i, 1)[0].resolve();
    }
  });
  return { dir, watcher, next: (path) => new Promise<void>((resolve) => waiting.push({ path, resolve })) };
}

test('a file read, deleted and written again is heard each time', { timeout: 20_000 }, async (t) => {
  const { dir, watcher, next } = setup(t);
  const lib = join(dir, 'lib.bib');
  writeFileSync(lib, 'one');
  watcher.watch(lib);
  let heard = next(lib);
  writeFileSync(lib, 'two');
  await heard;
  heard = next(lib);
  unlinkSync(lib);
  await heard;
  heard = next(lib);
  writeFileSync(lib, 'three');
  await heard;
  heard = next(lib);
  writeFileSync(lib, 'four');
  await heard;
});

test('a missing file is heard when it appears, also when its folders appear first', { timeout: 20_000 }, async (t) => {
  const { dir, watcher, next } = setup(t);
  const near = join(dir, 'lib.bib');
  const deep = join(dir, 'export', 'deeper', 'lib.bib');
  watcher.watchMissing([near, deep]);
  assert.deepEqual(watcher.watchedFolders().sort(), [dir]);
  let heard = next(near);
  writeFileSync(near, 'x');
  await heard;
  heard = next(deep);
  mkdirSync(join(dir, 'export', 'deeper'), { recursive: true });
  writeFileSync(deep, 'y');
  await heard;
});

test('missing files no longer asked for are no longer watched', { timeout: 20_000 }, async (t) => {
  const { dir, watcher } = setup(t);
  mkdirSync(join(dir, 'a'));
  watcher.watchMissing([join(dir, 'a', 'lib.bib'), join(dir, 'b', 'lib.bib')]);
  assert.deepEqual(watcher.watchedFolders().sort(), [dir, join(dir, 'a')]);
  watcher.watchMissing([join(dir, 'b', 'lib.bib')]);
  assert.deepEqual(watcher.watchedFolders(), [dir]);
  watcher.watchMissing([]);
  assert.deepEqual(watcher.watchedFolders(), []);
});
