// The related-work panel's server backend (extension/client/related/server-backend.ts) talks to the
// server through a RelatedTransport; in tests that is the JSON-RPC connection of an LspTestClient,
// with an AbortSignal turned into LSP cancellation as vscode-languageclient does.
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { RelatedTransport } from '../../extension/client/related/server-backend.ts';
import type { NotificationDef, RequestDef } from '../../extension/protocol/index.ts';
import type { LspTestClient } from './lsp-client.ts';

export function relatedTransport(client: LspTestClient): RelatedTransport {
  return {
    async request<P, R>(def: RequestDef<P, R>, params: P, signal?: AbortSignal): Promise<R> {
      const source = new CancellationTokenSource();
      if (signal?.aborted) source.cancel();
      signal?.addEventListener('abort', () => source.cancel(), { once: true });
      return (await client.connection.sendRequest(def.method, params, source.token)) as R;
    },
    onNotification<P>(def: NotificationDef<P>, handler: (params: P) => void) {
      return client.connection.onNotification(def.method, (params: P) => handler(params));
    },
  };
}
