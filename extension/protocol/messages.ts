// Typed message descriptors. The client (vscode-languageclient) and the server (vscode-languageserver)
// ship different vscode-jsonrpc versions whose RequestType classes are not interchangeable, so the
// protocol names each message once with its parameter and result types, and each side builds its own
// RequestType/NotificationType from it (server/protocol.ts, client/protocol.ts).

/** A request: `method` with params P answered by R. The type fields exist only for the compiler. */
export interface RequestDef<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly __params?: P;
  readonly __result?: R;
}

/** A notification: `method` with params P. */
export interface NotificationDef<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly __params?: P;
}

export function request<P, R>(method: `sciwrite/${string}`): RequestDef<P, R> {
  return { kind: 'request', method };
}

export function notification<P>(method: `sciwrite/${string}`): NotificationDef<P> {
  return { kind: 'notification', method };
}
