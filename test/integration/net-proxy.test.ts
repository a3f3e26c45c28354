// Semantic Scholar, Crossref and Zotero's connector under the one proxy policy (extension/net/proxy.ts)
// and transport (extension/net/http.ts): a real forward proxy (test/helpers/forward-proxy.ts) in front of
// the S2 stand-in and an HTTPS server with the test certificate (test/fixtures/tls). Loopback targets
// never go through a proxy, so proxied stand-ins are named stand-in.test, which only the test proxy
// resolves (to 127.0.0.1): a request that went direct to that name fails with ENOTFOUND instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { S2Client, S2Error } from '../../extension/net/semantic-scholar/client.ts';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';
import { ZoteroConnector } from '../../extension/net/zotero/connector.ts';
import { startS2StandIn, type S2StandIn } from '../helpers/s2-stand-in.ts';
import { startZoteroStandIn } from '../helpers/zotero-stand-in.ts';
import { startForwardProxy, viaProxyName, type ForwardProxy } from '../helpers/forward-proxy.ts';

const PAPER = { paperId: 'a'.repeat(40), title: 'Attention Is All You Need', externalIds: { DOI: '10.5555/attention' } };
const TLS = new URL('../fixtures/tls/', import.meta.url);

let s2: S2StandIn;
let tlsServer: Server;
let tlsOrigin: string;
const proxies: ForwardProxy[] = [];
const noWait = { sleep: async () => undefined, maxServerRetries: 0 };

before(async () => {
  s2 = await startS2StandIn([PAPER]);
  tlsServer = createServer({ key: readFileSync(new URL('self-signed.key', TLS)), cert: readFileSync(new URL('self-signed.crt', TLS)) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url?.startsWith('/works/') ? { message: { title: ['via TLS'], DOI: '10.5555/attention' } } : { total: 1, offset: 0, data: [{ paperId: PAPER.paperId, title: `via ${req.url}` }] }));
  });
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsOrigin = viaProxyName(`https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`);
});

after(async () => {
  for (const p of proxies) await p.close();
  await s2.close();
  tlsServer.closeAllConnections();
  await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
});

async function proxy(options: Parameters<typeof startForwardProxy>[0] = {}): Promise<ForwardProxy> {
  const p = await startForwardProxy(options);
  proxies.push(p);
  return p;
}

/** The S2 stand-in by a name only the proxy resolves. */
function s2Named(): string {
  return `${viaProxyName(s2.url)}/graph/v1`;
}

test('HTTP_PROXY (either case) from the env parameter carries plain-HTTP requests, as absolute URIs', async () => {
  for (const name of ['HTTP_PROXY', 'http_proxy']) {
    const p = await proxy();
    const before = s2.seen.length;
    const client = new S2Client({ baseUrl: s2Named(), env: { [name]: p.url }, ...noWait });
    const [paper] = await client.search('attention');
    assert.equal(paper.paperId, PAPER.paperId);
    assert.equal(s2.seen.length, before + 1, 'the stand-in answered once');
    assert.deepEqual(p.requests.map((r) => `${r.method} ${new URL(r.target).origin}`), [`GET ${viaProxyName(s2.url)}`], `${name}: one forwarded request`);
  }
});

test('HTTPS_PROXY (either case) from the env parameter tunnels HTTPS requests; strictSSL off accepts the test certificate', async () => {
  for (const name of ['HTTPS_PROXY', 'https_proxy']) {
    const p = await proxy();
    const client = new S2Client({ baseUrl: tlsOrigin, proxyStrictSSL: false, env: { [name]: p.url, HTTP_PROXY: 'http://127.0.0.1:9' }, ...noWait });
    const [paper] = await client.search('tls');
    assert.match(paper.title ?? '', /^via \/paper\/search\?query=tls/);
    assert.deepEqual(p.requests.map((r) => `${r.method} ${r.target}`), [`CONNECT ${new URL(tlsOrigin).host}`], `${name}: one CONNECT tunnel`);
  }
  const p = await proxy();
  const crossref = new CrossrefClient({ baseUrl: tlsOrigin, proxyStrictSSL: false, env: { HTTPS_PROXY: p.url } });
  const found = await crossref.work('10.5555/attention');
  assert.ok(found.kind === 'found' && found.work.title?.[0] === 'via TLS', JSON.stringify(found));
  assert.equal(p.requests[0]?.method, 'CONNECT', 'Crossref went through the tunnel too');
});

