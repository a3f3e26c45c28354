// Related-work settings and the user's consent, as plain data the client forwards (VS Code settings
// and secret storage) or the CLI reads from the environment. Nothing here reaches the network.
import type { CrossrefClientOptions } from '../../net/crossref/client.ts';
import type { S2ClientOptions } from '../../net/semantic-scholar/client.ts';
import type { ZoteroConnectorOptions } from '../../net/zotero/connector.ts';

export interface RelatedSettings {
  /** The user agreed, in the consent prompt, to send key terms and the ids of the papers cited in the scope to Semantic Scholar. */
  semanticScholarConsent: boolean;
  /** Local libraries as a source (default on). */
  localLibraries: boolean;
  apiKey?: string;
  /** VS Code's `http.proxy`; without it the clients read HTTPS_PROXY / HTTP_PROXY / NO_PROXY themselves (net/proxy.ts). */
  proxy?: string;
  proxyStrictSSL?: boolean;
  /** Base URL override (tests, mirrors). */
  semanticScholarUrl?: string;
  recommendationsUrl?: string;
  crossrefUrl?: string;
  /** A contact address for Crossref's polite pool; sent only when the user set one. */
  crossrefMailto?: string;
  /** Zotero's connector server (default http://127.0.0.1:23119). */
  zoteroUrl?: string;
  cacheDir?: string;
  /** A folder with base/ and proximity/ (and adhoc_query/) SPECTER2 folders. */
  specter2Folder?: string;
  writeTarget?: string;
}

/** What the consent prompt says, word for word, so the prompt and the code cannot drift apart. */
export const CONSENT_TEXT =
  'SciWrite can ask Semantic Scholar for related papers. For the part of your manuscript you ask about (the paragraph, section or selection; for the whole manuscript, its title and abstract), it then sends a short query made of key terms (never whole sentences or paragraphs) and the DOIs / arXiv ids of the papers you cite in that part (none when it cites none). A part not written in English is not sent at all. Papers you mark as not relevant are hidden on this machine and never sent. Nothing else from your manuscript leaves this machine. You can turn this off at any time.';

/** CLI settings from the environment: SCIWRITE_S2_CONSENT=1 turns Semantic Scholar on. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): RelatedSettings {
  const settings: RelatedSettings = {
    semanticScholarConsent: env.SCIWRITE_S2_CONSENT === '1' || env.SCIWRITE_S2_CONSENT === 'true',
    localLibraries: true,
  };
  if (env.SEMANTIC_SCHOLAR_API_KEY) settings.apiKey = env.SEMANTIC_SCHOLAR_API_KEY;
  if (env.SCIWRITE_S2_URL) settings.semanticScholarUrl = env.SCIWRITE_S2_URL;
  if (env.SCIWRITE_S2_RECOMMENDATIONS_URL) settings.recommendationsUrl = env.SCIWRITE_S2_RECOMMENDATIONS_URL;
  if (env.SCIWRITE_CROSSREF_URL) settings.crossrefUrl = env.SCIWRITE_CROSSREF_URL;
  if (env.SCIWRITE_CROSSREF_MAILTO) settings.crossrefMailto = env.SCIWRITE_CROSSREF_MAILTO;
  if (env.SCIWRITE_ZOTERO_URL) settings.zoteroUrl = env.SCIWRITE_ZOTERO_URL;
  if (env.SCIWRITE_SPECTER2) settings.specter2Folder = env.SCIWRITE_SPECTER2;
  return settings;
}

export function s2ClientOptions(settings: RelatedSettings): S2ClientOptions {
  return {
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(settings.proxy ? { proxy: settings.proxy } : {}),
    ...(settings.proxyStrictSSL === false ? { proxyStrictSSL: false } : {}),
    ...(settings.semanticScholarUrl ? { baseUrl: settings.semanticScholarUrl } : {}),
    ...(settings.recommendationsUrl ? { recommendationsUrl: settings.recommendationsUrl } : {}),
    ...(settings.crossrefUrl ? { crossrefUrl: settings.crossrefUrl } : {}),
    ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : {}),
  };
}

/** The Crossref client's options: base URL, contact address and proxy, as for Semantic Scholar. */
export function crossrefClientOptions(settings: Pick<RelatedSettings, 'crossrefUrl' | 'crossrefMailto' | 'proxy' | 'proxyStrictSSL'>): CrossrefClientOptions {
  return {
    ...(settings.crossrefUrl ? { baseUrl: settings.crossrefUrl } : {}),
    ...(settings.crossrefMailto ? { mailto: settings.crossrefMailto } : {}),
    ...(settings.proxy ? { proxy: settings.proxy } : {}),
    ...(settings.proxyStrictSSL === false ? { proxyStrictSSL: false } : {}),
  };
}

/** Zotero's connector runs on this machine: no proxy. */
export function zoteroConnectorOptions(settings: Pick<RelatedSettings, 'zoteroUrl'>): ZoteroConnectorOptions {
  return settings.zoteroUrl ? { baseUrl: settings.zoteroUrl } : {};
}
