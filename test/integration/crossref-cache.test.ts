// Crossref work records on disk, against a real HTTP server on 127.0.0.1 that counts the requests it gets:
// a DOI looked up again is read from the cache (in another session too), only a work record is cached (not
// a captive portal's page, truncated or empty JSON, a 5xx, nor an unknown DOI, which may be registered
// later), and a record past the age limit is fetched again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';

const DOI = '10.1093/bioinformatics/bty191';
const WORK = { status: 'ok', 'message-type': 'work', message: { DOI, type: 'journal-article', title: ['Minimap2: pairwise alignment for nucleotide sequences'], author: [{ given: 'Heng', family: 'Li' }], 'container-title': ['Bioinformatics'], issued: { 'date-parts': [[2018, 5, 10]] } } };

/** A stand-in whose answer the test changes as it goes; `requests` counts what reached it. */
async function standIn(): Promise<{ url: string; requests: () => number; answer: (send: (res: ServerResponse) => void) => void; close(): Promise<void> }> {
  let requests = 0;
  let send = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(WORK));
  };
  const server = createServer((_req, res) => {
    requests++;
    send(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    answer: (next) => void (send = next),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

const cached = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json'));

test('a DOI looked up again makes no request, in this session or the next; other spellings of it neither', async () => {
  const crossref = await standIn();
  const cacheDir = mkdtempSync(join(tmpdir(), 'crossref-cache-'));
  try {
    const client = new CrossrefClient({ baseUrl: crossref.url, cacheDir });
    const first = await client.work(DOI);
    assert.ok(first.kind === 'found' && first.work.title?.[0]?.startsWith('Minimap2'), JSON.stringify(first));
    assert.equal(crossref.requests(), 1);
    assert.deepEqual(await client.work(DOI), first);
    assert.deepEqual(await client.work(`https://doi.org/${DOI.toUpperCase()}`), first, 'DOIs are case-insensitive');
    assert.deepEqual(await new CrossrefClient({ baseUrl: crossref.url, cacheDir, mailto: 'ada@example.org' }).work(`doi:${DOI}`), first, 'a new session, with a contact address');
    assert.equal(crossref.requests(), 1, 'all from the cache');
    assert.equal(cached(cacheDir).length, 1);

    // Another base URL (a mirror) is another source: asked.
    const mirror = await standIn();
    try {
      assert.equal((await new CrossrefClient({ baseUrl: mirror.url, cacheDir }).work(DOI)).kind, 'found');
      assert.equal(mirror.requests(), 1);
    } finally {
      await mirror.close();
    }
  } finally {
    await crossref.close();
  }
});

test('a page, truncated or empty JSON, a 200 without a work record, a 503 and an unknown DOI are not cached', async () => {
  const answers: [string, (res: ServerResponse) => void][] = [
    ['a captive portal page', (res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>Please log in</body></html>'); }],
    ['truncated JSON', (res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(WORK).slice(0, 80)); }],
    ['an empty body', (res) => { res.writeHead(200); res.end(); }],
    ['JSON without a work record', (res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"status": "ok", "message": {}}'); }],
    ['a 503', (res) => { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('Service Unavailable'); }],
    ['an unknown DOI', (res) => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('Resource not found.'); }],
  ];
  for (const [name, send] of answers) {
    const crossref = await standIn();
    const cacheDir = mkdtempSync(join(tmpdir(), 'crossref-cache-bad-'));
    try {
      const client = new CrossrefClient({ baseUrl: crossref.url, cacheDir });
      crossref.answer(send);
      assert.notEqual((await client.work(DOI)).kind, 'found', name);
      assert.notEqual((await client.work(DOI)).kind, 'found', `${name}, asked again`);
      assert.equal(crossref.requests(), 2, `${name}: each lookup asked the server`);
      assert.deepEqual(cached(cacheDir), [], `${name}: nothing cached`);
      crossref.answer((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(WORK));
      });
      assert.equal((await client.work(DOI)).kind, 'found', `${name}: the recovered server is asked`);
      assert.equal(crossref.requests(), 3, name);
    } finally {
      await crossref.close();
    }
  }
});

test('a record past the age limit is fetched again; one within it is not', async () => {
  const crossref = await standIn();
  const cacheDir = mkdtempSync(join(tmpdir(), 'crossref-cache-age-'));
  let now = Date.parse('2025-01-01T00:00:00Z');
  try {
    const client = new CrossrefClient({ baseUrl: crossref.url, cacheDir, cacheMaxAgeMs: 60_000, now: () => now });
    await client.work(DOI);
    now += 59_000;
    assert.equal((await client.work(DOI)).kind, 'found');
    assert.equal(crossref.requests(), 1, 'within the limit: from the cache');
    now += 2_000;
    assert.equal((await client.work(DOI)).kind, 'found');
    assert.equal(crossref.requests(), 2, 'too old: fetched again');
    assert.equal((await client.work(DOI)).kind, 'found');
    assert.equal(crossref.requests(), 2, 'the fresh copy is cached in its place');
  } finally {
    await crossref.close();
  }
});
