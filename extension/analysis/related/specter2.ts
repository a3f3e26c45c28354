// SPECTER2 through the inference engine: the base model with the proximity adapter for papers
// (title [SEP] abstract) and the ad-hoc-query adapter for a paragraph query (proximity again for a
// title+abstract scope, which is itself a paper). CLS pooling, unit-length vectors, as S2's own
// `specter_v2` vectors, which live in the same space.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmbeddingPipeline } from '../../inference/pipelines/embeddings.ts';
import { sessionRunner } from '../../inference/pipelines/encoder.ts';
import { loadEncoder, type LoadedEncoder, type LoadEncoderOptions } from '../../inference/runtime/load.ts';
import { normalize } from '../../core/related/cosine.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { readSpecter2Pointer } from './specter2-pointer.ts';

/** Where a SPECTER2 model lives on disk. */
export interface Specter2Location {
  /** The base model folder (allenai/specter2_base): config.json, tokenizer, weights. */
  base: string;
  /** The proximity adapter folder (allenai/specter2): adapter_config.json + pytorch_adapter.bin. */
  proximity: string;
  /** The ad-hoc-query adapter folder (allenai/specter2_adhoc_query), when downloaded. */
  adhocQuery?: string;
}

/**
 * Finds a SPECTER2 layout in a folder: `base/` plus `proximity/` (or `adapter/`, as the test fixture
 * names it) and optionally `adhoc_query/`, else the `specter2.json` pointer a download leaves there
 * (specter2-pointer.ts). Undefined when the folder holds neither.
 */
export function findSpecter2(folder: string): Specter2Location | undefined {
  const dir = resolve(folder);
  return layoutIn(dir) ?? readSpecter2Pointer(dir);
}

function layoutIn(dir: string): Specter2Location | undefined {
  const base = join(dir, 'base');
  if (!existsSync(join(base, 'config.json'))) return undefined;
  const proximity = ['proximity', 'adapter'].map((name) => join(dir, name)).find((path) => existsSync(join(path, 'adapter_config.json')));
  if (!proximity) return undefined;
  const adhoc = ['adhoc_query', 'adhoc-query'].map((name) => join(dir, name)).find((path) => existsSync(join(path, 'adapter_config.json')));
  return { base, proximity, ...(adhoc ? { adhocQuery: adhoc } : {}) };
}

export interface PaperText {
  title: string;
  abstract?: string;
}

/** What the related-work ranking needs from an embedding model. */
export interface PaperEmbedder {
  /** Identifies the model (and adapter) for caches: differs per model, so cached vectors never mix. */
  readonly id: string;
  /** The model as the panel names it ("SPECTER2", a Hub id, a folder). */
  readonly name: string;
  /** True when vectors live in SPECTER2's space, where Semantic Scholar's `specter_v2` vectors can stand in for local ones. */
  readonly specter2Compatible: boolean;
  /** Unit-length embeddings of papers (proximity). */
  embedPapers(papers: PaperText[]): Promise<Float32Array[]>;
  /** Unit-length embedding of a query: ad-hoc-query adapter for a paragraph or section, proximity for title+abstract. */
  embedQuery(text: string, kind: 'paragraph' | 'paper'): Promise<Float32Array>;
  /** True when queries fall back to the proximity adapter (no ad-hoc-query adapter downloaded). */
  readonly queryFallback: boolean;
  release(): Promise<void>;
}

/** Identifies a SPECTER2 model (base and adapter folders) in caches. */
export function specter2Id(location: Specter2Location): string {
  return `specter2:${location.base}|${location.proximity}|${location.adhocQuery ?? ''}`;
}

/** SPECTER2 from `location`, with its paper vectors cached on disk under `cacheDir` (keyed by the model) when given. */
export function specter2Embedder(location: Specter2Location, cacheDir?: string): Specter2Embedder {
  return new Specter2Embedder(location, {}, cacheDir ? new EmbeddingCache(cacheDir, specter2Id(location)) : undefined);
}

