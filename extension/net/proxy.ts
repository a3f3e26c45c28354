// The one proxy policy for every outgoing request (Hub downloads, Semantic Scholar, Crossref, Zotero):
// VS Code's http.proxy when the client sent one, else HTTPS_PROXY / HTTP_PROXY (lower-case too), with
// NO_PROXY hosts going direct, as curl reads it. Loopback hosts always go direct: curl would send them
// to the proxy, but a request for this machine (Zotero's connector, a local mirror) reaching a
// corporate proxy is never what the user meant, and VS Code/Electron bypass them too. The language
// server is its own Node process, out of reach of the extension host's proxy patching, so requests
// are routed here: undici's ProxyAgent (HTTPS through a CONNECT tunnel, plain HTTP as absolute-URI
// requests), with undici's own fetch so the dispatcher and fetch versions match.
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, ProxyAgent, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici';

/** VS Code's `http.proxy` and `http.proxyStrictSSL`, as the client sends them. */
export interface ProxySetting {
  url?: string;
  /** False: accept any certificate from the proxy and from HTTPS servers reached through it. Default true. */
  strictSSL?: boolean;
}

/** The setting from the clients' `proxy` / `proxyStrictSSL` options (VS Code's, or nothing). */
export function proxySetting(options: { proxy?: string; proxyStrictSSL?: boolean }): ProxySetting {
  return { ...(options.proxy ? { url: options.proxy } : {}), ...(options.proxyStrictSSL === false ? { strictSSL: false } : {}) };
}

