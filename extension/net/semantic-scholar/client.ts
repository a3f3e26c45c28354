// Semantic Scholar client: relevance search, `POST /paper/batch` for SPECTER2 vectors (search does not
// return embeddings), recommendations from positive/negative seeds, lookup by DOI or arXiv id (and
// Crossref for DOIs). One request at a time, spaced by `minIntervalMs` (1 s with a key, as S2 asks);
// 429 waits for Retry-After (or backs off exponentially), 5xx and timeouts are retried a bounded
// number of times; successful responses are cached on disk with an age limit.
import { ResponseCache } from './cache.ts';
import { httpRequest, type HttpRequest, type HttpResponse } from '../http.ts';
import { ProxyError, proxySetting, type ProxyEnv } from '../proxy.ts';
import type { CrossrefWork, S2Paper, S2RecommendationsResponse, S2SearchResponse } from './types.ts';

export const S2_GRAPH_URL = 'https://api.semanticscholar.org/graph/v1';
export const S2_RECOMMENDATIONS_URL = 'https://api.semanticscholar.org/recommendations/v1';
export const CROSSREF_URL = 'https://api.crossref.org';
/** How long Semantic Scholar answers are kept on disk (and the papers the panel showed). */
export const S2_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** Fields asked for on search and recommendations results. */
export const LIST_FIELDS = ['paperId', 'title', 'abstract', 'venue', 'year', 'authors', 'citationCount', 'externalIds', 'url', 'openAccessPdf', 'publicationTypes', 'journal', 'publicationDate'];
/** Fields asked for in a batch: the list fields plus what only the paper endpoints give. */
export const BATCH_FIELDS = [...LIST_FIELDS, 'tldr', 'citationStyles', 'embedding.specter_v2'];

export interface S2ClientOptions {
  /** Academic Graph base URL (tests point it at 127.0.0.1). */
  baseUrl?: string;
  recommendationsUrl?: string;
  crossrefUrl?: string;
  /** Sent as `x-api-key`. */
  apiKey?: string;
  /** VS Code's `http.proxy`; without it HTTPS_PROXY / HTTP_PROXY / NO_PROXY from `env` (../proxy.ts decides per URL). */
  proxy?: string;
  proxyStrictSSL?: boolean;
  /** Where the proxy variables are read (default process.env). */
  env?: ProxyEnv;
  /** Milliseconds before a request is abandoned (default 15 s). */
  timeoutMs?: number;
  /** Least time between two requests (default 1000 ms with a key, 0 without). */
  minIntervalMs?: number;
  /** How many times a 429 is waited out (default 3). */
  maxRateLimitRetries?: number;
  /** How many times a 5xx or a timeout is retried (default 2). */
  maxServerRetries?: number;
  /** First back-off delay when the server says nothing (default 1000 ms, doubled each time, at most 30 s). */
  backoffMs?: number;
  /** On-disk response cache; omitted: no cache. */
  cacheDir?: string;
  /** Age limit of cached responses (default 7 days). */
  cacheMaxAgeMs?: number;
  /** Waits (injectable so tests can observe the delays asked for without waiting them out). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** The transport (default: ../http.ts). */
  request?: (req: HttpRequest) => Promise<HttpResponse>;
}

