// After "Cite here" saved a paper to the user's Zotero library: wait until the Better BibTeX auto-export
// the manuscript reads holds it, so the key Better BibTeX chose can be cited. Woken when the workspace
// learns that the export changed (a file-watch event, its editor text), never by polling;
// bounded by a time-out and the request's cancellation.
import { basename } from 'node:path';
import type { ProjectSnapshot } from '../../analysis/index.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import { findDuplicate } from '../../core/bibwrite/plan.ts';
import { detectAutoExport } from '../../core/bibwrite/style.ts';
import type { BibEntry } from '../../core/types.ts';
import type { DocumentContext, Session } from '../session.ts';

/** How long "Cite here" waits for Better BibTeX to export a paper saved to Zotero. */
export const ZOTERO_EXPORT_WAIT_MS = 20_000;

export type ExportWait = { kind: 'found'; entry: BibEntry } | { kind: 'timeout' } | { kind: 'cancelled' };

export interface ExportWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The manuscript's own bibliography entry that is `paper` (same DOI, else same title), as for duplicates. */
function exportedEntry(project: ProjectSnapshot, paper: PaperMetadata): BibEntry | undefined {
  const own = new Set(project.info.bibliographies);
  return findDuplicate(paper, [...project.bibliography.entries.values()].filter((entry) => own.has(entry.file)))?.entry;
}

/** Resolves when a re-read of the manuscript's bibliography holds `paper`, when `timeoutMs` passed, or when `signal` aborts. */
export function waitForExportedEntry(session: Session, context: DocumentContext, paper: PaperMetadata, options: ExportWaitOptions): Promise<ExportWait> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    let bibliographies = new Set(context.project.info.bibliographies);
    let done = false;
    let reading = false;
    let readAgain = false;
    const finish = (result: ExportWait) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    // One read at a time; a change during a read asks for one more.
    const read = async () => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        do {
          readAgain = false;
          const project = await session.workspace.project(context.path, context.project.options);
          bibliographies = new Set(project.info.bibliographies);
          const entry = exportedEntry(project, paper);
          if (entry) return finish({ kind: 'found', entry });
        } while (readAgain && !done);
      } catch {
        // The project could not be read now (e.g. a file half written): the next change reads again.
      } finally {
        reading = false;
      }
    };
    const onAbort = () => finish({ kind: 'cancelled' });
    // Every change of a bibliography (file-watch event, editor text) is announced before it is read again.
    const unsubscribe = session.workspace.onBibliographyStale((path) => {
      // after the workspace has finished recording the change
      if (bibliographies.has(path)) queueMicrotask(() => void read());
    });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    // The export may have changed (and been re-read) before this listened: read once now.
    void read();
  });
}

/** The Zotero exports among the manuscript's bibliographies, by file name ("the Better BibTeX export" when none is recognised). */
export function zoteroExportNames(project: ProjectSnapshot): string {
  const names = project.bibFiles
    .filter((state) => state.exists && /Zotero/.test(detectAutoExport(state.text) ?? ''))
    .map((state) => basename(state.file));
  return names.length > 0 ? names.join(' or ') : 'the Better BibTeX export';
}
