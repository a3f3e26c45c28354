// The Semantic Scholar client against a real HTTP server on 127.0.0.1 that answers in the shapes
// Semantic Scholar documents:
//   - Academic Graph API, api.semanticscholar.org/graph/v1/swagger.json (copy: api-evangelist/semantic-scholar,
//     openapi/_original/semantic-scholar-academic-graph-openapi.yml): GET /paper/search → {total, offset, next, data},
//     POST /paper/batch?fields=... with body {"ids": [...]} → a list in the order of ids, null for unknown ids,
//     `embedding` {model, vector}, `tldr` {model, text}, `citationStyles` {bibtex}.
//   - Recommendations API, api.semanticscholar.org/recommendations/v1 (same folder,
//     semantic-scholar-recommendations-openapi.yml): POST /papers/ {positivePaperIds, negativePaperIds} → {recommendedPapers}.
//   - 429 body {"message": "Too Many Requests. ...", "code": "429"} (github.com/SakanaAI/AI-Scientist/issues/84).
//   - Crossref REST API, api.crossref.org/works/{doi} → {status, message: {title: [...], author: [{given, family}], ...}}.
// Delays the client asks for (Retry-After, back-off, spacing) go through an injected sleep that records them
// and advances a fake clock, so nothing here waits on wall time except the timeout test's own short timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { LIST_FIELDS, S2Client, S2Error } from '../../extension/net/semantic-scholar/client.ts';
import { ResponseCache } from '../../extension/net/semantic-scholar/cache.ts';
import { httpRequest, ResponseTooLargeError, retryAfterMs } from '../../extension/net/http.ts';
import { crossrefMetadata, s2Candidate, s2Metadata } from '../../extension/net/semantic-scholar/convert.ts';
import { planBibInsertion } from '../../extension/core/bibwrite/plan.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { lookupPaper } from '../../extension/analysis/related/add-paper.ts';
import { CrossrefClient } from '../../extension/net/crossref/client.ts';
import { startForwardProxy, viaProxyName } from '../helpers/forward-proxy.ts';

interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[]; server: Server; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    server,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A fake clock the injected sleep advances: delays are recorded, not waited. */
function clock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    slept,
  };
}

const VECTOR = Array.from({ length: 768 }, (_, i) => Math.sin(i + 1) / 10);
const ID_A = '204e3073870fae3d05bcbc2f6a8e263d9b72e776';
const ID_B = 'df2b0e26d0599ce3e70df8a9da02e51594e0e992';

const PAPER_A = {
  paperId: ID_A,
  corpusId: 13756489,
  url: `https://www.semanticscholar.org/paper/${ID_A}`,
  title: 'Attention is All you Need',
  abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.',
  venue: 'Neural Information Processing Systems',
  year: 2017,
  authors: [{ authorId: '40348417', name: 'Ashish Vaswani' }, { authorId: '1846258', name: 'Noam M. Shazeer' }],
  citationCount: 100000,
  externalIds: { DBLP: 'conf/nips/VaswaniSPUJGKP17', ArXiv: '1706.03762', MAG: '2963403868', CorpusId: 13756489 },
  publicationTypes: ['JournalArticle', 'Conference'],
  journal: { name: 'ArXiv', volume: 'abs/1706.03762' },
  tldr: { model: 'tldr@v2.0.0', text: 'A new simple network architecture, the Transformer, based solely on attention mechanisms.' },
  citationStyles: { bibtex: '@Article{Vaswani2017AttentionIA,\n author = {Ashish Vaswani and Noam M. Shazeer},\n booktitle = {Neural Information Processing Systems},\n pages = {5998-6008},\n title = {Attention is All you Need},\n year = {2017}\n}\n' },
  embedding: { model: 'specter_v2', vector: VECTOR },
};

