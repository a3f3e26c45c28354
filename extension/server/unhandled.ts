// One failed background task (a file read, a download, a model load whose promise nobody awaited)
// must not take the whole server down: Node ends the process on an unhandled rejection, which would
// drop every open document's analysis and, in editors that do not restart servers, SciWrite itself.
// The failure is logged to the client's output instead.
import type { EventEmitter } from 'node:events';

export function logUnhandledRejections(processLike: EventEmitter, log: (message: string) => void): void {
  processLike.on('unhandledRejection', (reason: unknown) => {
    const detail = reason instanceof Error ? reason.stack ?? reason.message : String(reason);
    log(`SciWrite: a background task failed and was abandoned (please report it): ${detail}`);
  });
}
