// "Manage models": the Hub models in the download cache, with size on disk, source, commit and
// licence (from the model card's front matter when it was downloaded), and their deletion.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCacheDir } from '../../inference/store/endpoint.ts';
import { repoDir } from '../../inference/store/cache.ts';

export interface DownloadedModel {
  repo: string;
  commit: string;
  kind: string;
  /** Bytes on disk of the snapshot's files. */
  bytes: number;
  source: string;
  license?: string;
  folder: string;
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOf(path) : (await stat(path)).size;
  }
  return total;
}

function licenseOf(card: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(card);
  const m = front ? /^license:\s*["']?([^"'\r\n]+)/m.exec(front[1]) : undefined;
  return m?.[1].trim();
}

export async function listDownloadedModels(cacheDir: string = defaultCacheDir(), endpoint = process.env.HF_ENDPOINT || 'https://huggingface.co'): Promise<DownloadedModel[]> {
  if (!existsSync(cacheDir)) return [];
  const out: DownloadedModel[] = [];
  for (const entry of await readdir(cacheDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('models--')) continue;
    const dir = join(cacheDir, entry.name);
    for (const m of await readdir(join(dir, 'manifests')).catch(() => [] as string[])) {
      const manifest = JSON.parse(await readFile(join(dir, 'manifests', m), 'utf8')) as { repo: string; commit: string; kind: string };
      const folder = join(dir, 'snapshots', manifest.commit);
      const card = await readFile(join(folder, 'README.md'), 'utf8').catch(() => undefined);
      const model: DownloadedModel = { repo: manifest.repo, commit: manifest.commit, kind: manifest.kind, bytes: await sizeOf(folder), source: `${endpoint}/${manifest.repo}`, folder };
      const license = card ? licenseOf(card) : undefined;
      if (license) model.license = license;
      out.push(model);
    }
  }
  return out.sort((a, b) => a.repo.localeCompare(b.repo));
}

/** Deletes every cached snapshot of a repo. */
export async function deleteDownloadedModel(repo: string, cacheDir: string = defaultCacheDir()): Promise<void> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repo)) throw new Error(`not a Hub repo id: ${repo}`);
  await rm(repoDir(cacheDir, repo), { recursive: true, force: true });
}