const PAPER_B = {
  paperId: ID_B,
  title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
  year: 2019,
  authors: [{ authorId: '39172707', name: 'Jacob Devlin' }],
  externalIds: { DOI: '10.18653/v1/N19-1423', ArXiv: '1810.04805' },
  venue: 'North American Chapter of the Association for Computational Linguistics',
  publicationTypes: ['JournalArticle', 'Conference'],
  // Malformed, as S2 sometimes sends: a key with a space, a stray brace, an unescaped &.
  citationStyles: { bibtex: '@Inproceedings{Devlin 2019BERT,\n author = {Jacob Devlin},\n title = {{BERT: Pre-training & more},\n year = {2019}\n' },
  // No embedding for this one: S2 returns null.
  embedding: null,
};

test('search, then batch with embedding.specter_v2: request shapes, key header, order kept, null for unknown ids, missing embeddings', async () => {
  const s2 = await serve((req, res) => {
    if (req.url.pathname === '/graph/v1/paper/search') return json(res, 200, { total: 2, offset: 0, next: 2, data: [{ paperId: ID_A, title: PAPER_A.title }, { paperId: ID_B, title: PAPER_B.title }] });
    if (req.url.pathname === '/graph/v1/paper/batch') {
      const ids = (JSON.parse(req.body) as { ids: string[] }).ids;
      return json(res, 200, ids.map((id) => (id === ID_A ? PAPER_A : id === ID_B ? PAPER_B : null)));
    }
    json(res, 404, { error: 'Not found' });
  });
  const time = clock();
  const client = new S2Client({ baseUrl: `${s2.url}/graph/v1`, apiKey: 'k-123', sleep: time.sleep, now: time.now });
  try {
    const found = await client.search('attention transformer translation', { limit: 5 });
    assert.deepEqual(found.map((p) => p.paperId), [ID_A, ID_B]);
    const details = await client.batch([ID_B, 'DOI:10.0/none', ID_A]);
    assert.deepEqual(details.map((p) => p?.paperId ?? null), [ID_B, null, ID_A]);

    const [search, batch] = s2.seen;
    assert.equal(search.method, 'GET');
    assert.equal(search.url.searchParams.get('query'), 'attention transformer translation');
    assert.equal(search.url.searchParams.get('limit'), '5');
    assert.equal(search.headers['x-api-key'], 'k-123');
    assert.equal(batch.method, 'POST');
    assert.deepEqual(JSON.parse(batch.body), { ids: [ID_B, 'DOI:10.0/none', ID_A] });
    assert.ok(batch.url.searchParams.get('fields')?.split(',').includes('embedding.specter_v2'), 'the batch asks for SPECTER2 embeddings');
    assert.ok(!batch.body.includes('fields'), 'fields is a query parameter, not part of the body');

    const a = s2Candidate(details[2] as typeof PAPER_A, 'semantic-scholar');
    assert.equal(a.vector?.length, 768);
    assert.equal(a.arxiv, '1706.03762');
    assert.equal(a.tldr, PAPER_A.tldr.text);
    const b = s2Candidate(details[0] as unknown as typeof PAPER_A, 'semantic-scholar');
    assert.equal(b.vector, undefined, 'a null embedding gives no vector');
    assert.equal(b.doi, '10.18653/v1/N19-1423');
    // With a key, requests are spaced by 1 s: the second one waited for what was left of it.
    assert.deepEqual(time.slept, [1000]);
  } finally {
    await s2.close();
  }
});

test('429 with Retry-After is waited out for exactly that long; without it, exponential back-off; bounded', async () => {
  let calls = 0;
  const s2 = await serve((req, res) => {
    calls++;
    if (calls === 1) return json(res, 429, { message: 'Too Many Requests. Please wait and try again or apply for a key for higher rate limits. https://www.semanticscholar.org/product/api#api-key-form', code: '429' }, { 'retry-after': '7' });
    if (calls === 2) return json(res, 429, { message: 'Too Many Requests.', code: '429' });
    json(res, 200, { total: 0, offset: 0, data: [] });
  });
  const time = clock();
  const client = new S2Client({ baseUrl: s2.url, sleep: time.sleep, now: time.now, backoffMs: 500 });
  try {
    assert.deepEqual(await client.search('x'), []);
    assert.deepEqual(time.slept, [7000, 500]);
    assert.equal(calls, 3);
  } finally {
    await s2.close();
  }
  const always = await serve((_req, res) => json(res, 429, { message: 'Too Many Requests.', code: '429' }, { 'retry-after': '1' }));
  const time2 = clock();
  const limited = new S2Client({ baseUrl: always.url, sleep: time2.sleep, now: time2.now, maxRateLimitRetries: 2 });
  try {
    await assert.rejects(limited.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'rate-limited' && /rate-limiting/.test(error.message) && /API Key/.test(error.message));
    assert.equal(always.seen.length, 3, 'one try and two retries');
    assert.deepEqual(time2.slept, [1000, 1000]);
  } finally {
    await always.close();
  }
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')), 30000);
});

