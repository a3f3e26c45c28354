// Messages between the main thread and the BibTeX worker thread (see worker.ts, off-thread.ts).
// Entries come back in batches, one at a time: the worker sends the next batch only after the main
// thread acknowledges the last. Node delivers every queued message in one go, so without this a
// burst of batches would hold the main thread for as long as all of them take to deserialise.
import type { BibEntry, SourceProblem } from '../types.ts';

export interface BibWorkerRequest {
  kind: 'parse';
  id: number;
  file: string;
  /** The text to parse; when absent the worker reads `file` from disk as UTF-8. */
  text?: string;
  strings?: Record<string, string>;
  /** Entries per reply message: small batches keep each deserialisation on the main thread short. */
  batchSize: number;
}

/** The main thread has taken the last batch of request `id`. */
export interface BibWorkerAck {
  kind: 'ack';
  id: number;
}

export type BibWorkerMessage = BibWorkerRequest | BibWorkerAck;

export type BibWorkerReply =
  | { id: number; kind: 'entries'; entries: BibEntry[] }
  | { id: number; kind: 'done'; problems: SourceProblem[]; strings: Record<string, string>; undefinedMacros: string[]; parseMs: number; reused: number }
  | { id: number; kind: 'failed'; message: string };
