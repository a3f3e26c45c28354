// Where related-work data lives (caches, the SPECTER2 pointer) and where the CLI looks for a SPECTER2
// that an editor downloaded. Folder lists are pure functions of (platform, env, home) so that they can
// be checked for every platform on any machine; only findInstalledSpecter2 reads the disk.
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { findSpecter2, type Specter2Location } from './specter2.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The extension's id (`publisher.name` in package.json): VS Code names its global storage folder after it. */
export const EXTENSION_ID = 'sciwrite.sciwrite';

function pathsOf(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

/** The related-work folder of a standalone `sciwrite-lsp` (no client storage folder) and of the CLI: $XDG_CACHE_HOME/sciwrite/related. */
export function relatedCacheDir(env: Env = process.env, home: string = homedir(), platform: NodeJS.Platform = process.platform): string {
  const p = pathsOf(platform);
  return p.join(env.XDG_CACHE_HOME || p.join(home, '.cache'), 'sciwrite', 'related');
}

/** Where a related-work folder keeps SPECTER2: a layout put there by hand, or a download's pointer. */
export function specter2Folder(storageDir: string): string {
  return join(storageDir, 'specter2');
}

/** An editor's related-work folder: `<user data>/User/globalStorage/<extension id>/related`. */
export interface EditorStorage {
  /** The product, as the CLI names it ("VS Code", "code-server"). */
  product: string;
  dir: string;
}

/** VS Code-family desktop products by the folder their user data lives in. */
const DESKTOP_PRODUCTS: readonly [string, string][] = [
  ['VS Code', 'Code'],
  ['VS Code Insiders', 'Code - Insiders'],
  ['VSCodium', 'VSCodium'],
  ['Code - OSS', 'Code - OSS'],
];

/**
 * The related-work folders the extension would use in each VS Code-family product on `platform`, most
 * common first. Desktop products keep user data under the platform's application-data folder
 * (VSCODE_APPDATA overrides it, as in VS Code); code-server under its data folder (XDG on Linux and macOS).
 */
export function editorStorageDirs(platform: NodeJS.Platform, env: Env, home: string): EditorStorage[] {
  const p = pathsOf(platform);
  let appData: string;
  let codeServer: string;
  if (platform === 'win32') {
    appData = env.VSCODE_APPDATA || env.APPDATA || p.join(home, 'AppData', 'Roaming');
    codeServer = p.join(env.LOCALAPPDATA || p.join(home, 'AppData', 'Local'), 'code-server', 'Data');
  } else {
    appData = env.VSCODE_APPDATA || (platform === 'darwin' ? p.join(home, 'Library', 'Application Support') : env.XDG_CONFIG_HOME || p.join(home, '.config'));
    codeServer = p.join(env.XDG_DATA_HOME || p.join(home, '.local', 'share'), 'code-server');
  }
  const storage = (userData: string) => p.join(userData, 'User', 'globalStorage', EXTENSION_ID, 'related');
  return [
    ...DESKTOP_PRODUCTS.map(([product, folder]) => ({ product, dir: storage(p.join(appData, folder)) })),
    { product: 'code-server', dir: storage(codeServer) },
  ];
}

/** Where the CLI looks for SPECTER2 after --specter2 and $SCIWRITE_SPECTER2: the standalone server's folder, then the editors'. */
export function specter2SearchDirs(platform: NodeJS.Platform, env: Env, home: string): EditorStorage[] {
  return [{ product: 'sciwrite-lsp', dir: relatedCacheDir(env, home, platform) }, ...editorStorageDirs(platform, env, home)];
}

export interface InstalledSpecter2 {
  location: Specter2Location;
  /** The folder it was found in (`<related folder>/specter2`). */
  folder: string;
  /** Whose download it is ("sciwrite-lsp", "VS Code", ...). */
  product: string;
}

/** The first SPECTER2 found in the search folders whose snapshots are still on disk (a stale pointer does not count). */
export function findInstalledSpecter2(platform: NodeJS.Platform = process.platform, env: Env = process.env, home: string = homedir()): InstalledSpecter2 | undefined {
  for (const { product, dir } of specter2SearchDirs(platform, env, home)) {
    const folder = pathsOf(platform).join(dir, 'specter2');
    const location = findSpecter2(folder);
    if (location) return { location, folder, product };
  }
  return undefined;
}
