// The store's side of the proxy policy (the policy itself: net-proxy.test.ts): a malformed proxy is an
// 'invalid-spec' ModelStoreError, refusals are 'network' errors, and offline mode is offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyRefusal, proxyUnreachable, storeProxyConfig } from '../../extension/inference/store/proxy.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';

test('the store reads the same policy', () => {
  assert.equal(storeProxyConfig(undefined, {}), undefined);
  assert.deepEqual(storeProxyConfig({ url: 'proxy.lab:3128', strictSSL: false }, { NO_PROXY: 'a.org' }), { http: 'http://proxy.lab:3128/', https: 'http://proxy.lab:3128/', noProxy: ['a.org'], strictSSL: false });
});

test('a proxy that is not an http(s) URL is refused clearly, without its password', () => {
  assert.throws(() => storeProxyConfig({ url: 'ftp://bob:pw@proxy:2121' }, {}), (e: unknown) => {
    assert.ok(e instanceof ModelStoreError, 'a ModelStoreError');
    assert.equal(e.code, 'invalid-spec');
    assert.match(e.message, /ftp:\/\/bob@proxy:2121 \(the http\.proxy setting\) must be an http:\/\/ or https:\/\/ URL/);
    assert.ok(!e.message.includes('pw'), `no password: ${e.message}`);
    return true;
  });
});

test('refusals and an unreachable proxy are network errors; offline mode is offered', () => {
  const refused = proxyRefusal('http://bob:pw@proxy:1', 407, 'https://huggingface.co/x');
  assert.equal(refused.code, 'network');
  assert.equal(refused.details.status, 407);
  assert.match(refused.message, /^The proxy http:\/\/bob@proxy:1 refused the user name and password/);
  const unreachable = proxyUnreachable('http://bob:pw@proxy:1', 'https://huggingface.co/x', 'ECONNREFUSED', new Error('x'));
  assert.equal(unreachable.code, 'network');
  assert.match(unreachable.message, /through the proxy http:\/\/bob@proxy:1: ECONNREFUSED\. .*add huggingface\.co to NO_PROXY to go direct, or use offline mode with a cached model\.$/);
  for (const e of [refused, unreachable]) assert.ok(!e.message.includes('pw'), `no password: ${e.message}`);
});