test('500 is retried a bounded number of times, then reported with the server message', async () => {
  let calls = 0;
  const flaky = await serve((_req, res) => (++calls <= 2 ? json(res, 500, { error: 'Internal Server Error' }) : json(res, 200, { recommendedPapers: [{ paperId: ID_B, title: PAPER_B.title }] })));
  const time = clock();
  try {
    const client = new S2Client({ baseUrl: flaky.url, recommendationsUrl: `${flaky.url}/recommendations/v1`, sleep: time.sleep, now: time.now, backoffMs: 100 });
    const papers = await client.recommend([ID_A], [ID_B]);
    assert.deepEqual(papers.map((p) => p.paperId), [ID_B]);
    assert.deepEqual(time.slept, [100, 200]);
    const last = flaky.seen[2];
    assert.equal(last.url.pathname, '/recommendations/v1/papers/');
    assert.deepEqual(JSON.parse(last.body), { positivePaperIds: [ID_A], negativePaperIds: [ID_B] });
    assert.equal(last.headers['x-api-key'], undefined, 'no key configured, none sent');
  } finally {
    await flaky.close();
  }
  const broken = await serve((_req, res) => json(res, 503, { error: 'Service Unavailable' }));
  try {
    const client = new S2Client({ baseUrl: broken.url, sleep: clock().sleep, maxServerRetries: 3 });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'server' && error.status === 503 && /Service Unavailable/.test(error.message));
    assert.equal(broken.seen.length, 4);
  } finally {
    await broken.close();
  }
});

test('a server that never answers: the request times out (AbortSignal), is retried once, then fails as a timeout', async () => {
  const silent = await serve(() => undefined);
  try {
    const client = new S2Client({ baseUrl: silent.url, timeoutMs: 150, maxTimeoutRetries: 1, sleep: clock().sleep });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'timeout');
    assert.equal(silent.seen.length, 2);
    assert.deepEqual(client.log.map((entry) => entry.status), ['timeout', 'timeout']);
    // The caller's own cancellation wins at once.
    const controller = new AbortController();
    const pending = client.search('y', { signal: controller.signal });
    controller.abort(new Error('cancelled by the panel'));
    await assert.rejects(pending, /cancelled by the panel/);
  } finally {
    await silent.close();
  }
});

test('malformed citationStyles.bibtex is not trusted: the entry is rebuilt from the JSON and parses; valid BibTeX adds its pages', async () => {
  const bert = s2Metadata(PAPER_B as Parameters<typeof s2Metadata>[0]);
  assert.equal(bert.title, PAPER_B.title);
  assert.equal(bert.doi, '10.18653/v1/N19-1423');
  const plan = planBibInsertion('', bert, { file: 'refs.bib' });
  assert.equal(plan.kind, 'append');
  const parsed = parseBibTeX('refs.bib', (plan as { text: string }).text);
  assert.equal(parsed.problems.filter((p) => p.severity === 'error').length, 0);
  assert.equal(parsed.entries[0].title, PAPER_B.title);
  assert.equal(parsed.entries[0].key, 'devlin2019bert');

  const attention = s2Metadata(PAPER_A as Parameters<typeof s2Metadata>[0]);
  assert.equal(attention.pages, '5998-6008', 'pages come from the valid BibTeX');
  assert.equal(attention.type, 'inproceedings');
  assert.equal(attention.booktitle, 'Neural Information Processing Systems');
  assert.deepEqual(attention.authors[1], { family: 'Shazeer', given: 'Noam M.' });
});

