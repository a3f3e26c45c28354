// A stand-in for the Hugging Face Hub on 127.0.0.1: serves model folders (by default every
// fixture in test/fixtures/hf) in the Hub's URL layout with its headers and redirects, and
// injects faults on demand. Two listeners: the Hub itself, and a "CDN" on another port
// (another origin) that LFS files redirect to, as huggingface.co does.
//
//   HEAD/GET {endpoint}/{repo}/resolve/{revision}/{path}
//     LFS files (*.bin, *.safetensors, …): 302 → {cdn}/cdn/<sha256>, with X-Repo-Commit,
//       X-Linked-Etag (sha256) and X-Linked-Size on the redirect itself.
//     other files: 307 → /api/resolve-cache/models/{repo}/{commit}/{path} (relative), which
//       answers 200 with X-Repo-Commit and ETag = git blob sha1.
//   Errors as the Hub words them: X-Error-Code RepoNotFound / RevisionNotFound / EntryNotFound /
//   GatedRepo, 401 for unknown or private repos without a token.
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AddressInfo } from 'node:net';

export const FIXTURES_HF = new URL('../fixtures/hf/', import.meta.url).pathname;

export interface HubRepoDef {
  /** "org/name" */
  id: string;
  folder: string;
  /** Private repo: requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** Gated repo (needs `token` too): 401 GatedRepo without a token, 403 with a wrong one. */
  gated?: boolean;
  /** Extra branch or tag names; all point at the repo's one commit. */
  revisions?: string[];
}

export interface HubFault {
  server?: 'hub' | 'cdn';
  method?: 'GET' | 'HEAD';
  /** Matched against the decoded request path (without the query). */
  path?: string | RegExp;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Never answer (until the client gives up or the server closes). */
  hang?: boolean;
  /** Reset the connection (TCP RST) instead of answering: the client gets ECONNRESET before any header. */
  reset?: boolean;
  /** Answer with this instead. */
  respond?: { status: number; headers?: Record<string, string>; body?: string };
  /** Serve the headers and only this many body bytes, then drop the connection. */
  cutAfter?: number;
  /** Serve the headers and this many body bytes, then send nothing more (until the client gives up or the server closes). */
  stallAfter?: number;
  /** Serve the content with one byte changed (checksums then fail). */
  corrupt?: boolean;
  /** Answer a Range request with the whole file and 200. */
  ignoreRange?: boolean;
  /** Hold the request until this settles, then answer it as usual (other faults may still apply). */
  holdUntil?: Promise<unknown>;
}

export interface RecordedRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status?: number;
  /** Settles when the exchange ends: 'answered' once the whole answer was sent, 'dropped' when the connection closed before. */
  ended: Promise<'answered' | 'dropped'>;
}

export interface ServedFile {
  path: string;
  bytes: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}

export interface ServedRepo extends HubRepoDef {
  commit: string;
  files: Map<string, ServedFile>;
}

export interface HubServer {
  /** e.g. http://127.0.0.1:41234 — pass as `endpoint`. */
  endpoint: string;
  cdnEndpoint: string;
  repos: Map<string, ServedRepo>;
  requests: RecordedRequest[];
  /** Calls `listener` with each request as it arrives (after it is recorded). */
  onRequest(listener: (request: RecordedRequest) => void): void;
  addFault(fault: HubFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const LFS = /\.(bin|safetensors|onnx|h5|msgpack|pt|pth)$/;

function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(folder, full).split('\\').join('/'));
    }
  };
  walk(folder);
  return out.sort();
}

/** The fixture folders that are models or adapters, as repos "sciwrite-test/<path with / → ->". */
export function fixtureRepos(): HubRepoDef[] {
  const repos: HubRepoDef[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir);
    if (entries.includes('config.json') || entries.includes('adapter_config.json')) {
      repos.push({ id: `sciwrite-test/${relative(FIXTURES_HF, dir).split(/[\\/]/).join('-')}`, folder: dir });
      return;
    }
    for (const e of entries) if (statSync(join(dir, e)).isDirectory()) walk(join(dir, e));
  };
  walk(FIXTURES_HF);
  return repos;
}

function serveRepo(def: HubRepoDef): ServedRepo {
  const files = new Map<string, ServedFile>();
  const commitHash = createHash('sha1').update(def.id);
  for (const path of listFiles(def.folder)) {
    const bytes = readFileSync(join(def.folder, path));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const gitSha1 = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    files.set(path, { path, bytes, sha256, gitSha1, lfs: LFS.test(path) });
    commitHash.update(`${path}\0${sha256}\0`);
  }
  return { ...def, commit: commitHash.digest('hex'), files };
}

