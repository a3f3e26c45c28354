// The model store behind an HTTP proxy: a real forward proxy on 127.0.0.1 in front of the Hub
// stand-in (and its CDN). The stand-in speaks plain HTTP, so these tests exercise the proxy's
// absolute-URI path (`GET http://stand-in.test:<port>/…` to the proxy); HTTPS requests (huggingface.co
// and its CDN) go through the same undici ProxyAgent as a CONNECT tunnel (store-proxy-tunnel.test.ts).
// Loopback hosts never go through a proxy, so the stand-in is named stand-in.test, a name only the
// test proxy resolves (to 127.0.0.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { startHubServer, FIXTURES_HF, type HubServer } from '../helpers/hub-server.ts';
import { startForwardProxy, STAND_IN_HOST, type ForwardProxy } from '../helpers/forward-proxy.ts';

const REPO = 'sciwrite-test/tiny-bert-ner';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];

let hub: HubServer;
const proxies: ForwardProxy[] = [];
const cleanup: string[] = [];

before(async () => {
  hub = await startHubServer({ hostname: STAND_IN_HOST });
});

after(async () => {
  await hub.close();
  for (const p of proxies) await p.close();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-proxy-'));
  cleanup.push(dir);
  return dir;
}

async function proxy(options: Parameters<typeof startForwardProxy>[0] = {}): Promise<ForwardProxy> {
  const p = await startForwardProxy(options);
  proxies.push(p);
  return p;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function assertSameFiles(folder: string): void {
  for (const f of FILES) assert.equal(sha256(join(folder, f)), sha256(join(FIXTURES_HF, 'tiny-bert-ner', f)), `${f} is byte-identical`);
}

/** Every request the Hub and its CDN saw came through the proxy, as an absolute URI. */
function assertAllProxied(p: ForwardProxy, hubBefore: number): void {
  const seen = hub.requests.slice(hubBefore);
  assert.ok(seen.length > 0, 'the Hub was asked for the files');
  assert.ok(seen.some((r) => r.server === 'cdn'), 'the LFS weights came from the CDN origin');
  const forwarded = p.requests.filter((r) => r.status !== 407);
  assert.equal(forwarded.length, seen.length, 'as many requests reached the proxy as reached the Hub and its CDN');
  for (const r of forwarded) {
    assert.ok(r.target.startsWith(`${hub.endpoint}/`) || r.target.startsWith(`${hub.cdnEndpoint}/`), `absolute URI to the Hub or CDN: ${r.method} ${r.target}`);
  }
  const targets = forwarded.map((r) => `${r.method} ${new URL(r.target).pathname}${new URL(r.target).search}`).sort();
  const hubPaths = seen.map((r) => `${r.method} ${r.path}`).sort();
  assert.deepEqual(targets.map(decodeURIComponent), hubPaths.map(decodeURIComponent), 'the proxy forwarded exactly what the Hub answered');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('HTTP_PROXY: the download goes through the proxy and is byte-identical', async () => {
  const p = await proxy();
  const before = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { HTTP_PROXY: p.url } });
  assert.equal(resolved.source, 'hub');
  assertSameFiles(resolved.folder);
  assertAllProxied(p, before);
});

test('lower-case http_proxy is honoured too', async () => {
  const p = await proxy();
  const before = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { http_proxy: p.url } });
  assertSameFiles(resolved.folder);
  assertAllProxied(p, before);
});

test('the VS Code http.proxy setting wins over the environment', async () => {
  const p = await proxy();
  const dead = `http://127.0.0.1:${await closedPort()}`;
  const before = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { HTTP_PROXY: dead, HTTPS_PROXY: dead }, proxy: { url: p.url } });
  assertSameFiles(resolved.folder);
  assertAllProxied(p, before);
});

test('credentials in the proxy URL are sent as Proxy-Authorization, and never to the Hub', async () => {
  const p = await proxy({ credentials: { user: 'alice', password: 's@cret:1' } });
  const url = new URL(p.url);
  url.username = 'alice';
  url.password = encodeURIComponent('s@cret:1');
  const before = hub.requests.length;
  const resolved = await resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: {}, proxy: { url: url.href } });
  assertSameFiles(resolved.folder);
  assertAllProxied(p, before);
  const expected = `Basic ${Buffer.from('alice:s@cret:1').toString('base64')}`;
  for (const r of p.requests) assert.equal(r.proxyAuthorization, expected, `${r.method} ${r.target} carried the credentials`);
  for (const r of hub.requests.slice(before)) assert.equal(r.headers['proxy-authorization'], undefined, 'the proxy credentials stay with the proxy');
});

