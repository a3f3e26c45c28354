// A stand-in for Semantic Scholar on 127.0.0.1 answering in the documented response shapes
// (https://api.semanticscholar.org/api-docs/graph: `GET /graph/v1/paper/search` → {total, offset, data},
// `POST /graph/v1/paper/batch` → an array aligned with `ids`, null for unknown ids;
// https://api.semanticscholar.org/api-docs/recommendations: `POST /recommendations/v1/papers/` →
// {recommendedPapers}). It records every request so tests can prove what left the machine.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: URL;
  body: string;
  headers: IncomingMessage['headers'];
}

export interface StandInPaper {
  paperId: string;
  title: string;
  abstract?: string;
  year?: number;
  authors?: { authorId: string; name: string }[];
  externalIds?: Record<string, string>;
  publicationTypes?: string[];
  journal?: { name: string; volume?: string; pages?: string };
  citationStyles?: { bibtex: string };
  tldr?: { model: string; text: string };
  embedding?: { model: string; vector: number[] } | null;
}

export interface S2StandInOptions {
  /** Papers the recommendations API suggests (the batch endpoint knows them too; search does not find them). */
  recommended?: StandInPaper[];
}

export interface S2StandIn {
  /** The API root: `${url}/graph/v1` and `${url}/recommendations/v1` live under it. */
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startS2StandIn(papers: StandInPaper[], options: S2StandInOptions = {}): Promise<S2StandIn> {
  const seen: SeenRequest[] = [];
  const recommended = options.recommended ?? [];
  const byId = new Map([...papers, ...recommended].map((paper) => [paper.paperId, paper]));
  // Batch ids may also be `DOI:<doi>` or `ARXIV:<id>` (documented id forms).
  for (const paper of [...papers, ...recommended]) {
    if (paper.externalIds?.DOI) byId.set(`DOI:${paper.externalIds.DOI}`, paper);
    if (paper.externalIds?.ArXiv) byId.set(`ARXIV:${paper.externalIds.ArXiv}`, paper);
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? 'GET', url, body, headers: req.headers });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.pathname === '/graph/v1/paper/search') {
        return send(200, { total: papers.length, offset: 0, data: papers.map((paper) => ({ paperId: paper.paperId, title: paper.title })) });
      }
      if (url.pathname === '/graph/v1/paper/batch' && req.method === 'POST') {
        const ids = (JSON.parse(body) as { ids: string[] }).ids;
        return send(200, ids.map((id) => byId.get(id) ?? null));
      }
      if (url.pathname === '/recommendations/v1/papers/' || url.pathname === '/recommendations/v1/papers') {
        return send(200, { recommendedPapers: recommended.map((paper) => ({ paperId: paper.paperId, title: paper.title })) });
      }
      send(404, { error: 'Not found' });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
