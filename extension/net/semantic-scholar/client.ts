// Semantic Scholar client: relevance search, `POST /paper/batch` for SPECTER2 vectors (search does not
// return embeddings), recommendations from positive/negative seeds, lookup by DOI or arXiv id (and
// Crossref for DOIs). One request at a time, spaced by `minIntervalMs` (1 s with a key, as S2 asks).
// A user is waiting at the panel, so waits are short: a 429 is waited out (Retry-After, else exponential
// back-off) only while one request's rate-limit waits stay within `maxRateLimitWaitMs` (10 s), else it fails
// at once saying when to try again; 5xx and network failures are retried a bounded number of times, a
// timeout not by default. Answers are cached on disk with an age limit, and only once they parsed and had
// the expected shape: a captive portal's page or a truncated answer is never served from the cache.
import { ResponseCache } from './cache.ts';
import { errorMessage, httpStatus, notJsonMessage, redirectMessage, SEMANTIC_SCHOLAR, serverFailureMessage, timeoutMessage, tooLargeMessage, wrongShapeMessage } from '../failure-messages.ts';
import { httpRequest, ResponseTooLargeError, retryAfterMs, type HttpRequest, type HttpResponse } from '../http.ts';
import { ProxyError, proxySetting, type ProxyEnv } from '../proxy.ts';
import type { S2Paper, S2RecommendationsResponse, S2SearchResponse } from './types.ts';

export const S2_GRAPH_URL = 'https://api.semanticscholar.org/graph/v1';
export const S2_RECOMMENDATIONS_URL = 'https://api.semanticscholar.org/recommendations/v1';
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
  /** The most one request waits on rate limits in all (default 10 s); a longer Retry-After fails at once. */
  maxRateLimitWaitMs?: number;
  /** How many times a 5xx or a network failure is retried (default 2). */
  maxServerRetries?: number;
  /** How many times a request that timed out is sent again (default 0: the user already waited `timeoutMs`). */
  maxTimeoutRetries?: number;
  /** The most body bytes read from one answer (default 8 MB, ../http.ts). */
  maxBodyBytes?: number;
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
    readonly kind: 'rate-limited' | 'server' | 'timeout' | 'client' | 'network' | 'malformed' | 'too-large',
    /** For a rate limit: how long the server asked to wait, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'S2Error';
  }
}

/** The command that stores an API key (package.json `contributes.commands`). */
export const SET_API_KEY_COMMAND = 'SciWrite: Set Semantic Scholar API Key';

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

export interface RequestLog {
  url: string;
  method: string;
  status: number | 'timeout' | 'network' | 'cache';
}

