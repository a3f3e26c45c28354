// "Add by DOI" through Crossref, against a real HTTP server on 127.0.0.1 that answers as Crossref's REST
// API documents it:
//   - `GET /works/{doi}` (DOI url-encoded) → 200 `{"status": "ok", "message-type": "work", "message-version": "1.0.0",
//     "message": {DOI, type, title: [..], author: [{given, family, sequence}], container-title: [..], issued: {date-parts}, ...}}`
//     (github.com/CrossRef/rest-api-doc, README "Resource components" and api_format.md "Work");
//   - an unknown DOI → 404 with the plain-text body "Resource not found." (same README, "Errors");
//   - over the rate limit → 429, with the limits in `x-rate-limit-limit` / `x-rate-limit-interval`; the polite
//     pool is chosen with `mailto=` or a User-Agent naming the address
//     (crossref.org/documentation/retrieve-metadata/rest-api/access-and-authentication/).
// Each outcome gives the user a clear answer, and the .bib's existing bytes never change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookupPaper } from '../../extension/analysis/related/add-paper.ts';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';
import { RelatedAddByIdRequest, type RelatedBibResult } from '../../extension/protocol/index.ts';
import { LspTestClient } from '../helpers/lsp-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const FOUND_DOI = '10.1093/bioinformatics/bty191';
const RATE_DOI = '10.5555/rate.limited';
const BROKEN_DOI = '10.5555/broken.json';

/** The work record as Crossref serves it (fields trimmed to those a citation needs, plus a few it ignores). */
const MINIMAP2 = {
  status: 'ok',
  'message-type': 'work',
  'message-version': '1.0.0',
  message: {
    indexed: { 'date-parts': [[2024, 3, 1]], 'date-time': '2024-03-01T00:00:00Z', timestamp: 1709251200000 },
    'reference-count': 41,
    publisher: 'Oxford University Press (OUP)',
    issue: '18',
    DOI: FOUND_DOI,
    type: 'journal-article',
    page: '3094-3100',
    source: 'Crossref',
    title: ['Minimap2: pairwise alignment for nucleotide sequences'],
    prefix: '10.1093',
    volume: '34',
    author: [{ given: 'Heng', family: 'Li', sequence: 'first', affiliation: [] }],
    member: '286',
    'container-title': ['Bioinformatics'],
    URL: 'https://doi.org/10.1093/bioinformatics/bty191',
    issued: { 'date-parts': [[2018, 5, 10]] },
  },
};

interface Seen {
  url: URL;
  rawUrl: string;
  headers: IncomingMessage['headers'];
}

async function startCrossrefStandIn(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ url, rawUrl: req.url ?? '', headers: req.headers });
    const doi = decodeURIComponent(url.pathname.replace(/^\/works\//, ''));
    const limits = { 'x-rate-limit-limit': '50', 'x-rate-limit-interval': '1s' };
    if (doi === FOUND_DOI) {
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', ...limits });
      return res.end(JSON.stringify(MINIMAP2));
    }
    if (doi === RATE_DOI) {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '7', ...limits });
      return res.end('Too Many Requests');
    }
    if (doi === BROKEN_DOI) {
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', ...limits });
      return res.end(JSON.stringify(MINIMAP2).slice(0, 120));
    }
    res.writeHead(404, { 'content-type': 'text/plain', ...limits });
    res.end('Resource not found.');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((done) => server.close(() => done())) };
}

