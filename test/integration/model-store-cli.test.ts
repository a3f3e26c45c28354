// What `sciwrite ner|classify|embed` print while the model store works: a line per file actually
// downloaded (none for files already cached), and the store's notes (retries, waits).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFromArgs } from '../../extension/cli/commands/model-command.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';

let hub: HubServer;
let cache: string;

before(async () => {
  hub = await startHubServer();
  cache = await mkdtemp(join(tmpdir(), 'sciwrite-store-cli-'));
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.XDG_CACHE_HOME = cache;
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_HUB_OFFLINE', 'SCIWRITE_MODEL_CACHE']) delete process.env[name];
});

after(async () => {
  await hub.close();
  await rm(cache, { recursive: true, force: true });
});

const values = { model: 'sciwrite-test/tiny-bert-ner', json: false, int8: false, offline: false };

test('a resumed download names only the files it downloads, and the retries it makes', async () => {
  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 404 } });
  const first = new BufferIo();
  await assert.rejects(openFromArgs(values, first), /model\.safetensors/);
  assert.match(first.err, /^downloading config\.json\n/);

  hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 503, headers: { 'retry-after': '0' } } });
  const second = new BufferIo();
  const model = await openFromArgs(values, second);
  await model.release();
  assert.equal(second.err, 'model.safetensors: the server answered 503; trying again in 0 s (retry 1 of 3).\ndownloading model.safetensors\n');
});