export class S2Client {
  readonly baseUrl: string;
  readonly recommendationsUrl: string;
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
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    if (options.cacheDir) this.cache = new ResponseCache(options.cacheDir, options.cacheMaxAgeMs ?? S2_CACHE_MAX_AGE_MS, this.now);
  }

  /** Relevance search (`GET /paper/search`); `limit` ≤ 100. */
  async search(query: string, options: { limit?: number; fields?: string[]; signal?: AbortSignal } = {}): Promise<S2Paper[]> {
    const params = new URLSearchParams({ query, limit: String(Math.min(100, options.limit ?? 20)), fields: (options.fields ?? LIST_FIELDS).join(',') });
    const response = await this.json<S2SearchResponse>(`${this.baseUrl}/paper/search?${params}`, { signal: options.signal, shape: listIn('data') });
    return (response.data ?? []).filter(isPaper);
  }

  /**
   * `POST /paper/batch` (≤ 500 ids per call; 100 when embeddings are asked for, so one answer stays well under
   * the body size limit); the answer keeps the order of `ids`, unknown ids give null.
   */
  async batch(ids: string[], options: { fields?: string[]; signal?: AbortSignal } = {}): Promise<(S2Paper | null)[]> {
    const out: (S2Paper | null)[] = [];
    const fields = options.fields ?? BATCH_FIELDS;
    const size = fields.some((field) => field.startsWith('embedding')) ? 100 : 500;
    for (let i = 0; i < ids.length; i += size) {
      const chunk = ids.slice(i, i + size);
      const params = new URLSearchParams({ fields: fields.join(',') });
      const response = await this.json<(S2Paper | null)[]>(`${this.baseUrl}/paper/batch?${params}`, {
        method: 'POST',
        body: JSON.stringify({ ids: chunk }),
        signal: options.signal,
        shape: (value) => (Array.isArray(value) ? undefined : 'the batch answer is not a list'),
      });
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
      shape: listIn('recommendedPapers'),
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

  /**
   * A JSON answer, from the cache or the server. It is cached only once it parsed and `shape` found nothing
   * wrong with it; a cached entry that does not pass (one an older version kept) is fetched again.
   */
  private async json<T>(url: string, init: S2RequestInit & { shape: (value: unknown) => string | undefined }): Promise<T> {
    const method = init.method ?? 'GET';
    const cacheKey = `${method} ${url} ${init.body ?? ''}`;
    const cached = await this.cache?.getJson(cacheKey, init.shape);
    if (cached) {
      this.log.push({ url, method, status: 'cache' });
      return cached.value as T;
    }
    // One request at a time, so the spacing below holds across concurrent callers.
    const run = this.queue.then(() => this.send(url, method, init));
    this.queue = run.catch(() => undefined);
    const text = await run;
    const parsed = parseJson(text);
    const { host, pathname } = new URL(url);
    if (!parsed.ok) throw new S2Error(notJsonMessage(SEMANTIC_SCHOLAR, host, pathname, text), 200, 'malformed');
    const wrong = init.shape(parsed.value);
    if (wrong !== undefined) throw new S2Error(wrongShapeMessage(SEMANTIC_SCHOLAR, host, pathname, wrong), 200, 'malformed');
    // A cache that cannot be written costs the next search a request, not this one its answer.
    await this.cache?.put(cacheKey, text).catch(() => undefined);
    return parsed.value as T;
  }

  private async send(url: string, method: 'GET' | 'POST', init: S2RequestInit): Promise<string> {
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    const interval = this.options.minIntervalMs ?? (this.options.apiKey ? 1000 : 0);
    const request = this.options.request ?? httpRequest;
    const { host, pathname } = new URL(url);
    const service = SEMANTIC_SCHOLAR;
    const timeoutMs = this.options.timeoutMs ?? 15000;
    let rateRetries = 0;
    let rateWaited = 0;
    let serverRetries = 0;
    let timeoutRetries = 0;
    let backoff = this.options.backoffMs ?? 1000;
    for (;;) {
      const wait = this.lastRequestAt + interval - this.now();
      if (wait > 0) await this.sleep(wait, init.signal);
      this.lastRequestAt = this.now();
      const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15000);
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let response: HttpResponse;
      try {
        response = await request({
          url, method, headers, body: init.body, signal, proxy: proxySetting(this.options),
          ...(this.options.env ? { env: this.options.env } : {}),
          ...(this.options.maxBodyBytes !== undefined ? { maxBodyBytes: this.options.maxBodyBytes } : {}),
        });
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason;
        if (error instanceof ResponseTooLargeError) {
          this.log.push({ url, method, status: error.status });
          throw new S2Error(tooLargeMessage(service, host, error, pathname), error.status, 'too-large');
        }
        // A misconfigured or refusing proxy does not get better by asking again.
        if (error instanceof ProxyError && error.kind !== 'unreachable') {
          this.log.push({ url, method, status: 'network' });
          throw new S2Error(error.message, error.details.status ?? 0, 'network');
        }
        const timedOut = timeout.aborted;
        this.log.push({ url, method, status: timedOut ? 'timeout' : 'network' });
        if (timedOut ? timeoutRetries < (this.options.maxTimeoutRetries ?? 0) : serverRetries < (this.options.maxServerRetries ?? 2)) {
          if (timedOut) timeoutRetries++;
          else serverRetries++;
          await this.sleep(backoff, init.signal);
          backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        if (timedOut) throw new S2Error(timeoutMessage(service, host, timeoutMs), 0, 'timeout');
        throw new S2Error(`cannot reach ${host}: ${error instanceof Error ? error.message : String(error)}. Check the network connection and the proxy settings (http.proxy, HTTPS_PROXY), then try again`, 0, 'network');
      }
      this.log.push({ url, method, status: response.status });
      if (response.status >= 200 && response.status < 300) return response.body;
      if (response.status === 429) {
        const after = retryAfterMs(response.headers['retry-after'], this.now());
        const wait = after ?? backoff;
        // Only short waits: the user is waiting, and a long Retry-After is better said than sat through.
        if (rateRetries < (this.options.maxRateLimitRetries ?? 3) && rateWaited + wait <= (this.options.maxRateLimitWaitMs ?? 10_000)) {
          rateRetries++;
          rateWaited += wait;
          await this.sleep(wait, init.signal);
          if (after === undefined) backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        const seconds = Math.max(1, Math.ceil(wait / 1000));
        const key = this.options.apiKey ? '' : ` Without an API key, requests share a small public limit: set a key with the command "${SET_API_KEY_COMMAND}".`;
        throw new S2Error(`${service.name} (${host}) is rate-limiting requests: try again in ${seconds} s.${key}`, 429, 'rate-limited', wait);
      }
      if (response.status >= 500) {
        if (serverRetries < (this.options.maxServerRetries ?? 2)) {
          serverRetries++;
          await this.sleep(backoff, init.signal);
          backoff = Math.min(backoff * 2, 30000);
          continue;
        }
        throw new S2Error(serverFailureMessage(service, host, response.status, response.body), response.status, 'server');
      }
      if (response.status >= 300 && response.status < 400) {
        // Redirects are not followed: the query and the API key go only where the settings say.
        throw new S2Error(redirectMessage(service, host, response.status, response.headers.location, url), response.status, 'client');
      }
      const detail = errorMessage(response.body);
      throw new S2Error(`${httpStatus(response.status)} from ${pathname}${detail ? `: ${detail}` : ''}`, response.status, 'client');
    }
  }
}

interface S2RequestInit {
  method?: 'GET' | 'POST';
  body?: string;
  signal?: AbortSignal;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const anObject = (value: unknown): string | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'not an object');

/** An object whose `field`, when present, is a list (S2 leaves `data` out when nothing matched). */
function listIn(field: string): (value: unknown) => string | undefined {
  return (value) => anObject(value) ?? ((value as Record<string, unknown>)[field] === undefined || Array.isArray((value as Record<string, unknown>)[field]) ? undefined : `"${field}" is not a list`);
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
