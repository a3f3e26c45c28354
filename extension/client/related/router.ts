// Routes a validated webview message to the backend. `ready`, `refresh`, `setScope` and `setShowCitedHere` belong to the
// view itself (they change what is ranked, not what is stored) and come back as `view` actions.
import type { Scope, WebviewMessage } from '../../../webview/src/protocol.ts';
import type { ActionResult, EditorContext, RelatedBackend } from './backend.ts';

export type ViewAction = { kind: 'ready' } | { kind: 'rerank' } | { kind: 'scope'; scope: Scope } | { kind: 'showCitedHere'; show: boolean };

export type Routed = { kind: 'view'; action: ViewAction } | { kind: 'backend'; result: Promise<ActionResult | void> };

export function routeWebviewMessage(message: WebviewMessage, backend: RelatedBackend, editor: EditorContext | undefined): Routed {
  const call = (run: () => ReturnType<RelatedBackend['citeHere']>): Routed => ({
    kind: 'backend',
    result: (async () => run())(),
  });
  switch (message.type) {
    case 'ready':
      return { kind: 'view', action: { kind: 'ready' } };
    case 'refresh':
      return { kind: 'view', action: { kind: 'rerank' } };
    case 'setScope':
      return { kind: 'view', action: { kind: 'scope', scope: message.scope } };
    case 'setShowCitedHere':
      return { kind: 'view', action: { kind: 'showCitedHere', show: message.show } };
    case 'citeHere':
      return call(() => backend.citeHere(message.paperId, editor));
    case 'addToBib':
      return call(() => backend.addToBib(message.paperId, editor));
    case 'open':
      return call(() => backend.open(message.paperId, message.target));
    case 'copyBibtex':
      return call(() => backend.copyBibtex(message.paperId));
    case 'notRelevant':
      return call(() => backend.notRelevant(message.paperId, editor));
    case 'enableSemanticScholar':
      return call(() => backend.enableSemanticScholar(editor));
    case 'disableSemanticScholar':
      return call(() => backend.disableSemanticScholar());
    case 'consentAnswer':
      return call(() => backend.consentAnswer(message.consentId, message.granted));
    case 'downloadSpecter2':
      return call(() => backend.downloadSpecter2());
    case 'downloadModelAgain':
      return call(() => backend.downloadModelAgain?.(message.repo, editor) ?? { notice: `This editor cannot download ${message.repo}: related work stays ranked by shared terms (BM25).` });
    case 'addById':
      return call(() => backend.addById(message.identifier, editor));
    default: {
      const unhandled: never = message;
      throw new Error(`unhandled webview message ${JSON.stringify(unhandled)}`);
    }
  }
}
