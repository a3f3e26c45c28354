// Registers the related-work requests on a connection.
import type { Connection } from 'vscode-languageserver/node';
import {
  RelatedAddByIdRequest, RelatedAddToBibRequest, RelatedCancelModelDownloadRequest, RelatedCiteRequest, RelatedConsentRequest, RelatedCopyBibtexRequest,
  RelatedDownloadSpecter2Request, RelatedNotRelevantRequest, RelatedRankRequest, RelatedSpecter2InfoRequest,
} from '../../protocol/index.ts';
import { requestType } from '../protocol.ts';
import type { Session } from '../session.ts';
import { RelatedHandlers } from './handlers.ts';

export function registerRelated(connection: Connection, session: Session): RelatedHandlers {
  const handlers = new RelatedHandlers(session);
  connection.onRequest(requestType(RelatedRankRequest), (params, token) => handlers.rank(params, token));
  connection.onRequest(requestType(RelatedCiteRequest), (params) => handlers.cite(params));
  connection.onRequest(requestType(RelatedAddToBibRequest), (params) => handlers.addToBib(params));
  connection.onRequest(requestType(RelatedCopyBibtexRequest), (params) => handlers.copyBibtex(params));
  connection.onRequest(requestType(RelatedNotRelevantRequest), (params) => handlers.notRelevant(params));
  connection.onRequest(requestType(RelatedAddByIdRequest), (params) => handlers.addById(params));
  connection.onRequest(requestType(RelatedConsentRequest), (params) => handlers.consent(params));
  connection.onRequest(requestType(RelatedSpecter2InfoRequest), (params) => handlers.specter2.info(params));
  connection.onRequest(requestType(RelatedDownloadSpecter2Request), (params, token) => handlers.specter2.download(params, token));
  connection.onRequest(requestType(RelatedCancelModelDownloadRequest), (params) => handlers.embedders.cancel(params.repo));
  return handlers;
}
