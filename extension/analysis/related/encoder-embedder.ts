// Paper embeddings from any plain BERT/RoBERTa encoder folder (a local model, or a Hub model the store
// downloaded): CLS pooling like the embeddings pipeline, unit-length vectors; papers as SPECTER2 writes
// them (title, the tokenizer's separator, abstract), queries as their text. Its vectors live in its own
// space, never in SPECTER2's: Semantic Scholar's `specter_v2` vectors cannot stand in for them.
import { resolve } from 'node:path';
import { EmbeddingPipeline } from '../../inference/pipelines/embeddings.ts';
import { sessionRunner } from '../../inference/pipelines/encoder.ts';
import { loadEncoder, type LoadedEncoder, type LoadEncoderOptions, type ModelSource } from '../../inference/runtime/load.ts';
import { normalize } from '../../core/related/cosine.ts';
import type { EmbeddingCache } from './embedding-cache.ts';
import type { PaperEmbedder, PaperText } from './specter2.ts';

export interface EncoderEmbedderOptions {
  /** What the panel calls the model (default: the folder). */
  name?: string;
  /** The cache id (default: encoderEmbedderId of the folder and source). */
  id?: string;
  /** Where the folder came from (a Hub repo pinned to a commit), for the id and the built-model cache. */
  source?: ModelSource;
  load?: Omit<LoadEncoderOptions, 'adapterFolder' | 'head' | 'source'>;
  cache?: EmbeddingCache;
}

/** The id of an encoder's vectors: the Hub repo and commit, else the folder (a different model, a different id). */
export function encoderEmbedderId(folder: string, source?: ModelSource): string {
  return source ? `encoder:${source.repo}@${source.commit}|cls|title-sep-abstract` : `encoder:${resolve(folder)}|cls|title-sep-abstract`;
}

export class EncoderEmbedder implements PaperEmbedder {
  private loaded?: Promise<LoadedEncoder>;
  readonly id: string;
  readonly name: string;
  readonly specter2Compatible = false;
  readonly queryFallback = false;

  constructor(readonly folder: string, private readonly options: EncoderEmbedderOptions = {}) {
    this.id = options.id ?? encoderEmbedderId(folder, options.source);
    this.name = options.name ?? folder;
  }

  private encoder(): Promise<LoadedEncoder> {
    this.loaded ??= loadEncoder(this.folder, { ...this.options.load, head: 'embedding', ...(this.options.source ? { source: this.options.source } : {}) });
    return this.loaded;
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    const encoder = await this.encoder();
    const pipeline = new EmbeddingPipeline(encoder.tokenizer, sessionRunner(encoder.session));
    const vectors = await pipeline.run(texts, { pooling: 'cls', maxLength: Math.min(512, encoder.info.maxSequenceLength), batchSize: 8 });
    return vectors.map((v) => normalize(v));
  }

  /** title + the tokenizer's separator + (abstract or ""), as SPECTER2 writes a paper. */
  async paperText(paper: PaperText): Promise<string> {
    const encoder = await this.encoder();
    const sepId = encoder.tokenizer.sepTokenId;
    const sep = (sepId !== undefined ? encoder.tokenizer.idToToken(sepId) : undefined) ?? '[SEP]';
    return `${paper.title}${sep}${paper.abstract ?? ''}`;
  }

  async embedPapers(papers: PaperText[]): Promise<Float32Array[]> {
    const texts = await Promise.all(papers.map((paper) => this.paperText(paper)));
    const cache = this.options.cache;
    const out: (Float32Array | undefined)[] = [];
    const missing: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      const cached = await cache?.get(texts[i]);
      out.push(cached);
      if (!cached) missing.push(i);
    }
    if (missing.length > 0) {
      const vectors = await this.run(missing.map((i) => texts[i]));
      for (let j = 0; j < missing.length; j++) {
        out[missing[j]] = vectors[j];
        await cache?.set(texts[missing[j]], vectors[j]);
      }
      await cache?.flush();
    }
    return out as Float32Array[];
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.run([text]);
    return vector;
  }

  async release(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await (await loaded).release();
  }
}
