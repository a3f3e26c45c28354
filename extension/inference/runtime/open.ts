// openModel("org/name" | folder): resolves the model (and adapter) through the model store,
// then loads it with the cache keyed by the Hub commit.
import { existsSync, statSync } from 'node:fs';
import { resolveModel } from '../store/resolve-model.ts';
import type { ModelKind, ResolveOptions, ResolvedModel } from '../store/types.ts';
import { loadModel, type LoadedModel } from './model.ts';
import type { LoadEncoderOptions, ModelSource } from './load.ts';

export interface OpenModelOptions extends Omit<LoadEncoderOptions, 'adapterFolder' | 'source' | 'adapterSource'> {
  /** Hub id or folder of an adapters-library adapter. */
  adapter?: string;
  /** Branch, tag or commit of a Hub model (default main). */
  revision?: string;
  store?: ResolveOptions;
}

/** A local folder when `spec` names one, else a Hub repo id. */
export async function resolveSpec(spec: string, kind: ModelKind, revision: string | undefined, store: ResolveOptions = {}): Promise<ResolvedModel> {
  if (existsSync(spec) && statSync(spec).isDirectory()) return resolveModel({ folder: spec, kind }, store);
  return resolveModel({ repo: spec, revision, kind }, store);
}

function sourceOf(r: ResolvedModel): ModelSource | undefined {
  return r.repo && r.commit ? { repo: r.repo, commit: r.commit } : undefined;
}

export async function openModel(spec: string, options: OpenModelOptions = {}): Promise<LoadedModel> {
  const { adapter, revision, store, ...load } = options;
  const model = await resolveSpec(spec, 'model', revision, store);
  const adapterModel = adapter ? await resolveSpec(adapter, 'adapter', undefined, store) : undefined;
  return loadModel(model.folder, {
    ...load,
    ...(adapterModel ? { adapterFolder: adapterModel.folder, adapterSource: sourceOf(adapterModel), head: load.head ?? 'embedding' } : {}),
    source: sourceOf(model),
  });
}
