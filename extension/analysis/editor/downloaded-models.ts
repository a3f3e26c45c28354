// "Manage models": the Hub models in the download cache, with size on disk, source, commit and
// licence (from the model card's front matter when it was downloaded), downloads left unfinished,
// and their deletion (with the ONNX models built from them).
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCacheDir } from '../../inference/store/endpoint.ts';
import { repoDir } from '../../inference/store/cache.ts';
import { ModelCache } from '../../inference/runtime/cache.ts';

export interface DownloadedModel {
  repo: string;
  commit: string;
  kind: string;
  /** Bytes on disk of the snapshot's files. */
  bytes: number;
  source: string;
  license?: string;
  folder: string;
  /** A download that never finished (its part files, or a model refused midway): only its deletion is of use. */
  incomplete?: true;
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
    const complete = new Set<string>();
    for (const m of await readdir(join(dir, 'manifests')).catch(() => [] as string[])) {
      const manifest = await readFile(join(dir, 'manifests', m), 'utf8').then((text) => JSON.parse(text) as { repo: string; commit: string; kind: string }, () => undefined);
      if (!manifest) continue; // unreadable: its snapshot is listed as incomplete below
      complete.add(manifest.commit);
      const folder = join(dir, 'snapshots', manifest.commit);
      const card = await readFile(join(folder, 'README.md'), 'utf8').catch(() => undefined);
      const model: DownloadedModel = { repo: manifest.repo, commit: manifest.commit, kind: manifest.kind, bytes: await sizeOf(folder), source: `${endpoint}/${manifest.repo}`, folder };
      const license = card ? licenseOf(card) : undefined;
      if (license) model.license = license;
      out.push(model);
    }
    // Hub repo ids hold no "--", so the folder name gives the repo back.
    const repo = entry.name.slice('models--'.length).replace('--', '/');
    for (const commit of await readdir(join(dir, 'snapshots')).catch(() => [] as string[])) {
      if (complete.has(commit)) continue;
      const folder = join(dir, 'snapshots', commit);
      const files = await readdir(folder).catch(() => [] as string[]);
      if (files.length === 0) continue;
      const kind = files.includes('adapter_config.json') ? 'adapter' : 'model';
      out.push({ repo, commit, kind, bytes: await sizeOf(folder), source: `${endpoint}/${repo}`, folder, incomplete: true });
    }
  }
  return out.sort((a, b) => a.repo.localeCompare(b.repo));
}

/** Deletes every cached snapshot of a repo, finished or not, and the ONNX models built from it. */
export async function deleteDownloadedModel(repo: string, cacheDir: string = defaultCacheDir(), builtModels: ModelCache = new ModelCache()): Promise<void> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repo)) throw new Error(`not a Hub repo id: ${repo}`);
  await rm(repoDir(cacheDir, repo), { recursive: true, force: true });
  await builtModels.removeBuiltFrom(repo);
}
