// A small forward HTTP proxy on 127.0.0.1, as a university or company proxy behaves: absolute-URI
// requests (`GET http://host/path`) are forwarded and answered, CONNECT opens a TCP tunnel. Every
// request is recorded; with `credentials`, anything without the matching Proxy-Authorization
// gets 407 Proxy Authentication Required.
// Loopback targets never go through a proxy (extension/net/proxy.ts), so tests name their stand-ins
// on 127.0.0.1 `*.test` (RFC 6761: never resolved by real DNS) and only this proxy resolves those
// names, to 127.0.0.1: a request that reaches a stand-in by such a name went through the proxy.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** The name tests give a stand-in on 127.0.0.1 when its requests must go through the proxy. */
export const STAND_IN_HOST = 'stand-in.test';

/** `http://127.0.0.1:<port>/x` as `http://stand-in.test:<port>/x`: reachable only through this proxy. */
export function viaProxyName(url: string, name = STAND_IN_HOST): string {
  return url.replace(/^([a-z]+:\/\/)127\.0\.0\.1(?=[:/]|$)/, `$1${name}`);
}

/** Where the proxy connects for `host`: `*.test` names are stand-ins on 127.0.0.1. */
function upstreamHost(host: string): string {
  return /\.test\.?$/i.test(host) ? '127.0.0.1' : host;
}

export interface ProxiedRequest {
  /** GET/HEAD for forwarded requests, CONNECT for tunnels. */
  method: string;
  /** The absolute URI, or host:port for CONNECT. */
  target: string;
  proxyAuthorization?: string;
  /** What the proxy answered itself (407), or what the server answered through it. */
  status?: number;
}

export interface ForwardProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function startForwardProxy(options: { credentials?: { user: string; password: string } } = {}): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const sockets = new Set<Socket>();
  const authorized = (auth: string | undefined): boolean => expected === undefined || auth === expected;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const auth = req.headers['proxy-authorization'];
    const record: ProxiedRequest = { method: req.method ?? '', target: req.url ?? '', proxyAuthorization: auth };
    requests.push(record);
    if (!authorized(auth)) {
      record.status = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-length': '0' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      record.status = 400;
      res.writeHead(400, { 'content-length': '0' }).end(); // not an absolute URI: not a proxy request
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: upstreamHost(target.hostname), port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (up) => {
      record.status = up.statusCode;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-length': '0' }).end();
      else res.destroy();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    const record: ProxiedRequest = { method: 'CONNECT', target: req.url ?? '', proxyAuthorization: auth };
    requests.push(record);
    if (!authorized(auth)) {
      record.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), upstreamHost(host), () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
