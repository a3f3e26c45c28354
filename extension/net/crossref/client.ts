// Crossref's record of one DOI (`GET {base}/works/{doi}`), for "Add by DOI" when Semantic Scholar does
// not know the DOI. Only the DOI the user typed is sent; a contact address (Crossref's "polite pool":
// `mailto=` and a User-Agent naming it) only when the user set one. The base URL is a setting (mirrors,
// proxies, tests) and VS Code's proxy is honoured, as for Semantic Scholar. One attempt per lookup: the
// user is waiting, so a rate limit or a failure is reported at once with what to do.
import { formatBytes, httpRequest, ResponseTooLargeError, type HttpRequest, type HttpResponse } from '../http.ts';
import { proxySetting, type ProxyEnv } from '../proxy.ts';
import { errorMessage, httpStatus, redirectHost, retryAfterMs } from '../semantic-scholar/client.ts';
import type { CrossrefWork } from '../semantic-scholar/types.ts';

export const CROSSREF_BASE_URL = 'https://api.crossref.org';
const BASE_URL_SETTING = 'sciwrite.related.crossrefBaseUrl';

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

export class CrossrefClient {
  readonly baseUrl: string;

  constructor(private readonly options: CrossrefClientOptions = {}) {
    this.baseUrl = (options.baseUrl || CROSSREF_BASE_URL).replace(/\/+$/, '');
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
      if (error instanceof ResponseTooLargeError) {
        return { kind: 'failed', reason: 'malformed', message: `Crossref (${host}) sent an answer too large to read (over the ${formatBytes(error.limitBytes)} limit) for ${doi}: a proxy or the base URL setting (${BASE_URL_SETTING}) may point elsewhere; check them and try again` };
      }
      if (timeout.aborted) return { kind: 'failed', reason: 'timeout', message: `Crossref (${host}) did not answer within ${timeoutMs / 1000} s: it may be overloaded, or the network or proxy is slow; try again in a minute` };
      return { kind: 'failed', reason: 'network', message: `cannot reach Crossref (${host}): ${error instanceof Error ? error.message : String(error)}. Check the network connection and the proxy settings (http.proxy, HTTPS_PROXY), then try again` };
    }
    if (response.status === 404) return { kind: 'not-found', doi };
    if (response.status === 429) {
      const after = retryAfterMs(response.headers['retry-after'], (this.options.now ?? Date.now)());
      const wait = after !== undefined ? ` in ${Math.max(1, Math.ceil(after / 1000))} s` : ' in a minute';
      return { kind: 'failed', reason: 'rate-limited', message: `Crossref is rate limiting requests: try again${wait}`, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    if (response.status >= 500) {
      const detail = errorMessage(response.body);
      return { kind: 'failed', reason: 'server', message: `Crossref (${host}) failed with ${httpStatus(response.status)}${detail ? `: ${detail}` : ''}. The service may be down or overloaded: try again in a few minutes` };
    }
    if (response.status >= 300 && response.status < 400) {
      // Redirects are not followed: the DOI goes only where the settings say.
      const target = redirectHost(response.headers.location, url);
      return { kind: 'failed', reason: 'client', message: `Crossref (${host}) answered with a redirect (${response.status})${target ? ` to ${target}` : ''}, which is not followed: a proxy or captive portal may be in the way, or the base URL setting (${BASE_URL_SETTING}) or proxy (http.proxy) is out of date; check them and try again` };
    }
    if (response.status < 200 || response.status >= 300) {
      const detail = errorMessage(response.body);
      return { kind: 'failed', reason: 'client', message: `Crossref (${host}) answered ${httpStatus(response.status)}${detail ? `: ${detail}` : ''}` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      return { kind: 'failed', reason: 'malformed', message: `Crossref (${host}) sent something that is not JSON for ${doi}: a proxy or captive portal may be answering instead of api.crossref.org, or the base URL (${BASE_URL_SETTING}) or proxy settings point elsewhere; check them and try again` };
    }
    const message = typeof parsed === 'object' && parsed !== null ? (parsed as { message?: unknown }).message : undefined;
    if (typeof message !== 'object' || message === null || !Array.isArray((message as CrossrefWork).title)) {
      return { kind: 'failed', reason: 'malformed', message: `Crossref (${host}) sent no work record for ${doi}` };
    }
    return { kind: 'found', work: message as CrossrefWork };
  }
}
