// Cache layout, keyed by repo and commit:
//   <cache>/models--org--name/refs/<revision>             the commit a revision resolved to
//   <cache>/models--org--name/snapshots/<commit>/<path>   the files (.part while downloading)
//   <cache>/models--org--name/manifests/<commit>.<kind>.json   written last: the snapshot is complete
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ensureDir, rethrowFsError } from './errors.ts';
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
  await ensureDir(dirname(path));
  try {
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    rethrowFsError(e, path);
  }
}

/** A ref that already holds the commit is not rewritten: a read-only cache still serves. */
export async function writeRef(cacheDir: string, repo: string, revision: string, commit: string): Promise<void> {
  if ((await readRef(cacheDir, repo, revision)) === commit) return;
  await writeAtomic(refPath(cacheDir, repo, revision), commit);
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * A snapshot's manifest, if every file it lists is still there; `damaged` names the files whose
 * size is no longer the one recorded (a truncated copy, say).
 */
export async function readSnapshot(cacheDir: string, repo: string, commit: string, kind: ModelKind): Promise<{ manifest: Manifest; damaged: string[] } | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath(cacheDir, repo, commit, kind), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (!Array.isArray(manifest.files)) return undefined;
  const dir = snapshotDir(cacheDir, repo, commit);
  const damaged: string[] = [];
  for (const f of manifest.files) {
    const size = await fileSize(join(dir, f.path));
    if (size === undefined) return undefined;
    if (typeof f.size === 'number' && size !== f.size) damaged.push(f.path);
  }
  return { manifest, damaged };
}

/** A complete, undamaged snapshot's manifest. */
export async function readManifest(cacheDir: string, repo: string, commit: string, kind: ModelKind): Promise<Manifest | undefined> {
  const snapshot = await readSnapshot(cacheDir, repo, commit, kind);
  return snapshot && snapshot.damaged.length === 0 ? snapshot.manifest : undefined;
}

export async function writeManifest(cacheDir: string, manifest: Manifest): Promise<void> {
  await writeAtomic(manifestPath(cacheDir, manifest.repo, manifest.commit, manifest.kind), JSON.stringify(manifest, null, 1));
}
