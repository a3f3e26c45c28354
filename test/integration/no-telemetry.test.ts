// SciWrite sends no telemetry, and neither may the libraries it runs: onnxruntime's native library
// reports usage to Microsoft (a device id and an event store under ~/.cache/Microsoft/DeveloperTools)
// unless told not to before it loads. The built CLI and server run here with a fresh home folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const sample = join(repo, 'sample/latex/paper.tex');

function built(bundle: string): string {
  const path = join(repo, 'dist', bundle);
  if (!existsSync(path)) assert.equal(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' }).status, 0);
  return path;
}

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

test('the CLI and the language server leave no onnxruntime telemetry behind', { timeout: 120_000 }, async () => {
  const home = await mkdtemp(join(tmpdir(), 'sciwrite-no-telemetry-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
  delete env.ORT_DISABLE_TELEMETRY;
  const saved = { HOME: process.env.HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, ORT_DISABLE_TELEMETRY: process.env.ORT_DISABLE_TELEMETRY };
  try {
    const run = spawnSync(process.execPath, [built('cli.cjs'), 'analyze', sample, '--json'], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as { entities: unknown[] }).entities.length > 0, 'the tagger ran');
    assert.deepEqual((await allFiles(home)).filter((f) => /microsoft|onnxruntime/i.test(f)), [], 'the CLI');

    // the server inherits this process's environment
    Object.assign(process.env, { HOME: home, XDG_CACHE_HOME: join(home, '.cache') });
    delete process.env.ORT_DISABLE_TELEMETRY;
    built('server.cjs');
    const client = await LspTestClient.start({ rootDir: join(repo, 'sample'), bundle: true });
    try {
      const tagged = new Promise<void>((resolve) => client.connection.onNotification('sciwrite/entities', (p: { done?: boolean; entities: unknown[] }) => {
        if (p.done && p.entities.length > 0) resolve();
      }));
      await client.open(sample, readFileSync(sample, 'utf8'));
      await tagged;
    } finally {
      await client.stop();
    }
    assert.deepEqual((await allFiles(home)).filter((f) => /microsoft|onnxruntime/i.test(f)), [], 'the language server');
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(home, { recursive: true, force: true });
  }
});
