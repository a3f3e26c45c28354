// Which proxy a request takes (Hub downloads, Semantic Scholar, Crossref, Zotero alike): the http.proxy
// setting over HTTPS_PROXY/HTTP_PROXY (either case), NO_PROXY as curl reads it, loopback hosts always
// direct, and proxy URLs and messages without their password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, proxyConfig, ProxyError, proxyFailure, proxyFor, proxyRefusalMessage, proxySetting, proxyUnreachableMessage, redactProxyUrl } from '../../extension/net/proxy.ts';

test('no setting and no proxy variables: direct', () => {
  assert.equal(proxyConfig(undefined, {}), undefined);
  assert.equal(proxyConfig({ url: '  ' }, { NO_PROXY: 'localhost' }), undefined);
  assert.equal(proxyFor('https://huggingface.co/x', undefined), undefined);
});

test('HTTPS_PROXY serves https URLs, HTTP_PROXY http ones; lower case wins like curl', () => {
  const config = proxyConfig(undefined, { HTTPS_PROXY: 'http://secure:3128', http_proxy: 'plain:8080', HTTP_PROXY: 'http://upper:1' });
  assert.equal(proxyFor('https://huggingface.co/a', config), 'http://secure:3128/');
  assert.equal(proxyFor('http://mirror.lab/a', config), 'http://plain:8080/', 'scheme-less proxy means http://');
  const httpsOnly = proxyConfig(undefined, { https_proxy: 'http://secure:3128' });
  assert.equal(proxyFor('http://mirror.lab/a', httpsOnly), undefined);
});

test('the http.proxy setting applies to both schemes and wins over the environment', () => {
  const config = proxyConfig({ url: 'http://vscode:8888', strictSSL: false }, { HTTPS_PROXY: 'http://env:1' });
  assert.equal(proxyFor('https://huggingface.co/a', config), 'http://vscode:8888/');
  assert.equal(proxyFor('http://mirror.lab:9/a', config), 'http://vscode:8888/');
  assert.equal(config?.strictSSL, false);
  assert.equal(proxyConfig({ url: 'http://vscode:8888' }, {})?.strictSSL, true);
});

test('the clients’ proxy / proxyStrictSSL options become the setting', () => {
  assert.deepEqual(proxySetting({}), {});
  assert.deepEqual(proxySetting({ proxy: 'http://p:1', proxyStrictSSL: false }), { url: 'http://p:1', strictSSL: false });
  assert.deepEqual(proxySetting({ proxyStrictSSL: true }), {});
});

test('NO_PROXY: exact hosts, domain suffixes, ports, "*"', () => {
  const config = proxyConfig({ url: 'http://p:1' }, { no_proxy: 'localhost, 10.1.2.3 .internal.example,cdn.example.org:8443,*.lab.org' });
  const direct = ['http://10.1.2.3:5/x', 'https://hub.internal.example/x', 'https://cdn.example.org:8443/x', 'https://a.lab.org/x', 'https://lab.org/x'];
  const proxied = ['https://huggingface.co/x', 'https://cdn.example.org/x', 'https://notinternal.example/x', 'http://10.1.2.4/x'];
  for (const url of direct) assert.equal(proxyFor(url, config), undefined, `${url} goes direct`);
  for (const url of proxied) assert.equal(proxyFor(url, config), 'http://p:1/', `${url} goes through the proxy`);
  assert.equal(proxyFor('https://huggingface.co/x', proxyConfig({ url: 'http://p:1' }, { NO_PROXY: '*' })), undefined);
});

test('loopback hosts go direct whatever the proxy settings (unlike curl)', () => {
  const config = proxyConfig({ url: 'http://p:1' }, { HTTPS_PROXY: 'http://env:2' });
  const loopback = ['http://127.0.0.1:23119/connector/ping', 'http://127.8.9.10/x', 'https://localhost:8443/x', 'http://localhost./x', 'http://zotero.localhost/x', 'http://[::1]:23119/x', 'http://[::ffff:127.0.0.1]/x'];
  for (const url of loopback) assert.equal(proxyFor(url, config), undefined, `${url} goes direct`);
  for (const url of ['http://128.0.0.1/x', 'http://localhost.example.org/x', 'http://[::2]/x', 'http://[::ffff:10.0.0.1]/x', 'https://api.semanticscholar.org/x']) {
    assert.equal(proxyFor(url, config), 'http://p:1/', `${url} goes through the proxy`);
  }
  assert.equal(isLoopback('LOCALHOST'), true);
  assert.equal(isLoopback('127.0.0.1'), true);
  assert.equal(isLoopback('stand-in.test'), false);
});

test('proxy URLs are shown without their password', () => {
  assert.equal(redactProxyUrl('http://alice:s%40cret@proxy.lab:3128/'), 'http://alice@proxy.lab:3128');
  assert.equal(redactProxyUrl('http://proxy.lab:3128'), 'http://proxy.lab:3128');
});

test('a proxy that is not an http(s) URL is a ProxyError, without its password', () => {
  for (const [setting, env, shown] of [
    [{ url: 'ftp://bob:pw@proxy:2121' }, {}, /ftp:\/\/bob@proxy:2121 \(the http\.proxy setting\) must be an http:\/\/ or https:\/\/ URL/],
    [undefined, { HTTPS_PROXY: 'http://bob:pw@[bad' }, /"http:\/\/bob@\[bad" \(HTTPS_PROXY\) is not a URL/],
  ] as const) {
    assert.throws(() => proxyConfig(setting, env), (e: unknown) => {
      assert.ok(e instanceof ProxyError, `a ProxyError: ${String(e)}`);
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, shown);
      assert.ok(!e.message.includes('pw'), `no password: ${e.message}`);
      return true;
    });
  }
});

test('refusal and unreachable messages name the proxy without its password', () => {
  const proxy = 'http://alice:hunter2@proxy.lab:3128/';
  const wrong = proxyRefusalMessage(proxy, 407, 'https://api.crossref.org/works/x');
  assert.match(wrong, /^The proxy http:\/\/alice@proxy\.lab:3128 refused the user name and password in its URL \(407/);
  assert.match(proxyRefusalMessage('http://proxy.lab:3128', 407, 'https://x.org/'), /asks for a user name and password \(407 .*http:\/\/user:password@host:port/);
  assert.match(proxyRefusalMessage(proxy, 403, 'https://api.crossref.org/works/x'), /refused the connection to api\.crossref\.org \(403\).*add api\.crossref\.org to NO_PROXY/);
  const unreachable = proxyUnreachableMessage(proxy, 'https://api.crossref.org/works/x', 'ECONNREFUSED');
  assert.match(unreachable, /^Cannot reach https:\/\/api\.crossref\.org through the proxy http:\/\/alice@proxy\.lab:3128: ECONNREFUSED\. .*, or add api\.crossref\.org to NO_PROXY to go direct\.$/);
  assert.match(proxyUnreachableMessage(proxy, 'https://hf.co/x', 'ETIMEDOUT', 'use offline mode'), /add hf\.co to NO_PROXY to go direct, or use offline mode\.$/);
  for (const m of [wrong, unreachable]) assert.ok(!m.includes('hunter2'), `no password: ${m}`);
});

test('proxyFailure reads undici’s error chains', () => {
  const tunnel = new TypeError('fetch failed', { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') });
  assert.deepEqual(proxyFailure(tunnel), { status: 407 });
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
  assert.deepEqual(proxyFailure(refused), { reason: 'ECONNREFUSED' });
  assert.deepEqual(proxyFailure(new TypeError('fetch failed', { cause: new Error('other side closed') })), { reason: 'other side closed' });
});
