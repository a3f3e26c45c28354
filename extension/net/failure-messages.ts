// What the user reads when Semantic Scholar or Crossref answers with something other than what was asked
// for, in one wording for both: each message names the service and the host asked, what probably went
// wrong, and the next step (the service's base URL setting and the proxy to check, or when to try again).
import { formatBytes } from './http.ts';

export interface ServiceNames {
  /** As the user knows it: "Semantic Scholar". */
  name: string;
  /** The API's own host, which a proxy or captive portal may be answering for. */
  apiHost: string;
  /** The setting holding the base URL: what to check when something else answers. */
  baseUrlSetting: string;
}

export const SEMANTIC_SCHOLAR: ServiceNames = { name: 'Semantic Scholar', apiHost: 'api.semanticscholar.org', baseUrlSetting: 'sciwrite.related.semanticScholar.baseUrl' };
export const CROSSREF: ServiceNames = { name: 'Crossref', apiHost: 'api.crossref.org', baseUrlSetting: 'sciwrite.related.crossrefBaseUrl' };

/** Reason phrases for the statuses a message may name ("HTTP 503 (Service Unavailable)"). */
const STATUS_TEXT: Record<number, string> = {
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  413: 'Payload Too Large', 414: 'URI Too Long', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** "HTTP 503 (Service Unavailable)". */
export function httpStatus(status: number): string {
  return STATUS_TEXT[status] ? `HTTP ${status} (${STATUS_TEXT[status]})` : `HTTP ${status}`;
}

/** The host a redirect points at, or undefined when the Location is missing or unreadable. */
export function redirectHost(location: string | string[] | undefined, from: string): string | undefined {
  const text = Array.isArray(location) ? location[0] : location;
  if (!text) return undefined;
  try {
    return new URL(text, from).host;
  } catch {
    return undefined;
  }
}

/**
 * The server's own words from an error body, short and without markup: S2 sends `{"error": "..."}` or
 * `{"message": "...", "code": "429"}`; an HTML page (a proxy's, a load balancer's) gives nothing, its
 * status says enough.
 */
export function errorMessage(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') text = parsed.error;
    else if (typeof parsed.message === 'string') text = parsed.message;
  } catch {
    // not JSON: the text itself, unless it is markup
  }
  if (/<\s*(!doctype|html|head|body|\?xml)|<\/\w+>/i.test(text)) return '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** An answer past the body size limit (`about`: what was asked). */
export function tooLargeMessage(service: ServiceNames, host: string, size: { limitBytes: number; declaredBytes?: number }, about: string): string {
  const declared = size.declaredBytes !== undefined ? `${formatBytes(size.declaredBytes)}, ` : '';
  return `${service.name} (${host}) sent an answer too large to read (${declared}over the ${formatBytes(size.limitBytes)} limit) for ${about}: the API does not send such answers, so a proxy or the base URL setting (${service.baseUrlSetting}) may point elsewhere; check them and try again`;
}

export function timeoutMessage(service: ServiceNames, host: string, timeoutMs: number): string {
  return `${service.name} (${host}) did not answer within ${Math.round(timeoutMs / 100) / 10} s: it may be overloaded, or the network or proxy (http.proxy) is slow; try again in a minute`;
}

/** A 5xx, with the server's own words when it gave some (never an HTML page's markup). */
export function serverFailureMessage(service: ServiceNames, host: string, status: number, body: string): string {
  const detail = errorMessage(body);
  return `${service.name} (${host}) failed with ${httpStatus(status)}${detail ? `: ${detail}` : ''}. The service may be down or overloaded: try again in a few minutes`;
}

/** A 3xx, which is never followed: the request goes only where the settings say. */
export function redirectMessage(service: ServiceNames, host: string, status: number, location: string | string[] | undefined, url: string): string {
  const target = redirectHost(location, url);
  return `${service.name} (${host}) answered with a redirect (${status})${target ? ` to ${target}` : ''}, which is not followed: a proxy or captive portal may be in the way (sign in to the network if it asks), or the base URL setting (${service.baseUrlSetting}) or proxy (http.proxy) is out of date; check them and try again`;
}

/** A 2xx whose body does not parse (`about`: what was asked, "/paper/search", "DOI 10.1/x"). */
export function notJsonMessage(service: ServiceNames, host: string, about: string, body: string): string {
  return `${service.name} (${host}) sent ${body.trim() ? 'something that is not JSON' : 'an empty body'} for ${about}: a proxy or captive portal may be answering instead of ${service.apiHost} (sign in to the network if it asks), or the base URL or proxy settings point elsewhere (${service.baseUrlSetting}, http.proxy); check them and try again`;
}

/** A 2xx that parsed but is not what the API sends (`wrong`: what is wrong with it). */
export function wrongShapeMessage(service: ServiceNames, host: string, about: string, wrong: string): string {
  return `${service.name} (${host}) sent an answer of the wrong shape for ${about} (${wrong}): check that the base URL (${service.baseUrlSetting}) and proxy settings point at the API, then try again`;
}