test('a proxy that asks for credentials (407) gives a clear error naming the proxy', async () => {
  const p = await proxy({ credentials: { user: 'alice', password: 'right' } });
  const before = hub.requests.length;
  await assert.rejects(
    resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { HTTP_PROXY: p.url } }),
    (e: unknown) => {
      assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
      assert.equal(e.code, 'network');
      assert.equal(e.details.status, 407);
      assert.match(e.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${p.port} asks for a user name and password \\(407`));
      assert.match(e.message, /http:\/\/user:password@host:port/);
      return true;
    },
  );
  assert.equal(hub.requests.length, before, 'nothing reached the Hub');
  assert.ok(p.requests.length > 0 && p.requests.every((r) => r.status === 407), 'the proxy refused every request');
});

test('wrong proxy credentials: the error says so, without the password', async () => {
  const p = await proxy({ credentials: { user: 'alice', password: 'right' } });
  const url = new URL(p.url);
  url.username = 'alice';
  url.password = 'wrong-pw';
  await assert.rejects(
    resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: {}, proxy: { url: url.href } }),
    (e: unknown) => {
      assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
      assert.match(e.message, new RegExp(`proxy http://alice@127\\.0\\.0\\.1:${p.port} refused the user name and password`));
      assert.ok(!e.message.includes('wrong-pw'), `the password is not in the message: ${e.message}`);
      return true;
    },
  );
});

test('a proxy that refuses connections gives a clear error naming the proxy', async () => {
  const port = await closedPort();
  await assert.rejects(
    resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: {}, proxy: { url: `http://bob:hunter2@127.0.0.1:${port}` } }),
    (e: unknown) => {
      assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
      assert.equal(e.code, 'network');
      assert.match(e.message, new RegExp(`through the proxy http://bob@127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
      assert.match(e.message, /NO_PROXY/);
      assert.ok(!e.message.includes('hunter2'), `the password is not in the message: ${e.message}`);
      return true;
    },
  );
});

/** A direct request to stand-in.test fails (only the test proxy resolves it): proof that NO_PROXY sent it direct. */
function assertWentDirect(e: unknown): true {
  assert.ok(e instanceof ModelStoreError, `a ModelStoreError: ${String(e)}`);
  assert.equal(e.code, 'network');
  assert.match(e.message, new RegExp(`^Cannot reach ${hub.endpoint.replace(/[.]/g, '\\.')}: `), e.message);
  assert.ok(!/proxy/i.test(e.message), `the message is about the direct connection: ${e.message}`);
  return true;
}

test('NO_PROXY hosts go direct', async () => {
  for (const env of [{ NO_PROXY: STAND_IN_HOST }, { no_proxy: `localhost, .${STAND_IN_HOST.split('.').pop()}` }, { NO_PROXY: `${STAND_IN_HOST}:${new URL(hub.endpoint).port}` }]) {
    const p = await proxy();
    await assert.rejects(resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { ...env, HTTP_PROXY: p.url } }), assertWentDirect);
    assert.equal(p.requests.length, 0, `no request went through the proxy (${JSON.stringify(env)})`);
  }
  const p = await proxy();
  await assert.rejects(resolveModel({ repo: REPO }, { endpoint: hub.endpoint, cacheDir: await tempDir(), env: { NO_PROXY: STAND_IN_HOST }, proxy: { url: p.url } }), assertWentDirect);
  assert.equal(p.requests.length, 0, 'NO_PROXY applies to the http.proxy setting too');
});

test('a Hub on this machine (127.0.0.1) goes direct even with a proxy set', async () => {
  const local = await startHubServer();
  try {
    const p = await proxy();
    const resolved = await resolveModel({ repo: REPO }, { endpoint: local.endpoint, cacheDir: await tempDir(), env: { HTTP_PROXY: p.url } });
    assertSameFiles(resolved.folder);
    assert.ok(local.requests.some((r) => r.server === 'cdn'), 'the weights came from the local CDN');
    assert.equal(p.requests.length, 0, 'no request went through the proxy');
  } finally {
    await local.close();
  }
});
