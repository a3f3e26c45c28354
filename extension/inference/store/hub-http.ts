// HTTP against the Hub: metadata from HEAD /resolve (commit, etag, size, download URL),
// redirects followed by hand so the token never leaves the endpoint's origin, and the
// Hub's error responses turned into ModelStoreErrors.
import { cancelled, ModelStoreError } from './errors.ts';
import { fetchVia, proxyFailure, proxyFor, type ProxyConfig } from '../../net/proxy.ts';
import { untrustedCertificate } from '../../net/trust.ts';
import { proxyRefusal, proxyUnreachable } from './proxy.ts';
import { pause, resumeWaitMs, type RetryPolicy } from './retry.ts';

export interface HubContext {
  endpoint: string;
  token?: string;
  signal?: AbortSignal;
  /** Limit for each metadata (HEAD) request, so a dead network falls back to the cache quickly. */
  metadataTimeoutMs?: number;
  /** Limit for a download's headers, and for each silence in its body (download.ts resumes after one). */
  downloadTimeoutMs?: number;
  /** The proxy settings in force; undefined: every request goes direct. */
  proxy?: ProxyConfig;
  /** The certificate authorities to trust instead of Node's bundled roots (net/trust.ts); undefined: Node's. */
  trust?: readonly string[];
}

export interface FileMetadata {
  commit: string;
  /** X-Linked-Etag, else ETag, without W/ and quotes. */
  etag?: string;
  /** The content's sha256, when the etag is one (LFS files). */
  sha256?: string;
  /** The git blob sha1, when the etag is one (regular files). */
  gitSha1?: string;
  size?: number;
  /** Where the bytes are: the CDN for LFS files. */
  downloadUrl: string;
}

const MAX_REDIRECTS = 10;

export function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}

function headersFor(url: string, ctx: HubContext, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'sciwrite', ...extra };
  if (ctx.token && sameOrigin(url, ctx.endpoint)) headers.authorization = `Bearer ${ctx.token}`;
  return headers;
}

/** One request, turning connection failures into 'network' errors. */
async function send(url: string, method: string, ctx: HubContext, extra: Record<string, string>): Promise<Response> {
  if (ctx.signal?.aborted) throw cancelled();
  // Until the headers are in: aborting later would also end the body, whose silences download.ts times itself.
  const limitMs = method === 'HEAD' ? ctx.metadataTimeoutMs : ctx.downloadTimeoutMs;
  const timeout = limitMs ? new AbortController() : undefined;
  const timer = timeout && setTimeout(() => timeout.abort(), limitMs);
  const signal = timeout && ctx.signal ? AbortSignal.any([ctx.signal, timeout.signal]) : (timeout?.signal ?? ctx.signal);
  const proxy = proxyFor(url, ctx.proxy);
  let res: Response;
  try {
    res = await fetchVia(url, { method, redirect: 'manual', headers: headersFor(url, ctx, extra), signal }, proxy, ctx.proxy?.strictSSL !== false, ctx.trust);
  } catch (e) {
    if (ctx.signal?.aborted) throw cancelled();
    const untrusted = untrustedCertificate(e, url);
    if (untrusted) throw new ModelStoreError('network', `${untrusted.message} Or use offline mode with a cached model.`, { url, cause: e });
    if (timeout?.signal.aborted) {
      throw new ModelStoreError('network', `${new URL(url).origin} did not answer within ${limitMs! / 1000} s${proxy ? ' through the proxy' : ''}. Check the connection, or use offline mode with a cached model.`, { url, cause: e, timedOut: true });
    }
    if (proxy) {
      const failure = proxyFailure(e);
      throw 'status' in failure ? proxyRefusal(proxy, failure.status, url, e) : proxyUnreachable(proxy, url, failure.reason, e);
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new ModelStoreError('network', `Cannot reach ${new URL(url).origin}: ${reason}. Check the connection, or use offline mode with a cached model.`, { url, cause: e, cut: connectionCut(cause) });
  } finally {
    clearTimeout(timer);
  }
  if (proxy && res.status === 407) {
    await res.body?.cancel();
    throw proxyRefusal(proxy, 407, url);
  }
  return res;
}

/** A connection the server reached but that broke before the answer's headers: the network, not the server, is at fault. */
function connectionCut(cause: { code?: string; message?: string } | undefined): boolean {
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(cause?.code ?? '') || /socket hang up|other side closed/i.test(cause?.message ?? '');
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** GET or HEAD, following redirects; `stopAt` may end the chain early (HEAD metadata on a 302). */
export async function request(
  url: string,
  method: 'GET' | 'HEAD',
  ctx: HubContext,
  extra: Record<string, string> = {},
  stopAt?: (res: Response) => boolean,
): Promise<{ res: Response; url: string }> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await send(current, method, ctx, extra);
    const location = res.headers.get('location');
    if (!isRedirect(res.status) || !location) return { res, url: current };
    if (stopAt?.(res)) return { res, url: current };
    await res.body?.cancel();
    current = new URL(location, current).toString();
  }
  throw new ModelStoreError('bad-response', `Too many redirects from ${url}.`, { url });
}

function cleanEtag(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '') || undefined;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export interface ErrorContext {
  repo: string;
  revision: string;
  file?: string;
}

