// What the editor features know about each open document: the last entities and intents published.
import type { DocumentEntity } from '../../analysis/editor/index.ts';
import type { CitationIntentRecord } from '../../analysis/editor/index.ts';
import type { EditorSettings } from '../../protocol/editor.ts';

export interface DocumentEditorState {
  /** Bumped on every change: a pass whose generation is not the latest stops. */
  generation: number;
  timer?: NodeJS.Timeout;
  /** Source spans on screen, as the client last said. */
  visible: { start: number; end: number }[];
  /** Entities of `version` (complete when `done`). */
  version?: number;
  entities: DocumentEntity[];
  done: boolean;
  intents?: { version: number; records: CitationIntentRecord[] };
  /** The type the last finished pass gave each word on its own: evidence for the abbreviation diagnostics. */
  entityTypes?: ReadonlyMap<string, string>;
  settings?: EditorSettings;
  /** What the latest pass to start read from the bibliography (bibliography-inputs.ts), at its generation; no key: nothing (entities off). */
  bibliographyInputs?: { generation: number; key?: string };
}
