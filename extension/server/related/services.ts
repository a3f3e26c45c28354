// What one related-work request runs with, built from the settings read for that request: the
// analysis options (plus the extra libraries), the Semantic Scholar client only when the source is
// on and the user consented, the paper embedder chosen in `sciwrite.models.embeddings` (`builtin`:
// SPECTER2 when it is downloaded), and the manuscript's "not relevant" marks.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  EmbedderNotReady, embeddingChoice, findSpecter2, notReadyMessage, NotRelevantStore, pickEmbedder, relatedCacheDir, s2ClientOptions, specter2Embedder, specter2Folder,
  type EmbedderPick, type RelatedServices, type RelatedSettings, type Specter2Location,
} from '../../analysis/related/index.ts';
import type { AnalysisOptions } from '../../analysis/index.ts';
import { S2Client } from '../../net/semantic-scholar/client.ts';
import { normalizeEditorSettings } from '../../protocol/editor.ts';
import { normalizeRelatedSettings, type RelatedClientContext, type RelatedSettingsView } from '../../protocol/index.ts';
import type { DocumentContext, Session } from '../session.ts';
import { editorFeaturesOf } from '../editor/index.ts';
import { analysisOptionsFrom } from '../settings.ts';
import type { EmbedderLoads } from './embedder-loads.ts';

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
  /** `sciwrite.models.embeddings`: `builtin`, a folder or a Hugging Face id. */
  embeddings: string;
  workspaceFolder?: string;
}

export { specter2Folder, type EmbedderPick };

/** The related-work folder: the client's storage folder, else the user's cache (where `sciwrite related` looks too). */
export function relatedStorageDir(client: RelatedClientContext | undefined): string {
  return client?.storageDir ? resolve(client.storageDir, 'related') : relatedCacheDir();
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
  const section = await session.settings.section(context.uri);
  const settings = normalizeRelatedSettings(section);
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
      ...(client?.proxy ? { proxy: client.proxy } : {}),
      ...(client?.proxyStrictSSL === false ? { proxyStrictSSL: false } : {}),
      cacheDir: join(storageDir, 's2'),
    });
  }
  return {
    settings, options, libraryOptions, storageDir, s2, s2NeedsConsent: settings.semanticScholar.enabled && !consented,
    embeddings: normalizeEditorSettings(section).models.embeddings, ...(folder ? { workspaceFolder: folder } : {}),
  };
}

/** SPECTER2 in `<storage>/specter2` when it was downloaded there and its files are still on disk; undefined otherwise (BM25 alone). */
export function specter2In(storageDir: string): Specter2Location | undefined {
  const folder = specter2Folder(storageDir);
  return existsSync(folder) ? findSpecter2(folder) : undefined;
}

export function notRelevantStore(setup: RelatedSetup): NotRelevantStore {
  return new NotRelevantStore(join(setup.storageDir, 'not-relevant'));
}

/** The embedder of one ranking; `done()` ends the ranking's hold on a model kept in `loads` (call it once the ranking is done). */
export type RankingPick = EmbedderPick & { done(): Promise<void> };

/** True for a Hub model the client's user has not agreed (or no longer agrees) to download. */
export function awaitingConsent(session: Session, repo: string): boolean {
  return editorFeaturesOf(session)?.awaitingConsent(repo) === true;
}

/**
 * The embedder the setting picks, or none (BM25 alone) with the reason for the panel; a Hub id the user
 * agreed to (the same list the editor models use) downloads in the background (`loads`), unless the
 * user deleted it in Manage Models since last asking for it (`deleted`: the panel offers it again).
 */
export async function embedderFor(session: Session, setup: RelatedSetup, loads: EmbedderLoads): Promise<RankingPick> {
  loads.chosen(setup.embeddings);
  const choice = embeddingChoice(setup.embeddings, setup.workspaceFolder);
  const pick = await pickEmbedder(choice, {
    cacheDir: join(setup.storageDir, 'embeddings'),
    builtin: () => loads.specter2(setup.storageDir, () => specter2In(setup.storageDir), (location) => specter2Embedder(location, join(setup.storageDir, 'embeddings'))),
    store: session.proxy ? { proxy: session.proxy } : {},
    awaitingConsent: (repo) => awaitingConsent(session, repo),
    load: loads.load,
  });
  // SPECTER2 whose files went since a ranking used it: said as the ranking under way then says it.
  const messages = choice.kind === 'builtin' && !pick.embedder && loads.specter2Deleted(setup.storageDir) ? [notReadyMessage(new EmbedderNotReady('SPECTER2', 'deleted'))] : pick.messages;
  return { ...pick, messages, done: async () => pick.embedder?.release() };
}

export async function servicesFor(session: Session, context: DocumentContext, setup: RelatedSetup, pick: EmbedderPick): Promise<RelatedServices> {
  const { embedder } = pick;
  return {
    workspace: session.workspace,
    analysis: setup.libraryOptions,
    ...(setup.s2 ? { s2: setup.s2 } : {}),
    ...(embedder ? { embedder } : {}),
    notRelevant: await notRelevantStore(setup).load(context.path),
  };
}
