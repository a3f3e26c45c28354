// Semantic Scholar and Crossref say the same thing for the same failure: both clients against one real
// HTTP server on 127.0.0.1 that answers every request the same wrong way (a captive portal's page, an
// empty body, a redirect, an HTML 503, an oversized answer, silence). Their messages may differ only by
// the service's name, its base URL setting, its API host, the host asked and what was asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';
import { CROSSREF, SEMANTIC_SCHOLAR, type ServiceNames } from '../../extension/net/failure-messages.ts';
import { S2Client, S2Error } from '../../extension/net/semantic-scholar/client.ts';

const DOI = '10.5555/same.failure';

function normalised(message: string, service: ServiceNames, about: string): string {
  return message
    .replaceAll(service.baseUrlSetting, '<setting>')
    .replaceAll(service.apiHost, '<api>')
    .replaceAll(service.name, '<service>')
    .replaceAll(about, '<about>')
    .replace(/127\.0\.0\.1:\d+/g, '<host>');
}

async function messages(answer: (res: ServerResponse) => void, timeoutMs?: number): Promise<{ s2: string; crossref: string }> {
  const server = createServer((_req, res) => answer(res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const s2 = new S2Client({ baseUrl: url, ...(timeoutMs ? { timeoutMs } : {}), maxServerRetries: 0, sleep: async () => undefined });
    const s2Message = await s2.search('x').then(
      () => assert.fail('Semantic Scholar: a failure was expected'),
      (error: unknown) => (error instanceof S2Error ? error.message : assert.fail(String(error))),
    );
    const found = await new CrossrefClient({ baseUrl: url, ...(timeoutMs ? { timeoutMs } : {}) }).work(DOI);
    assert.equal(found.kind, 'failed', JSON.stringify(found));
    return { s2: normalised(s2Message, SEMANTIC_SCHOLAR, '/paper/search'), crossref: normalised(found.kind === 'failed' ? found.message : '', CROSSREF, `DOI ${DOI}`) };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

test('not JSON, an empty body, a redirect, an HTML 503, an oversized answer and a timeout: one wording for both services', async () => {
  const cases: [string, (res: ServerResponse) => void, RegExp, number?][] = [
    ['a captive portal page', (res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>Please log in</body></html>'); }, /sent something that is not JSON for <about>: .*instead of <api> \(sign in to the network if it asks\).*\(<setting>, http\.proxy\)/],
    ['an empty body', (res) => { res.writeHead(200); res.end(); }, /sent an empty body for <about>/],
    ['a redirect', (res) => { res.writeHead(302, { location: 'http://portal.invalid/login' }); res.end(); }, /redirect \(302\) to portal\.invalid.*sign in to the network if it asks.*\(<setting>\) or proxy \(http\.proxy\)/],
    ['an HTML 503', (res) => { res.writeHead(503, { 'content-type': 'text/html' }); res.end('<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>'); }, /^<service> \(<host>\) failed with HTTP 503 \(Service Unavailable\)\. .*try again in a few minutes$/],
    ['an oversized answer', (res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 << 20) }); res.write('{'); }, /too large to read \(64 MB, over the 8 MB limit\) for <about>: .*\(<setting>\)/],
    ['silence', () => undefined, /did not answer within 0\.2 s: .*proxy \(http\.proxy\) is slow; try again in a minute/, 200],
  ];
  for (const [name, answer, says, timeoutMs] of cases) {
    const { s2, crossref } = await messages(answer, timeoutMs);
    assert.equal(crossref, s2, name);
    assert.match(s2, says, name);
  }
});
