// Which certificate authorities HTTPS requests trust: Node's bundled roots plus the operating system's,
// as VS Code does by default (`http.systemCertificates`). A network that inspects HTTPS (common in
// hospitals and companies) signs every site again with a root of its own, installed in the system's
// store; the language server is a plain Node process whose fetch trusts only Node's bundled roots, so
// model downloads and Semantic Scholar failed with "self-signed certificate in certificate chain" where
// VS Code itself worked. The system's store comes from SSL_CERT_FILE when set (as OpenSSL reads it),
// else Node's tls.getCACertificates('system') (Node 22.15+, the runtime of current VS Code), else the
// distribution's bundle file (Linux). NODE_EXTRA_CA_CERTS is Node's own and applies in every case.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { ProxyEnv } from './proxy.ts';

/** Where Linux distributions keep the system's bundle (Debian/Ubuntu, Fedora/RHEL, openSUSE, older RHEL, Alpine). */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export interface TrustSources {
  platform?: NodeJS.Platform;
  readFile?: (path: string) => string | undefined;
  /** Node's `tls.getCACertificates`, where this Node has it. */
  getCACertificates?: (type: 'system') => string[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The certificates of a PEM bundle, one PEM block each. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

const body = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');

/** The operating system's certificate authorities (see the file comment); empty when none can be read. */
export function systemCertificates(env: ProxyEnv, sources: TrustSources = {}): string[] {
  const read = sources.readFile ?? readText;
  const file = env.SSL_CERT_FILE?.trim();
  if (file) return pemCertificates(read(file) ?? '');
  const fromNode = sources.getCACertificates ?? (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (fromNode) {
    try {
      return fromNode('system');
    } catch {
      return [];
    }
  }
  if ((sources.platform ?? process.platform) !== 'linux') return [];
  for (const path of LINUX_BUNDLES) {
    const text = read(path);
    if (text !== undefined) return pemCertificates(text);
  }
  return [];
}

const cache = new Map<string, readonly string[] | undefined>();

/**
 * The authorities to give a connection: Node's roots plus the system's that Node lacks, or undefined
 * when the system adds none (then Node's defaults, NODE_EXTRA_CA_CERTS included, apply unchanged).
 * Read once per SSL_CERT_FILE value.
 */
export function trustedCertificates(env: ProxyEnv = process.env, sources?: TrustSources): readonly string[] | undefined {
  const key = env.SSL_CERT_FILE?.trim() ?? '';
  if (!sources && cache.has(key)) return cache.get(key);
  const known = new Set(tls.rootCertificates.map(body));
  const extra = systemCertificates(env, sources).filter((pem) => !known.has(body(pem)));
  // A `ca` list replaces Node's whole store, NODE_EXTRA_CA_CERTS (read from the real environment at start-up) included.
  const nodeExtra = process.env.NODE_EXTRA_CA_CERTS ? pemCertificates((sources?.readFile ?? readText)(process.env.NODE_EXTRA_CA_CERTS) ?? '') : [];
  const out = extra.length > 0 ? [...tls.rootCertificates, ...nodeExtra, ...extra] : undefined;
  if (!sources) cache.set(key, out);
  return out;
}

/** OpenSSL's verdicts on a server's certificate (as Node reports them in `code`). */
const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A request refused because the server's certificate is not trusted; `code` is OpenSSL's reason. */
export class UntrustedCertificateError extends Error {
  constructor(readonly host: string, readonly code: string, options?: { cause?: unknown }) {
    super(
      `The HTTPS certificate of ${host} is not trusted (${code}). If your network inspects HTTPS traffic, its root certificate must be ` +
        'trusted: install it in the system\'s certificate store, or name its PEM file in the NODE_EXTRA_CA_CERTS environment variable, then restart the editor.',
      options,
    );
    this.name = 'UntrustedCertificateError';
  }
}

/** The UntrustedCertificateError behind a failed fetch of `url`, if that is why it failed. */
export function untrustedCertificate(e: unknown, url: string): UntrustedCertificateError | undefined {
  for (let c = e, depth = 0; typeof c === 'object' && c !== null && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_CODES.has(code)) return new UntrustedCertificateError(new URL(url).hostname, code, { cause: e });
  }
  return undefined;
}
