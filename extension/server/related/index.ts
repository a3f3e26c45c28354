// Registers the related-work requests on a connection.
import type { Connection } from 'vscode-languageserver/node';
import {
  RelatedAddByIdRequest, RelatedAddToBibRequest, RelatedCancelModelDownloadRequest, RelatedCiteRequest, RelatedConsentRequest, RelatedCopyBibtexRequest,
  RelatedDownloadModelAgainRequest, RelatedDownloadSpecter2Request, RelatedModelDeletedNotification, RelatedNotRelevantRequest, RelatedRankRequest, RelatedSpecter2InfoRequest,
} from '../../protocol/index.ts';
import { SPECTER2_CATALOGUE } from '../../analysis/related/specter2-download.ts';
import { editorFeaturesOf } from '../editor/index.ts';
import { notificationType, requestType } from '../protocol.ts';
import type { Session } from '../session.ts';
import { RelatedHandlers, type RelatedHandlerOptions } from './handlers.ts';

/** `SCIWRITE_ZOTERO_EXPORT_WAIT_MS`: a shorter wait for Better BibTeX's export, for tests of the time-out. */
function exportWaitFromEnv(env: NodeJS.ProcessEnv): RelatedHandlerOptions {
  const ms = Number(env.SCIWRITE_ZOTERO_EXPORT_WAIT_MS);
  return Number.isFinite(ms) && ms > 0 ? { zoteroExportWaitMs: ms } : {};
}

export function registerRelated(connection: Connection, session: Session): RelatedHandlers {
  const handlers = new RelatedHandlers(session, exportWaitFromEnv(process.env));
  connection.onRequest(requestType(RelatedRankRequest), (params, token) => handlers.rank(params, token));
  connection.onRequest(requestType(RelatedCiteRequest), (params, token) => handlers.cite(params, token));
  connection.onRequest(requestType(RelatedAddToBibRequest), (params) => handlers.addToBib(params));
  connection.onRequest(requestType(RelatedCopyBibtexRequest), (params) => handlers.copyBibtex(params));
  connection.onRequest(requestType(RelatedNotRelevantRequest), (params) => handlers.notRelevant(params));
  connection.onRequest(requestType(RelatedAddByIdRequest), (params) => handlers.addById(params));
  connection.onRequest(requestType(RelatedConsentRequest), (params) => handlers.consent(params));
  connection.onRequest(requestType(RelatedSpecter2InfoRequest), (params) => handlers.specter2.info(params));
  connection.onRequest(requestType(RelatedDownloadSpecter2Request), (params, token) => handlers.specter2.download(params, token));
  connection.onRequest(requestType(RelatedCancelModelDownloadRequest), (params) => handlers.embedders.cancel(params.repo));
  connection.onRequest(requestType(RelatedDownloadModelAgainRequest), (params) => handlers.downloadModelAgain(params));
  // Manage Models deletes a model only once its downloads here have stopped (they would write it again).
  editorFeaturesOf(session)?.stopOtherDownloads(async (repo) => {
    await Promise.all([handlers.specter2.stop(repo), handlers.embedders.stop(repo)]);
  });
  // Once it is deleted, a panel whose list it ranked ranks again.
  editorFeaturesOf(session)?.onModelDeleted((repo) => {
    handlers.embedders.filesDeleted();
    const embedder = SPECTER2_CATALOGUE.some((part) => part.repo === repo) ? 'SPECTER2' : repo;
    void session.connection.sendNotification(notificationType(RelatedModelDeletedNotification), { repo, embedder });
  });
  return handlers;
}
