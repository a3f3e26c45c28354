// HTTPS behind a network that inspects it: every server presents a certificate signed by the network's
// own root (test/fixtures/tls/inspecting-ca.crt), which the system trusts and Node does not. With the
// system's store (here named by SSL_CERT_FILE, as OpenSSL reads it) Crossref, Semantic Scholar and Hub
// downloads go through, directly and through a proxy; without it the user is told that the certificate
// is not trusted and what to do, not that the network or the proxy is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';
import { httpRequest } from '../../extension/net/http.ts';
import { pemCertificates, systemCertificates, trustedCertificates, UntrustedCertificateError } from '../../extension/net/trust.ts';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { ModelStoreError } from '../../extension/inference/store/errors.ts';
import { startForwardProxy, viaProxyName } from '../helpers/forward-proxy.ts';
import { startHubServer } from '../helpers/hub-server.ts';

const TLS = new URL('../fixtures/tls/', import.meta.url);
const CA_FILE = new URL('inspecting-ca.crt', TLS).pathname;
const key = readFileSync(new URL('inspected.key', TLS));
const cert = readFileSync(new URL('inspected.crt', TLS));
const WORK = {
  title: ['Minimap2: pairwise alignment for nucleotide sequences'], author: [{ family: 'Li', given: 'Heng' }],
  issued: { 'date-parts': [[2018]] }, DOI: '10.1093/bioinformatics/bty191', type: 'journal-article',
};

async function crossrefStandIn(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', message: WORK }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

test('the system store: SSL_CERT_FILE, else Node\'s own reader, else the Linux bundle; only what Node lacks is added', () => {
  const files: Record<string, string> = { '/custom.pem': readFileSync(CA_FILE, 'utf8'), '/etc/pki/tls/certs/ca-bundle.crt': tls.rootCertificates.slice(0, 2).join('\n') };
  const readFile = (path: string) => files[path];
  assert.deepEqual(systemCertificates({ SSL_CERT_FILE: '/custom.pem' }, { readFile, platform: 'linux' }), pemCertificates(files['/custom.pem']));
  assert.deepEqual(systemCertificates({}, { readFile, platform: 'linux' }), tls.rootCertificates.slice(0, 2), 'the first bundle that exists (Fedora\'s here)');
  assert.deepEqual(systemCertificates({}, { readFile, getCACertificates: () => ['from node'] }), ['from node']);
  assert.deepEqual(systemCertificates({}, { readFile, platform: 'darwin' }), [], 'no reader for macOS keychains in this Node');
  assert.equal(trustedCertificates({}, { readFile, platform: 'linux' }), undefined, 'a bundle Node already has adds nothing: Node\'s defaults stay');
  const trusted = trustedCertificates({ SSL_CERT_FILE: '/custom.pem' }, { readFile });
  assert.equal(trusted?.length, tls.rootCertificates.length + 1, 'Node\'s roots and the inspecting root');
});

test('Crossref over HTTPS signed by an inspecting root: trusted through the system store, else a clear message', async () => {
  const server = await crossrefStandIn();
  try {
    const untrusted = await new CrossrefClient({ baseUrl: server.origin, env: { SSL_CERT_FILE: '/nonexistent.pem' } }).work('10.1093/bioinformatics/bty191');
    assert.equal(untrusted.kind, 'failed');
    assert.match(untrusted.kind === 'failed' ? untrusted.message : '', /The HTTPS certificate of 127\.0\.0\.1 is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)\. If your network inspects HTTPS traffic.*NODE_EXTRA_CA_CERTS/);
    const trusted = await new CrossrefClient({ baseUrl: server.origin, env: { SSL_CERT_FILE: CA_FILE } }).work('10.1093/bioinformatics/bty191');
    assert.equal(trusted.kind, 'found', JSON.stringify(trusted));
  } finally {
    await server.close();
  }
});

test('through a proxy: the tunnelled server\'s certificate is checked against the system store; an untrusted one is not called a proxy failure', async () => {
  const server = await crossrefStandIn();
  const proxy = await startForwardProxy();
  try {
    const url = `${viaProxyName(server.origin)}/works/10.1093%2Fbioinformatics%2Fbty191`;
    const ok = await httpRequest({ url, env: { HTTPS_PROXY: proxy.url, SSL_CERT_FILE: CA_FILE } });
    assert.equal(ok.status, 200);
    assert.deepEqual(proxy.requests.map((r) => r.method), ['CONNECT'], 'through the tunnel');
    await assert.rejects(httpRequest({ url, env: { HTTPS_PROXY: proxy.url, SSL_CERT_FILE: '/nonexistent.pem' } }), (e: unknown) => {
      assert.ok(e instanceof UntrustedCertificateError, `an untrusted certificate, not a proxy error: ${String(e)}`);
      assert.equal(e.host, 'stand-in.test');
      return true;
    });
  } finally {
    await proxy.close();
    await server.close();
  }
});

test('a Hub model downloads over HTTPS signed by the inspecting root with the system store; without it the error says why', { timeout: 60_000 }, async () => {
  const hub = await startHubServer({ fixtures: true, tls: { key, cert } });
  const cacheDir = mkdtempSync(join(tmpdir(), 'sciwrite-trust-'));
  try {
    await assert.rejects(resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: hub.endpoint, cacheDir, env: { SSL_CERT_FILE: '/nonexistent.pem' } }), (e: unknown) => {
      assert.ok(e instanceof ModelStoreError, String(e));
      assert.equal(e.code, 'network');
      assert.match(e.message, /^The HTTPS certificate of 127\.0\.0\.1 is not trusted .*restart the editor\. Or use offline mode with a cached model\.$/);
      return true;
    });
    const resolved = await resolveModel({ repo: 'sciwrite-test/tiny-bert-cite' }, { endpoint: hub.endpoint, cacheDir, env: { SSL_CERT_FILE: CA_FILE } });
    assert.ok(resolved.files.length > 0, 'downloaded');
  } finally {
    await hub.close();
  }
});

test('NODE_EXTRA_CA_CERTS stays trusted when the system adds authorities', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-extra-ca-'));
  const extra = join(dir, 'extra.pem');
  writeFileSync(extra, readFileSync(new URL('self-signed.crt', TLS)));
  const before = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = extra;
  try {
    const trusted = trustedCertificates({ SSL_CERT_FILE: CA_FILE }, { readFile: (path) => readFileSync(path, 'utf8') }) ?? [];
    assert.ok(trusted.some((pem) => pem.includes(pemCertificates(readFileSync(extra, 'utf8'))[0].split('\n')[1])), 'the extra certificate is kept');
  } finally {
    if (before === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = before;
  }
});
