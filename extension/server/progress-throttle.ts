// Download progress sent to the client, throttled. The model store reports every chunk (a 440 MB model
// is thousands), so byte counts go out at most once per 1% of the total and once per REPORT_INTERVAL_MS,
// whichever is rarer: 1% is the finest step a progress bar or percentage shows, and a status bar
// changing more than four times a second cannot be read anyway. So a download sends at most about a
// hundred reports, and at most four a second; with no total known, the interval alone. A count held back
// by the interval goes out when it ends, unless a newer one went first: a download that stalls shows
// what arrived. What changes the state goes out at once: the first report, a note appearing, changing
// or going (waiting for another process, a retry), and every byte in.

export const REPORT_INTERVAL_MS = 250;
const STEPS = 100;

export interface ThrottledProgress {
  bytes: number;
  total?: number;
  /** Why no bytes move: waiting for another process's download, a retry. */
  note?: string;
}

export interface ThrottleOptions {
  /** Milliseconds on a monotonic clock (tests pass their own, with `schedule`). */
  now?: () => number;
  /** Runs `run` in `ms`; returns what cancels it. */
  schedule?: (run: () => void, ms: number) => () => void;
  /** The client shows the download already: the first report waits for its 1% like any other. */
  shown?: boolean;
}

function later(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

export class ProgressThrottle<T extends ThrottledProgress = ThrottledProgress> {
  private last: { at: number; bytes: number; note?: string } | undefined;
  private held: T | undefined;
  private cancelTimer: (() => void) | undefined;
  private readonly now: () => number;
  private readonly schedule: NonNullable<ThrottleOptions['schedule']>;

  constructor(private readonly send: (progress: T) => void, options: ThrottleOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? later;
    if (options.shown) this.last = { at: -Infinity, bytes: 0 };
  }

  report(progress: T): void {
    const at = this.now();
    const { last } = this;
    const total = progress.total ?? 0;
    if (last === undefined || (progress.note || undefined) !== last.note || (total > 0 && progress.bytes >= total && progress.bytes !== last.bytes)) return this.emit(progress, at);
    if (!(total > 0 ? Math.abs(progress.bytes - last.bytes) >= total / STEPS : progress.bytes !== last.bytes)) return;
    if (at - last.at >= REPORT_INTERVAL_MS) return this.emit(progress, at);
    this.held = progress;
    this.cancelTimer ??= this.schedule(() => {
      this.cancelTimer = undefined;
      if (this.held) this.emit(this.held, this.now());
    }, last.at + REPORT_INTERVAL_MS - at);
  }

  /** Sends `progress` now (a new part of a download, the end), as a report. */
  force(progress: T): void {
    this.emit(progress, this.now());
  }

  /** The download ended: nothing held back goes out. */
  stop(): void {
    this.held = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private emit(progress: T, at: number): void {
    this.stop();
    this.last = { at, bytes: progress.bytes, ...(progress.note ? { note: progress.note } : {}) };
    this.send(progress);
  }
}
