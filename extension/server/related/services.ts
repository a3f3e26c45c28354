// What one related-work request runs with, built from the settings read for that request: the
// analysis options (plus the extra libraries), the Semantic Scholar client only when the source is
// on and the user consented, SPECTER2 when it is downloaded, and the manuscript's "not relevant" marks.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  EmbeddingCache, findSpecter2, NotRelevantStore, s2ClientOptions, Specter2Embedder,
  type PaperEmbedder, type RelatedServices, type RelatedSettings,
} from '../../analysis/related/index.ts';
import type { AnalysisOptions } from '../../analysis/index.ts';
import { S2Client } from '../../net/semantic-scholar/client.ts';
import { normalizeRelatedSettings, type RelatedClientContext, type RelatedSettingsView } from '../../protocol/index.ts';
import type { DocumentContext, Session } from '../session.ts';
import { analysisOptionsFrom } from '../settings.ts';

export interface RelatedSetup {
  settings: RelatedSettingsView;
  /** The manuscript's own options (what it may cite). */
  options: AnalysisOptions;
  /** The options for suggestions: the extra libraries added. */
  libraryOptions: AnalysisOptions;
  storageDir: string;
  s2?: S2Client;
  /** True when the source is on in settings but the client says the user has not consented. */
  s2NeedsConsent: boolean;
}

function defaultStorage(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sciwrite', 'related');
}

/** The related-work folder: the client's storage folder, else the user's cache. */
export function relatedStorageDir(client: RelatedClientContext | undefined): string {
  return client?.storageDir ? resolve(client.storageDir, 'related') : defaultStorage();
}

/** Where the ranking looks for SPECTER2 (a layout put there by hand, or a download's pointer). */
export function specter2Folder(storageDir: string): string {
  return join(storageDir, 'specter2');
}

/** Semantic Scholar clients by configuration, so the rate limiter and the cache are shared across requests. */
const clients = new Map<string, S2Client>();

function s2Client(settings: RelatedSettings): S2Client {
  const options = s2ClientOptions(settings);
  const id = JSON.stringify(options);
  let client = clients.get(id);
  if (!client) {
    client = new S2Client(options);
    clients.set(id, client);
  }
  return client;
}

export async function relatedSetup(session: Session, context: DocumentContext, client: RelatedClientContext | undefined): Promise<RelatedSetup> {
  const settings = normalizeRelatedSettings(await session.settings.section(context.uri));
  const folder = session.workspaceFolderOf(context.path);
  const options = analysisOptionsFrom(context.settings, folder);
  const libraries = settings.libraries.map((file) => (isAbsolute(file) || !folder ? resolve(file) : resolve(folder, file)));
  const libraryOptions = { ...options, extraBibliographies: [...options.extraBibliographies, ...libraries.filter((f) => !options.extraBibliographies.includes(f))] };
  const storageDir = relatedStorageDir(client);
  const consented = client?.semanticScholarConsent !== false;
  let s2: S2Client | undefined;
  if (settings.semanticScholar.enabled && consented) {
    const base = settings.semanticScholar.baseUrl.replace(/\/+$/, '');
    s2 = s2Client({
      semanticScholarConsent: true,
      localLibraries: true,
      ...(client?.apiKey ? { apiKey: client.apiKey } : {}),
      ...(base ? { semanticScholarUrl: `${base}/graph/v1`, recommendationsUrl: `${base}/recommendations/v1` } : {}),
      ...(client?.proxy || process.env.HTTPS_PROXY ? { proxy: client?.proxy || process.env.HTTPS_PROXY } : {}),
      ...(client?.proxyStrictSSL === false ? { proxyStrictSSL: false } : {}),
      cacheDir: join(storageDir, 's2'),
    });
  }
  return { settings, options, libraryOptions, storageDir, s2, s2NeedsConsent: settings.semanticScholar.enabled && !consented };
}

/** Embedders by model (base and adapter folders): a new download is picked up at the next ranking. */
const embedders = new Map<string, PaperEmbedder>();

/** SPECTER2 from `<storage>/specter2` when it was downloaded there; undefined otherwise (BM25 alone). */
export function specter2In(storageDir: string): PaperEmbedder | undefined {
  const folder = specter2Folder(storageDir);
  if (!existsSync(folder)) return undefined;
  const location = findSpecter2(folder);
  if (!location) return undefined;
  const probe = new Specter2Embedder(location);
  let embedder = embedders.get(probe.id);
  if (!embedder) {
    embedder = new Specter2Embedder(location, {}, new EmbeddingCache(join(storageDir, 'embeddings'), probe.id));
    embedders.set(probe.id, embedder);
  }
  return embedder;
}

export function notRelevantStore(setup: RelatedSetup): NotRelevantStore {
  return new NotRelevantStore(join(setup.storageDir, 'not-relevant'));
}

function embedderEntry(storageDir: string): { embedder?: PaperEmbedder } {
  const embedder = specter2In(storageDir);
  return embedder ? { embedder } : {};
}

export async function servicesFor(session: Session, context: DocumentContext, setup: RelatedSetup): Promise<RelatedServices> {
  return {
    workspace: session.workspace,
    analysis: setup.libraryOptions,
    ...(setup.s2 ? { s2: setup.s2 } : {}),
    ...embedderEntry(setup.storageDir),
    notRelevant: await notRelevantStore(setup).load(context.path),
  };
}
