// A download's hold on its lock while it runs: the lock kept fresh, and the download stopped once
// another process has taken the lock over (this one stalled past lockStaleMs: a laptop asleep), so
// that it neither writes into the part file the new owner now fills (or has already renamed into
// place: the same inode) nor renames a part file into place.
import { ModelStoreError } from './errors.ts';
import type { HubContext } from './hub-http.ts';
import type { HeldLock } from './lock.ts';

export class LockHold {
  private readonly lost = new AbortController();
  /** When the lock was last seen to be this process's (and touched): no other process takes it over before this plus staleMs. */
  private confirmedAt = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly lock: HeldLock, private readonly staleMs: number, private readonly file: string) {
    this.timer = setInterval(() => void this.keep(), staleMs / 3);
  }

  get isLost(): boolean {
    return this.lost.signal.aborted;
  }

  /** `ctx` whose requests and waits also end once the lock is lost. */
  context(ctx: HubContext): HubContext {
    return { ...ctx, signal: ctx.signal ? AbortSignal.any([ctx.signal, this.lost.signal]) : this.lost.signal };
  }

  /**
   * Throws 'busy' unless the lock is still this process's: looked at on disk when `always`, or when
   * the refresh has not confirmed it lately (a stall here, which is when a takeover can happen).
   */
  async check(always = false): Promise<void> {
    if (!this.isLost && (always || Date.now() - this.confirmedAt > this.staleMs / 2)) {
      const at = Date.now();
      if (await this.lock.isOwn()) this.confirmedAt = at;
      else this.lose();
    }
    if (this.isLost) throw this.lostError();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async keep(): Promise<void> {
    const at = Date.now();
    let own: boolean;
    try {
      own = await this.lock.refresh();
    } catch {
      return; // not touched (a full disk): `check` looks again before the next write
    }
    if (own) this.confirmedAt = at;
    else this.lose();
  }

  private lose(): void {
    if (!this.isLost) this.lost.abort(this.lostError());
  }

  private lostError(): ModelStoreError {
    return new ModelStoreError('busy', `Another SciWrite process took over the download of ${this.file} while this one was stalled.`, { file: this.file });
  }
}
