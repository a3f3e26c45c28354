// The proxy a Hub request goes through: VS Code's http.proxy when the client sent one, else
// HTTPS_PROXY / HTTP_PROXY (lower-case too), with NO_PROXY hosts going direct. The language
// server is its own Node process, out of reach of the extension host's proxy patching, so the
// store routes requests itself: undici's ProxyAgent (HTTPS through a CONNECT tunnel, plain HTTP
// as absolute-URI requests), with undici's own fetch so the dispatcher and fetch versions match.
import { fetch as undiciFetch, ProxyAgent, type RequestInit as UndiciRequestInit } from 'undici';
import { ModelStoreError } from './errors.ts';

/** VS Code's `http.proxy` and `http.proxyStrictSSL`, as the client sends them. */
export interface ProxySetting {
  url?: string;
  /** False: accept any certificate from the proxy and from HTTPS servers reached through it. Default true. */
  strictSSL?: boolean;
}

/** Where requests go, per scheme, once the setting and the environment are read. */
export interface ProxyConfig {
  http?: string;
  https?: string;
  /** NO_PROXY entries, lower-case; "*" bypasses every host. */
  noProxy: string[];
  strictSSL: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, name: string): string | undefined {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
}

/** `proxy.example:3128` as curl reads it: http:// is implied. */
function normalizeProxyUrl(raw: string, origin: string): string {
  const value = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ModelStoreError('invalid-spec', `The proxy "${redact(value)}" (${origin}) is not a URL: write it as http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelStoreError('invalid-spec', `The proxy ${redactProxyUrl(url.href)} (${origin}) must be an http:// or https:// URL.`);
  }
  return url.href;
}

/** The proxy settings in force, or undefined when every request goes direct. */
export function proxyConfig(setting: ProxySetting | undefined, env: Env = process.env): ProxyConfig | undefined {
  const noProxy = (envValue(env, 'no_proxy') ?? '').split(/[\s,]+/).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const strictSSL = setting?.strictSSL !== false;
  if (setting?.url?.trim()) {
    const url = normalizeProxyUrl(setting.url, 'the http.proxy setting');
    return { http: url, https: url, noProxy, strictSSL };
  }
  const httpsRaw = envValue(env, 'https_proxy');
  const httpRaw = envValue(env, 'http_proxy');
  if (!httpsRaw && !httpRaw) return undefined;
  return {
    https: httpsRaw ? normalizeProxyUrl(httpsRaw, 'HTTPS_PROXY') : undefined,
    http: httpRaw ? normalizeProxyUrl(httpRaw, 'HTTP_PROXY') : undefined,
    noProxy,
    strictSSL,
  };
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** NO_PROXY as curl reads it: exact hosts, domain suffixes (".example.org", "example.org", "*.example.org"), optional ":port", "*". */
function bypasses(url: URL, noProxy: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    let name = entry;
    let entryPort: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) [, name, entryPort] = m;
    if (entryPort && entryPort !== port) return false;
    name = name.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

/** The proxy for `url`, or undefined to go direct. */
export function proxyFor(url: string, config: ProxyConfig | undefined): string | undefined {
  if (!config) return undefined;
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? config.https : config.http;
  if (!proxy || bypasses(target, config.noProxy)) return undefined;
  return proxy;
}

/** A proxy URL fit for messages and logs: the password never appears. */
export function redactProxyUrl(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}`;
  } catch {
    return redact(proxy);
  }
}

function redact(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1@');
}

export function proxyHasCredentials(proxy: string): boolean {
  return new URL(proxy).username !== '';
}

const agents = new Map<string, ProxyAgent>();

/** One agent per proxy and TLS policy, so connections to the proxy are reused across requests. */
function agentFor(proxy: string, strictSSL: boolean): ProxyAgent {
  const key = `${strictSSL ? 'strict' : 'lax'} ${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    // proxyTunnel false: plain-HTTP targets go as absolute-URI requests, as proxies expect; HTTPS always tunnels.
    agent = new ProxyAgent({ uri: proxy, proxyTunnel: false, requestTls: { rejectUnauthorized: strictSSL }, proxyTls: { rejectUnauthorized: strictSSL } });
    agents.set(key, agent);
  }
  return agent;
}

export interface FetchInit {
  method: string;
  redirect: 'manual';
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** fetch through `proxy` when there is one, else the global fetch. */
export async function fetchVia(url: string, init: FetchInit, proxy: string | undefined, strictSSL: boolean): Promise<Response> {
  if (!proxy) return fetch(url, init);
  const options: UndiciRequestInit = { ...init, dispatcher: agentFor(proxy, strictSSL) };
  // undici's Response has the same shape as the global one (Node's fetch is undici).
  return (await undiciFetch(url, options)) as unknown as Response;
}

/** What to tell the user when the proxy refused the request. */
export function proxyRefusal(proxy: string, status: number, url: string, cause?: unknown): ModelStoreError {
  const shown = redactProxyUrl(proxy);
  const host = new URL(url).hostname;
  const message = status === 407
    ? proxyHasCredentials(proxy)
      ? `The proxy ${shown} refused the user name and password in its URL (407 Proxy Authentication Required). Check them in VS Code's http.proxy setting or in HTTPS_PROXY/HTTP_PROXY.`
      : `The proxy ${shown} asks for a user name and password (407 Proxy Authentication Required). Put them in the proxy URL (http://user:password@host:port) in VS Code's http.proxy setting or in HTTPS_PROXY/HTTP_PROXY.`
    : `The proxy ${shown} refused the connection to ${host} (${status}). Check the proxy setting (VS Code's http.proxy, or HTTPS_PROXY/HTTP_PROXY), or add ${host} to NO_PROXY.`;
  return new ModelStoreError('network', message, { status, url, cause });
}

/** What to tell the user when the proxy could not be reached at all. */
export function proxyUnreachable(proxy: string, url: string, reason: string, cause: unknown): ModelStoreError {
  const host = new URL(url).hostname;
  return new ModelStoreError('network', `Cannot reach ${new URL(url).origin} through the proxy ${redactProxyUrl(proxy)}: ${reason}. Check the proxy setting (VS Code's http.proxy, or HTTPS_PROXY/HTTP_PROXY), add ${host} to NO_PROXY to go direct, or use offline mode with a cached model.`, { url, cause });
}
