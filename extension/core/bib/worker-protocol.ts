// Messages between the main thread and the BibTeX worker thread (see worker.ts, off-thread.ts).
import type { BibEntry, SourceProblem } from '../types.ts';

export interface BibWorkerRequest {
  id: number;
  file: string;
  /** The text to parse; when absent the worker reads `file` from disk as UTF-8. */
  text?: string;
  strings?: Record<string, string>;
  /** Entries per reply message: small batches keep each deserialisation on the main thread short. */
  batchSize: number;
}

export type BibWorkerReply =
  | { id: number; kind: 'entries'; entries: BibEntry[] }
  | { id: number; kind: 'done'; problems: SourceProblem[]; strings: Record<string, string>; undefinedMacros: string[]; parseMs: number }
  | { id: number; kind: 'failed'; message: string };