export class Specter2Embedder implements PaperEmbedder {
  private readonly encoders = new Map<string, Promise<LoadedEncoder>>();
  /** The ad-hoc-query adapter's folder went before it was loaded (deleted in Manage Models): queries use proximity. */
  private adhocGone = false;
  readonly id: string;
  readonly name = 'SPECTER2';
  readonly specter2Compatible = true;

  constructor(
    readonly location: Specter2Location,
    private readonly loadOptions: Omit<LoadEncoderOptions, 'adapterFolder'> = {},
    private readonly cache?: EmbeddingCache,
  ) {
    this.id = specter2Id(location);
  }

  get queryFallback(): boolean {
    return this.location.adhocQuery === undefined || this.adhocGone;
  }

  private encoder(adapter: string): Promise<LoadedEncoder> {
    let loaded = this.encoders.get(adapter);
    if (!loaded) {
      loaded = loadEncoder(this.location.base, { ...this.loadOptions, adapterFolder: adapter });
      this.encoders.set(adapter, loaded);
    }
    return loaded;
  }

  private async run(adapter: string, texts: string[]): Promise<Float32Array[]> {
    const encoder = await this.encoder(adapter);
    const pipeline = new EmbeddingPipeline(encoder.tokenizer, sessionRunner(encoder.session));
    const vectors = await pipeline.run(texts, { pooling: 'cls', maxLength: Math.min(512, encoder.info.maxSequenceLength), batchSize: 8 });
    return vectors.map((v) => normalize(v));
  }

  /** SPECTER2's paper text: title, the tokenizer's separator, abstract. */
  async paperText(paper: PaperText): Promise<string> {
    const encoder = await this.encoder(this.location.proximity);
    const sepId = encoder.tokenizer.sepTokenId;
    const sep = (sepId !== undefined ? encoder.tokenizer.idToToken(sepId) : undefined) ?? '[SEP]';
    // As SPECTER2 documents it: title + sep_token + (abstract or ""), so a title alone still ends in the separator.
    return `${paper.title}${sep}${paper.abstract ?? ''}`;
  }

  async embedPapers(papers: PaperText[]): Promise<Float32Array[]> {
    const texts = await Promise.all(papers.map((paper) => this.paperText(paper)));
    const out: (Float32Array | undefined)[] = [];
    const missing: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      const cached = await this.cache?.get(texts[i]);
      out.push(cached);
      if (!cached) missing.push(i);
    }
    if (missing.length > 0) {
      const vectors = await this.run(this.location.proximity, missing.map((i) => texts[i]));
      for (let j = 0; j < missing.length; j++) {
        out[missing[j]] = vectors[j];
        await this.cache?.set(texts[missing[j]], vectors[j]);
      }
      await this.cache?.flush();
    }
    return out as Float32Array[];
  }

  async embedQuery(text: string, kind: 'paragraph' | 'paper'): Promise<Float32Array> {
    const [vector] = await this.run(await this.queryAdapter(kind), [text]);
    return vector;
  }

  /**
   * The ad-hoc-query adapter for a paragraph, else proximity; proximity too when that adapter's folder went
   * before it was loaded (deleted in Manage Models): it is optional, and the SPECTER2 found next has none.
   */
  private async queryAdapter(kind: 'paragraph' | 'paper'): Promise<string> {
    const adhoc = this.location.adhocQuery;
    if (kind === 'paper' || !adhoc || this.adhocGone) return this.location.proximity;
    try {
      await this.encoder(adhoc);
      return adhoc;
    } catch (error) {
      if (existsSync(join(adhoc, 'adapter_config.json'))) throw error;
      this.adhocGone = true;
      return this.location.proximity;
    }
  }

  /** Releases every encoder that loaded (one whose load failed holds no session); a release that failed is thrown once all were tried. */
  async release(): Promise<void> {
    const loads = [...this.encoders.values()];
    this.encoders.clear();
    const loaded = (await Promise.allSettled(loads)).flatMap((load) => (load.status === 'fulfilled' ? [load.value] : []));
    const failed = (await Promise.allSettled(loaded.map((encoder) => encoder.release()))).flatMap((release) => (release.status === 'rejected' ? [release.reason as unknown] : []));
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) throw new AggregateError(failed, `${failed.length} SPECTER2 encoder sessions could not be released`);
  }
}

