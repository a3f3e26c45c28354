// resolveModel: a Hub repo (pinned to a commit, downloaded once into the cache) or a local
// folder → a folder holding exactly the files the model needs.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { shardsOfIndex } from '../checkpoint/load.ts';
import { CheckpointError } from '../checkpoint/errors.ts';
import { COMMIT, readManifest, readRef, readSnapshot, repoDir, snapshotDir, writeManifest, writeRef, type CachedFile, type Manifest } from './cache.ts';
import { downloadFile } from './download.ts';
import { checkRepoId, checkRepoPath, defaultCacheDir, downloadTimeoutMs, hubEndpoint, hubToken, isOffline, resolveUrl } from './endpoint.ts';
import { cancelled, ModelStoreError, type ModelStoreErrorCode } from './errors.ts';
import { filePlan, type FilePlan } from './file-selection.ts';
import { trustedCertificates } from '../../net/trust.ts';
import { storeProxyConfig } from './proxy.ts';
import { fileMetadata, type FileMetadata, type HubContext } from './hub-http.ts';
import type { ModelKind, ModelSpec, ResolveOptions, ResolvedModel } from './types.ts';

/**
 * Failures after which a complete cached snapshot still serves, as in huggingface_hub: the Hub
 * unreachable, overloaded, rate-limiting, or something else answering (a captive portal, a proxy
 * page). A refusal (401/403) or a missing repo, revision or file is said, cache or not.
 */
const CACHE_SERVES_AFTER = new Set<ModelStoreErrorCode>(['network', 'server-error', 'rate-limited', 'bad-response']);

export async function resolveModel(spec: ModelSpec, options: ResolveOptions = {}): Promise<ResolvedModel> {
  const kind = spec.kind ?? 'model';
  const plan = filePlan(kind, options.extraFiles);
  if ('folder' in spec) return resolveFolder(spec.folder, plan, kind);
  checkRepoId(spec.repo);
  const revision = spec.revision || 'main';
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
  if (isOffline(options)) return fromCache(cacheDir, spec.repo, revision, kind, 'offline');
  const ctx: HubContext = {
    endpoint: hubEndpoint(options), token: hubToken(options), signal: options.signal, metadataTimeoutMs: options.metadataTimeoutMs ?? 10_000,
    downloadTimeoutMs: downloadTimeoutMs(options),
    proxy: storeProxyConfig(options.proxy, options.env ?? process.env),
    trust: trustedCertificates(options.env ?? process.env),
  };
  try {
    return await fromHub(spec.repo, revision, kind, plan, ctx, cacheDir, options);
  } catch (e) {
    if (e instanceof ModelStoreError && CACHE_SERVES_AFTER.has(e.code)) {
      const cached = await fromCache(cacheDir, spec.repo, revision, kind, 'network').catch(() => undefined);
      if (cached) return cached;
    }
    if (e instanceof ModelStoreError && e.code === 'not-writable') {
      const choose = options.cacheDir === undefined
        ? 'Choose another folder by setting XDG_CACHE_HOME (models then go to $XDG_CACHE_HOME/sciwrite/hub).'
        : 'Choose another model cache folder.';
      throw new ModelStoreError('not-writable', `The model cache folder ${cacheDir} cannot be written, so ${spec.repo} cannot be downloaded: ${e.message} ${choose}`, { ...e.details, cause: e });
    }
    throw e;
  }
}

function resolveFolder(folder: string, plan: FilePlan, kind: ModelKind): ResolvedModel {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelStoreError('invalid-spec', `The model folder ${dir} does not exist.`);
  }
  const missing = plan.required.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new ModelStoreError('file-not-found', `The folder ${dir} is not a ${kind === 'adapter' ? 'adapter' : 'model'} folder: it has no ${missing.join(', ')}.`);
  const weights = plan.weights.find((f) => existsSync(join(dir, f)));
  if (!weights) throw new ModelStoreError('file-not-found', `The folder ${dir} has no weights (looked for ${plan.weights.join(', ')}).`);
  const files = [...plan.required, ...plan.optional.filter((f) => existsSync(join(dir, f))), weights];
  return { folder: dir, files, source: 'folder' };
}

