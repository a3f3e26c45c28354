// The Hub downloads of the editor roles as LSP work-done progress, whose Cancel stops the download, for
// an editor other than VS Code (VS Code's client shows them from sciwrite/modelStatus, with its own
// Cancel), as the related-work embeddings' download does (server/related/embedder-loads.ts). The
// download does not wait for the client to create the progress: what arrives meanwhile is reported once it exists.
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { formatBytes } from '../../core/format/bytes.ts';
import type { ModelRole } from '../../protocol/editor.ts';
import type { Session } from '../session.ts';

/** Progress is reported at most this many times per download (each chunk would flood the connection). */
const PROGRESS_STEPS = 100;

const ROLE_NAMES: Record<ModelRole, string> = { entities: 'entity highlighting', scicite: 'SciCite citation intents', aclarc: 'ACL-ARC citation intents' };

interface Download {
  spec: string;
  reporter?: WorkDoneProgressServerReporter;
  ended: boolean;
  latest?: { bytes: number; total?: number; note?: string };
  reported: number;
}

export class ModelDownloadProgress {
  private readonly shown = new Map<ModelRole, Download>();

  /** `cancel` stops the role's download (the user pressed Cancel). */
  constructor(private readonly session: Session, private readonly cancel: (role: ModelRole) => void) {}

  report(role: ModelRole, spec: string, bytes: number, total: number | undefined, note: string | undefined): void {
    if (this.session.showsModelDownloads) return;
    let download = this.shown.get(role);
    if (download && download.spec !== spec) this.end(role);
    download = this.shown.get(role) ?? this.begin(role, spec);
    download.latest = { bytes, ...(total !== undefined ? { total } : {}), ...(note ? { note } : {}) };
    if (!note && total && bytes < total && bytes - download.reported < total / PROGRESS_STEPS) return;
    this.send(download);
  }

  /** The role's download of `spec` ended (or any of the role's, without `spec`). */
  end(role: ModelRole, spec?: string): void {
    const download = this.shown.get(role);
    if (!download || (spec !== undefined && download.spec !== spec)) return;
    download.ended = true;
    download.reporter?.done();
    this.shown.delete(role);
  }

  private begin(role: ModelRole, spec: string): Download {
    const download: Download = { spec, ended: false, reported: -Infinity };
    this.shown.set(role, download);
    this.session.connection.window.createWorkDoneProgress().then((reporter) => {
      if (download.ended) return reporter.done();
      download.reporter = reporter;
      reporter.token.onCancellationRequested(() => {
        if (this.shown.get(role) === download) this.cancel(role);
      });
      reporter.begin(`SciWrite: downloading ${spec}`, 0, `for ${ROLE_NAMES[role]}; the built-in model runs meanwhile`, true);
      this.send(download);
    }, () => undefined);
    return download;
  }

  private send(download: Download): void {
    const { reporter, latest } = download;
    if (!reporter || !latest) return;
    const total = latest.total ?? 0;
    const message = `${formatBytes(latest.bytes)}${total > 0 ? ` of ${formatBytes(total)}` : ''}${latest.note ? ` — ${latest.note}` : ''}`;
    if (total > 0) reporter.report(Math.min(100, (100 * latest.bytes) / total), message);
    else reporter.report(message);
    download.reported = latest.bytes;
  }
}
