// The related-work view inside a real VS Code (code-server): a test-only extension registers the
// real provider (extension/client/related) with a recording backend. Checks what only VS Code can:
// the webview loads under VS Code's own webview host with our CSP and localResourceRoots, the ready
// handshake delivers the state, the view follows the editor's cursor, and actions reach the backend
// with the editor context. Screenshots go to test-results/webview/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { goToLine, launchBrowser, openFile, openWorkbench } from './harness/browser.ts';
import { launchCodeServer, type CodeServer } from './harness/code-server.ts';
import { copySample, lineOf } from './harness/extension.ts';
import { waitFor } from './harness/wait.ts';
import { relatedViewContributes } from './webview-contributes.ts';
import { papers } from './webview-fixture.ts';
import { assertFreshBundle, repoRoot, resultsDir } from './webview-harness.ts';

interface Call {
  call: string;
  request?: { scope: string; editor?: { uri: string; position: { line: number; character: number } } };
  args?: unknown[];
}

/** The probe extension folder: bundle, manifest with SciWrite's view contribution, icon, built webview. */
async function buildProbe(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-related-probe-'));
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test/e2e/webview-probe-extension.ts')],
    outfile: join(dir, 'extension.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'sciwrite-related-probe',
    displayName: 'SciWrite related-work probe',
    publisher: 'sciwrite-test',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.91.0' },
    main: './extension.cjs',
    activationEvents: ['onView:sciwrite.related'],
    contributes: relatedViewContributes,
  }, null, 2));
  writeFileSync(join(dir, 'README.md'), 'Test-only extension.\n');
  mkdirSync(join(dir, 'media'));
  cpSync(join(repoRoot, 'media/sciwrite.svg'), join(dir, 'media/sciwrite.svg'));
  mkdirSync(join(dir, 'dist'));
  cpSync(join(repoRoot, 'dist/webview'), join(dir, 'dist/webview'), { recursive: true });
  return dir;
}

describe('related-work view in a real VS Code', { timeout: 600_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let workspace: string;
  let log: string;
  const consoleProblems: string[] = [];

  const calls = (): Call[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Call) : []);
  const waitForCall = (what: string, match: (call: Call) => boolean, timeout = 60_000): Promise<Call> =>
    waitFor(what, () => calls().find(match), timeout);
  const shot = async (name: string): Promise<void> => {
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, `${name}.png`) });
  };

  /** The panel's document: VS Code nests each webview in an outer host frame and an inner active frame. */
  const panel = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  before(async () => {
    assertFreshBundle();
    const probe = await buildProbe();
    workspace = copySample();
    log = join(mkdtempSync(join(tmpdir(), 'sciwrite-probe-log-')), 'calls.jsonl');
    server = await launchCodeServer({ folder: workspace, unpackedExtensions: [probe], env: { SCIWRITE_PROBE_LOG: log } });
    browser = await launchBrowser();
    page = await openWorkbench(browser, server);
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text()) && /sciwrite|webview|main\.(js|css)/i.test(message.text())) consoleProblems.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the view opens from the activity bar, follows the cursor, and sends actions with the editor context', async () => {
    const source = readFileSync(join(workspace, 'latex', 'paper.tex'), 'utf8');
    const first = lineOf(source, '\\section');
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, first);

    await page.locator('.activitybar .action-item a[aria-label^="SciWrite"]').click();
    await waitForCall('the probe to activate', (c) => c.call === 'activated');
    const items = panel().locator('li.paper');
    await items.nth(papers.length - 1).waitFor({ timeout: 60_000 });
    assert.deepEqual(await panel().locator('li.paper .title-text').allInnerTexts(), papers.map((p) => p.title));
    await panel().locator('.scope-label', { hasText: `paragraph at line ${first} of paper.tex` }).waitFor();
    const ranked = await waitForCall('a ranking', (c) => c.call === 'rank');
    assert.equal(ranked.request?.scope, 'paragraph');
    assert.match(ranked.request?.editor?.uri ?? '', /latex\/paper\.tex$/);
    await shot('vscode-related-view');

    // Moving the cursor in the editor ranks again for the new place (after the debounce).
    const second = first + 5;
    await goToLine(page, second);
    await panel().locator('.scope-label', { hasText: `paragraph at line ${second} of paper.tex` }).waitFor({ timeout: 30_000 });

    // An action in the panel reaches the backend with the editor's cursor, and its notice is announced.
    await items.nth(0).getByRole('button', { name: 'Cite here' }).click();
    const cite = await waitForCall('Cite here', (c) => c.call === 'citeHere');
    const [paperId, editor] = cite.args as [string, { uri: string; position: { line: number }; version: number }];
    assert.equal(paperId, papers[0].id);
    assert.equal(editor.position.line, second - 1, 'zero-based, as in LSP');
    await panel().locator('[role="status"]', { hasText: `Cited ${papers[0].id}` }).waitFor({ state: 'attached' });
    // insertAtCursor put the citation at the editor's cursor, which the panel never moved.
    const inserted = '\\citep{cohan2020specter}';
    await page.locator('.editor-group-container.active .view-line', { hasText: inserted }).first().waitFor();
    assert.match(await page.locator('#status\\.editor\\.selection').innerText(), new RegExp(`Ln ${second}, Col ${inserted.length + 1}`));

    // The keyboard works inside VS Code's webview host too: Tab to the toolbar, End, Enter.
    await items.nth(1).locator('[data-role="title"]').click();
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const hidden = await waitForCall('Not relevant', (c) => c.call === 'notRelevant');
    // The panel followed the cursor past the inserted citation (one edit: one version more).
    assert.deepEqual(hidden.args, [papers[1].id, { ...editor, position: { line: second - 1, character: inserted.length }, version: editor.version + 1 }]);
    await shot('vscode-related-view-after-actions');
    assert.deepEqual(consoleProblems, [], 'no Content-Security-Policy violations');
  });
});
