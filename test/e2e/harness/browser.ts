// Headless Debian Chromium driven by playwright-core against a running code-server, with the
// few user gestures the end-to-end tests need. Every step waits on DOM state, never on time.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { repoRoot, type CodeServer } from './code-server.ts';

export const chromiumPath = process.env.SCIWRITE_CHROMIUM ?? '/usr/bin/chromium';
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Opens the workbench on the server's folder and waits until the explorer shows it. */
export async function openWorkbench(browser: Browser, server: CodeServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.workspaceUrl);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(resultsDir, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  // Finished CSS animations: a hover caught mid-fade would look half transparent.
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** Quick Open (Ctrl+P) → the file's workspace-relative path → Enter; waits for its editor tab. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() as string;
  await dismissHover(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  // Enter must wait for the filtered list: the unfiltered one (recently opened) may still be
  // showing, with another file focused.
  const folder = relativePath.split('/').slice(0, -1).join('/');
  let focused = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name });
  if (folder) focused = focused.filter({ hasText: folder });
  await focused.first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible' });
  await activeEditor(page).locator('.view-line').first().waitFor({ state: 'visible' });
}

/** Moves the mouse off the editor and closes any hover, so that keys reach the workbench. */
export async function dismissHover(page: Page): Promise<void> {
  await page.mouse.move(1, 1);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Runs `body`; on failure saves `<name>-failure.png` next to the other screenshots, then rethrows. */
export async function screenshotOnFailure<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw error;
  }
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Moves the cursor to a one-based line with Ctrl+G, which also scrolls it into view. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export interface Box { x: number; y: number; width: number; height: number }

// The in-page code is kept as source text: tsx's transform adds helpers (__name) to real
// functions, which the browser page does not have.

/** In-page: the text nodes of a rendered line, their text joined (non-breaking spaces as spaces),
 * and the on-screen box of `length` characters from `at` of that joined text. */
export const lineTextSource = `
  const lineText = (line) => {
    const nodes = [];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return { nodes, joined: nodes.map((n) => n.data).join('').replace(/\\u00a0/g, ' ') };
  };
  const boxOf = (nodes, at, length) => {
    const locate = (offset, end) => {
      let rest = offset;
      for (const n of nodes) {
        if (rest < n.data.length || (end && rest === n.data.length)) return [n, rest];
        rest -= n.data.length;
      }
      const last = nodes[nodes.length - 1];
      return [last, last.data.length];
    };
    const range = document.createRange();
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + length, true));
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };
`;

const textBoxBody = `${lineTextSource}
  let seen = 0;
  for (const line of Array.from(editor.querySelectorAll('.view-line'))) {
    const { nodes, joined } = lineText(line);
    let from = 0;
    for (;;) {
      const at = joined.indexOf(args.text, from);
      if (at < 0) break;
      from = at + 1;
      if (seen++ !== args.occurrence) continue;
      return boxOf(nodes, at, args.text.length);
    }
  }
  return undefined;
`;
interface TextQuery { text: string; occurrence: number }
const textBoxInPage = new Function('editor', 'args', textBoxBody) as (editor: unknown, args: TextQuery) => Box | undefined;

/**
 * The on-screen box of `text` as the editor renders it (Monaco splits a line into token spans
 * and may render spaces as no-break spaces, so the search runs over each line's joined text).
 */
export async function textBox(page: Page, text: string, occurrence = 0): Promise<Box | undefined> {
  const box: unknown = await activeEditor(page).evaluate(textBoxInPage, { text, occurrence });
  return box === undefined || box === null ? undefined : (box as Box);
}

/** Hovers the mouse over `text` in the active editor and returns the hover widget once it shows `expect`. */
export async function hoverText(page: Page, text: string, expect: string | RegExp, timeout = 30_000): Promise<Locator> {
  if (!(await textBox(page, text))) throw new Error(`"${text}" is not rendered in the active editor`);
  // Located again on each try: a panel or notification that opens meanwhile moves the text.
  return hoverBox(page, () => textBox(page, text), expect, timeout);
}

type BoxSource = Box | (() => Promise<Box | undefined>);

/**
 * Hovers the mouse over the middle of the box and returns the hover widget once it shows
 * `expect`. A notification toast over the box, which would take the mouse, is closed first.
 */
export async function hoverBox(page: Page, target: BoxSource, expect: string | RegExp, timeout = 30_000): Promise<Locator> {
  const hover = page.locator('.monaco-editor .monaco-hover').filter({ hasText: expect });
  const deadline = Date.now() + timeout;
  // A hover that arrives while the server is still starting may show nothing: move away and
  // back until the expected content is rendered (each try waits on the DOM, not on a clock).
  for (let attempt = 0; ; attempt++) {
    const box = typeof target === 'function' ? await target() : target;
    if (box && (await coveredByNotification(page, box))) await clearNotifications(page);
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + attempt % 2);
    try {
      await hover.first().waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      return hover.first();
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`${(error as Error).message}\n${await workbenchState(page, box)}`);
      await page.mouse.move(box ? box.x + box.width / 2 : 1, box ? box.y - 200 : 1);
      await page.locator('.monaco-editor .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }
}

const coveredInPage = new Function('point', "return document.elementFromPoint(point.x, point.y)?.closest('.notifications-toasts') != null;") as (point: { x: number; y: number }) => boolean;

async function coveredByNotification(page: Page, box: Box): Promise<boolean> {
  return page.evaluate(coveredInPage, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
}

/** Closes notification toasts, which sit over the bottom right of the editor. */
async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) === 0) return;
  const close = toasts.locator('.codicon-notifications-clear');
  for (let i = (await close.count()) - 1; i >= 0; i--) await close.nth(i).click().catch(() => undefined);
}

/** What a failed wait reports: where the mouse was, the hovers and notifications on screen. */
async function workbenchState(page: Page, box: Box | undefined): Promise<string> {
  const texts = async (selector: string): Promise<string> =>
    (await page.locator(selector).allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').slice(0, 300)).join(' | ') || 'none';
  return [
    `target box: ${box ? JSON.stringify(box) : 'text not rendered'}`,
    `hovers: ${await texts('.monaco-editor .monaco-hover')}`,
    `notifications: ${await texts('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')}`,
    `status bar: ${await texts('.statusbar-item[id*="sciwrite" i]')}`,
  ].join('\n');
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  // The palette's row goes; the widget itself may stay, reused at once by a quick pick the command opens.
  await row.waitFor({ state: 'hidden' });
}
