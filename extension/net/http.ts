// One HTTP(S) request with its text body, for Semantic Scholar, Crossref and Zotero's connector: the
// proxy policy of ./proxy.ts decides per URL (VS Code's setting, else HTTPS_PROXY/HTTP_PROXY, NO_PROXY,
// loopback always direct), the caller's AbortSignal (its timeout too) cancels it, redirects are not followed,
// and the body is read up to a size limit (8 MB by default): past it the connection is dropped.
import { fetchVia, proxyConfig, proxyFailure, ProxyError, proxyFor, proxyRefusalMessage, proxyUnreachableMessage, type ProxyEnv, type ProxySetting } from './proxy.ts';
import { trustedCertificates, untrustedCertificate } from './trust.ts';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** VS Code's `http.proxy` / `http.proxyStrictSSL`; without a URL the environment's proxy variables apply. */
  proxy?: ProxySetting;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
  env?: ProxyEnv;
  /** The most body bytes read (default 8 MB); a longer answer rejects with a ResponseTooLargeError. */
  maxBodyBytes?: number;
}

/** API answers are small (a 500-paper batch with embeddings is a few MB): anything larger is not what was asked for. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** An answer longer than the limit: not read further, not returned (so never cached). */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly limitBytes: number,
    /** The Content-Length the server announced, when that is how it was known. */
    readonly declaredBytes?: number,
  ) {
    super(`the answer from ${new URL(url).host} is too large (${declaredBytes !== undefined ? `${formatBytes(declaredBytes)}, ` : ''}over the ${formatBytes(limitBytes)} limit): it was not read; check the base URL and proxy settings, which may point at something other than the API`);
    this.name = 'ResponseTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The innermost error of a failed fetch ("connect ECONNREFUSED …", "self-signed certificate"), so callers can name the cause. */
function rootCause(e: unknown): unknown {
  let c = e;
  for (let depth = 0; depth < 6 && c instanceof Error && c.cause instanceof Error; depth++) c = c.cause;
  return c;
}

/**
 * Throws an UntrustedCertificateError when the server's (or an inspecting proxy's) certificate is not
 * trusted, a ProxyError when the proxy refused (407 included) or could not be reached; other failures
 * reject with the underlying error (its `code`, e.g. ECONNREFUSED, kept), or the signal's reason.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const env = req.env ?? process.env;
  const config = proxyConfig(req.proxy, env);
  const proxy = proxyFor(req.url, config);
  const headers: Record<string, string> = { 'user-agent': 'sciwrite', accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-type'] ??= 'application/json';
  let res: Response;
  try {
    res = await fetchVia(req.url, { method: req.method ?? 'GET', headers, body: req.body, redirect: 'manual', signal: req.signal }, proxy, config?.strictSSL !== false, trustedCertificates(env));
  } catch (e) {
    if (req.signal?.aborted) throw req.signal.reason;
    const untrusted = untrustedCertificate(e, req.url);
    if (untrusted) throw untrusted;
    if (!proxy) throw rootCause(e);
    const failure = proxyFailure(e);
    if ('status' in failure) throw new ProxyError('refused', proxyRefusalMessage(proxy, failure.status, req.url), { proxy, status: failure.status, url: req.url, cause: e });
    throw new ProxyError('unreachable', proxyUnreachableMessage(proxy, req.url, failure.reason), { proxy, url: req.url, cause: e });
  }
  if (proxy && res.status === 407) {
    await res.body?.cancel();
    throw new ProxyError('refused', proxyRefusalMessage(proxy, 407, req.url), { proxy, status: 407, url: req.url });
  }
  const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let body: string;
  try {
    body = await readBody(res, req.url, limit);
  } catch (e) {
    if (e instanceof ResponseTooLargeError) throw e;
    if (req.signal?.aborted) throw req.signal.reason;
    throw rootCause(e);
  }
  const out: Record<string, string | string[] | undefined> = {};
  res.headers.forEach((value, name) => {
    out[name] = value;
  });
  return { status: res.status, headers: out, body };
}

/** The body as UTF-8 text, read as a stream and abandoned (the connection dropped) once past `limit` bytes. */
async function readBody(res: Response, url: string, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(url, res.status, limit, declared);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(url, res.status, limit);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Retry-After as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
