// The one object VS Code gives a webview to talk to its extension, typed with our protocol.
// `acquireVsCodeApi` may be called only once per page.
import { parseExtensionMessage, type PanelState, type WebviewMessage } from './protocol.ts';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview keeps across being hidden and shown again (VS Code's per-webview state). */
export interface PersistedState {
  state?: PanelState;
  expanded: string[];
}

export interface Host {
  post(message: WebviewMessage): void;
  load(): PersistedState;
  save(state: PersistedState): void;
}

function isPersisted(value: unknown): value is PersistedState {
  return typeof value === 'object' && value !== null && Array.isArray((value as { expanded?: unknown }).expanded);
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    load: () => {
      const saved = api.getState();
      if (!isPersisted(saved)) return { expanded: [] };
      // A state saved by an older SciWrite may not have today's shape: drop it rather than render it.
      const restored = parseExtensionMessage({ type: 'state', state: saved.state });
      return { expanded: saved.expanded.filter((id) => typeof id === 'string'), state: restored?.type === 'state' ? restored.state : undefined };
    },
    save: (state) => api.setState(state),
  };
}
