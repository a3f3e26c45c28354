// Turns a related-work result, as the server sends it (extension/protocol/related.ts), into the state
// the panel shows. Plain mapping; the ranking happened elsewhere.
import type { PanelState, PanelStatus, Scope, SemanticScholarStatus, Specter2Status } from '../../../webview/src/protocol.ts';
import type { RelatedRankResult } from '../../protocol/related.ts';
import type { EditorContext } from './backend.ts';
import { toPaperView } from './paper-view.ts';

/** A related-work result as the server sends it. */
export type RelatedResultFields = Omit<RelatedRankResult, 'hiddenCount'>;

export interface PanelStateOptions {
  /** Shown next to the download button, e.g. "440 MB". */
  specter2DownloadSize?: string;
  /** Semantic Scholar is switched off in settings (not merely without consent). */
  semanticScholarDisabled?: boolean;
  /** How many papers the user marked not relevant for this manuscript. */
  hiddenCount?: number;
  /** The ranking was asked to list the papers cited inside the scope ("Show papers cited here"). */
  showCitedHere?: boolean;
}

/** "paragraph at line 42 of paper.tex": where the query comes from, in the panel's words. */
export function scopeLabel(scope: Scope, editor: EditorContext | undefined): string | undefined {
  if (!editor) return undefined;
  const file = decodeURIComponent(editor.uri.slice(editor.uri.lastIndexOf('/') + 1));
  switch (scope) {
    case 'paragraph':
      return `paragraph at line ${editor.position.line + 1} of ${file}`;
    case 'selection':
      return editor.selection ? `selection in ${file}` : `paragraph at line ${editor.position.line + 1} of ${file} (nothing selected)`;
    case 'section':
      return `section around line ${editor.position.line + 1} of ${file}`;
    case 'document':
      return `title and abstract of ${file}`;
  }
}

// The analysis layer explains in words what the panel already shows with a button; keep one of each.
const SAID_BY_STATUS: { when: (s: RelatedResultFields['status']) => boolean; prefix: string }[] = [
  { when: (s) => s.model === 'missing', prefix: 'No SPECTER2 model is downloaded' },
  { when: (s) => s.s2 === 'off', prefix: 'Semantic Scholar is off' },
  { when: (s) => s.s2 === 'offline', prefix: 'Offline:' },
];

function specter2Of(result: RelatedResultFields, options: PanelStateOptions): Specter2Status {
  // A model of the user's own (sciwrite.models.embeddings): its messages say how it fares; no SPECTER2 offer.
  if (result.status.ownModel) return { state: 'ready' };
  switch (result.status.model) {
    case 'specter2':
      return { state: 'ready' };
    case 'missing':
      return options.specter2DownloadSize ? { state: 'missing', downloadSize: options.specter2DownloadSize } : { state: 'missing' };
    case 'error': {
      const why = result.status.messages.find((m) => m.startsWith('SPECTER2 failed'));
      return { state: 'failed', message: why?.replace(/^SPECTER2 failed[^:]*:\s*/, '') ?? 'the model could not run' };
    }
  }
}

function semanticScholarOf(result: RelatedResultFields, options: PanelStateOptions): SemanticScholarStatus {
  if (options.semanticScholarDisabled) return 'disabled';
  switch (result.status.s2) {
    case 'ok':
    case 'error':
      return 'on';
    case 'offline':
      return 'offline';
    case 'off':
      return 'off';
  }
}

export function toPanelState(result: RelatedResultFields, editor: EditorContext | undefined, options: PanelStateOptions = {}): PanelState {
  const said = SAID_BY_STATUS.filter((rule) => rule.when(result.status)).map((rule) => rule.prefix);
  const deleted = result.status.deletedModel;
  if (deleted) said.push(`${deleted} was deleted from the model cache`);
  const messages = result.status.messages.filter((m) => !said.some((prefix) => m.startsWith(prefix)) && !(result.status.model === 'error' && m.startsWith('SPECTER2 failed')));
  if (result.sent) {
    const ids = result.sent.paperIds.length;
    messages.push(`Sent to Semantic Scholar: “${result.sent.query}”${ids > 0 ? ` and the ids of ${ids} cited paper${ids === 1 ? '' : 's'}` : ''}`);
  }
  const scopeKeys = new Set(result.citedKeys.map((key) => key.toLowerCase()));
  const status: PanelStatus = {
    ranker: result.status.ranker,
    specter2: specter2Of(result, options),
    semanticScholar: semanticScholarOf(result, options),
    ...(deleted ? { deletedModel: deleted } : {}),
    messages,
  };
  const state: PanelState = { scope: result.scope, status, papers: result.papers.map((paper) => toPaperView(paper, scopeKeys)) };
  const label = scopeLabel(result.scope, editor);
  if (label) state.scopeLabel = label;
  if (options.hiddenCount !== undefined) state.hiddenCount = options.hiddenCount;
  if (options.showCitedHere) state.showCitedHere = true;
  if (result.citedHereHidden) state.citedHereHidden = result.citedHereHidden;
  return state;
}
