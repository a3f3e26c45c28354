// The store's side of the proxy policy (extension/net/proxy.ts): its errors as ModelStoreErrors, worded
// for a model download (offline mode with a cached model is one more way out).
import { ModelStoreError } from './errors.ts';
import { proxyConfig, ProxyError, proxyRefusalMessage, proxyUnreachableMessage, type ProxyConfig, type ProxyEnv, type ProxySetting } from '../../net/proxy.ts';

/** The proxy settings in force for Hub downloads; a malformed proxy URL is an 'invalid-spec' error. */
export function storeProxyConfig(setting: ProxySetting | undefined, env: ProxyEnv): ProxyConfig | undefined {
  try {
    return proxyConfig(setting, env);
  } catch (e) {
    if (e instanceof ProxyError) throw new ModelStoreError('invalid-spec', e.message);
    throw e;
  }
}

/** What to tell the user when the proxy refused the request. */
export function proxyRefusal(proxy: string, status: number, url: string, cause?: unknown): ModelStoreError {
  return new ModelStoreError('network', proxyRefusalMessage(proxy, status, url), { status, url, cause });
}

/** What to tell the user when the proxy could not be reached at all. */
export function proxyUnreachable(proxy: string, url: string, reason: string, cause: unknown): ModelStoreError {
  return new ModelStoreError('network', proxyUnreachableMessage(proxy, url, reason, 'use offline mode with a cached model'), { url, cause });
}
