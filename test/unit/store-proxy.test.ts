// Which proxy a Hub request takes: the http.proxy setting over HTTPS_PROXY/HTTP_PROXY (either case),
// NO_PROXY as curl reads it, and proxy URLs shown without their password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyConfig, proxyFor, redactProxyUrl } from '../../extension/inference/store/proxy.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';

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
  assert.equal(proxyFor('http://127.0.0.1:9/a', config), 'http://vscode:8888/');
  assert.equal(config?.strictSSL, false);
  assert.equal(proxyConfig({ url: 'http://vscode:8888' }, {})?.strictSSL, true);
});

test('NO_PROXY: exact hosts, domain suffixes, ports, "*"', () => {
  const config = proxyConfig({ url: 'http://p:1' }, { no_proxy: 'localhost, 127.0.0.1 .internal.example,cdn.example.org:8443,*.lab.org' });
  const direct = ['http://localhost:8080/x', 'http://127.0.0.1:5/x', 'https://hub.internal.example/x', 'https://cdn.example.org:8443/x', 'https://a.lab.org/x', 'https://lab.org/x'];
  const proxied = ['https://huggingface.co/x', 'https://cdn.example.org/x', 'https://notinternal.example/x', 'http://127.0.0.2/x'];
  for (const url of direct) assert.equal(proxyFor(url, config), undefined, `${url} goes direct`);
  for (const url of proxied) assert.equal(proxyFor(url, config), 'http://p:1/', `${url} goes through the proxy`);
  assert.equal(proxyFor('https://huggingface.co/x', proxyConfig({ url: 'http://p:1' }, { NO_PROXY: '*' })), undefined);
});

test('proxy URLs are shown without their password', () => {
  assert.equal(redactProxyUrl('http://alice:s%40cret@proxy.lab:3128/'), 'http://alice@proxy.lab:3128');
  assert.equal(redactProxyUrl('http://proxy.lab:3128'), 'http://proxy.lab:3128');
});

test('a proxy that is not an http(s) URL is refused clearly, without its password', () => {
  assert.throws(() => proxyConfig({ url: 'ftp://bob:pw@proxy:2121' }, {}), (e: unknown) => {
    assert.ok(e instanceof ModelStoreError, 'a ModelStoreError');
    assert.match(e.message, /ftp:\/\/bob@proxy:2121 \(the http\.proxy setting\) must be an http:\/\/ or https:\/\/ URL/);
    assert.ok(!e.message.includes('pw'), `no password: ${e.message}`);
    return true;
  });
});
