// A Hub download shown as LSP work-done progress whose Cancel stops it, for editors other than VS Code
// (VS Code's client shows SciWrite's own notifications): the editor roles' models and the related-work
// embeddings. The download does not wait for the client to create the progress: what arrives meanwhile
// is reported once it exists. Reports are throttled (progress-throttle.ts): each chunk would flood the connection.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { formatBytes } from '../core/format/bytes.ts';
import { ProgressThrottle, type ThrottledProgress } from './progress-throttle.ts';

export class WorkDoneDownload {
  private reporter?: WorkDoneProgressServerReporter;
  private latest?: ThrottledProgress;
  private readonly throttle = new ProgressThrottle(() => this.send());
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

  report(progress: ThrottledProgress): void {
    this.latest = progress;
    this.throttle.report(progress);
  }

  done(): void {
    this.ended = true;
    this.throttle.stop();
    this.reporter?.done();
  }

  private send(): void {
    const { reporter, latest } = this;
    if (!reporter || !latest) return;
    const total = latest.total ?? 0;
    const message = `${formatBytes(latest.bytes)}${total > 0 ? ` of ${formatBytes(total)}` : ''}${latest.note ? ` — ${latest.note}` : ''}`;
    if (total > 0) reporter.report(Math.min(100, (100 * latest.bytes) / total), message);
    else reporter.report(message);
  }
}
