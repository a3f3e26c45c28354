// Choosing a Hugging Face model for the entities role as a user does it in a real VS Code
// (code-server, the packaged extension): the setting names a Hub id, SciWrite asks once, a download
// from a Hub stand-in on 127.0.0.1 shows its progress with a Cancel button, and the highlights
// switch to the new model without a reload (the hover names it); "Manage Models" lists it.
// Declining puts the role back to `builtin`; a failing download falls back with the reason.
// Screenshots go to test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { goToLine, hoverBox, openFile, runCommand, screenshot, screenshotOnFailure } from './harness/browser.ts';
import { repoRoot } from './harness/code-server.ts';
import { assertFreshBuild } from './harness/extension.ts';
import { renderedEntities } from './harness/decorations.ts';
import { startSession, waitForLanguageServer, type Session } from './harness/session.ts';
import { waitFor } from './harness/wait.ts';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';

const roles = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { colors: { id: string }[] } }).contributes.colors
  .map((c) => c.id).filter((id) => id.startsWith('sciwrite.entity.')).map((id) => id.slice('sciwrite.entity.'.length));

const HUB_MODEL = 'sciwrite-test/tiny-bert-ner';

describe('choosing a Hugging Face model for entities in a real VS Code', { timeout: 900_000 }, () => {
  let session: Session;
  let hub: HubServer;
  let cache: string;
  const userSettings = (): string => join(session.server.userDataDir, 'User', 'settings.json');

  /** Sets the model in the user settings JSON editor and saves it, as a user does; back on paper.tex. */
  async function setEntitiesModel(spec: string, expectConsent = false): Promise<void> {
    const { page } = session;
    const settings = JSON.parse(readFileSync(userSettings(), 'utf8')) as Record<string, unknown>;
    settings['sciwrite.models.entities'] = spec;
    await runCommand(page, 'Preferences: Open User Settings (JSON)');
    // It opens as a modal editor over the workbench.
    const editor = page.locator('.monaco-editor').filter({ hasText: 'workbench.startupEditor' }).last();
    await editor.waitFor({ state: 'visible' });
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify(settings));
    // Whatever the selection left after the cursor goes too.
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+S');
    await waitFor('settings.json saved', () => entitiesSetting() === spec, 30_000);
    // The consent question is modal and may come before the settings editor is closed: the caller
    // answers it, then backToPaper closes the editor.
    if (!expectConsent) await backToPaper();
  }
  /** Closes the settings editor if it is still open, then shows paper.tex at line 22. */
  async function backToPaper(): Promise<void> {
    const { page } = session;
    const editor = page.locator('.monaco-editor').filter({ hasText: 'workbench.startupEditor' }).last();
    if (await editor.isVisible()) {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+W');
      await editor.waitFor({ state: 'hidden' });
    }
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, 22);
  }
  const entitiesSetting = (): unknown => (JSON.parse(readFileSync(userSettings(), 'utf8')) as Record<string, unknown>)['sciwrite.models.entities'];

  before(async () => {
    assertFreshBuild();
    hub = await startHubServer();
    cache = mkdtempSync(join(tmpdir(), 'sciwrite-e2e-cache-'));
    session = await startSession({
      // Typed settings JSON stays as typed: no brackets closed or lines indented for it.
      settings: { 'editor.wordWrap': 'off', 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoIndent': 'none' },
      env: { HF_ENDPOINT: hub.endpoint, XDG_CACHE_HOME: cache, SCIWRITE_MODEL_CACHE: join(cache, 'onnx') },
    });
  });
  after(async () => {
    await session?.close();
    await hub?.close();
  });

  const e2e = (name: string, shot: string, body: () => Promise<void>): void => {
    test(name, () => screenshotOnFailure(session.page, shot, body));
  };

  /** The consent dialog naming `spec`. */
  const consentDialog = (page: Page, spec: string) => page.locator('.monaco-dialog-box').filter({ hasText: spec });

  /** Hovers highlighted entities until a hover names `model`; returns its text. */
  async function hoverNaming(page: Page, model: string | RegExp, timeoutMs = 120_000): Promise<string> {
    return waitFor(`a highlighted entity whose hover names ${String(model)}`, async () => {
      const rendered = await renderedEntities(page, roles);
      const first = rendered.entities[0];
      if (!first) return undefined;
      const hover = await hoverBox(page, first.box, /confidence/, 10_000);
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      await page.mouse.move(1, 1);
      return (typeof model === 'string' ? text.includes(model) : model.test(text)) ? text : undefined;
    }, timeoutMs, 500);
  }

  e2e('the language server inherits HF_ENDPOINT and the cache folder', 'models-server-env', async () => {
    await openFile(session.page, 'latex/paper.tex');
    const server = await waitForLanguageServer(session);
    const environ = readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0');
    assert.ok(environ.includes(`HF_ENDPOINT=${hub.endpoint}`), 'HF_ENDPOINT reaches the language server');
    assert.ok(environ.includes(`XDG_CACHE_HOME=${cache}`), 'XDG_CACHE_HOME reaches the language server');
  });

  e2e('declining the download puts the role back to builtin and downloads nothing', 'models-decline', async () => {
    const { page } = session;
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, 22);
    const before = await hoverNaming(page, /builtin/);
    assert.ok(!before.includes(HUB_MODEL), 'the Hub model is not listed yet');
    const asked = hub.requests.length;
    await setEntitiesModel('sciwrite-test/tiny-roberta-ner', true);
    const dialog = consentDialog(page, 'sciwrite-test/tiny-roberta-ner');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'models-consent-decline');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitFor('the setting back to builtin', () => entitiesSetting() === 'builtin', 30_000);
    await backToPaper();
    assert.equal(hub.requests.slice(asked).filter((r) => r.path.includes('tiny-roberta-ner') && r.method === 'GET').length, 0, 'no file downloaded');
  });

  e2e('a repo the Hub does not have falls back to the built-in model with a message that says why', 'models-404', async () => {
    const { page } = session;
    const missing = 'sciwrite-test/no-such-model';
    await setEntitiesModel(missing, true);
    const dialog = consentDialog(page, missing);
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Download' }).click();
    await backToPaper();
    // The toast may come and go (Escape and a timeout hide it): the notification centre keeps it.
    await runCommand(page, 'Notifications: Show Notifications');
    const message = page.locator('.notifications-center .notification-list-item').filter({ hasText: missing });
    await message.first().waitFor({ state: 'visible', timeout: 120_000 });
    await screenshot(page, 'models-404-fallback');
    const text = (await message.first().innerText()).replace(/\s+/g, ' ');
    await runCommand(page, 'Notifications: Hide Notifications');
    assert.match(text, /built-in model/);
    assert.match(text, /not found|404|does not exist|no such|not exist/i, `the reason in: ${text}`);
    await hoverNaming(page, /builtin/);
  });

  e2e('a download in progress shows its progress with Cancel; cancelling falls back to the built-in model', 'models-cancel', async () => {
    const { page } = session;
    const repo = 'sciwrite-test/tiny-bert-ner-vocabonly';
    // The weights arrive from the CDN: send their first bytes, then nothing, so the download stays in progress.
    hub.addFault({ server: 'cdn', method: 'GET', stallAfter: 64 });
    await setEntitiesModel(repo, true);
    const dialog = consentDialog(page, repo);
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Download' }).click();
    await backToPaper();
    // As a toast, or (once Escape or a click elsewhere hid the toast) in the notification centre.
    await runCommand(page, 'Notifications: Show Notifications');
    const progress = page.locator('.notifications-center .notification-list-item').filter({ hasText: `downloading ${repo}` });
    await progress.first().waitFor({ state: 'visible', timeout: 120_000 }).catch((error: unknown) => {
      const asked = hub.requests.map((r) => `${r.server} ${r.method} ${r.path} ${r.status ?? '-'}`).join('\n');
      throw new Error(`${(error as Error).message}\nrequests the Hub stand-in saw:\n${asked}`);
    });
    await screenshot(page, 'models-download-progress');
    await progress.first().getByRole('button', { name: 'Cancel' }).click();
    await progress.first().waitFor({ state: 'hidden', timeout: 30_000 });
    await runCommand(page, 'Notifications: Hide Notifications');
    const text = await hoverNaming(page, /builtin/);
    assert.ok(!text.includes(repo), `the hover names the built-in model: ${text}`);
    assert.ok(hub.requests.some((r) => r.server === 'cdn' && r.method === 'GET'), 'the weights were being fetched from the CDN');
  });

  e2e('accepting downloads the model from the Hub, converts it and highlights switch without a reload', 'models-accept', async () => {
    const { page } = session;
    const server = await waitForLanguageServer(session);
    await setEntitiesModel(HUB_MODEL, true);
    const dialog = consentDialog(page, HUB_MODEL);
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'models-consent');
    await dialog.getByRole('button', { name: 'Download' }).click();
    await backToPaper();
    const text = await hoverNaming(page, HUB_MODEL, 240_000);
    await screenshot(page, 'models-switched-hover');
    assert.ok(text.includes(HUB_MODEL), 'the Hub model is named');
    const served = hub.requests.filter((r) => r.path.includes('tiny-bert-ner') || r.server === 'cdn');
    assert.ok(served.some((r) => r.method === 'GET' && r.status === 200), 'files came from the Hub stand-in');
    assert.equal((await waitForLanguageServer(session)).pid, server.pid, 'the same language server: no reload');
  });

  e2e('choosing the agreed model again asks no second question', 'models-again', async () => {
    const { page } = session;
    const server = await waitForLanguageServer(session);
    // Choosing it again: already agreed, so no second question.
    await setEntitiesModel('builtin');
    await hoverNaming(page, /builtin/);
    await setEntitiesModel(HUB_MODEL);
    assert.ok((await hoverNaming(page, HUB_MODEL, 240_000)).includes(HUB_MODEL), 'the hover names the Hub model');
    assert.equal(await consentDialog(page, HUB_MODEL).count(), 0, 'asked only once');
    assert.equal((await waitForLanguageServer(session)).pid, server.pid, 'the same language server: no reload');
  });

  e2e('"Manage Models" lists the downloaded model with its size, source and commit', 'models-manage', async () => {
    const { page } = session;
    await runCommand(page, 'Manage Models');
    const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: HUB_MODEL });
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'models-manage');
    const text = (await row.first().innerText()).replace(/\s+/g, ' ');
    const commit = hub.repos.get(HUB_MODEL)?.commit;
    assert.ok(commit, 'the Hub model has a commit');
    assert.match(text, /\d+(\.\d)? (kB|MB) ·/, `a size in: ${text}`);
    assert.ok(text.includes(commit.slice(0, 12)), `the commit in: ${text}`);
    assert.ok(text.includes(hub.endpoint) || /hub|hugging/i.test(text), `the source in: ${text}`);
    await page.keyboard.press('Escape');
  });
});
