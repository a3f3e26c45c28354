// A Hub download shown as LSP work-done progress whose Cancel stops it, for editors other than VS Code
// (VS Code's client shows SciWrite's own notifications): the editor roles' models and the related-work
// embeddings. The download does not wait for the client to create the progress: what arrives meanwhile
// is reported once it exists. At most PROGRESS_STEPS reports per download (each chunk would flood the
// connection), except a note (why no bytes move), which is always shown.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { formatBytes } from '../core/format/bytes.ts';

const PROGRESS_STEPS = 100;

export interface DownloadProgressReport {
  bytes: number;
  total?: number;
  /** Why no bytes move: waiting for another process's download, a retry. */
  note?: string;
}

/** Whether a download's progress moved enough since `reportedBytes` to be shown again (always with a note, and at the end). */
export function worthReporting(progress: DownloadProgressReport, reportedBytes: number): boolean {
  const total = progress.total ?? 0;
  return !!progress.note || total <= 0 || progress.bytes >= total || progress.bytes - reportedBytes >= total / PROGRESS_STEPS;
}

export class WorkDoneDownload {
  private reporter?: WorkDoneProgressServerReporter;
  private latest?: DownloadProgressReport;
  private reported = -Infinity;
  private ended = false;

  constructor(connection: Pick<Connection, 'window'>, title: string, message: string, onCancel: () => void) {
    connection.window.createWorkDoneProgress().then((reporter) => {
      if (this.ended) return reporter.done();
      this.reporter = reporter;
      reporter.token.onCancellationRequested(onCancel);
      reporter.begin(title, 0, message, true);
      this.send();
    }, () => undefined);
  }

  report(progress: DownloadProgressReport): void {
    this.latest = progress;
    if (worthReporting(progress, this.reported)) this.send();
  }

  done(): void {
    this.ended = true;
    this.reporter?.done();
  }

  private send(): void {
    const { reporter, latest } = this;
    if (!reporter || !latest) return;
    const total = latest.total ?? 0;
    const message = `${formatBytes(latest.bytes)}${total > 0 ? ` of ${formatBytes(total)}` : ''}${latest.note ? ` — ${latest.note}` : ''}`;
    if (total > 0) reporter.report(Math.min(100, (100 * latest.bytes) / total), message);
    else reporter.report(message);
    this.reported = latest.bytes;
  }
}
