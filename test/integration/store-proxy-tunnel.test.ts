// The HTTPS path through a proxy: a CONNECT tunnel to an HTTPS server on 127.0.0.1 (a self-signed
// certificate for 127.0.0.1, test/fixtures/tls), named stand-in.test since loopback hosts never go
// through a proxy (only the test proxy resolves that name), driven through the store's request layer as the
// Hub requests are. Checks that the tunnel carries the bytes, that http.proxyStrictSSL decides
// whether the self-signed certificate is accepted, and that a 407 to CONNECT gives the clear error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request, type HubContext } from '../../extension/inference/store/hub-http.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { proxyConfig } from '../../extension/net/proxy.ts';
import { startForwardProxy, viaProxyName, type ForwardProxy } from '../helpers/forward-proxy.ts';

const TLS = new URL('../fixtures/tls/', import.meta.url);
const BODY = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 251));

let server: Server;
let origin: string;
const proxies: ForwardProxy[] = [];

before(async () => {
  server = createServer({ key: readFileSync(new URL('self-signed.key', TLS)), cert: readFileSync(new URL('self-signed.crt', TLS)) }, (_req, res) => {
    res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = viaProxyName(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

after(async () => {
  for (const p of proxies) await p.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function proxy(options: Parameters<typeof startForwardProxy>[0] = {}): Promise<ForwardProxy> {
  const p = await startForwardProxy(options);
  proxies.push(p);
  return p;
}

function ctx(url: string, strictSSL: boolean): HubContext {
  return { endpoint: origin, proxy: proxyConfig({ url, strictSSL }, {}) };
}

test('HTTPS goes through a CONNECT tunnel; proxyStrictSSL false accepts the self-signed certificate', async () => {
  const p = await proxy();
  const { res } = await request(`${origin}/file.bin`, 'GET', ctx(p.url, false));
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), BODY, 'the bytes came through the tunnel intact');
  assert.deepEqual(p.requests.map((r) => `${r.method} ${r.target}`), [`CONNECT ${new URL(origin).host}`], 'one CONNECT tunnel, no plain request');
});

test('with proxyStrictSSL on, the self-signed certificate is refused', async () => {
  const p = await proxy();
  await assert.rejects(request(`${origin}/file.bin`, 'GET', ctx(p.url, true)), (e: unknown) => {
    assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
    assert.equal(e.code, 'network');
    // the server's certificate, not the proxy, is what failed
    assert.match(e.message, /^The HTTPS certificate of [\w.-]+ is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)\./);
    return true;
  });
  assert.equal(p.requests[0]?.method, 'CONNECT', 'the tunnel was opened');
});

test('a 407 to CONNECT gives the clear proxy error', async () => {
  const p = await proxy({ credentials: { user: 'x', password: 'y' } });
  await assert.rejects(request(`${origin}/file.bin`, 'GET', ctx(p.url, false)), (e: unknown) => {
    assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
    assert.equal(e.details.status, 407, e.message);
    assert.match(e.message, /The proxy http:\/\/127\.0\.0\.1:\d+ asks for a user name and password \(407/);
    return true;
  });
  assert.ok(p.requests.length > 0 && p.requests.every((r) => r.method === 'CONNECT' && r.status === 407), 'CONNECT refused with 407');
});

test('credentials reach the proxy on CONNECT', async () => {
  const p = await proxy({ credentials: { user: 'x', password: 'y' } });
  const url = new URL(p.url);
  url.username = 'x';
  url.password = 'y';
  const { res } = await request(`${origin}/file.bin`, 'GET', ctx(url.href, false));
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), BODY, 'the bytes came through the tunnel intact');
  assert.equal(p.requests[0]?.proxyAuthorization, `Basic ${Buffer.from('x:y').toString('base64')}`);
});
