// Entry point of the related-work webview (bundled by esbuild into dist/webview/main.js + main.css).
// It says "ready" once it listens, so the extension knows when its state can be posted.
import './styles.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { Panel } from './panel.ts';
import { parseExtensionMessage } from './protocol.ts';
import { connectHost } from './vscode-api.ts';

const host = connectHost();
const root = document.getElementById('app') ?? document.body;
const panel = new Panel(root, host);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseExtensionMessage(event.data);
  if (message) panel.receive(message);
});

host.post({ type: 'ready' });