test('responses are cached on disk with an age limit', async () => {
  const s2 = await serve((_req, res) => json(res, 200, { total: 1, offset: 0, data: [{ paperId: ID_A, title: 'A' }] }));
  const time = clock();
  const cacheDir = mkdtempSync(join(tmpdir(), 's2-cache-'));
  try {
    const client = new S2Client({ baseUrl: s2.url, cacheDir, cacheMaxAgeMs: 60_000, sleep: time.sleep, now: time.now });
    await client.search('genome alignment');
    await client.search('genome alignment');
    assert.equal(s2.seen.length, 1, 'second answer from the cache');
    // A new client (a new session) reads the same cache.
    const again = new S2Client({ baseUrl: s2.url, cacheDir, cacheMaxAgeMs: 60_000, sleep: time.sleep, now: time.now });
    await again.search('genome alignment');
    assert.equal(s2.seen.length, 1);
    time.advance(61_000);
    await again.search('genome alignment');
    assert.equal(s2.seen.length, 2, 'too old: fetched again');
  } finally {
    await s2.close();
  }
});

test('a cache folder that cannot be written costs a request, not the answer', async () => {
  const s2 = await serve((_req, res) => json(res, 200, { total: 1, offset: 0, data: [{ paperId: ID_A, title: 'A' }] }));
  // under a plain file, so no folder can be made there, even as root
  const blocker = join(mkdtempSync(join(tmpdir(), 's2-cache-blocked-')), 'a-file');
  writeFileSync(blocker, '');
  try {
    const client = new S2Client({ baseUrl: s2.url, cacheDir: join(blocker, 's2'), sleep: clock().sleep });
    assert.equal((await client.search('genome alignment'))[0]?.paperId, ID_A);
    assert.equal((await client.search('genome alignment'))[0]?.paperId, ID_A);
    assert.equal(s2.seen.length, 2, 'nothing cached');
  } finally {
    await s2.close();
  }
});

test('add by DOI: Semantic Scholar first, Crossref when S2 does not know the DOI; arXiv ids go as ARXIV:', async () => {
  const server = await serve((req, res) => {
    if (req.url.pathname === '/graph/v1/paper/batch') {
      const ids = (JSON.parse(req.body) as { ids: string[] }).ids;
      return json(res, 200, ids.map((id) => (id === 'ARXIV:1706.03762' ? PAPER_A : null)));
    }
    if (req.url.pathname === '/works/10.1093%2Fbioinformatics%2Fbty191' || req.url.pathname === '/works/10.1093/bioinformatics/bty191') {
      return json(res, 200, { status: 'ok', 'message-type': 'work', message: { DOI: '10.1093/bioinformatics/bty191', type: 'journal-article', title: ['Minimap2: pairwise alignment for nucleotide sequences'], author: [{ given: 'Heng', family: 'Li', sequence: 'first' }], 'container-title': ['Bioinformatics'], volume: '34', issue: '18', page: '3094-3100', publisher: 'Oxford University Press (OUP)', issued: { 'date-parts': [[2018, 5, 10]] } } });
    }
    json(res, 404, { status: 'error', message: 'Resource not found.' });
  });
  try {
    const sources = { s2: new S2Client({ baseUrl: `${server.url}/graph/v1`, sleep: clock().sleep }), crossref: new CrossrefClient({ baseUrl: server.url }) };
    const fromS2 = await lookupPaper('arXiv:1706.03762v5', sources);
    assert.equal(fromS2.kind, 'found');
    if (fromS2.kind !== 'found') return;
    assert.equal(fromS2.source, 'semantic-scholar');
    assert.equal(fromS2.metadata.arxiv, '1706.03762');
    const fromCrossref = await lookupPaper('https://doi.org/10.1093/bioinformatics/bty191', sources);
    assert.equal(fromCrossref.kind, 'found');
    if (fromCrossref.kind !== 'found') return;
    assert.equal(fromCrossref.source, 'crossref');
    assert.deepEqual(fromCrossref.metadata, crossrefMetadata({ DOI: '10.1093/bioinformatics/bty191', type: 'journal-article', title: ['Minimap2: pairwise alignment for nucleotide sequences'], author: [{ given: 'Heng', family: 'Li' }], 'container-title': ['Bioinformatics'], volume: '34', issue: '18', page: '3094-3100', publisher: 'Oxford University Press (OUP)', issued: { 'date-parts': [[2018, 5, 10]] } }));
    assert.equal(fromCrossref.metadata.date, '2018-05-10');
    assert.equal(fromCrossref.metadata.journal, 'Bioinformatics');
    const batchIds = server.seen.filter((s) => s.url.pathname.endsWith('/paper/batch')).map((s) => (JSON.parse(s.body) as { ids: string[] }).ids[0]);
    assert.deepEqual(batchIds, ['ARXIV:1706.03762', 'DOI:10.1093/bioinformatics/bty191']);
    assert.equal((await lookupPaper('10.9999/unknown', sources)).kind, 'not-found');
  } finally {
    await server.close();
  }
});

