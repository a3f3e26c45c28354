// Where the CLI looks for a downloaded SPECTER2 (extension/analysis/related/related-folders.ts): the
// folder list of every platform as a pure function of (platform, env, home), the extension id VS Code
// names its storage after, and the search over real folders: first match wins, a pointer whose
// snapshots are gone does not count, a layout put there by hand does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  editorStorageDirs, EXTENSION_ID, findInstalledSpecter2, relatedCacheDir, specter2SearchDirs,
} from '../../extension/analysis/related/related-folders.ts';
import { writeSpecter2Pointer } from '../../extension/analysis/related/specter2-pointer.ts';
import { SPECTER2_FIXTURE } from '../helpers/specter2-repos.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('the extension id is publisher.name of package.json', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { publisher: string; name: string };
  assert.equal(EXTENSION_ID, `${pkg.publisher}.${pkg.name}`.toLowerCase());
});

test('Linux: ~/.config/<product> (XDG_CONFIG_HOME), code-server under ~/.local/share (XDG_DATA_HOME); the standalone server first', () => {
  const tail = `User/globalStorage/${EXTENSION_ID}/related`;
  assert.deepEqual(specter2SearchDirs('linux', {}, '/home/ana'), [
    { product: 'sciwrite-lsp', dir: '/home/ana/.cache/sciwrite/related' },
    { product: 'VS Code', dir: `/home/ana/.config/Code/${tail}` },
    { product: 'VS Code Insiders', dir: `/home/ana/.config/Code - Insiders/${tail}` },
    { product: 'VSCodium', dir: `/home/ana/.config/VSCodium/${tail}` },
    { product: 'Code - OSS', dir: `/home/ana/.config/Code - OSS/${tail}` },
    { product: 'code-server', dir: `/home/ana/.local/share/code-server/${tail}` },
  ]);
  const xdg = specter2SearchDirs('linux', { XDG_CACHE_HOME: '/x/cache', XDG_CONFIG_HOME: '/x/config', XDG_DATA_HOME: '/x/data' }, '/home/ana');
  assert.deepEqual(xdg.map((d) => d.dir), [
    '/x/cache/sciwrite/related',
    `/x/config/Code/${tail}`,
    `/x/config/Code - Insiders/${tail}`,
    `/x/config/VSCodium/${tail}`,
    `/x/config/Code - OSS/${tail}`,
    `/x/data/code-server/${tail}`,
  ]);
  assert.equal(editorStorageDirs('linux', { VSCODE_APPDATA: '/portable' }, '/home/ana')[0].dir, `/portable/Code/${tail}`);
});

test('macOS: ~/Library/Application Support/<product>; code-server keeps the XDG data folder', () => {
  const tail = `User/globalStorage/${EXTENSION_ID}/related`;
  assert.deepEqual(editorStorageDirs('darwin', {}, '/Users/ana').map((d) => d.dir), [
    `/Users/ana/Library/Application Support/Code/${tail}`,
    `/Users/ana/Library/Application Support/Code - Insiders/${tail}`,
    `/Users/ana/Library/Application Support/VSCodium/${tail}`,
    `/Users/ana/Library/Application Support/Code - OSS/${tail}`,
    `/Users/ana/.local/share/code-server/${tail}`,
  ]);
  assert.equal(editorStorageDirs('darwin', { XDG_CONFIG_HOME: '/x/config' }, '/Users/ana')[0].dir, `/Users/ana/Library/Application Support/Code/${tail}`, 'XDG_CONFIG_HOME is not VS Code\'s on macOS');
});