/** The Hub's error for a response: X-Error-Code first, then the status. */
export async function hubError(res: Response, url: string, ctx: HubContext, what: ErrorContext): Promise<ModelStoreError> {
  const code = res.headers.get('x-error-code');
  let message = res.headers.get('x-error-message') ?? '';
  if (!message && res.body) {
    const text = await res.text().catch(() => '');
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string') message = parsed.error;
    } catch {
      // not JSON: keep the status text
    }
  }
  const status = res.status;
  const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
  const details = { status, url, file: what.file, retryAfterSeconds };
  const repoPage = `${ctx.endpoint}/${what.repo}`;
  const suffix = message ? ` (server: ${message})` : '';
  if (code === 'GatedRepo' || (status === 403 && /gated|restricted|authorized list/i.test(message))) {
    return new ModelStoreError(status === 401 ? 'unauthorized' : 'forbidden', ctx.token
      ? `The model ${what.repo} is gated and this Hugging Face token has not been granted access: accept its conditions at ${repoPage}.${suffix}`
      : `The model ${what.repo} is gated: accept its conditions at ${repoPage}, then set a Hugging Face access token.${suffix}`, details);
  }
  if (status === 401) {
    return new ModelStoreError('unauthorized', ctx.token
      ? `The Hugging Face token was refused for ${what.repo}: it is invalid, or it has no access to this private or gated repo.${suffix}`
      : `The model ${what.repo} was not found, or it is private or gated: check the name, or set a Hugging Face access token.${suffix}`, details);
  }
  if (status === 403) {
    return new ModelStoreError('forbidden', `Access to ${what.repo} is forbidden${ctx.token ? ' for this token' : ''}.${suffix}`, details);
  }
  if (status === 404 || code === 'RepoNotFound' || code === 'RevisionNotFound' || code === 'EntryNotFound') {
    if (code === 'RepoNotFound') return new ModelStoreError('repo-not-found', `There is no model ${what.repo} at ${ctx.endpoint}.${suffix}`, details);
    if (code === 'RevisionNotFound') return new ModelStoreError('revision-not-found', `The model ${what.repo} has no revision "${what.revision}".${suffix}`, details);
    return new ModelStoreError('file-not-found', code === 'EntryNotFound'
      ? `The model ${what.repo} has no file ${what.file ?? ''} at revision "${what.revision}".`
      : `Not found: ${what.repo}${what.file ? `/${what.file}` : ''} at revision "${what.revision}" (no such repo, revision or file).${suffix}`, details);
  }
  if (status === 429) {
    return new ModelStoreError('rate-limited', `The Hugging Face Hub is rate-limiting downloads${retryAfterSeconds === undefined ? '' : `: try again in ${retryAfterSeconds} s`}.${ctx.token ? '' : ' Signing in with a token raises the limit.'}`, details);
  }
  if (status >= 500) {
    return new ModelStoreError('server-error', `The Hub answered ${status} for ${what.file ?? what.repo}; try again ${retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`}.${suffix}`, details);
  }
  return new ModelStoreError('bad-response', `Unexpected answer ${status} for ${what.file ?? what.repo}.${suffix}`, details);
}

/**
 * HEAD /resolve, and its redirect when it has one: tried again after a connection reset before the
 * answer, as a download is (`policy`'s resumes). Not after a time-out, so that a dead network lets a
 * cached snapshot serve at once, nor after a 5xx or 429, which a cached snapshot serves too (resolve-model.ts).
 */
async function head(url: string, ctx: HubContext, what: ErrorContext, policy: Pick<RetryPolicy, 'maxResumes' | 'retryDelayMs'> | undefined): Promise<{ res: Response; url: string }> {
  for (let cuts = 1; ; cuts++) {
    try {
      // LFS files answer 302 to the CDN and carry the metadata on the redirect itself.
      return await request(url, 'HEAD', ctx, {}, (r) => r.headers.has('x-repo-commit'));
    } catch (e) {
      if (!(e instanceof ModelStoreError && e.details.cut) || !policy || cuts > policy.maxResumes) throw e;
      await pause(resumeWaitMs(cuts, policy), ctx, what.file);
    }
  }
}

/** HEAD /resolve: the commit, checksum and size of a file, without downloading it. */
export async function fileMetadata(url: string, ctx: HubContext, what: ErrorContext, policy?: Pick<RetryPolicy, 'maxResumes' | 'retryDelayMs'>): Promise<FileMetadata> {
  const { res, url: finalUrl } = await head(url, ctx, what, policy);
  const redirected = isRedirect(res.status);
  if (!res.ok && !redirected) throw await hubError(res, finalUrl, ctx, what);
  const commit = res.headers.get('x-repo-commit');
  if (!commit) {
    throw new ModelStoreError('bad-response', `${ctx.endpoint} sent no X-Repo-Commit header for ${what.file}: is it a Hugging Face Hub endpoint?`, { url });
  }
  const etag = cleanEtag(res.headers.get('x-linked-etag') ?? res.headers.get('etag'));
  const sizeHeader = res.headers.get('x-linked-size') ?? (redirected ? null : res.headers.get('content-length'));
  return {
    commit,
    etag,
    sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : undefined,
    gitSha1: etag && /^[0-9a-f]{40}$/.test(etag) ? etag : undefined,
    size: sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined,
    downloadUrl: redirected ? new URL(res.headers.get('location')!, finalUrl).toString() : finalUrl,
  };
}