async function fromCache(cacheDir: string, repo: string, revision: string, kind: ModelKind, why: 'offline' | 'network'): Promise<ResolvedModel> {
  const commit = await readRef(cacheDir, repo, revision);
  const snapshot = commit ? await readSnapshot(cacheDir, repo, commit, kind) : undefined;
  if (snapshot?.damaged.length) {
    throw new ModelStoreError('offline', `The cached copy of ${snapshot.damaged.join(', ')} of ${repo} is damaged (its size is not the one downloaded): delete ${repoDir(cacheDir, repo)}, or go online to download it again.`, { file: snapshot.damaged[0] });
  }
  const manifest = snapshot?.manifest;
  if (!commit || !manifest) {
    throw new ModelStoreError('offline', why === 'offline'
      ? `Offline mode: ${repo}${revision === 'main' ? '' : ` (revision ${revision})`} is not in the model cache (${cacheDir}). Go online once to download it.`
      : `Cannot reach the Hugging Face Hub, and ${repo} is not in the model cache yet.`);
  }
  return { folder: snapshotDir(cacheDir, repo, commit), repo, revision, commit, files: manifest.files.map((f) => f.path), source: 'cache' };
}

interface PlannedFile { path: string; meta: FileMetadata }

async function fromHub(repo: string, revision: string, kind: ModelKind, plan: FilePlan, ctx: HubContext, cacheDir: string, options: ResolveOptions): Promise<ResolvedModel> {
  // A revision already known to be a commit, with a complete snapshot, needs no request at all.
  if (COMMIT.test(revision)) {
    const manifest = await readManifest(cacheDir, repo, revision, kind);
    if (manifest) return done(cacheDir, manifest, revision, 'cache');
  }
  const policy = {
    maxResumes: options.maxResumes ?? 5, maxRetries: options.maxRetries ?? 3, retryDelayMs: options.retryDelayMs ?? 1000, lockStaleMs: options.lockStaleMs ?? 30_000,
  };
  // The first required file pins the revision to a commit; everything after is fetched at that commit.
  // Its HEAD is tried again after a reset only when no complete snapshot of the revision is cached: one
  // that is serves at once (a firewall resetting every connection would hold each load for seconds).
  const first = plan.required[0];
  const known = await readRef(cacheDir, repo, revision);
  const servable = known !== undefined && (await readManifest(cacheDir, repo, known, kind)) !== undefined;
  const firstMeta = await fileMetadata(resolveUrl(ctx.endpoint, repo, revision, first), ctx, { repo, revision, file: first }, servable ? { ...policy, maxResumes: 0 } : policy);
  const commit = firstMeta.commit;
  if (!COMMIT.test(commit)) throw new ModelStoreError('bad-response', `The Hub sent an invalid commit id "${commit}" for ${repo}.`);
  const cached = await readManifest(cacheDir, repo, commit, kind);
  if (cached) {
    // The snapshot serves whether or not the ref can be written (a read-only cache).
    await writeRef(cacheDir, repo, revision, commit).catch(() => undefined);
    return done(cacheDir, cached, revision, 'cache');
  }

  const what = (file: string) => ({ repo, revision: commit, file });
  const head = (file: string) => fileMetadata(resolveUrl(ctx.endpoint, repo, commit, file), ctx, what(file), policy);
  const headIfPresent = async (file: string): Promise<FileMetadata | undefined> => {
    try {
      return await head(file);
    } catch (e) {
      if (e instanceof ModelStoreError && e.code === 'file-not-found') return undefined;
      throw e;
    }
  };

  // Probed in parallel: each HEAD is a round trip (two for small files behind their redirect).
  const planned: PlannedFile[] = [{ path: first, meta: firstMeta }];
  const rest = plan.required.slice(1);
  for (const file of [...rest, ...plan.optional, ...plan.weights]) checkRepoPath(file);
  const [required, optional, weightMetas] = await Promise.all([
    Promise.all(rest.map(head)),
    Promise.all(plan.optional.map(headIfPresent)),
    Promise.all(plan.weights.map(headIfPresent)),
  ]);
  rest.forEach((path, i) => planned.push({ path, meta: required[i] }));
  plan.optional.forEach((path, i) => { if (optional[i]) planned.push({ path, meta: optional[i]! }); });
  const present = new Set(planned.map((f) => f.path));
  if (plan.tokenizer && !plan.tokenizer.some((set) => set.every((f) => present.has(f)))) {
    const needs = plan.tokenizer.map((set) => set.join(' with ')).join(', or ');
    throw new ModelStoreError('file-not-found', `The model ${repo} has no tokenizer this extension can read at revision "${revision}" (it needs ${needs}); nothing was downloaded.`);
  }
  const w = weightMetas.findIndex((m) => m !== undefined);
  if (w < 0) {
    throw new ModelStoreError('file-not-found', `The model ${repo} has no weights this extension can read at revision "${revision}" (looked for ${plan.weights.join(', ')}).`);
  }
  const weights: PlannedFile = { path: plan.weights[w], meta: weightMetas[w]! };
  planned.push(weights);

  const dir = snapshotDir(cacheDir, repo, commit);
  const progress = makeProgress(planned, options);
  const fetchOne = async (file: PlannedFile): Promise<void> => {
    const path = join(dir, file.path);
    if (existsSync(path) && (file.meta.size === undefined || statSync(path).size === file.meta.size)) {
      progress.update(file, statSync(path).size, true);
      return;
    }
    await downloadFile({
      url: resolveUrl(ctx.endpoint, repo, commit, file.path), meta: file.meta, path, what: what(file.path), ...policy,
      onBytes: (n) => progress.update(file, n), onNote: (note) => progress.note(file, note),
    }, ctx);
    progress.update(file, statSync(path).size);
  };
  for (const file of planned) {
    if (file === weights) await options.checkFiles?.(dir);
    await fetchOne(file);
  }

  if (weights.path.endsWith('.index.json')) {
    let shards: string[];
    try {
      shards = shardsOfIndex(await readFile(join(dir, weights.path), 'utf8'), weights.path);
    } catch (e) {
      throw new ModelStoreError('bad-response', (e as CheckpointError).message, { file: weights.path });
    }
    for (const shard of shards) checkRepoPath(shard);
    const shardFiles: PlannedFile[] = await Promise.all(shards.map(async (shard) => ({ path: shard, meta: await head(shard) })));
    progress.add(shardFiles);
    for (const file of shardFiles) await fetchOne(file);
    planned.push(...shardFiles);
  }

  const files: CachedFile[] = planned.map((f) => ({ path: f.path, size: statSync(join(dir, f.path)).size, sha256: f.meta.sha256 }));
  const manifest: Manifest = { repo, commit, kind, files };
  // Stopped as the last file came in (the model being deleted, say): no manifest or ref makes it complete.
  if (ctx.signal?.aborted) throw cancelled();
  await writeManifest(cacheDir, manifest);
  await writeRef(cacheDir, repo, revision, commit);
  return done(cacheDir, manifest, revision, 'hub');
}

