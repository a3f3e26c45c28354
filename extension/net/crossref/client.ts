// Crossref's record of one DOI (`GET {base}/works/{doi}`), for "Add by DOI" when Semantic Scholar does
// not know the DOI. Only the DOI the user typed is sent; a contact address (Crossref's "polite pool":
// `mailto=` and a User-Agent naming it) only when the user set one. The base URL is a setting (mirrors,
// proxies, tests) and VS Code's proxy is honoured, as for Semantic Scholar. One attempt per lookup: the
// user is waiting, so a rate limit or a failure is reported at once with what to do. A work record is kept
// on disk (when given a folder) for as long as Semantic Scholar's answers, and only once it parsed and held a
// title list; a DOI Crossref does not know is asked again each time (it may just not be registered yet).
import { CROSSREF, errorMessage, httpStatus, notJsonMessage, redirectMessage, serverFailureMessage, timeoutMessage, tooLargeMessage, wrongShapeMessage } from '../failure-messages.ts';
import { httpRequest, ResponseTooLargeError, retryAfterMs, type HttpRequest, type HttpResponse } from '../http.ts';
import { proxySetting, type ProxyEnv } from '../proxy.ts';
import { ResponseCache } from '../semantic-scholar/cache.ts';
import { S2_CACHE_MAX_AGE_MS } from '../semantic-scholar/client.ts';
import type { CrossrefWork } from '../semantic-scholar/types.ts';

export const CROSSREF_BASE_URL = 'https://api.crossref.org';

export interface CrossrefClientOptions {
  /** Root of the REST API (`/works/{doi}` under it); default https://api.crossref.org. */
  baseUrl?: string;
  /** A contact e-mail the user chose to share with Crossref; nothing is sent when absent. */
  mailto?: string;
  /** VS Code's `http.proxy`; without it HTTPS_PROXY / HTTP_PROXY / NO_PROXY from `env`. */
  proxy?: string;
  proxyStrictSSL?: boolean;
  /** Where the proxy variables are read (default process.env). */
  env?: ProxyEnv;
  /** Milliseconds before a lookup is abandoned (default 15 s). */
  timeoutMs?: number;
  /** On-disk cache of work records; omitted: no cache. */
  cacheDir?: string;
  /** Age limit of cached records (default 7 days, as for Semantic Scholar). */
  cacheMaxAgeMs?: number;
  now?: () => number;
  request?: (req: HttpRequest) => Promise<HttpResponse>;
}

export type CrossrefLookup =
  | { kind: 'found'; work: CrossrefWork }
  | { kind: 'not-found'; doi: string }
  | { kind: 'failed'; reason: 'rate-limited' | 'server' | 'malformed' | 'network' | 'timeout' | 'client'; message: string; retryAfterMs?: number };

/** `10.1/x` from a DOI as typed (`doi:`, `https://doi.org/...`, trailing punctuation). */
export function cleanDoi(text: string): string | undefined {
  return /(10\.\d{3,9}\/\S+)/.exec(text.trim())?.[1].replace(/[.,;]+$/, '');
}

/** What is wrong with a `/works/{doi}` answer, or undefined for a work record (`{message: {title: [...]}}`). */
function workRecordProblem(value: unknown): string | undefined {
  const message = typeof value === 'object' && value !== null ? (value as { message?: unknown }).message : undefined;
  return typeof message === 'object' && message !== null && Array.isArray((message as CrossrefWork).title) ? undefined : 'no work record';
}

export class CrossrefClient {
  readonly baseUrl: string;
  private readonly cache?: ResponseCache;

  constructor(private readonly options: CrossrefClientOptions = {}) {
    this.baseUrl = (options.baseUrl || CROSSREF_BASE_URL).replace(/\/+$/, '');
    if (options.cacheDir) this.cache = new ResponseCache(options.cacheDir, options.cacheMaxAgeMs ?? S2_CACHE_MAX_AGE_MS, options.now ?? Date.now);
  }

  /** The request headers: a User-Agent naming the contact only when the user gave one. */
  headers(): Record<string, string> {
    const mailto = this.options.mailto?.trim();
    return mailto ? { 'user-agent': `SciWrite (mailto:${mailto})` } : {};
  }

  workUrl(doi: string): string {
    const mailto = this.options.mailto?.trim();
    return `${this.baseUrl}/works/${encodeURIComponent(doi)}${mailto ? `?mailto=${encodeURIComponent(mailto)}` : ''}`;
  }

  async work(doiText: string, options: { signal?: AbortSignal } = {}): Promise<CrossrefLookup> {
    const doi = cleanDoi(doiText);
    if (!doi) return { kind: 'failed', reason: 'client', message: `not a DOI: ${doiText}` };
    // DOIs are case-insensitive; the contact address does not change the record.
    const cacheKey = `GET ${this.baseUrl}/works/${encodeURIComponent(doi.toLowerCase())}`;
    const cached = await this.cache?.getJson(cacheKey, workRecordProblem);
    if (cached) return { kind: 'found', work: (cached.value as { message: CrossrefWork }).message };
    const url = this.workUrl(doi);
    const host = new URL(url).host;
    const timeoutMs = this.options.timeoutMs ?? 15000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: HttpResponse;
    try {
      response = await (this.options.request ?? httpRequest)({ url, headers: this.headers(), signal, proxy: proxySetting(this.options), ...(this.options.env ? { env: this.options.env } : {}) });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof ResponseTooLargeError) return { kind: 'failed', reason: 'malformed', message: tooLargeMessage(CROSSREF, host, error, `DOI ${doi}`) };
      if (timeout.aborted) return { kind: 'failed', reason: 'timeout', message: timeoutMessage(CROSSREF, host, timeoutMs) };
      return { kind: 'failed', reason: 'network', message: `cannot reach Crossref (${host}): ${error instanceof Error ? error.message : String(error)}. Check the network connection and the proxy settings (http.proxy, HTTPS_PROXY), then try again` };
    }
    if (response.status === 404) return { kind: 'not-found', doi };
    if (response.status === 429) {
      const after = retryAfterMs(response.headers['retry-after'], (this.options.now ?? Date.now)());
      const wait = after !== undefined ? ` in ${Math.max(1, Math.ceil(after / 1000))} s` : ' in a minute';
      return { kind: 'failed', reason: 'rate-limited', message: `Crossref is rate limiting requests: try again${wait}`, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    if (response.status >= 500) return { kind: 'failed', reason: 'server', message: serverFailureMessage(CROSSREF, host, response.status, response.body) };
    if (response.status >= 300 && response.status < 400) {
      // Redirects are not followed: the DOI goes only where the settings say.
      return { kind: 'failed', reason: 'client', message: redirectMessage(CROSSREF, host, response.status, response.headers.location, url) };
    }
    if (response.status < 200 || response.status >= 300) {
      const detail = errorMessage(response.body);
      return { kind: 'failed', reason: 'client', message: `Crossref (${host}) answered ${httpStatus(response.status)}${detail ? `: ${detail}` : ''}` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      return { kind: 'failed', reason: 'malformed', message: notJsonMessage(CROSSREF, host, `DOI ${doi}`, response.body) };
    }
    const wrong = workRecordProblem(parsed);
    if (wrong !== undefined) return { kind: 'failed', reason: 'malformed', message: wrongShapeMessage(CROSSREF, host, `DOI ${doi}`, wrong) };
    // A disk that cannot be written costs the next lookup a request, not this one its answer.
    await this.cache?.put(cacheKey, response.body).catch(() => undefined);
    return { kind: 'found', work: (parsed as { message: CrossrefWork }).message };
  }
}
