// One HTTP(S) request with its text body, for Semantic Scholar, Crossref and Zotero's connector: the
// proxy policy of ./proxy.ts decides per URL (VS Code's setting, else HTTPS_PROXY/HTTP_PROXY, NO_PROXY,
// loopback always direct), the caller's AbortSignal (its timeout too) cancels it, redirects are not followed.
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
  let body: string;
  try {
    body = await res.text();
  } catch (e) {
    if (req.signal?.aborted) throw req.signal.reason;
    throw rootCause(e);
  }
  const out: Record<string, string | string[] | undefined> = {};
  res.headers.forEach((value, name) => {
    out[name] = value;
  });
  return { status: res.status, headers: out, body };
}
