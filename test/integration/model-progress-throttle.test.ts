// How often the language server tells the client about a Hub download for an editor role, over LSP
// against the Hub stand-in on 127.0.0.1: a model whose weights are 24 MB arrive in hundreds of chunks
// (a socket read is at most 64 KiB), yet sciwrite/modelStatus and the work-done progress each send at
// most one report per 1% (progress-throttle.ts), whatever the speed: no time is measured here. The
// start and every byte in are said, and the model is used once it is in.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { startHubServer, FIXTURES_HF } from '../helpers/hub-server.ts';
import type { EntitiesParams, ModelRoleStatus, ModelStatusParams } from '../../extension/protocol/editor.ts';

const REPO = 'lab/big-ner';
const PADDING = 24 * 1024 * 1024;
/** Reports a download may send besides one per 1%: the first, the last, and the status of the passes analysing meanwhile. */
const SLACK = 12;
const TEX = '\\documentclass{article}\n\\begin{document}\nWe measured IL-2 expression in HeLa cells and T lymphocytes with the glucocorticoid receptor.\n\\end{document}\n';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const done of cleanup.reverse()) await done().catch(() => undefined);
});

/** tiny-bert-ner with an unused 24 MB tensor in its weights (the loader reads only the tensors it needs). */
async function bigModel(folder: string): Promise<number> {
  const source = join(FIXTURES_HF, 'tiny-bert-ner');
  await mkdir(folder, { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) await copyFile(join(source, file), join(folder, file));
  const weights = await readFile(join(source, 'model.safetensors'));
  const headerLength = Number(weights.readBigUInt64LE(0));
  const header = JSON.parse(weights.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  const data = weights.subarray(8 + headerLength);
  header['sciwrite_test.padding'] = { dtype: 'U8', shape: [PADDING], data_offsets: [data.length, data.length + PADDING] };
  const json = JSON.stringify(header);
  const text = Buffer.from(json.padEnd(Math.ceil(json.length / 8) * 8, ' '));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  const bytes = Buffer.concat([length, text, data, Buffer.alloc(PADDING)]);
  await writeFile(join(folder, 'model.safetensors'), bytes);
  return bytes.length;
}

test('a download in hundreds of chunks: the status and the work-done progress each report at most once per 1%, the start and the end at once', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-progress-throttle-'));
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  const weightsBytes = await bigModel(join(root, 'model'));
  const hub = await startHubServer({ fixtures: false, repos: [{ id: REPO, folder: join(root, 'model') }] });
  cleanup.push(() => hub.close());
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = join(root, 'cache');
  process.env.SCIWRITE_MODEL_CACHE = join(root, 'onnx');
  await writeFile(join(root, 'paper.tex'), TEX);
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { entities: REPO, scicite: 'builtin', aclarc: 'builtin' } }, workDoneProgress: true });
  cleanup.push(() => client.stop());
  const statuses: ModelRoleStatus[] = [];
  client.connection.onNotification('sciwrite/modelStatus', (s: ModelStatusParams) => {
    statuses.push(s.roles.find((r) => r.role === 'entities')!);
  });
  let tagged!: () => void;
  const taggedByHub = new Promise<void>((resolve) => (tagged = resolve));
  client.connection.onNotification('sciwrite/entities', (p: EntitiesParams) => {
    if (p.done && p.entities.length > 0 && p.entities.every((e) => e.model === REPO)) tagged();
  });

  await client.open(join(root, 'paper.tex'), TEX);
  await taggedByHub;

  // Even at 80 KiB a chunk (a socket's 64 KiB read and what waited in its buffer), every chunk reported would be far more than allowed.
  const fewestChunks = Math.ceil(weightsBytes / (80 * 1024));
  assert.ok(fewestChunks > 100 + SLACK, `${fewestChunks} chunks at least`);

  const downloads = statuses.flatMap((s) => (s.download ? [s.download] : []));
  const reports = downloads.filter((d, i) => i === 0 || d.bytes !== downloads[i - 1].bytes || d.note !== downloads[i - 1].note);
  assert.ok(reports.length <= 100 + SLACK, `${reports.length} status reports of the download (of ${statuses.length} statuses)`);
  const total = downloads[0]?.total;
  assert.ok(total !== undefined && total > weightsBytes, `the status names the total: ${JSON.stringify(downloads[0])}`);
  assert.ok(downloads.some((d) => d.bytes === total), 'every byte in is said');
  assert.equal(statuses.at(-1)?.state, 'ready');
  assert.equal(statuses.at(-1)?.active, REPO);

  const begin = client.progress.find((e) => e.value.kind === 'begin' && e.value.title === `SciWrite: downloading ${REPO}`);
  assert.ok(begin, 'the download is a work-done progress');
  const workDone = client.progress.filter((e) => e.token === begin.token && e.value.kind === 'report');
  assert.ok(workDone.length > 0 && workDone.length <= 100 + SLACK, `${workDone.length} work-done reports`);
  assert.ok(workDone.some((e) => e.value.kind === 'report' && e.value.percentage === 100), 'the progress reaches 100%');
  await client.waitForProgress((e) => e.token === begin.token && e.value.kind === 'end');
});
