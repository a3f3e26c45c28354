// openModel("org/name" | folder): resolves the model (and adapter) through the model store,
// then loads it with the cache keyed by the Hub commit.
import { existsSync, statSync } from 'node:fs';
import { resolveModel } from '../store/resolve-model.ts';
import type { ModelKind, ResolveOptions, ResolvedModel } from '../store/types.ts';
import { ConfigError, defaultHead, type HeadKind } from '../onnx/config.ts';
import { readConfig } from './build.ts';
import { loadModel, type LoadedModel } from './model.ts';
import type { LoadEncoderOptions, ModelSource } from './load.ts';

export interface OpenModelOptions extends Omit<LoadEncoderOptions, 'adapterFolder' | 'source' | 'adapterSource'> {
  /** Hub id or folder of an adapters-library adapter. */
  adapter?: string;
  /** Branch, tag or commit of a Hub model (default main). */
  revision?: string;
  store?: ResolveOptions;
  /** The task the caller runs: a checkpoint whose head is another one is refused before its weights are downloaded. */
  task?: HeadKind;
}

/** A local folder when `spec` names one, else a Hub repo id. */
export async function resolveSpec(spec: string, kind: ModelKind, revision: string | undefined, store: ResolveOptions = {}): Promise<ResolvedModel> {
  if (existsSync(spec) && statSync(spec).isDirectory()) return resolveModel({ folder: spec, kind }, store);
  return resolveModel({ repo: spec, revision, kind }, store);
}

function sourceOf(r: ResolvedModel): ModelSource | undefined {
  return r.repo && r.commit ? { repo: r.repo, commit: r.commit } : undefined;
}

/** Throws when the folder's config.json is one the graph builder cannot read, or its head is not `task`'s. */
async function checkConfig(spec: string, folder: string, head: HeadKind | undefined, task: HeadKind | undefined): Promise<void> {
  const config = await readConfig(folder);
  const implied = head ?? defaultHead(config);
  if (task && implied !== task) throw new ConfigError(`${spec} is not a ${task} model (its head: ${implied})`);
}

export async function openModel(spec: string, options: OpenModelOptions = {}): Promise<LoadedModel> {
  const { adapter, revision, store, task, ...load } = options;
  const check = (folder: string) => checkConfig(spec, folder, load.head ?? (adapter ? 'embedding' : undefined), task);
  const model = await resolveSpec(spec, 'model', revision, {
    ...store,
    checkFiles: async (folder) => {
      await store?.checkFiles?.(folder);
      await check(folder);
    },
  });
  if (model.source !== 'hub') await check(model.folder);
  const adapterModel = adapter ? await resolveSpec(adapter, 'adapter', undefined, store) : undefined;
  return loadModel(model.folder, {
    ...load,
    ...(adapterModel ? { adapterFolder: adapterModel.folder, adapterSource: sourceOf(adapterModel), head: load.head ?? 'embedding' } : {}),
    source: sourceOf(model),
  });
}
