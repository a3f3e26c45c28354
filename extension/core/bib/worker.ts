// The BibTeX worker thread: parses one file per request and posts the entries back in batches,
// each after the main thread acknowledged the previous one (see worker-protocol.ts).
// Importing this module inside a worker starts the loop (the server's bundle has a `bib-worker`
// entry that imports it); on the main thread it does nothing.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, type MessagePort } from 'node:worker_threads';
import { decodeText } from '../text-encoding.ts';
import { BibParseMemo, parseBibTeX } from './parse-bibtex.ts';
import type { BibWorkerMessage, BibWorkerReply } from './worker-protocol.ts';

export function serveBibRequests(port: MessagePort): void {
  const outgoing = new Map<number, BibWorkerReply[]>();
  // One memo per file: a re-parse after an edit (or a re-export) reuses every unchanged entry.
  const memos = new Map<string, BibParseMemo>();
  const sendNext = (id: number) => {
    const queue = outgoing.get(id);
    const next = queue?.shift();
    if (!next) return;
    if (queue!.length === 0) outgoing.delete(id);
    port.postMessage(next);
  };
  port.on('message', (message: BibWorkerMessage) => {
    if (message.kind === 'ack') {
      sendNext(message.id);
      return;
    }
    const { id } = message;
    try {
      const text = message.text ?? decodeText(readFileSync(message.file)).text;
      const t0 = performance.now();
      let memo = memos.get(message.file);
      if (!memo) {
        memo = new BibParseMemo();
        memos.set(message.file, memo);
      }
      const result = parseBibTeX(message.file, text, { strings: message.strings, memo });
      const parseMs = performance.now() - t0;
      const size = Math.max(1, message.batchSize);
      const queue: BibWorkerReply[] = [];
      for (let i = 0; i < result.entries.length; i += size) {
        queue.push({ id, kind: 'entries', entries: result.entries.slice(i, i + size) });
      }
      queue.push({ id, kind: 'done', problems: result.problems, strings: result.strings, undefinedMacros: result.undefinedMacros, parseMs, reused: memo.reused });
      outgoing.set(id, queue);
    } catch (error) {
      outgoing.set(id, [{ id, kind: 'failed', message: error instanceof Error ? error.message : String(error) }]);
    }
    sendNext(id);
  });
}

if (!isMainThread && parentPort) serveBibRequests(parentPort);
