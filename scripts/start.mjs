// `npm start`: builds SciWrite, installs it into a local code-server (a real VS Code, installed
// into .cache/ by scripts/e2e/install-code-server.sh), opens the sample workspace and prints
// the URL to open in a browser. Works offline once the first install is done.
//
//   npm start                        http://127.0.0.1:3210 (the next free port if taken)
//   npm start -- --port 8080         another port (0: any free port)
//   npm start -- --fresh             start again from a clean copy of sample/ and a clean profile
//   npm start -- --folder PATH       open another folder instead of the sample
//   npm start -- --host ADDRESS      listen on another address (default 127.0.0.1)
//   npm start -- --help              these options
//
// The options are checked before anything is built or installed.
// The sample is copied to .cache/start/sample so that edits never touch the repository.
// Ctrl+C stops code-server and every helper process it started.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const state = join(root, '.cache', 'start');

const HELP = `usage: npm start [-- options]

Builds SciWrite, installs it into a local code-server (the first run installs code-server into .cache/,
about 3 minutes) and opens the sample workspace; prints the URL to open in a browser. Ctrl+C stops it.

options:
  --port N         the port (default 3210, the next free one if taken; 0: any free port)
  --host ADDRESS   the address to listen on (default 127.0.0.1)
  --folder PATH    open this folder instead of the sample (opened as a copy in .cache/start/sample)
  --fresh          start again from a clean copy of sample/ and a clean profile
  --help           show this help
`;

/** A mistake in the options: said with a pointer to --help, status 2, before any work. */
class UsageError extends Error {}

function parseArgs(argv) {
  const options = { port: 3210, fresh: false, folder: undefined, host: '127.0.0.1', help: false };
  // the value after an option; another option or nothing is no value
  const value = (i, what) => {
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${argv[i]} needs ${what}`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--fresh') options.fresh = true;
    else if (arg === '--port') {
      const given = value(i++, 'a port number');
      const port = Number(given);
      if (!/^\d+$/.test(given) || port > 65535) throw new UsageError(`--port needs a whole number from 0 to 65535, not '${given}'`);
      options.port = port;
    } else if (arg === '--folder') {
      const given = value(i++, 'a folder');
      const folder = resolve(given);
      const stats = statSync(folder, { throwIfNoEntry: false });
      if (!stats) throw new UsageError(`--folder: no such folder: ${given}`);
      if (!stats.isDirectory()) throw new UsageError(`--folder: ${given} is not a folder`);
      options.folder = folder;
    } else if (arg === '--host') options.host = value(i++, 'an address (127.0.0.1, 0.0.0.0, ...)');
    else throw new UsageError(`unknown option ${arg}`);
  }
  return options;
}

function step(message) {
  console.error(`\n▸ ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
  return result.stdout ?? '';
}

/** The first free port from `wanted` on (0: any). */
function freePort(host, wanted) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' && wanted !== 0 && wanted < 65535) resolvePort(freePort(host, wanted + 1));
      else reject(error);
    });
    server.listen(wanted, host, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  if (options.fresh) rmSync(state, { recursive: true, force: true });
  const userDataDir = join(state, 'user-data');
  const extensionsDir = join(state, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });

  step('Building the extension (npm run build)');
  run('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 2, 'inherit'] });

  step('Locating code-server (first run: installs it into .cache/, about 3 minutes)');
  const installed = run('bash', [join(root, 'scripts/e2e/install-code-server.sh')]);
  const node = /^NODE=(.+)$/m.exec(installed)?.[1];
  const entry = /^ENTRY=(.+)$/m.exec(installed)?.[1];
  if (!node || !entry) throw new Error('install-code-server.sh did not say where code-server is');

  step('Packaging and installing SciWrite into code-server');
  const vsix = run(process.execPath, ['scripts/package.mjs', '--current', '--no-build', '--out', join(state, 'vsix')]).trim().split('\n').pop();
  const base = [entry, '--config', join(userDataDir, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  writeFileSync(join(userDataDir, 'config.yaml'), 'auth: none\ncert: false\n');
  run(node, [...base, '--install-extension', vsix, '--force'], { stdio: ['ignore', 2, 'inherit'] });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, readFileSync(join(root, 'scripts/e2e/settings.json')));

  let folder = options.folder;
  if (!folder) {
    folder = join(state, 'sample');
    if (!existsSync(folder)) cpSync(join(root, 'sample'), folder, { recursive: true });
  }

  const port = await freePort(options.host, options.port);
  step(`Starting code-server on ${options.host}:${port}`);
  const child = spawn(
    node,
    [...base, '--auth', 'none', '--bind-addr', `${options.host}:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', folder],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: join(state, 'config'), XDG_DATA_HOME: join(state, 'data') } },
  );
  const stop = () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let printed = false;
  const echo = (chunk) => {
    const text = chunk.toString();
    process.stderr.write(text);
    if (!printed && /HTTP server listening on/.test(text)) {
      printed = true;
      const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/?folder=${encodeURIComponent(folder)}`;
      console.log(`\nSciWrite is running in VS Code (code-server). Open this URL in a browser:\n\n  ${url}\n\nThe sample LaTeX paper is latex/paper.tex, the Markdown paper markdown/paper.md. Ctrl+C stops it.`);
    }
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  child.on('exit', (code, signal) => {
    process.exit(signal ? 0 : code ?? 0);
  });
}

main().catch((error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof UsageError) console.error('(npm start -- --help lists the options)');
  process.exit(error instanceof UsageError ? 2 : 1);
});
