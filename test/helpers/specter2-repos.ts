// The SPECTER2 repos a Hub stand-in serves in tests: the tiny SPECTER2-style fixture as
// allenai/specter2_base + allenai/specter2, and an ad-hoc-query adapter derived from its adapter.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCheckpointFile } from '../../extension/inference/checkpoint/load.ts';
import { stateDictToTorchZip } from './checkpoint-writers.ts';
import { FIXTURES_HF, type HubRepoDef } from './hub-server.ts';

export const SPECTER2_FIXTURE = join(FIXTURES_HF, 'tiny-specter-adapter');

/** An ad-hoc-query adapter as the adapters library saves one ([QRY]), with weights unlike the proximity adapter's. */
export async function makeAdhocAdapter(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(SPECTER2_FIXTURE, 'adapter', 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'adapter_config.json'), JSON.stringify({ ...config, name: '[QRY]' }, null, 2));
  const dict = await loadCheckpointFile(join(SPECTER2_FIXTURE, 'adapter', 'pytorch_adapter.bin'));
  const tensors = [...dict.values()].map((t) => ({
    name: t.name.replace('[PRX]', '[QRY]'),
    shape: t.shape,
    data: t.name.endsWith('adapter_up.weight') ? t.data.map((v, i) => -1.5 * v + (i % 7) * 0.01) : t.data,
  }));
  await writeFile(join(dir, 'pytorch_adapter.bin'), stateDictToTorchZip(tensors));
}

/** The three repos "Download SPECTER2" fetches; `adhocFolder` receives the derived query adapter. */
export async function specter2Repos(adhocFolder: string): Promise<HubRepoDef[]> {
  await makeAdhocAdapter(adhocFolder);
  return [
    { id: 'allenai/specter2_base', folder: join(SPECTER2_FIXTURE, 'base') },
    { id: 'allenai/specter2', folder: join(SPECTER2_FIXTURE, 'adapter') },
    { id: 'allenai/specter2_adhoc_query', folder: adhocFolder },
  ];
}
