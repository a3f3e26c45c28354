// Loads the built related-work webview (dist/webview) in headless Chromium the way VS Code hosts it:
// the provider's own HTML and Content-Security-Policy, served from 127.0.0.1, with
// `acquireVsCodeApi` stubbed to record what the webview posts and to keep its saved state.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, webviewHtml } from '../../extension/client/related/html.ts';
import type { ExtensionMessage, WebviewMessage } from '../../webview/src/protocol.ts';
import { themes, type ThemeName } from './webview-themes.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundleDir = join(repoRoot, 'dist', 'webview');
export const resultsDir = join(repoRoot, 'test-results', 'webview');

/** Fails unless dist/webview holds a bundle at least as new as every webview source file. */
export function assertFreshBundle(): void {
  const bundle = join(bundleDir, 'main.js');
  if (!existsSync(bundle) || !existsSync(join(bundleDir, 'main.css'))) {
    throw new Error('dist/webview/main.js is missing: run `npm run build` (node esbuild.mjs) first');
  }
  const built = statSync(bundle).mtimeMs;
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
  const newer = walk(join(repoRoot, 'webview', 'src')).filter((file) => statSync(file).mtimeMs > built);
  if (newer.length > 0) throw new Error(`dist/webview is older than ${newer.map((f) => relative(repoRoot, f)).join(', ')}: run \`npm run build\``);
}

/**
 * A function that runs in the page, written as JavaScript source: this test program has no DOM types,
 * and a TypeScript function would carry tsx's helpers into the page.
 */
export function inPage<A, R>(parameter: string, body: string): (arg: A) => R {
  return new Function(...(parameter ? [parameter] : []), body) as (arg: A) => R;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface WebviewServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `/` (the provider's HTML, a fresh nonce each time) and `/webview/<file>` from dist/webview; nothing else. */
export async function startWebviewServer(): Promise<WebviewServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(webviewHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/webview/main.js`, styleUri: `${origin}/webview/main.css` }));
      return;
    }
    const name = url.pathname.replace(/^\/webview\//, '');
    const ext = /\.[a-z]+$/.exec(name)?.[0] ?? '';
    const file = join(bundleDir, name);
    if (!url.pathname.startsWith('/webview/') || name.includes('/') || !types[ext] || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[ext] });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SCIWRITE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * The stub VS Code API and the theme, installed before any page script runs. Plain JavaScript text:
 * a TypeScript function would carry tsx's helpers into the page.
 */
function initScript(variables: Record<string, string>, className: string): string {
  return `
window.__posted = [];
window.__acquired = 0;
window.__csp = [];
const key = 'vscode-webview-state';
window.acquireVsCodeApi = () => {
  window.__acquired += 1;
  if (window.__acquired > 1) throw new Error('An instance of the VS Code API has already been acquired');
  return {
    postMessage: (message) => window.__posted.push(structuredClone(message)),
    getState: () => {
      const saved = sessionStorage.getItem(key);
      return saved === null ? undefined : JSON.parse(saved);
    },
    setState: (state) => sessionStorage.setItem(key, JSON.stringify(state)),
  };
};
document.addEventListener('securitypolicyviolation', (event) => window.__csp.push(event.violatedDirective + ' ' + event.blockedURI));
const theme = () => {
  for (const [name, value] of Object.entries(${JSON.stringify(variables)})) document.documentElement.style.setProperty(name, value);
};
if (document.documentElement) theme();
else {
  const observer = new MutationObserver(() => {
    if (document.documentElement) {
      observer.disconnect();
      theme();
    }
  });
  observer.observe(document, { childList: true });
}
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(className)}));
`;
}

export class PanelPage {
  /** Uncaught errors in the page since it opened. */
  readonly errors: string[] = [];

  constructor(
    readonly page: Page,
    readonly theme: ThemeName,
  ) {
    page.on('pageerror', (error) => this.errors.push(error.message));
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  /** What the extension side would do: `webview.postMessage(message)`. */
  async post(message: ExtensionMessage): Promise<void> {
    await this.page.evaluate(inPage<ExtensionMessage, void>('m', "window.postMessage(m, '*')"), message);
  }

  async posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(inPage<void, WebviewMessage[]>('', 'return window.__posted'));
  }

  /** Waits until the webview has posted `count` messages in all and returns them. */
  async waitForPosted(count: number): Promise<WebviewMessage[]> {
    await this.page.waitForFunction(inPage<number, boolean>('n', 'return window.__posted.length >= n'), count);
    return this.posted();
  }

  /** Waits until the polite live region says exactly `text`. */
  async waitForStatus(text: string): Promise<void> {
    await this.page.waitForFunction(inPage<string, boolean>('text', `return document.querySelector('[role="status"]')?.textContent === text`), text);
  }

  /** Waits until the list holds `count` papers. */
  async waitForPapers(count: number): Promise<void> {
    await this.page.waitForFunction(inPage<number, boolean>('n', `return document.querySelectorAll('ul.papers > li.paper').length === n`), count);
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(inPage<void, string[]>('', 'return window.__csp'));
  }

  /** A stable name for the focused control: its data-focus-key, else tag and label or text. */
  async focused(): Promise<string> {
    return this.page.evaluate(inPage<void, string>('', `
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      return el.dataset.focusKey ?? el.tagName.toLowerCase() + ':' + (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
    `));
  }

  /** Whether the focused control draws a focus ring (on itself or inside its shadow root) in the theme's focus colour. */
  async focusRingVisible(): Promise<boolean> {
    return this.page.evaluate(inPage<void, boolean>('', `
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      const probe = document.createElement('span');
      probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--vscode-focusBorder');
      document.body.append(probe);
      const focusColor = getComputedStyle(probe).color;
      probe.remove();
      const candidates = [el, ...(el.shadowRoot ? Array.from(el.shadowRoot.querySelectorAll('*')) : [])];
      return candidates.some((node) => {
        const style = getComputedStyle(node);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor === focusColor;
        const border = parseFloat(style.borderTopWidth) > 0 && style.borderTopStyle !== 'none' && style.borderTopColor === focusColor;
        return outline || border;
      });
    `));
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}-${this.theme}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}

/** Opens the panel in a sidebar-sized page and waits for its "ready". */
export async function openPanel(browser: Browser, server: WebviewServer, theme: ThemeName): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const panel = new PanelPage(page, theme);
  await page.addInitScript({ content: initScript({ ...themes[theme].variables }, themes[theme].className) });
  await page.goto(server.origin);
  await panel.waitForPosted(1);
  if (panel.errors.length > 0) throw new Error(`page errors: ${panel.errors.join('; ')}`);
  return panel;
}
