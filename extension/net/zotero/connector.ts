// Zotero's connector server, the local HTTP endpoint the browser connector saves items through
// (zotero/zotero, chrome/content/zotero/xpcom/server/server_connector.js): `GET /connector/ping` answers
// 200 "Zotero is running"; `POST /connector/saveItems` with `{sessionID, uri, items}` (Zotero item JSON)
// and `X-Zotero-Connector-API-Version` answers 201 once the items are in the library selected in Zotero
// (500 `{libraryEditable: false}` for a read-only library, 409 for a reused session, 400 for an API
// version Zotero does not accept). Zotero runs on this machine: a short timeout, and no proxy (../proxy.ts
// sends loopback hosts direct).
import { randomBytes } from 'node:crypto';
import { httpRequest, type HttpRequest, type HttpResponse } from '../http.ts';
import type { ProxyEnv } from '../proxy.ts';
import type { ZoteroItem } from './item.ts';

export const ZOTERO_CONNECTOR_URL = 'http://127.0.0.1:23119';
/** The connector API version Zotero 7 speaks (CONNECTOR_API_VERSION in server_connector.js). */
export const ZOTERO_CONNECTOR_API_VERSION = '3';
const PING_TIMEOUT_MS = 5000;

export interface ZoteroConnectorOptions {
  baseUrl?: string;
  /** Milliseconds before Zotero counts as not answering (default 5 s; saving may take a moment). */
  timeoutMs?: number;
  /** Where the proxy variables are read (default process.env); they apply only when `baseUrl` is not this machine. */
  env?: ProxyEnv;
  request?: (req: HttpRequest) => Promise<HttpResponse>;
}

export type ZoteroSaveResult =
  | { kind: 'saved'; count: number }
  | { kind: 'not-running'; message: string }
  | { kind: 'failed'; message: string };

export class ZoteroConnector {
  readonly baseUrl: string;

  constructor(private readonly options: ZoteroConnectorOptions = {}) {
    this.baseUrl = (options.baseUrl || ZOTERO_CONNECTOR_URL).replace(/\/+$/, '');
  }

  private send(path: string, init: { method?: 'GET' | 'POST'; body?: string; timeoutMs?: number } = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'x-zotero-connector-api-version': ZOTERO_CONNECTOR_API_VERSION };
    return (this.options.request ?? httpRequest)({
      url: `${this.baseUrl}${path}`,
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? this.options.timeoutMs ?? 5000),
      ...(this.options.env ? { env: this.options.env } : {}),
    });
  }

  private notRunning(error: unknown): { kind: 'not-running'; message: string } {
    const why = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    return { kind: 'not-running', message: `Zotero is not running (nothing answers at ${this.baseUrl}: ${why}). Start Zotero to add papers to your library` };
  }

  /** True when Zotero (or something speaking its connector protocol) answers the ping. */
  async ping(): Promise<{ running: true } | { running: false; message: string }> {
    try {
      // Nothing listening is refused at once; the limit only matters when something answers slowly (a
      // busy machine: 2 s was too tight for a loaded CI machine).
      const response = await this.send('/connector/ping', { timeoutMs: Math.min(this.options.timeoutMs ?? PING_TIMEOUT_MS, PING_TIMEOUT_MS) });
      if (response.status === 200) return { running: true };
      return { running: false, message: `${this.baseUrl} answered HTTP ${response.status} to Zotero's ping: it is not Zotero's connector server` };
    } catch (error) {
      return { running: false, message: this.notRunning(error).message };
    }
  }

  /** Saves items into the library (or collection) selected in Zotero. */
  async saveItems(items: ZoteroItem[], uri?: string): Promise<ZoteroSaveResult> {
    const sessionID = randomBytes(8).toString('hex');
    let response: HttpResponse;
    try {
      response = await this.send('/connector/saveItems', { method: 'POST', body: JSON.stringify({ sessionID, ...(uri ? { uri } : {}), items }) });
    } catch (error) {
      return this.notRunning(error);
    }
    if (response.status === 201 || response.status === 200) return { kind: 'saved', count: items.length };
    let detail: { error?: string; libraryEditable?: boolean } = {};
    try {
      detail = JSON.parse(response.body) as typeof detail;
    } catch {
      detail = {};
    }
    if (detail.libraryEditable === false) return { kind: 'failed', message: 'the library selected in Zotero is read-only: select My Library (or another you can edit) in Zotero and try again' };
    if (detail.error === 'CONNECTOR_VERSION_OUTDATED') return { kind: 'failed', message: 'this Zotero does not accept the connector API SciWrite speaks: update Zotero' };
    return { kind: 'failed', message: `Zotero answered HTTP ${response.status}${detail.error ? ` (${detail.error})` : ''}` };
  }
}