test('the http.proxy setting wins over the environment', async () => {
  const p = await proxy();
  const client = new S2Client({ baseUrl: s2Named(), proxy: p.url, env: { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' }, ...noWait });
  await client.search('attention');
  assert.equal(p.requests.length, 1, 'the setting’s proxy carried the request');
});

test('NO_PROXY hosts go direct, for the environment’s proxy and for the setting', async () => {
  const cases: { env: Record<string, string>; setting: boolean }[] = [
    { env: { NO_PROXY: 'stand-in.test' }, setting: false },
    { env: { no_proxy: 'localhost,.test' }, setting: false },
    { env: { NO_PROXY: `stand-in.test:${new URL(s2.url).port}` }, setting: true },
  ];
  for (const { env, setting } of cases) {
    const p = await proxy();
    const client = new S2Client({ baseUrl: s2Named(), ...(setting ? { proxy: p.url } : {}), env: { ...env, HTTP_PROXY: p.url }, ...noWait });
    await assert.rejects(client.search('attention'), (e: unknown) => {
      assert.ok(e instanceof S2Error && e.kind === 'network', String(e));
      // Direct: the name is looked up here, and only the proxy knows it.
      assert.match(e.message, /^cannot reach stand-in\.test:\d+: .*(ENOTFOUND|EAI_AGAIN)/, e.message);
      return true;
    });
    assert.equal(p.requests.length, 0, `nothing went through the proxy (${JSON.stringify(env)}, setting: ${setting})`);
  }
  const crossrefProxy = await proxy();
  const crossref = new CrossrefClient({ baseUrl: viaProxyName(s2.url), proxy: crossrefProxy.url, env: { NO_PROXY: '.test' } });
  const direct = await crossref.work('10.5555/attention');
  assert.ok(direct.kind === 'failed' && direct.reason === 'network' && /ENOTFOUND|EAI_AGAIN/.test(direct.message), JSON.stringify(direct));
  assert.equal(crossrefProxy.requests.length, 0, 'Crossref honours NO_PROXY too');
});

test('loopback targets go direct even with a proxy set (Semantic Scholar mirror, Zotero’s connector)', async () => {
  const p = await proxy();
  const env = { HTTP_PROXY: p.url, HTTPS_PROXY: p.url };
  for (const host of ['127.0.0.1', 'localhost']) {
    const before = s2.seen.length;
    const client = new S2Client({ baseUrl: `${s2.url.replace('127.0.0.1', host)}/graph/v1`, proxy: p.url, env, ...noWait });
    const [paper] = await client.search('attention');
    assert.equal(paper.paperId, PAPER.paperId, `${host}: answered`);
    assert.equal(s2.seen.length, before + 1, `${host}: the stand-in saw the request itself`);
  }
  const zotero = await startZoteroStandIn();
  try {
    const connector = new ZoteroConnector({ baseUrl: zotero.url, env });
    assert.deepEqual(await connector.ping(), { running: true });
    assert.equal(zotero.requests.length, 1, 'Zotero saw the ping');
  } finally {
    await zotero.close();
  }
  assert.equal(p.requests.length, 0, 'no loopback request reached the proxy');
});

test('a 407 from the proxy: a clear message naming the proxy, without the password, and no retries', async () => {
  const p = await proxy({ credentials: { user: 'alice', password: 'right' } });
  const wrong = new URL(p.url);
  wrong.username = 'alice';
  wrong.password = 'hunter2';
  const client = new S2Client({ baseUrl: s2Named(), proxy: wrong.href, env: {}, sleep: async () => undefined });
  await assert.rejects(client.search('attention'), (e: unknown) => {
    assert.ok(e instanceof S2Error && e.kind === 'network', String(e));
    assert.equal(e.status, 407);
    assert.match(e.message, new RegExp(`^The proxy http://alice@127\\.0\\.0\\.1:${p.port} refused the user name and password in its URL \\(407`));
    assert.ok(!e.message.includes('hunter2'), `no password: ${e.message}`);
    return true;
  });
  assert.equal(p.requests.length, 1, 'a refusal is not retried');

  const tunnelled = new S2Client({ baseUrl: tlsOrigin, proxyStrictSSL: false, env: { HTTPS_PROXY: p.url }, ...noWait });
  await assert.rejects(tunnelled.search('tls'), (e: unknown) => {
    assert.ok(e instanceof S2Error, String(e));
    assert.match(e.message, new RegExp(`^The proxy http://127\\.0\\.0\\.1:${p.port} asks for a user name and password \\(407.*http://user:password@host:port`));
    return true;
  });
  assert.equal(p.requests.at(-1)?.method, 'CONNECT', 'the CONNECT was refused');

  const crossref = new CrossrefClient({ baseUrl: viaProxyName(s2.url), proxy: wrong.href, env: {} });
  const refused = await crossref.work('10.5555/attention');
  assert.ok(refused.kind === 'failed' && refused.reason === 'network', JSON.stringify(refused));
  assert.match(refused.kind === 'failed' ? refused.message : '', /refused the user name and password/);
  assert.ok(!JSON.stringify(refused).includes('hunter2'), `no password: ${JSON.stringify(refused)}`);
});

test('right credentials reach the proxy as Proxy-Authorization and never the server', async () => {
  const p = await proxy({ credentials: { user: 'alice', password: 's@cret:1' } });
  const url = new URL(p.url);
  url.username = 'alice';
  url.password = encodeURIComponent('s@cret:1');
  const before = s2.seen.length;
  await new S2Client({ baseUrl: s2Named(), env: { HTTP_PROXY: url.href }, ...noWait }).search('attention');
  assert.equal(p.requests[0]?.proxyAuthorization, `Basic ${Buffer.from('alice:s@cret:1').toString('base64')}`);
  assert.equal(s2.seen[before]?.headers['proxy-authorization'], undefined, 'the credentials stay with the proxy');
});

test('an unreachable proxy: the message names the proxy (without the password) and NO_PROXY', async () => {
  const client = new S2Client({ baseUrl: s2Named(), proxy: 'http://bob:hunter2@127.0.0.1:9', env: {}, ...noWait });
  await assert.rejects(client.search('attention'), (e: unknown) => {
    assert.ok(e instanceof S2Error && e.kind === 'network', String(e));
    assert.match(e.message, /through the proxy http:\/\/bob@127\.0\.0\.1:9: ECONNREFUSED\. .*add stand-in\.test to NO_PROXY/);
    assert.ok(!e.message.includes('hunter2'), `no password: ${e.message}`);
    return true;
  });
});
