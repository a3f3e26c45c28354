// Parses big .bib files on a worker thread so the language server's main loop stays responsive.
// The worker posts entries back in batches, one per acknowledgement; each batch costs the main
// thread a short deserialisation, never the whole parse. One worker serves requests in order; it is started on
// first use, does not keep the process alive, and is restarted after a crash.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BibEntry } from '../types.ts';
import type { BibParseOptions, BibParseResult } from './parse-bibtex.ts';
import type { BibWorkerAck, BibWorkerReply, BibWorkerRequest } from './worker-protocol.ts';

export interface BibWorkerOptions {
  /** The worker script. Default: `worker.ts` next to this module (sources run through tsx), or `bib-worker.cjs` next to the bundle. */
  workerPath?: string;
  /** Entries per message from the worker (default 500). */
  batchSize?: number;
}

/** Timing of one off-thread parse (main-thread blocking is measured by bench/parse.ts). */
export interface BibWorkerTiming {
  /** Parse time inside the worker. */
  parseMs: number;
  /** Entries reused unchanged from the worker's previous parse of the same file. */
  reused: number;
}

interface Pending {
  entries: BibEntry[];
  resolve: (r: BibParseResult & { timing: BibWorkerTiming }) => void;
  reject: (e: Error) => void;
}

function defaultWorkerPath(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./worker.ts', here));
  const bundled = fileURLToPath(new URL('./bib-worker.cjs', here));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('./worker.js', here));
}

/**
 * Running from sources (tests, benchmarks): Node 20 does not apply tsx's loader to a worker's
 * entry module, so the worker registers tsx itself before importing the TypeScript entry.
 */
function startTypeScriptWorker(path: string): Worker {
  // tsx's ESM API sits next to the CommonJS one that require.resolve finds.
  const tsx = createRequire(path).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)})
    .then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); });`;
  return new Worker(code, { eval: true });
}

export class BibWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly workerPath: string;
  private readonly batchSize: number;

  constructor(options: BibWorkerOptions = {}) {
    this.workerPath = options.workerPath ?? defaultWorkerPath();
    this.batchSize = options.batchSize ?? 500;
  }

  /** Parses a .bib file off the main thread; `text` undefined means the worker reads `file` from disk. */
  parse(file: string, text: string | undefined, options: BibParseOptions = {}): Promise<BibParseResult & { timing: BibWorkerTiming }> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { entries: [], resolve, reject });
      const request: BibWorkerRequest = { kind: 'parse', id, file, batchSize: this.batchSize };
      if (text !== undefined) request.text = text;
      if (options.strings) request.strings = { ...options.strings };
      worker.postMessage(request);
    });
  }

  /** Stops the worker; pending parses fail. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('BibTeX worker stopped'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.workerPath.endsWith('.ts') ? startTypeScriptWorker(this.workerPath) : new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (reply: BibWorkerReply) => this.receive(reply));
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (code !== 0) this.failAll(new Error(`BibTeX worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: BibWorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.kind === 'entries') {
      for (const e of reply.entries) p.entries.push(e);
      const ack: BibWorkerAck = { kind: 'ack', id: reply.id };
      this.worker?.postMessage(ack);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'done') {
      p.resolve({
        entries: p.entries, problems: reply.problems, strings: reply.strings, undefinedMacros: reply.undefinedMacros,
        timing: { parseMs: reply.parseMs, reused: reply.reused },
      });
    } else p.reject(new Error(`BibTeX worker: ${reply.message}`));
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
