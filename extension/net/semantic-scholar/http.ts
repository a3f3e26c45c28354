// One HTTP(S) request with node:http(s): a timeout and the caller's cancellation through AbortSignal,
// and an optional HTTP proxy (VS Code's `http.proxy`): plain-HTTP targets go through it with an
// absolute URI, HTTPS targets through a CONNECT tunnel.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** e.g. "http://proxy.example:3128" (credentials in the URL are sent as Proxy-Authorization). */
  proxy?: string;
  /** Skip certificate checks (VS Code's `http.proxyStrictSSL: false`). */
  insecure?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A socket to `host:port` through the proxy's CONNECT method. */
function tunnel(proxy: URL, host: string, port: number, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: Number(proxy.port) || 80,
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers: { host: `${host}:${port}`, ...proxyAuthorization(proxy) },
      signal,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy refused the tunnel to ${host}:${port}: HTTP ${response.statusCode}`));
      }
    });
    request.once('error', reject);
    request.end();
  });
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const target = new URL(req.url);
  const secure = target.protocol === 'https:';
  const port = Number(target.port) || (secure ? 443 : 80);
  const headers: Record<string, string> = { 'user-agent': 'sciwrite', accept: 'application/json', ...req.headers };
  if (req.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(req.body));
  }
  const proxy = req.proxy ? new URL(req.proxy) : undefined;
  let options: http.RequestOptions | https.RequestOptions = {
    method: req.method ?? 'GET',
    host: target.hostname,
    port,
    path: `${target.pathname}${target.search}`,
    headers,
    signal: req.signal,
  };
  if (proxy && !secure) {
    options = { ...options, host: proxy.hostname, port: Number(proxy.port) || 80, path: target.href, headers: { ...headers, host: target.host, ...proxyAuthorization(proxy) } };
  } else if (proxy && secure) {
    const socket = await tunnel(proxy, target.hostname, port, req.signal);
    const secured = tls.connect({ socket, ...(net.isIP(target.hostname) ? {} : { servername: target.hostname }), rejectUnauthorized: !req.insecure });
    // No agent: the request runs over this one tunnelled socket.
    options = { ...options, createConnection: () => secured } as https.RequestOptions;
  } else if (secure && req.insecure) {
    options = { ...options, rejectUnauthorized: false } as https.RequestOptions;
  }
  const transport = secure ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    const request = transport.request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}
