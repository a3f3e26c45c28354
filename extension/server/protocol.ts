// The server side of the typed custom messages (see protocol/messages.ts).
import { NotificationType, RequestType } from 'vscode-languageserver/node';
import type { NotificationDef, RequestDef } from '../protocol/index.ts';

export function requestType<P, R>(def: RequestDef<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(def.method);
}

export function notificationType<P>(def: NotificationDef<P>): NotificationType<P> {
  return new NotificationType<P>(def.method);
}