test('Crossref client: found, 404, 429 with Retry-After, malformed JSON; no contact sent unless set', async () => {
  const crossref = await startCrossrefStandIn();
  try {
    const client = new CrossrefClient({ baseUrl: crossref.url });
    const found = await client.work(`https://doi.org/${FOUND_DOI}`);
    assert.equal(found.kind, 'found');
    assert.ok(found.kind === 'found' && found.work.title?.[0] === 'Minimap2: pairwise alignment for nucleotide sequences', 'the work record');
    assert.equal(crossref.seen[0].rawUrl, `/works/${encodeURIComponent(FOUND_DOI)}`, 'the DOI url-encoded, no query');
    assert.equal(crossref.seen[0].headers['user-agent'], 'sciwrite', 'no contact address in the User-Agent');

    assert.deepEqual(await client.work('10.9999/unknown.doi'), { kind: 'not-found', doi: '10.9999/unknown.doi' });
    const limited = await client.work(RATE_DOI);
    assert.equal(limited.kind, 'failed');
    assert.ok(limited.kind === 'failed' && limited.reason === 'rate-limited' && limited.retryAfterMs === 7000, JSON.stringify(limited));
    assert.match(limited.kind === 'failed' ? limited.message : '', /rate limiting.*try again in 7 s/);
    const broken = await client.work(BROKEN_DOI);
    assert.ok(broken.kind === 'failed' && broken.reason === 'malformed', JSON.stringify(broken));

    const polite = new CrossrefClient({ baseUrl: `${crossref.url}/`, mailto: 'ada@example.org' });
    assert.equal((await polite.work(FOUND_DOI)).kind, 'found');
    const last = crossref.seen[crossref.seen.length - 1];
    assert.equal(last.url.searchParams.get('mailto'), 'ada@example.org');
    assert.match(String(last.headers['user-agent']), /mailto:ada@example\.org/);

    // Nothing listens: a clear network failure, not a throw.
    const down = await new CrossrefClient({ baseUrl: 'http://127.0.0.1:9' }).work(FOUND_DOI);
    assert.ok(down.kind === 'failed' && down.reason === 'network', JSON.stringify(down));
  } finally {
    await crossref.close();
  }
});

test('Crossref through VS Code’s proxy: the request goes to the proxy with the absolute URI', async () => {
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(MINIMAP2));
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  try {
    const { port } = proxy.address() as AddressInfo;
    const client = new CrossrefClient({ baseUrl: 'http://crossref.mirror.invalid', proxy: `http://127.0.0.1:${port}` });
    const found = await client.work(FOUND_DOI);
    assert.equal(found.kind, 'found');
    assert.deepEqual(seen, [`http://crossref.mirror.invalid/works/${encodeURIComponent(FOUND_DOI)}`]);
  } finally {
    await new Promise<void>((done) => proxy.close(() => done()));
  }
});

test('lookupPaper: Crossref answers DOIs when Semantic Scholar is off; arXiv ids need Semantic Scholar', async () => {
  const crossref = await startCrossrefStandIn();
  try {
    const client = new CrossrefClient({ baseUrl: crossref.url });
    const found = await lookupPaper(`doi:${FOUND_DOI}`, { crossref: client });
    assert.ok(found.kind === 'found' && found.source === 'crossref' && found.metadata.journal === 'Bioinformatics' && found.metadata.date === '2018-05-10', JSON.stringify(found));
    const missing = await lookupPaper('10.9999/nothing', { crossref: client });
    assert.ok(missing.kind === 'not-found' && /Crossref knows the DOI 10\.9999\/nothing/.test(missing.message), JSON.stringify(missing));
    const arxiv = await lookupPaper('arXiv:1706.03762', { crossref: client });
    assert.ok(arxiv.kind === 'failed' && /Semantic Scholar, which is off/.test(arxiv.message), JSON.stringify(arxiv));
    const junk = await lookupPaper('not an id', { crossref: client });
    assert.equal(junk.kind, 'failed');
  } finally {
    await crossref.close();
  }
});

