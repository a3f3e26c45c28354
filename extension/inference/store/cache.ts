// Cache layout, keyed by repo and commit:
//   <cache>/models--org--name/refs/<revision>             the commit a revision resolved to
//   <cache>/models--org--name/snapshots/<commit>/<path>   the files (.part while downloading)
//   <cache>/models--org--name/manifests/<commit>.<kind>.json   written last: the snapshot is complete
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { rethrowFsError } from './errors.ts';
import type { ModelKind } from './types.ts';

export interface CachedFile {
  path: string;
  size: number;
  sha256?: string;
}

export interface Manifest {
  repo: string;
  commit: string;
  kind: ModelKind;
  files: CachedFile[];
}

export function repoDir(cacheDir: string, repo: string): string {
  return join(cacheDir, `models--${repo.replace(/\//g, '--')}`);
}

export function snapshotDir(cacheDir: string, repo: string, commit: string): string {
  return join(repoDir(cacheDir, repo), 'snapshots', commit);
}

function refPath(cacheDir: string, repo: string, revision: string): string {
  return join(repoDir(cacheDir, repo), 'refs', encodeURIComponent(revision));
}

function manifestPath(cacheDir: string, repo: string, commit: string, kind: ModelKind): string {
  return join(repoDir(cacheDir, repo), 'manifests', `${commit}.${kind}.json`);
}

export const COMMIT = /^[0-9a-f]{40}$/;

/** The commit a revision last resolved to, if known (a commit resolves to itself). */
export async function readRef(cacheDir: string, repo: string, revision: string): Promise<string | undefined> {
  if (COMMIT.test(revision)) return revision;
  try {
    const commit = (await readFile(refPath(cacheDir, repo, revision), 'utf8')).trim();
    return COMMIT.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so readers never see half a file. */
async function writeAtomic(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    rethrowFsError(e, path);
  }
}

export async function writeRef(cacheDir: string, repo: string, revision: string, commit: string): Promise<void> {
  if (revision !== commit) await writeAtomic(refPath(cacheDir, repo, revision), commit);
}

/** A complete snapshot's manifest, if every file it lists is still there. */
export async function readManifest(cacheDir: string, repo: string, commit: string, kind: ModelKind): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath(cacheDir, repo, commit, kind), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  const dir = snapshotDir(cacheDir, repo, commit);
  if (!Array.isArray(manifest.files) || !manifest.files.every((f) => existsSync(join(dir, f.path)))) return undefined;
  return manifest;
}

export async function writeManifest(cacheDir: string, manifest: Manifest): Promise<void> {
  await writeAtomic(manifestPath(cacheDir, manifest.repo, manifest.commit, manifest.kind), JSON.stringify(manifest, null, 1));
}