test('an HTTP proxy is used when configured (absolute-URI request through it)', async () => {
  const target = await serve((_req, res) => json(res, 200, { total: 0, offset: 0, data: [] }));
  const proxy = await startForwardProxy();
  try {
    // Named stand-in.test: a loopback target would go direct; only the test proxy resolves the name.
    const baseUrl = viaProxyName(target.url);
    const client = new S2Client({ baseUrl, proxy: proxy.url, env: {}, sleep: clock().sleep });
    await client.search('proxy check');
    assert.equal(proxy.requests.length, 1);
    assert.ok(proxy.requests[0].method === 'GET' && proxy.requests[0].target.startsWith(`${baseUrl}/paper/search?`), JSON.stringify(proxy.requests[0]));
    assert.equal(target.seen.length, 1);
  } finally {
    await proxy.close();
    await target.close();
  }
});

test('an HTTPS target goes through the proxy by CONNECT; a self-signed certificate fails unless proxyStrictSSL is off', async () => {
  const tls = new URL('../fixtures/tls/', import.meta.url);
  const target = createHttpsServer({ key: readFileSync(new URL('self-signed.key', tls)), cert: readFileSync(new URL('self-signed.crt', tls)) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ total: 1, offset: 0, data: [{ paperId: ID_A, title: `via ${req.url}` }] }));
  });
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  const proxy = await startForwardProxy();
  const targetUrl = viaProxyName(`https://127.0.0.1:${(target.address() as AddressInfo).port}`);
  try {
    const lax = new S2Client({ baseUrl: targetUrl, proxy: proxy.url, proxyStrictSSL: false, env: {}, maxServerRetries: 0, sleep: clock().sleep });
    const [paper] = await lax.search('tls check');
    assert.match(paper.title ?? '', /^via \/paper\/search\?query=tls\+check/);
    assert.deepEqual(proxy.requests.map((r) => `${r.method} ${r.target}`), [`CONNECT ${new URL(targetUrl).host}`]);
    const strict = new S2Client({ baseUrl: targetUrl, proxy: proxy.url, env: {}, maxServerRetries: 0, sleep: clock().sleep });
    await assert.rejects(strict.search('tls check 2'), (error: unknown) => error instanceof S2Error && error.kind === 'network' && /certificate|CERT/i.test(error.message));
  } finally {
    await proxy.close();
    target.closeAllConnections();
    await new Promise<void>((done) => target.close(() => done()));
  }
});

// --- Answers that are not what was asked for: never cached, messages that say what to do. ---

const SEARCH_URL_PARAMS = (query: string) => new URLSearchParams({ query, limit: '20', fields: LIST_FIELDS.join(',') });