test('Windows: %APPDATA%\\<product>, code-server under %LOCALAPPDATA%\\code-server\\Data', () => {
  const tail = `User\\globalStorage\\${EXTENSION_ID}\\related`;
  const env = { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
  assert.deepEqual(specter2SearchDirs('win32', env, 'C:\\Users\\ana').map((d) => d.dir), [
    'C:\\Users\\ana\\.cache\\sciwrite\\related',
    `C:\\Users\\ana\\AppData\\Roaming\\Code\\${tail}`,
    `C:\\Users\\ana\\AppData\\Roaming\\Code - Insiders\\${tail}`,
    `C:\\Users\\ana\\AppData\\Roaming\\VSCodium\\${tail}`,
    `C:\\Users\\ana\\AppData\\Roaming\\Code - OSS\\${tail}`,
    `C:\\Users\\ana\\AppData\\Local\\code-server\\Data\\${tail}`,
  ]);
  // Without the variables: the folders they default to.
  assert.deepEqual(editorStorageDirs('win32', {}, 'C:\\Users\\ana').map((d) => d.dir).filter((_, i) => i === 0 || i === 4), [
    `C:\\Users\\ana\\AppData\\Roaming\\Code\\${tail}`,
    `C:\\Users\\ana\\AppData\\Local\\code-server\\Data\\${tail}`,
  ]);
});

test('relatedCacheDir is the standalone server\'s folder on this platform', () => {
  assert.equal(relatedCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/ana', 'linux'), '/x/cache/sciwrite/related');
  assert.equal(relatedCacheDir({}, '/home/ana', 'linux'), '/home/ana/.cache/sciwrite/related');
});

/** A snapshot copy of the tiny SPECTER2 (base + proximity adapter) and a download's pointer to it in `<related>/specter2`. */
async function downloadInto(related: string, snapshots: string): Promise<{ base: string; proximity: string }> {
  const base = join(snapshots, 'base');
  const proximity = join(snapshots, 'proximity');
  await cp(join(SPECTER2_FIXTURE, 'base'), base, { recursive: true });
  await cp(join(SPECTER2_FIXTURE, 'adapter'), proximity, { recursive: true });
  await writeSpecter2Pointer(join(related, 'specter2'), {
    version: 1,
    base: { repo: 'allenai/specter2_base', revision: 'main', folder: base },
    proximity: { repo: 'allenai/specter2', revision: 'main', folder: proximity },
  });
  return { base, proximity };
}

test('findInstalledSpecter2: the first folder holding a live download, a stale pointer skipped, a hand-made layout accepted', async () => {
  const home = await mkdtemp(join(tmpdir(), 'sciwrite-specter2-home-'));
  try {
    const env = { XDG_CACHE_HOME: join(home, 'cache') };
    assert.equal(findInstalledSpecter2('linux', env, home), undefined, 'nothing downloaded');
    const [vscode, , codium] = editorStorageDirs('linux', env, home);
    const codiumSnapshot = await downloadInto(codium.dir, join(home, 'hub', 'codium'));
    assert.deepEqual(findInstalledSpecter2('linux', env, home), { location: codiumSnapshot, folder: join(codium.dir, 'specter2'), product: 'VSCodium' });
    const vscodeSnapshot = await downloadInto(vscode.dir, join(home, 'hub', 'vscode'));
    assert.equal(findInstalledSpecter2('linux', env, home)?.location.base, vscodeSnapshot.base, 'VS Code before VSCodium');
    // The standalone server's download comes first, but only while its snapshots exist.
    const standalone = await downloadInto(relatedCacheDir(env, home, 'linux'), join(home, 'hub', 'lsp'));
    assert.equal(findInstalledSpecter2('linux', env, home)?.product, 'sciwrite-lsp');
    await rm(standalone.proximity, { recursive: true });
    assert.equal(findInstalledSpecter2('linux', env, home)?.product, 'VS Code', 'a pointer to deleted snapshots does not count');
    // A layout put in the standalone folder by hand counts too (as the server reads it).
    await cp(SPECTER2_FIXTURE, join(home, 'cache', 'sciwrite', 'related', 'specter2'), { recursive: true });
    const byHand = findInstalledSpecter2('linux', env, home);
    assert.equal(byHand?.product, 'sciwrite-lsp');
    assert.equal(byHand?.location.base, join(home, 'cache', 'sciwrite', 'related', 'specter2', 'base'));
    await mkdir(join(home, 'empty'));
    assert.equal(findInstalledSpecter2('linux', { XDG_CACHE_HOME: join(home, 'empty'), XDG_CONFIG_HOME: join(home, 'empty') }, join(home, 'empty')), undefined);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
