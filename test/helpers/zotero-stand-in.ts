// A stand-in for Zotero's connector server on 127.0.0.1, answering as Zotero's own endpoints do
// (zotero/zotero, chrome/content/zotero/xpcom/server/server_connector.js): `GET /connector/ping` → 200
// text/html "Zotero is running"; `POST /connector/saveItems` (application/json `{sessionID, uri, items}`)
// → 201, or 409 `{"error": "SESSION_EXISTS"}` for a session id seen before, or 500
// `{"libraryEditable": false}` when the selected library is read-only; an API version below 3 in
// `X-Zotero-Connector-API-Version` → 400 `{"error": "CONNECTOR_VERSION_OUTDATED"}`. It keeps what was saved.
// With `autoExport`, it also plays Better BibTeX's auto-export: after each save it rewrites the export
// .bib (its first text, then every saved item under a key of its own choosing) and says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Better BibTeX auto-export of one entry, as the Zotero tests' manuscripts read it before anything is added. */
export const BETTER_BIBTEX_EXPORT = [
  '% Exported by Zotero Better BibTeX (auto-export). Changes will be overwritten.',
  '',
  '@article{okafor2020,',
  '  title = {Tagging proteins with transformers},',
  '  author = {Okafor, Maria},',
  '  date = {2020},',
  '  journaltitle = {Bioinformatics}',
  '}',
  '',
].join('\n');

export interface SavedItem {
  itemType: string;
  title: string;
  creators: { creatorType: string; firstName?: string; lastName?: string; name?: string }[];
  [field: string]: unknown;
}

export interface ZoteroStandIn {
  url: string;
  /** Items saved into the "library", in order. */
  library: SavedItem[];
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  /** Make the selected library read-only (saveItems then fails as Zotero does). */
  readOnly: boolean;
  /** Resolves after the next successful saveItems, with the items it saved. */
  nextSave(): Promise<SavedItem[]>;
  close(): Promise<void>;
}

export interface BetterBibTeXExport {
  /** The auto-export .bib (it must exist: its text at start is kept as the head of every rewrite). */
  path: string;
  /** The citation key Better BibTeX gives a saved item. */
  key(item: SavedItem): string;
  /** Called after each rewrite, where an editor's file watcher would notice it. */
  onWritten?(path: string): void;
}

const ENTRY_TYPES: Record<string, string> = { journalArticle: 'article', conferencePaper: 'inproceedings', book: 'book', preprint: 'online' };

/** A saved item as Better BibTeX exports it for biblatex. */
function exportedEntry(item: SavedItem, key: string): string {
  const authors = item.creators.map((creator) => creator.name ?? [creator.lastName, creator.firstName].filter(Boolean).join(', ')).join(' and ');
  const fields: [string, unknown][] = [
    ['title', item.title], ['author', authors], ['date', item.date], ['journaltitle', item.publicationTitle],
    ['volume', item.volume], ['number', item.issue], ['pages', item.pages], ['doi', item.DOI], ['url', item.url],
  ];
  const body = fields.filter(([, value]) => typeof value === 'string' && value !== '').map(([name, value]) => `  ${name} = {${String(value)}}`);
  return `@${ENTRY_TYPES[item.itemType] ?? 'misc'}{${key},\n${body.join(',\n')}\n}\n`;
}

export async function startZoteroStandIn(options: { autoExport?: BetterBibTeXExport } = {}): Promise<ZoteroStandIn> {
  const sessions = new Set<string>();
  const saveWaiters: ((items: SavedItem[]) => void)[] = [];
  const state: Omit<ZoteroStandIn, 'url' | 'close'> = {
    library: [], requests: [], readOnly: false,
    nextSave: () => new Promise((resolve) => saveWaiters.push(resolve)),
  };
  const exporting = options.autoExport;
  const exportHead = exporting ? readFileSync(exporting.path, 'utf8') : '';
  // Better BibTeX regenerates the whole file from the library, after Zotero saved the item.
  const exportLibrary = () => {
    if (!exporting) return;
    writeFileSync(exporting.path, `${exportHead}${state.library.map((item) => `\n${exportedEntry(item, exporting.key(item))}`).join('')}`);
    exporting.onWritten?.(exporting.path);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      state.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const json = (status: number, value?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(value === undefined ? '' : JSON.stringify(value));
      };
      if (path === '/connector/ping' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<!DOCTYPE html><html><body>Zotero is running</body></html>');
      }
      if (path === '/connector/saveItems' && req.method === 'POST') {
        if (!String(req.headers['content-type']).startsWith('application/json')) return json(400);
        const version = Number(req.headers['x-zotero-connector-api-version']);
        if (version < 3) return json(400, { error: 'CONNECTOR_VERSION_OUTDATED' });
        const data = JSON.parse(body) as { sessionID?: string; items?: SavedItem[] };
        if (data.sessionID && sessions.has(data.sessionID)) return json(409, { error: 'SESSION_EXISTS' });
        if (data.sessionID) sessions.add(data.sessionID);
        if (state.readOnly) return json(500, { libraryEditable: false });
        const items = data.items ?? [];
        state.library.push(...items);
        res.on('finish', () => {
          exportLibrary();
          for (const resolve of saveWaiters.splice(0)) resolve(items);
        });
        return json(201);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('No endpoint found');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const standIn = state as ZoteroStandIn;
  standIn.url = `http://127.0.0.1:${port}`;
  standIn.close = () => new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  return standIn;
}