test('a malformed, HTML or empty 200 answer is not cached: once the server recovers the same request succeeds', async () => {
  for (const [name, send] of [
    ['truncated JSON', (res: ServerResponse) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data": [ {"paperId": "x"'); }],
    ['a captive portal page', (res: ServerResponse) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>Captive portal: please log in</body></html>'); }],
    ['an empty body', (res: ServerResponse) => { res.writeHead(200); res.end(); }],
    ['JSON of the wrong shape', (res: ServerResponse) => json(res, 200, { data: 'nothing here' })],
  ] as const) {
    let broken = true;
    const s2 = await serve((_req, res) => (broken ? send(res) : json(res, 200, { total: 1, offset: 0, data: [{ paperId: ID_A, title: 'Fine' }] })));
    const cacheDir = mkdtempSync(join(tmpdir(), 's2-cache-bad-'));
    try {
      const client = new S2Client({ baseUrl: s2.url, cacheDir, sleep: clock().sleep });
      await assert.rejects(client.search('genome alignment'), (error: unknown) => {
        assert.ok(error instanceof S2Error && error.kind === 'malformed', `${name}: ${String(error)}`);
        assert.match(error.message, /proxy|captive portal/i, `${name}: the message names the likely cause`);
        assert.match(error.message, /try again/i, `${name}: the message says what to do`);
        return true;
      });
      assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith('.json')), [], `${name}: nothing cached`);
      broken = false;
      const papers = await client.search('genome alignment');
      assert.deepEqual(papers.map((p) => p.title), ['Fine'], `${name}: the recovered server is asked again`);
      assert.equal(s2.seen.length, 2, name);
    } finally {
      await s2.close();
    }
  }
});

test('a batch answer that is not a list is not cached; a bad answer cached by an older version is fetched again', async () => {
  let broken = true;
  const s2 = await serve((req, res) => {
    if (req.url.pathname.endsWith('/paper/batch')) return broken ? json(res, 200, { error: 'oops' }) : json(res, 200, [PAPER_A]);
    json(res, 200, { total: 1, offset: 0, data: [{ paperId: ID_B, title: 'From the server' }] });
  });
  const cacheDir = mkdtempSync(join(tmpdir(), 's2-cache-batch-'));
  try {
    const client = new S2Client({ baseUrl: s2.url, cacheDir, sleep: clock().sleep });
    await assert.rejects(client.batch([ID_A]), (error: unknown) => error instanceof S2Error && error.kind === 'malformed');
    assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith('.json')), [], 'nothing cached');
    broken = false;
    assert.deepEqual((await client.batch([ID_A])).map((p) => p?.paperId), [ID_A]);

    // What an older version cached (the captive portal's page) is not served: it is asked for again.
    const url = `${s2.url}/paper/search?${SEARCH_URL_PARAMS('poisoned')}`;
    await new ResponseCache(cacheDir, 3600_000).put(`GET ${url} `, '<html>Captive portal</html>');
    const before = s2.seen.length;
    assert.deepEqual((await client.search('poisoned')).map((p) => p.title), ['From the server']);
    assert.equal(s2.seen.length, before + 1);
  } finally {
    await s2.close();
  }
});

test('429: a long Retry-After is not waited out: it fails at once, says when to try again and how to set a key', async () => {
  const s2 = await serve((_req, res) => json(res, 429, { message: 'Too Many Requests.', code: '429' }, { 'retry-after': '120' }));
  try {
    for (const apiKey of [undefined, 'k-123']) {
      const time = clock();
      const client = new S2Client({ baseUrl: s2.url, ...(apiKey ? { apiKey } : {}), sleep: time.sleep, now: time.now });
      const before = s2.seen.length;
      await assert.rejects(client.search('x'), (error: unknown) => {
        assert.ok(error instanceof S2Error && error.kind === 'rate-limited' && error.status === 429, String(error));
        assert.match(error.message, /Semantic Scholar \(127\.0\.0\.1:\d+\) is rate-limiting requests: try again in 120 s/);
        assert.equal(error.retryAfterMs, 120_000);
        if (apiKey) assert.doesNotMatch(error.message, /Set Semantic Scholar API Key/);
        else assert.match(error.message, /SciWrite: Set Semantic Scholar API Key/);
        return true;
      });
      assert.equal(s2.seen.length - before, 1, 'asked once');
      assert.ok(time.slept.every((ms) => ms <= 1000), `no long wait: ${JSON.stringify(time.slept)}`);
    }
  } finally {
    await s2.close();
  }
});