/** The Hub stand-in reached as a user without a token or the offline switch would reach the Hub: the developer's own settings removed. */
export function withoutHubCredentials(): void {
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.HF_TOKEN;
  delete process.env.HUGGING_FACE_HUB_TOKEN;
}

/**
 * `hostname`: the name in `endpoint` and `cdnEndpoint` (and so in the CDN redirects); default 127.0.0.1, where both listen.
 * `tls`: both serve HTTPS with this key and certificate.
 */
export async function startHubServer(options: { repos?: HubRepoDef[]; fixtures?: boolean; hostname?: string; tls?: { key: Buffer; cert: Buffer } } = {}): Promise<HubServer> {
  const defs = [...(options.fixtures === false ? [] : fixtureRepos()), ...(options.repos ?? [])];
  const repos = new Map(defs.map((d) => [d.id, serveRepo(d)]));
  const bySha = new Map<string, ServedFile>();
  for (const repo of repos.values()) for (const f of repo.files.values()) bySha.set(f.sha256, f);
  const requests: RecordedRequest[] = [];
  const listeners: ((request: RecordedRequest) => void)[] = [];
  let faults: (HubFault & { left: number })[] = [];
  let endpoint = '';
  let cdnEndpoint = '';

  const takeFault = (server: 'hub' | 'cdn', req: IncomingMessage, path: string, kind: (f: HubFault) => boolean): HubFault | undefined => {
    const fault = faults.find((f) => f.left > 0 && kind(f) && (f.server ?? server) === server && (!f.method || f.method === req.method) &&
      (f.path === undefined || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))));
    if (fault) fault.left--;
    return fault;
  };

  const send = (res: ServerResponse, record: RecordedRequest, status: number, headers: Record<string, string | number>, body?: Buffer | string): void => {
    record.status = status;
    res.writeHead(status, headers);
    res.end(body);
  };

  const hubError = (res: ServerResponse, record: RecordedRequest, status: number, code: string | undefined, message: string, extra: Record<string, string> = {}): void => {
    const body = JSON.stringify({ error: message });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-error-message': message, ...extra };
    if (code) headers['x-error-code'] = code;
    send(res, record, status, headers, record.method === 'HEAD' ? undefined : body);
  };

  /** Checks access; answers and returns false when refused. */
  const authorize = (repo: ServedRepo | undefined, req: IncomingMessage, res: ServerResponse, record: RecordedRequest): repo is ServedRepo => {
    const auth = req.headers.authorization;
    if (!repo) {
      if (auth) hubError(res, record, 404, 'RepoNotFound', 'Repository not found');
      else hubError(res, record, 401, 'RepoNotFound', 'Repository not found');
      return false;
    }
    if (!repo.token || auth === `Bearer ${repo.token}`) return true;
    if (repo.gated) {
      if (auth) hubError(res, record, 403, 'GatedRepo', 'Access to this model is restricted and you are not in the authorized list.');
      else hubError(res, record, 401, 'GatedRepo', 'Access to this model is restricted. You must have access to it and be authenticated to access it.');
    } else if (auth) {
      hubError(res, record, 401, undefined, 'Invalid credentials in Authorization header');
    } else {
      hubError(res, record, 401, 'RepoNotFound', 'Repository not found');
    }
    return false;
  };

  const serveContent = (server: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse, record: RecordedRequest, path: string, file: ServedFile, headers: Record<string, string | number>): void => {
    const contentFault = takeFault(server, req, path, (f) => f.cutAfter !== undefined || f.stallAfter !== undefined || !!f.corrupt || !!f.ignoreRange);
    let bytes = file.bytes;
    if (contentFault?.corrupt) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1] ^= 0xff;
    }
    let status = 200;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const out: Record<string, string | number> = { ...headers, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (range && !contentFault?.ignoreRange) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
      if (start >= bytes.length) {
        send(res, record, 416, { 'content-range': `bytes */${bytes.length}` });
        return;
      }
      status = 206;
      out['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
      bytes = bytes.subarray(start, end + 1);
    }
    out['content-length'] = bytes.length;
    record.status = status;
    res.writeHead(status, out);
    if (req.method === 'HEAD') { res.end(); return; }
    if (contentFault?.cutAfter !== undefined) {
      // FIN, not RST: a reset could make the client drop bytes it already received.
      res.write(bytes.subarray(0, contentFault.cutAfter), () => res.socket?.end());
      return;
    }
    if (contentFault?.stallAfter !== undefined) {
      res.write(bytes.subarray(0, contentFault.stallAfter));
      return;
    }
    res.end(bytes);
  };

  const handle = (server: 'hub' | 'cdn') => (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const ended = new Promise<'answered' | 'dropped'>((done) => res.once('close', () => done(res.writableFinished ? 'answered' : 'dropped')));
    const record: RecordedRequest = { server, method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, ended };
    requests.push(record);
    for (const listener of listeners) listener(record);
    const hold = takeFault(server, req, path, (f) => f.holdUntil !== undefined);
    if (hold) {
      void hold.holdUntil?.then(() => answer(server, req, res, record, url, path), () => answer(server, req, res, record, url, path));
      return;
    }
    answer(server, req, res, record, url, path);
  };

  const answer = (server: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse, record: RecordedRequest, url: URL, path: string): void => {
    const respondFault = takeFault(server, req, path, (f) => f.respond !== undefined || !!f.hang || !!f.reset);
    if (respondFault?.hang) return;
    if (respondFault?.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    if (respondFault?.respond) {
      const { status, headers = {}, body = '' } = respondFault.respond;
      send(res, record, status, { 'content-length': Buffer.byteLength(body), ...headers }, req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') { send(res, record, 405, {}); return; }

    if (server === 'cdn') {
      const m = /^\/cdn\/([0-9a-f]{64})$/.exec(path);
      const file = m && bySha.get(m[1]);
      if (!file) { send(res, record, 404, {}); return; }
      serveContent(server, req, res, record, path, file, { etag: `"${file.sha256}"` });
      return;
    }

    const cache = /^\/api\/resolve-cache\/models\/([^/]+\/[^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(path);
    if (cache) {
      const repo = repos.get(cache[1]);
      if (!authorize(repo, req, res, record)) return;
      const file = repo.commit === cache[2] ? repo.files.get(cache[3]) : undefined;
      if (!file) { hubError(res, record, 404, 'EntryNotFound', 'Entry not found'); return; }
      serveContent(server, req, res, record, path, file, { etag: `"${file.gitSha1}"`, 'x-repo-commit': repo.commit });
      return;
    }

    // /{org}/{name}/resolve/{revision}/{path}; the revision arrives percent-encoded (refs%2Fpr%2F1).
    const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!resolve) { send(res, record, 404, {}); return; }
    const repo = repos.get(`${decodeURIComponent(resolve[1])}/${decodeURIComponent(resolve[2])}`);
    if (!authorize(repo, req, res, record)) return;
    const revision = decodeURIComponent(resolve[3]);
    if (revision !== repo.commit && revision !== 'main' && !(repo.revisions ?? []).includes(revision)) {
      hubError(res, record, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return;
    }
    const filePath = resolve[4].split('/').map(decodeURIComponent).join('/');
    const file = repo.files.get(filePath);
    if (!file) {
      hubError(res, record, 404, 'EntryNotFound', 'Entry not found', { 'x-repo-commit': repo.commit });
      return;
    }
    const body = `Found. Redirecting to ${file.lfs ? 'cdn' : 'cache'}`;
    if (file.lfs) {
      send(res, record, 302, {
        location: `${cdnEndpoint}/cdn/${file.sha256}?X-Amz-Signature=stand-in`,
        'x-repo-commit': repo.commit,
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': file.bytes.length,
        etag: `"${file.gitSha1}"`,
        'content-length': Buffer.byteLength(body),
      }, req.method === 'HEAD' ? undefined : body);
    } else {
      send(res, record, 307, {
        location: `/api/resolve-cache/models/${repo.id}/${repo.commit}/${filePath}?etag=%22${file.gitSha1}%22`,
        'content-length': Buffer.byteLength(body),
      }, req.method === 'HEAD' ? undefined : body);
    }
  };

  const listen = (server: Server): Promise<string> => new Promise((resolveUrl, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveUrl(`${options.tls ? 'https' : 'http'}://${options.hostname ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`));
  });
  const serve = (role: 'hub' | 'cdn'): Server => (options.tls ? createHttpsServer(options.tls, handle(role)) : createServer(handle(role)));
  const hub = serve('hub');
  const cdn = serve('cdn');
  endpoint = await listen(hub);
  cdnEndpoint = await listen(cdn);

  return {
    endpoint,
    cdnEndpoint,
    repos,
    requests,
    onRequest(listener) { listeners.push(listener); },
    addFault(fault) { faults.push({ ...fault, left: fault.times ?? 1 }); },
    clearFaults() { faults = []; },
    async close() {
      await Promise.all([hub, cdn].map((s) => new Promise<void>((done) => {
        s.close(() => done());
        s.closeAllConnections();
      })));
    },
  };
}
