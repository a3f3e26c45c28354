// The BibTeX worker thread: parses one file per request and posts the entries back in batches.
// Importing this module inside a worker starts the loop (the server's bundle has a `bib-worker`
// entry that imports it); on the main thread it does nothing.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, type MessagePort } from 'node:worker_threads';
import { parseBibTeX } from './parse-bibtex.ts';
import type { BibWorkerReply, BibWorkerRequest } from './worker-protocol.ts';

export function serveBibRequests(port: MessagePort): void {
  port.on('message', (request: BibWorkerRequest) => {
    const post = (reply: BibWorkerReply) => port.postMessage(reply);
    try {
      const text = request.text ?? readFileSync(request.file, 'utf8');
      const t0 = performance.now();
      const result = parseBibTeX(request.file, text, { strings: request.strings });
      const parseMs = performance.now() - t0;
      const size = Math.max(1, request.batchSize);
      for (let i = 0; i < result.entries.length; i += size) {
        post({ id: request.id, kind: 'entries', entries: result.entries.slice(i, i + size) });
      }
      post({
        id: request.id, kind: 'done', problems: result.problems, strings: result.strings,
        undefinedMacros: result.undefinedMacros, parseMs,
      });
    } catch (error) {
      post({ id: request.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
}

if (!isMainThread && parentPort) serveBibRequests(parentPort);