test('429: short waits are retried, but the total time one request waits on rate limits is capped', async () => {
  const s2 = await serve((_req, res) => json(res, 429, { message: 'Too Many Requests.', code: '429' }, { 'retry-after': '4' }));
  try {
    const time = clock();
    const client = new S2Client({ baseUrl: s2.url, sleep: time.sleep, now: time.now, maxRateLimitRetries: 5 });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'rate-limited' && /try again in 4 s/.test(error.message));
    const total = time.slept.reduce((a, b) => a + b, 0);
    assert.ok(total <= 10_000, `waited ${total} ms in all: ${JSON.stringify(time.slept)}`);
    assert.deepEqual(time.slept, [4000, 4000]);
    assert.equal(s2.seen.length, 3);
  } finally {
    await s2.close();
  }
  // Without Retry-After the back-off stays within the same total.
  const bare = await serve((_req, res) => json(res, 429, { message: 'Too Many Requests.', code: '429' }));
  try {
    const time = clock();
    const client = new S2Client({ baseUrl: bare.url, sleep: time.sleep, now: time.now, maxRateLimitRetries: 10, backoffMs: 2000 });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'rate-limited' && /try again in \d+ s/.test(error.message));
    assert.ok(time.slept.reduce((a, b) => a + b, 0) <= 10_000, JSON.stringify(time.slept));
  } finally {
    await bare.close();
  }
});

test('timeout, 5xx, an HTML 503 and a redirect: messages without raw HTML that say what to do', async () => {
  const silent = await serve(() => undefined);
  try {
    const client = new S2Client({ baseUrl: silent.url, timeoutMs: 100, sleep: clock().sleep });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'timeout' && /try again/i.test(error.message) && /proxy|network|connection/i.test(error.message));
    assert.equal(silent.seen.length, 1, 'a request that timed out is not sent again by default: the user is waiting');
  } finally {
    await silent.close();
  }
  const html = '<!DOCTYPE html><html><head><title>503 Service Unavailable</title><style>body{font-family:sans-serif}</style></head><body><h1>Service Unavailable</h1></body></html>';
  const down = await serve((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end(html);
  });
  try {
    const client = new S2Client({ baseUrl: down.url, sleep: clock().sleep });
    await assert.rejects(client.search('x'), (error: unknown) => {
      assert.ok(error instanceof S2Error && error.kind === 'server' && error.status === 503, String(error));
      assert.match(error.message, /HTTP 503 \(Service Unavailable\)/);
      assert.doesNotMatch(error.message, /[<>{]|DOCTYPE|font-family/, error.message);
      assert.match(error.message, /try again/i);
      return true;
    });
  } finally {
    await down.close();
  }
  const failing = await serve((_req, res) => json(res, 500, { error: 'Internal Server Error' }));
  try {
    const client = new S2Client({ baseUrl: failing.url, sleep: clock().sleep, maxServerRetries: 0 });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'server' && /HTTP 500/.test(error.message) && /Internal Server Error/.test(error.message) && /try again/i.test(error.message));
  } finally {
    await failing.close();
  }
  const moved = await serve((_req, res) => {
    res.writeHead(302, { location: 'http://evil.invalid/steal' });
    res.end();
  });
  try {
    const client = new S2Client({ baseUrl: moved.url, sleep: clock().sleep });
    await assert.rejects(client.search('x'), (error: unknown) => {
      assert.ok(error instanceof S2Error && error.status === 302, String(error));
      assert.match(error.message, /evil\.invalid/, 'names where it was sent');
      assert.match(error.message, /sciwrite\.related\.semanticScholar\.baseUrl|base URL/i);
      assert.match(error.message, /proxy/i);
      return true;
    });
    assert.equal(moved.seen.length, 1, 'not followed, not retried');
  } finally {
    await moved.close();
  }
});

