// Starts a real VS Code (code-server, installed by scripts/e2e/install-code-server.sh into
// .cache/) on a free 127.0.0.1 port with a fresh profile, and stops it with all its helpers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendants, isAlive, type ProcessInfo } from './processes.ts';
import { waitFor } from './wait.ts';

export const repoRoot = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

export interface CodeServerInstall {
  /** Node 24, which code-server 4.139 requires. */
  node: string;
  /** code-server's entry script (`out/node/entry.js`). */
  entry: string;
}

let cachedInstall: CodeServerInstall | undefined;

/** Installs code-server into .cache/ on first use (about 3 minutes), then only locates it. */
export function ensureCodeServer(): CodeServerInstall {
  if (cachedInstall) return cachedInstall;
  const script = join(repoRoot, 'scripts/e2e/install-code-server.sh');
  const result = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${script} failed with status ${result.status}`);
  const value = (name: string): string => {
    const match = new RegExp(`^${name}=(.+)$`, 'm').exec(result.stdout);
    if (!match) throw new Error(`${script} printed no ${name}=`);
    return match[1];
  };
  cachedInstall = { node: value('NODE'), entry: value('ENTRY') };
  return cachedInstall;
}

/** Settings that keep dialogs, walkthroughs and chat from covering the editor (shared with `npm start`). */
export const quietSettings = JSON.parse(
  readFileSync(join(repoRoot, 'scripts/e2e/settings.json'), 'utf8'),
) as Record<string, unknown>;

export interface LaunchOptions {
  /** The workspace folder to open. */
  folder: string;
  /** .vsix files installed into the fresh extensions dir before start. */
  vsix?: string[];
  /** Extension folders (with a package.json), packaged and installed like `vsix`. */
  unpackedExtensions?: string[];
  /** User settings, merged over `quietSettings`. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** URL that opens `folder` in the workbench. */
  workspaceUrl: string;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed so far (stdout and stderr). */
  log(): string;
  /** Live processes code-server started (extension host, watchers, language servers...). */
  helpers(): ProcessInfo[];
  /** Kills the whole process group and waits until every helper is gone. */
  stop(): Promise<void>;
}

function commonArgs(install: CodeServerInstall, userDataDir: string, extensionsDir: string): string[] {
  return [
    install.entry,
    '--config', join(userDataDir, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
}

export function installExtension(install: CodeServerInstall, vsix: string, userDataDir: string, extensionsDir: string): void {
  const result = spawnSync(
    install.node,
    [...commonArgs(install, userDataDir, extensionsDir), '--install-extension', vsix, '--force'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * A test-only extension folder as a .vsix: VS Code keeps a list of installed extensions
 * (extensions.json) and disowns folders copied next to it, so these go through install too.
 */
function packageFolder(folder: string, outDir: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const vsix = join(outDir, `${manifest.publisher}.${manifest.name}-${manifest.version}.vsix`);
  const result = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: folder, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`packaging ${folder} failed:\n${result.stdout}\n${result.stderr}`);
  return vsix;
}

export async function launchCodeServer(options: LaunchOptions): Promise<CodeServer> {
  const install = ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), 'sciwrite-code-server-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'config.yaml'), 'auth: none\ncert: false\n');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  for (const vsix of options.vsix ?? []) installExtension(install, vsix, userDataDir, extensionsDir);
  for (const folder of options.unpackedExtensions ?? []) {
    installExtension(install, packageFolder(folder, home), userDataDir, extensionsDir);
  }

  const child: ChildProcess = spawn(
    install.node,
    [
      ...commonArgs(install, userDataDir, extensionsDir),
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.folder,
    ],
    {
      // Its own process group, so that stop() reaches every helper it forks.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), ...options.env },
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  let output = '';
  let exited = false;
  child.on('exit', () => { exited = true; });

  // code-server prints the address it bound once the port is open: that line is the event we wait for.
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
  });
  const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 60_000);
  let url: string;
  try {
    url = await listening;
  } finally {
    clearTimeout(timer);
  }
  const health = await fetch(`${url}/healthz`);
  if (!health.ok) throw new Error(`code-server /healthz answered ${health.status}`);

  const stop = async (): Promise<void> => {
    const helpers = descendants(pid).map((p) => p.pid);
    const groups = new Set([pid, ...descendants(pid).map((p) => p.pgid)]);
    const signalAll = (signal: NodeJS.Signals): void => {
      for (const group of groups) {
        try { process.kill(-group, signal); } catch { /* already gone */ }
      }
      for (const helper of helpers) {
        try { process.kill(helper, signal); } catch { /* already gone */ }
      }
    };
    signalAll('SIGTERM');
    const exitedNow = exited ? Promise.resolve() : once(child, 'exit').then(() => undefined);
    const killer = setTimeout(() => signalAll('SIGKILL'), 5_000);
    await exitedNow;
    await waitFor('code-server helpers to exit', () => helpers.every((h) => !isAlive(h)), 10_000).catch(() => {
      signalAll('SIGKILL');
      return waitFor('code-server helpers to die', () => helpers.every((h) => !isAlive(h)), 5_000);
    });
    clearTimeout(killer);
    rmSync(home, { recursive: true, force: true });
  };

  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(options.folder)}`,
    pid,
    userDataDir,
    extensionsDir,
    log: () => output,
    helpers: () => descendants(pid),
    stop,
  };
}
