// What the related-work panel's controller posts to the webview, for tests that drive the panel as
// register.ts wires it: every message kept, and a wait for the next state that matches.
import type { ExtensionMessage, PanelState } from '../../webview/src/protocol.ts';

export class PanelSink {
  readonly messages: ExtensionMessage[] = [];
  private waiting: { match: (state: PanelState) => boolean; resolve: (state: PanelState) => void }[] = [];

  readonly post = (message: ExtensionMessage): void => {
    this.messages.push(message);
    if (message.type !== 'state') return;
    for (const waiter of [...this.waiting]) {
      if (!waiter.match(message.state)) continue;
      this.waiting = this.waiting.filter((w) => w !== waiter);
      waiter.resolve(message.state);
    }
  };

  /** The next state (from now on) that `match` accepts. */
  nextState(match: (state: PanelState) => boolean): Promise<PanelState> {
    return new Promise((resolve) => this.waiting.push({ match, resolve }));
  }
}