test('an answer over the size limit is cut off with a clear error and never cached', async () => {
  const MB = 1 << 20;
  let endless = false;
  let written = 0;
  const big = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[], "pad":"');
    const chunk = Buffer.alloc(MB, 0x20);
    const push = () => {
      while (endless || written < 9) {
        written++;
        if (res.destroyed) return;
        if (!res.write(chunk)) return void res.once('drain', push);
        if (endless && written > 200) return void res.end('"}');
      }
      res.end('"}');
    };
    push();
  });
  const cacheDir = mkdtempSync(join(tmpdir(), 's2-cache-big-'));
  try {
    const client = new S2Client({ baseUrl: big.url, cacheDir, sleep: clock().sleep });
    await assert.rejects(client.search('x'), (error: unknown) => error instanceof S2Error && error.kind === 'too-large' && /too large/i.test(error.message) && /8 MB/.test(error.message));
    assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith('.json')), [], 'nothing cached');
    // A body that never ends (no Content-Length) is aborted once past the limit, not read to the end.
    endless = true;
    written = 0;
    await assert.rejects(httpRequest({ url: `${big.url}/paper/search`, maxBodyBytes: 2 * MB }), (error: unknown) => error instanceof ResponseTooLargeError && error.limitBytes === 2 * MB);
    assert.ok(written < 50, `stopped reading early (${written} MB sent)`);
  } finally {
    await big.close();
  }
  // A Content-Length over the limit is refused before the body is read.
  const declared = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MB) });
    res.write('{');
  });
  try {
    await assert.rejects(httpRequest({ url: declared.url, maxBodyBytes: MB }), (error: unknown) => error instanceof ResponseTooLargeError);
  } finally {
    await declared.close();
  }
});

test('HTML entities and tags in titles: decoded for the panel and the .bib; <sub>/<sup> become sub/superscripts', () => {
  const paper = {
    paperId: ID_A,
    title: 'Protein folding &amp; <i>in vivo</i> deep learning',
    abstract: 'We fold &lt;5 nm proteins &mdash; fast &#38; cheap, &#x3B1;-helices &quot;too&quot;.',
    authors: [{ name: 'Ren&eacute;e O&#39;Brien' }],
    venue: 'Journal of Proteins &amp; Folding',
    year: 2022,
  };
  const candidate = s2Candidate(paper, 'semantic-scholar');
  assert.equal(candidate.title, 'Protein folding & in vivo deep learning');
  assert.equal(candidate.abstract, 'We fold <5 nm proteins — fast & cheap, α-helices "too".');
  assert.deepEqual(candidate.authors, ['Renée O\'Brien']);
  assert.equal(candidate.venue, 'Journal of Proteins & Folding');
  const metadata = s2Metadata(paper);
  assert.equal(metadata.title, 'Protein folding & in vivo deep learning');
  assert.equal(metadata.journal, 'Journal of Proteins & Folding');
  const plan = planBibInsertion('', metadata, { file: 'refs.bib' });
  const text = (plan as { text: string }).text;
  assert.match(text, /title\s*=\s*\{Protein folding \\& in vivo deep learning\}/, text);
  assert.doesNotMatch(text, /&amp;|<i>|<\/i>/, text);

  const chem = s2Metadata({ paperId: ID_B, title: 'CO<sub>2</sub> uptake at 10<sup>-3</sup> M in <em>E. coli</em> <b>cells</b> of type<sup>b</sup>', authors: [] });
  // Sub- and superscripts Unicode has (digits, signs) become those characters, which the .bib writer
  // turns into $_{…}$ / $^{…}$ for ASCII files; others are kept as plain text.
  assert.equal(chem.title, 'CO₂ uptake at 10⁻³ M in E. coli cells of typeb');
  const ascii = (planBibInsertion('@article{a,\n  title={A}\n}\n', chem, { file: 'refs.bib' }) as { text: string }).text;
  assert.match(ascii, /\{\$_\{2\}\$\} uptake at 10\{\$\^\{-3\}\$\}/, ascii);
  assert.equal(crossrefMetadata({ title: ['Signals &amp; <i>images</i> of H<sub>2</sub>O'] }).title, 'Signals & images of H₂O');
});