export class S2Error extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly kind: 'rate-limited' | 'server' | 'timeout' | 'client' | 'network' | 'malformed',
  ) {
    super(message);
    this.name = 'S2Error';
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RequestLog {
  url: string;
  method: string;
  status: number | 'timeout' | 'network' | 'cache';
}

export class S2Client {
  readonly baseUrl: string;
  readonly recommendationsUrl: string;
  readonly crossrefUrl: string;
  private readonly cache?: ResponseCache;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private lastRequestAt = -Infinity;
  /** Every request made or served from the cache, for the panel's status line and for tests. */
  readonly log: RequestLog[] = [];

  constructor(private readonly options: S2ClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? S2_GRAPH_URL).replace(/\/+$/, '');
    this.recommendationsUrl = (options.recommendationsUrl ?? S2_RECOMMENDATIONS_URL).replace(/\/+$/, '');
    this.crossrefUrl = (options.crossrefUrl ?? CROSSREF_URL).replace(/\/+$/, '');
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    if (options.cacheDir) this.cache = new ResponseCache(options.cacheDir, options.cacheMaxAgeMs ?? S2_CACHE_MAX_AGE_MS, this.now);
  }

  /** Relevance search (`GET /paper/search`); `limit` ≤ 100. */
  async search(query: string, options: { limit?: number; fields?: string[]; signal?: AbortSignal } = {}): Promise<S2Paper[]> {
    const params = new URLSearchParams({ query, limit: String(Math.min(100, options.limit ?? 20)), fields: (options.fields ?? LIST_FIELDS).join(',') });
    const response = await this.json<S2SearchResponse>(`${this.baseUrl}/paper/search?${params}`, { signal: options.signal });
    return (response.data ?? []).filter(isPaper);
  }

  /** `POST /paper/batch` (≤ 500 ids per call, split here); the answer keeps the order of `ids`, unknown ids give null. */
  async batch(ids: string[], options: { fields?: string[]; signal?: AbortSignal } = {}): Promise<(S2Paper | null)[]> {
    const out: (S2Paper | null)[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const params = new URLSearchParams({ fields: (options.fields ?? BATCH_FIELDS).join(',') });
      const response = await this.json<(S2Paper | null)[]>(`${this.baseUrl}/paper/batch?${params}`, { method: 'POST', body: JSON.stringify({ ids: chunk }), signal: options.signal });
      if (!Array.isArray(response)) throw new S2Error('the batch answer is not a list', 200, 'malformed');
      for (let j = 0; j < chunk.length; j++) out.push(isPaper(response[j]) ? response[j] : null);
    }
    return out;
  }

  /** Recommendations (`POST /papers/`) from papers to follow and papers to avoid. */
  async recommend(positive: string[], negative: string[] = [], options: { limit?: number; fields?: string[]; signal?: AbortSignal } = {}): Promise<S2Paper[]> {
    if (positive.length === 0) return [];
    const params = new URLSearchParams({ limit: String(Math.min(500, options.limit ?? 20)), fields: (options.fields ?? LIST_FIELDS).join(',') });
    const response = await this.json<S2RecommendationsResponse>(`${this.recommendationsUrl}/papers/?${params}`, {
      method: 'POST',
      body: JSON.stringify({ positivePaperIds: positive, negativePaperIds: negative }),
      signal: options.signal,
    });
    return (response.recommendedPapers ?? []).filter(isPaper);
  }

  /** One paper by DOI (`10.1/x`, `doi:...`, `https://doi.org/...`) or arXiv id (`2101.00001`, `arXiv:...`); undefined when S2 does not know it. */
  async lookup(id: string, options: { fields?: string[]; signal?: AbortSignal } = {}): Promise<S2Paper | undefined> {
    const s2Id = paperIdFor(id);
    if (!s2Id) throw new S2Error(`not a DOI or arXiv id: ${id}`, 0, 'client');
    const [paper] = await this.batch([s2Id], options);
    return paper ?? undefined;
  }

  /** Crossref's record of a DOI (`GET /works/{doi}`); undefined on 404. */
  async crossref(doi: string, options: { signal?: AbortSignal } = {}): Promise<CrossrefWork | undefined> {
    const clean = /(10\.\d{3,9}\/\S+)/.exec(doi)?.[1];
    if (!clean) throw new S2Error(`not a DOI: ${doi}`, 0, 'client');
    try {
      const response = await this.json<{ message?: CrossrefWork }>(`${this.crossrefUrl}/works/${encodeURIComponent(clean)}`, { signal: options.signal, external: true });
      return response.message;
    } catch (error) {
      if (error instanceof S2Error && error.status === 404) return undefined;
      throw error;
    }
  }

  private async json<T>(url: string, init: { method?: 'GET' | 'POST'; body?: string; signal?: AbortSignal; external?: boolean }): Promise<T> {
    const body = await this.fetchText(url, init);
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new S2Error(`not JSON from ${new URL(url).pathname}`, 200, 'malformed');
    }
  }

  private async fetchText(url: string, init: { method?: 'GET' | 'POST'; body?: string; signal?: AbortSignal; external?: boolean }): Promise<string> {
    const method = init.method ?? 'GET';
    const cacheKey = `${method} ${url} ${init.body ?? ''}`;
    const cached = await this.cache?.get(cacheKey);
    if (cached !== undefined) {
      this.log.push({ url, method, status: 'cache' });
      return cached;
    }
    // One request at a time, so the spacing below holds across concurrent callers.
    const run = this.queue.then(() => this.send(url, method, init));
    this.queue = run.catch(() => undefined);
    const text = await run;
    await this.cache?.put(cacheKey, text);
    return text;
  }

  private async send(url: string, method: 'GET' | 'POST', init: { body?: string; signal?: AbortSignal; external?: boolean }): Promise<string> {
    const headers: Record<string, string> = {};
    if (this.options.apiKey && !init.external) headers['x-api-key'] = this.options.apiKey;
    const interval = this.options.minIntervalMs ?? (this.options.apiKey ? 1000 : 0);
    const request = this.options.request ?? httpRequest;
    let rateRetries = 0;
    let serverRetries = 0;
    let backoff = this.options.backoffMs ?? 1000;
    for (;;) {
      const wait = this.lastRequestAt + interval - this.now();
      if (wait > 0) await this.sleep(wait, init.signal);
      this.lastRequestAt = this.now();
      const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15000);
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let response: HttpResponse;
      try {
        response = await request({ url, method, headers, body: init.body, signal, proxy: proxySetting(this.options), ...(this.options.env ? { env: this.options.env } : {}) });
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason;
        // A misconfigured or refusing proxy does not get better by asking again.
        if (error instanceof ProxyError && error.kind !== 'unreachable') {
          this.log.push({ url, method, status: 'network' });
          throw new S2Error(error.message, error.details.status ?? 0, 'network');
        }
        const timedOut = timeout.aborted;
        this.log.push({ url, method, status: timedOut ? 'timeout' : 'network' });
        if (serverRetries < (this.options.maxServerRetries ?? 2)) {
          serverRetries++;
          await this.sleep(backoff, init.signal);
          backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        if (timedOut) throw new S2Error(`no answer from ${new URL(url).host} within ${this.options.timeoutMs ?? 15000} ms`, 0, 'timeout');
        throw new S2Error(`cannot reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`, 0, 'network');
      }
      this.log.push({ url, method, status: response.status });
      if (response.status >= 200 && response.status < 300) return response.body;
      if (response.status === 429) {
        if (rateRetries < (this.options.maxRateLimitRetries ?? 3)) {
          rateRetries++;
          const after = retryAfterMs(response.headers['retry-after'], this.now());
          await this.sleep(Math.min(after ?? backoff, 120000), init.signal);
          if (after === undefined) backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        throw new S2Error(`rate limited by ${new URL(url).host}${this.options.apiKey ? '' : ' (an API key raises the limit)'}: ${errorMessage(response.body)}`, 429, 'rate-limited');
      }
      if (response.status >= 500) {
        if (serverRetries < (this.options.maxServerRetries ?? 2)) {
          serverRetries++;
          await this.sleep(backoff, init.signal);
          backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        throw new S2Error(`${new URL(url).host} failed with HTTP ${response.status}: ${errorMessage(response.body)}`, response.status, 'server');
      }
      throw new S2Error(`HTTP ${response.status} from ${new URL(url).pathname}: ${errorMessage(response.body)}`, response.status, 'client');
    }
  }
}

/** S2's error bodies: `{"error": "..."}`, or `{"message": "...", "code": "429"}` for rate limits. */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

function isPaper(value: unknown): value is S2Paper {
  return typeof value === 'object' && value !== null && typeof (value as S2Paper).paperId === 'string';
}

/** The batch id form of a DOI or arXiv id: `DOI:10.1/x`, `ARXIV:2101.00001`; a 40-hex S2 id as is. */
export function paperIdFor(id: string): string | undefined {
  const text = id.trim();
  if (/^[0-9a-f]{40}$/i.test(text)) return text.toLowerCase();
  if (/^(CorpusId|MAG|ACL|PMID|PMCID):/i.test(text)) return text;
  const doi = /(10\.\d{3,9}\/\S+)/.exec(text);
  if (doi && !/arxiv/i.test(text.slice(0, doi.index))) return `DOI:${doi[1].replace(/[.,;]+$/, '')}`;
  const arxiv = /(?:arxiv[:/ ]*(?:abs\/|pdf\/)?)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/i.exec(text);
  if (arxiv) return `ARXIV:${arxiv[1]}`;
  return undefined;
}