test('LSP "Add by DOI" with sciwrite.related.crossrefBaseUrl: found appends one entry, 404/429/malformed say why; existing bytes unchanged', async () => {
  const crossref = await startCrossrefStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'crossref-lsp-'));
  cpSync(join(repo, 'sample', 'latex'), dir, { recursive: true });
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { crossrefBaseUrl: crossref.url, crossrefMailto: '' } } });
  try {
    const texPath = join(dir, 'paper.tex');
    const uri = await client.open(texPath);
    const bibPath = join(dir, 'references.bib');
    const add = (identifier: string) => client.connection.sendRequest(RelatedAddByIdRequest.method, { uri, identifier, client: { semanticScholarConsent: false, storageDir: dir } }) as Promise<RelatedBibResult>;

    const original = readFileSync(bibPath);
    for (const [doi, pattern] of [
      ['10.9999/unknown.doi', /Crossref knows the DOI 10\.9999\/unknown\.doi/],
      [RATE_DOI, /rate limiting.*try again in 7 s/],
      [BROKEN_DOI, /not JSON/],
    ] as const) {
      const result = await add(doi);
      assert.equal(result.bib.kind, 'refused', JSON.stringify(result));
      assert.match(result.notice, pattern);
      assert.deepEqual(readFileSync(bibPath), original, `nothing written for ${doi}`);
    }

    const added = await add(FOUND_DOI);
    assert.equal(added.bib.kind, 'written', JSON.stringify(added));
    const after = readFileSync(bibPath);
    assert.deepEqual(after.subarray(0, original.length), original, 'existing bytes unchanged');
    const entry = after.subarray(original.length).toString('utf8');
    assert.match(entry, /@article\{\w+,/);
    assert.match(entry, /Minimap2: pairwise alignment for nucleotide sequences/);
    // The sample loads natbib and sets \bibliographystyle: BibTeX field names.
    assert.match(entry, /journal\s*=\s*\{Bioinformatics\}/);
    assert.match(entry, /year\s*=\s*\{2018\}/);
    assert.ok(crossref.seen.every((request) => request.url.pathname.startsWith('/works/') && !request.url.search), 'only the DOI is sent');

    const again = await add(FOUND_DOI);
    assert.equal(again.bib.kind, 'present', 'the DOI is in the .bib now');
    assert.equal(readFileSync(bibPath).length, after.length);
    // The record came from the cache, kept in the related-work folder beside Semantic Scholar's (`s2`).
    assert.equal(crossref.seen.filter((request) => decodeURIComponent(request.url.pathname) === `/works/${FOUND_DOI}`).length, 1, 'asked once');
    assert.equal(readdirSync(join(dir, 'related', 'crossref')).filter((f) => f.endsWith('.json')).length, 1, 'only the work record is cached');
  } finally {
    await client.stop();
    await crossref.close();
  }
});

test('Crossref client: 5xx (an HTML page included), a redirect and an oversized answer say what to do, without raw HTML', async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const doi = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/works\//, ''));
    if (doi === '10.5555/html503') {
      res.writeHead(503, { 'content-type': 'text/html' });
      return res.end('<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>');
    }
    if (doi === '10.5555/moved') {
      res.writeHead(302, { location: 'http://portal.invalid/login' });
      return res.end();
    }
    if (doi === '10.5555/huge') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 << 20) });
      return res.write('{');
    }
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal Server Error');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  try {
    const client = new CrossrefClient({ baseUrl: `http://127.0.0.1:${port}` });
    const html = await client.work('10.5555/html503');
    assert.ok(html.kind === 'failed' && html.reason === 'server', JSON.stringify(html));
    assert.match(html.message, /HTTP 503 \(Service Unavailable\)/);
    assert.doesNotMatch(html.message, /[<>]|DOCTYPE/, html.message);
    assert.match(html.message, /try again/i);
    const failed = await client.work('10.5555/other');
    assert.ok(failed.kind === 'failed' && failed.reason === 'server' && /HTTP 500/.test(failed.message) && /try again/i.test(failed.message), JSON.stringify(failed));
    const moved = await client.work('10.5555/moved');
    assert.ok(moved.kind === 'failed' && /portal\.invalid/.test(moved.message) && /crossrefBaseUrl|proxy/.test(moved.message), JSON.stringify(moved));
    const huge = await client.work('10.5555/huge');
    assert.ok(huge.kind === 'failed' && huge.reason === 'malformed' && /too large/i.test(huge.message), JSON.stringify(huge));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
});
