// Comparing what the editor publishes for a file with what `analyze` computed for the whole project:
// one key per entity, and the wait for the editor's first finished pass that shows what the test expects.
import type { TestContext } from 'node:test';
import type { EntitiesParams } from '../../extension/protocol/editor.ts';
import type { LspTestClient } from './lsp-client.ts';

/** An entity as both sides print it: place, text, type and confidence. */
export const entityKey = (e: { range: { start: { line: number; character: number } }; text: string; type: string; score: number }): string =>
  `${e.range.start.line + 1}:${e.range.start.character} ${e.text} ${e.type} ${e.score.toFixed(3)}`;

/**
 * The first finished entities pass (from now on) that `match` accepts; at the test's timeout, what was
 * published last goes to the test's diagnostics and the wait fails with `missing`.
 */
export function finishedPass(client: LspTestClient, t: TestContext, match: (p: EntitiesParams) => boolean, missing: string): Promise<EntitiesParams> {
  let last: EntitiesParams | undefined;
  let found = false;
  return new Promise<EntitiesParams>((resolve, reject) => {
    client.connection.onNotification('sciwrite/entities', (p: EntitiesParams) => {
      if (!p.done) return;
      last = p;
      if (!found && match(p)) {
        found = true;
        resolve(p);
      }
    });
    t.signal.addEventListener('abort', () => {
      if (found) return;
      t.diagnostic(`as last published: ${JSON.stringify(last?.entities.map((e) => [e.range.start.line + 1, e.text, e.type, e.score]))}`);
      reject(new Error(missing));
    });
  });
}