function done(cacheDir: string, manifest: Manifest, revision: string, source: 'hub' | 'cache'): ResolvedModel {
  return {
    folder: snapshotDir(cacheDir, manifest.repo, manifest.commit),
    repo: manifest.repo,
    revision,
    commit: manifest.commit,
    files: manifest.files.map((f) => f.path),
    source,
  };
}

/** Aggregates per-file byte counts into the progress callback's totals. */
function makeProgress(initial: PlannedFile[], options: ResolveOptions) {
  const sizes = new Map<string, number | undefined>();
  const received = new Map<string, number>();
  const add = (files: PlannedFile[]): void => { for (const f of files) sizes.set(f.path, f.meta.size); };
  add(initial);
  const total = (): number | undefined => {
    let sum = 0;
    for (const size of sizes.values()) {
      if (size === undefined) return undefined;
      sum += size;
    }
    return sum;
  };
  const report = (file: PlannedFile, extra: { cached?: boolean; note?: string }): void => {
    let sum = 0;
    for (const n of received.values()) sum += n;
    options.onProgress?.({ file: file.path, fileBytes: received.get(file.path) ?? 0, fileTotal: file.meta.size, bytes: sum, total: total(), ...extra });
  };
  const update = (file: PlannedFile, bytes: number, cached = false): void => {
    received.set(file.path, bytes);
    report(file, cached ? { cached } : {});
  };
  const note = (file: PlannedFile, text: string): void => report(file, { note: text });
  return { add, update, note };
}