/** Where requests go, per scheme, once the setting and the environment are read. */
export interface ProxyConfig {
  http?: string;
  https?: string;
  /** NO_PROXY entries, lower-case; "*" bypasses every host. */
  noProxy: string[];
  strictSSL: boolean;
}

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** A proxy that is misconfigured, refused the request, or could not be reached; the message never holds the password. */
export class ProxyError extends Error {
  constructor(
    readonly kind: 'invalid' | 'refused' | 'unreachable',
    message: string,
    readonly details: { proxy?: string; status?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProxyError';
  }
}

function envValue(env: ProxyEnv, name: string): string | undefined {
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
    throw new ProxyError('invalid', `The proxy "${redact(value)}" (${origin}) is not a URL: write it as http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError('invalid', `The proxy ${redactProxyUrl(url.href)} (${origin}) must be an http:// or https:// URL.`);
  }
  return url.href;
}

/** The proxy settings in force, or undefined when every request goes direct; a malformed proxy URL throws a ProxyError. */
export function proxyConfig(setting: ProxySetting | undefined, env: ProxyEnv = process.env): ProxyConfig | undefined {
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

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

/** localhost (and *.localhost, RFC 6761), 127.0.0.0/8, ::1 and IPv4-mapped 127.x. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) {
    if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(.+)$/.exec(name)?.[1];
    if (!mapped) return false;
    if (isIP(mapped) === 4) return mapped.startsWith('127.');
    // WHATWG URLs write ::ffff:127.0.0.1 as ::ffff:7f00:1.
    return /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(mapped);
  }
  return false;
}

/** NO_PROXY as curl reads it: exact hosts, domain suffixes (".example.org", "example.org", "*.example.org"), optional ":port", "*". */
function bypasses(url: URL, noProxy: readonly string[]): boolean {
  const host = bareHost(url);
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

/** The proxy for `url`, or undefined to go direct (no proxy for its scheme, a NO_PROXY host, or this machine). */
export function proxyFor(url: string, config: ProxyConfig | undefined): string | undefined {
  if (!config) return undefined;
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? config.https : config.http;
  if (!proxy || isLoopback(target.hostname) || bypasses(target, config.noProxy)) return undefined;
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

const agents = new Map<string, Dispatcher>();

/** Ids for certificate lists, so agents are keyed by a short string. */
const trustIds = new WeakMap<readonly string[], number>();
let lastTrustId = 0;

function trustKey(ca: readonly string[] | undefined): string {
  if (!ca) return 'node';
  let id = trustIds.get(ca);
  if (id === undefined) trustIds.set(ca, (id = ++lastTrustId));
  return `ca${id}`;
}

/**
 * One agent per proxy (or none: direct), TLS policy and trusted authorities, so connections are reused
 * across requests. `ca` (see trust.ts) replaces Node's bundled roots for the servers and the proxy.
 */
function agentFor(proxy: string | undefined, strictSSL: boolean, ca: readonly string[] | undefined): Dispatcher {
  const key = `${strictSSL ? 'strict' : 'lax'} ${trustKey(ca)} ${proxy ?? 'direct'}`;
  let agent = agents.get(key);
  if (!agent) {
    const tls = { rejectUnauthorized: strictSSL, ...(ca ? { ca: [...ca] } : {}) };
    // proxyTunnel false: plain-HTTP targets go as absolute-URI requests, as proxies expect; HTTPS always tunnels.
    agent = proxy ? new ProxyAgent({ uri: proxy, proxyTunnel: false, requestTls: tls, proxyTls: tls }) : new Agent({ connect: { ...(ca ? { ca: [...ca] } : {}) } });
    agents.set(key, agent);
  }
  return agent;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Redirects are never followed here: callers decide (the Hub's token must not leave its origin). */
  redirect: 'manual';
  signal?: AbortSignal;
}

/**
 * fetch through `proxy` when there is one, else directly; with `ca` (the system's authorities, see
 * trust.ts) instead of Node's bundled roots. A direct request without `ca` is the global fetch.
 */
export async function fetchVia(url: string, init: FetchInit, proxy: string | undefined, strictSSL: boolean, ca?: readonly string[]): Promise<Response> {
  if (!proxy && !ca) return fetch(url, init);
  const options: UndiciRequestInit = { ...init, dispatcher: agentFor(proxy, strictSSL, ca) };
  // undici's Response has the same shape as the global one (Node's fetch is undici).
  return (await undiciFetch(url, options)) as unknown as Response;
}

function causeChain(e: unknown): { code?: unknown; message?: string }[] {
  const chain: { code?: unknown; message?: string }[] = [];
  for (let c = e; typeof c === 'object' && c !== null && chain.length < 6; c = (c as { cause?: unknown }).cause) chain.push(c as { code?: unknown; message?: string });
  return chain;
}

/** Why a fetch through a proxy failed: the proxy's refusal status, else the deepest error code or message. */
export function proxyFailure(e: unknown): { status: number } | { reason: string } {
  const chain = causeChain(e);
  // undici turns a refused CONNECT tunnel, and a 407 to a forwarded request, into errors, a few causes deep.
  const refused = chain.map((c) => /Proxy (?:response|Authentication Required) \((\d+)\)/.exec(c.message ?? '')).find((m) => m);
  if (refused) return { status: Number(refused[1]) };
  const code = chain.map((c) => c.code).find((c): c is string => typeof c === 'string');
  return { reason: code ?? chain[1]?.message ?? chain[0]?.message ?? String(e) };
}

/** What to tell the user when the proxy refused the request (407 or another status), without the password. */
export function proxyRefusalMessage(proxy: string, status: number, url: string): string {
  const shown = redactProxyUrl(proxy);
  const host = new URL(url).hostname;
  if (status !== 407) return `The proxy ${shown} refused the connection to ${host} (${status}). Check the proxy setting (VS Code's http.proxy, or HTTPS_PROXY/HTTP_PROXY), or add ${host} to NO_PROXY.`;
  return proxyHasCredentials(proxy)
    ? `The proxy ${shown} refused the user name and password in its URL (407 Proxy Authentication Required). Check them in VS Code's http.proxy setting or in HTTPS_PROXY/HTTP_PROXY.`
    : `The proxy ${shown} asks for a user name and password (407 Proxy Authentication Required). Put them in the proxy URL (http://user:password@host:port) in VS Code's http.proxy setting or in HTTPS_PROXY/HTTP_PROXY.`;
}

/** What to tell the user when the proxy could not be reached; `alternative` is one more way out (e.g. offline mode). */
export function proxyUnreachableMessage(proxy: string, url: string, reason: string, alternative?: string): string {
  const target = new URL(url);
  const remedies = [`add ${target.hostname} to NO_PROXY to go direct`, ...(alternative ? [alternative] : [])];
  return `Cannot reach ${target.origin} through the proxy ${redactProxyUrl(proxy)}: ${reason}. Check the proxy setting (VS Code's http.proxy, or HTTPS_PROXY/HTTP_PROXY), ${remedies.length > 1 ? `${remedies[0]}, or ${remedies[1]}` : `or ${remedies[0]}`}.`;
}
