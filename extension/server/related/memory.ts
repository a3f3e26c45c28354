// The papers of the last rankings, per manuscript, so that an action on a paper id from the panel
// finds what was shown. Semantic Scholar papers exist nowhere else on this machine, so they are also
// kept on disk (under the related-work storage folder, as long as Semantic Scholar answers are cached):
// "Cite here" on a paper shown before a restart of the server, or with Semantic Scholar since turned
// off, still finds it.
import { join } from 'node:path';
import { ResponseCache } from '../../net/semantic-scholar/cache.ts';
import { S2_CACHE_MAX_AGE_MS } from '../../net/semantic-scholar/client.ts';
import type { WireRankedPaper } from '../../protocol/index.ts';

export interface RankedPapersOptions {
  maxDocuments?: number;
  /** Age limit of the papers kept on disk (default: the Semantic Scholar cache's). */
  maxAgeMs?: number;
  now?: () => number;
}

export class RankedPapers {
  private readonly byUri = new Map<string, Map<string, WireRankedPaper>>();
  private readonly maxDocuments: number;
  private readonly stores = new Map<string, ResponseCache>();

  constructor(private readonly options: RankedPapersOptions = {}) {
    this.maxDocuments = options.maxDocuments ?? 8;
  }

  private store(storageDir: string): ResponseCache {
    let store = this.stores.get(storageDir);
    if (!store) {
      store = new ResponseCache(join(storageDir, 'papers'), this.options.maxAgeMs ?? S2_CACHE_MAX_AGE_MS, this.options.now ?? Date.now);
      this.stores.set(storageDir, store);
    }
    return store;
  }

  /** Keeps the papers in memory; with a storage folder, Semantic Scholar papers are written to disk too (in the background). */
  remember(uri: string, papers: readonly WireRankedPaper[], storageDir?: string): Promise<void> {
    const known = this.byUri.get(uri) ?? new Map<string, WireRankedPaper>();
    this.byUri.delete(uri);
    for (const paper of papers) known.set(paper.id, paper);
    // Bounded: a long session keeps the latest few hundred papers per manuscript.
    while (known.size > 500) known.delete(known.keys().next().value as string);
    this.byUri.set(uri, known);
    while (this.byUri.size > this.maxDocuments) this.byUri.delete(this.byUri.keys().next().value as string);
    if (!storageDir) return Promise.resolve();
    const store = this.store(storageDir);
    const remote = papers.filter((paper) => paper.id.startsWith('s2:'));
    // Failing to write the cache costs only a "rank again" later: never fail the ranking for it.
    return Promise.all(remote.map((paper) => store.put(`paper ${paper.id}`, JSON.stringify(paper)))).then(() => undefined, () => undefined);
  }

  find(uri: string, id: string): WireRankedPaper | undefined {
    return this.byUri.get(uri)?.get(id);
  }

  /** The paper from memory, else (a Semantic Scholar paper shown earlier, within the age limit) from disk. */
  async recall(uri: string, id: string, storageDir?: string): Promise<WireRankedPaper | undefined> {
    const known = this.find(uri, id);
    if (known || !storageDir || !id.startsWith('s2:')) return known;
    const stored = await this.store(storageDir).get(`paper ${id}`);
    if (stored === undefined) return undefined;
    try {
      const paper = JSON.parse(stored) as WireRankedPaper;
      return paper.id === id && typeof paper.title === 'string' ? paper : undefined;
    } catch {
      return undefined;
    }
  }
}
