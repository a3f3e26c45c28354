// sciwrite.entities.hiddenTypes in a multi-root workspace, as a user sees it in a real VS Code
// (code-server, the packaged extension, the built-in tagger): each document is painted with its own
// folder's setting, and "Choose Highlighted Entity Types…" with a document in front edits that
// document's folder only. test/fixtures/multi-root/: folder alpha hides Chemical in its
// .vscode/settings.json, folder beta hides nothing; the .code-workspace file sets nothing.
// Screenshots go to test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { analyzeWithCli, installedCli, taxonomy, type CliAnalysis } from './harness/analyze.ts';
import { activeEditor, dismissHover, launchBrowser, openFile, openWorkbench, runCommand, screenshot, screenshotOnFailure } from './harness/browser.ts';
import { launchCodeServer, repoRoot, type CodeServer } from './harness/code-server.ts';
import { renderedEntities } from './harness/decorations.ts';
import { assertFreshBuild, packageForThisMachine } from './harness/extension.ts';
import { waitFor } from './harness/wait.ts';

const contributedColors = new Set(
  (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { colors: { id: string }[] } }).contributes.colors.map((c) => c.id),
);
const roles = [...contributedColors].filter((id) => id.startsWith('sciwrite.entity.')).map((id) => id.slice('sciwrite.entity.'.length));

/** The type alpha's own settings file hides. */
const hiddenInAlpha = 'Chemical';
/** The type the test unticks in the quick pick with beta's document in front. */
const unticked = 'GeneProtein';

describe('sciwrite.entities.hiddenTypes per folder of a multi-root workspace, in a real VS Code', { timeout: 900_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let root: string;
  let cli: string;
  let types = taxonomy();
  const alpha = { file: 'alpha.tex', path: '', analysis: { entities: [], citations: [] } as CliAnalysis };
  const beta = { file: 'beta.tex', path: '', analysis: { entities: [], citations: [] } as CliAnalysis };
  const settingsOf = (folder: string): string => join(root, folder, '.vscode', 'settings.json');
  let workspaceFile = '';
  let workspaceFileBefore = '';
  let alphaSettingsBefore = '';

  before(async () => {
    assertFreshBuild();
    root = join(mkdtempSync(join(tmpdir(), 'sciwrite-multi-root-')), 'multi-root');
    cpSync(join(repoRoot, 'test', 'fixtures', 'multi-root'), root, { recursive: true });
    workspaceFile = join(root, 'multi-root.code-workspace');
    workspaceFileBefore = readFileSync(workspaceFile, 'utf8');
    alphaSettingsBefore = readFileSync(settingsOf('alpha'), 'utf8');
    // No wrapping: one source line is one rendered line, so the gutter numbers name source lines.
    server = await launchCodeServer({ folder: workspaceFile, vsix: [packageForThisMachine()], settings: { 'editor.wordWrap': 'off' } });
    browser = await launchBrowser();
    page = await openWorkbench(browser, { ...server, workspaceUrl: `${server.url}/?workspace=${encodeURIComponent(workspaceFile)}` });
    cli = installedCli(server.extensionsDir);
    types = taxonomy(cli);
    alpha.path = join(root, 'alpha', alpha.file);
    beta.path = join(root, 'beta', beta.file);
    alpha.analysis = analyzeWithCli(alpha.path, cli);
    beta.analysis = analyzeWithCli(beta.path, cli);
    for (const { path, analysis } of [alpha, beta]) {
      const found = new Set(analysis.entities.map((e) => e.type));
      assert.ok(found.has(hiddenInAlpha) && found.has(unticked), `the tagger finds ${hiddenInAlpha} and ${unticked} in ${path}: ${[...found].join(', ')}`);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const roleOf = (type: string): string => {
    const role = types.get(type)?.colorRole ?? 'other';
    return contributedColors.has(`sciwrite.entity.${role}`) ? role : 'other';
  };

  /** The highlights the CLI's entities give when `hidden` types are left out, as `line role «text»`. */
  const expected = (analysis: CliAnalysis, hidden: readonly string[]): string[] =>
    analysis.entities
      .filter((e) => !hidden.includes(e.type) && e.range.start.line === e.range.end.line)
      .map((e) => `${e.range.start.line + 1} ${roleOf(e.type)} «${e.text}»`)
      .sort();

  /** Puts the cursor in the editor group at `index` (0 = left), making its document the one in front. */
  async function focusGroup(index: number, file: string): Promise<void> {
    await dismissHover(page);
    const group = page.locator('.editor-group-container').nth(index);
    await group.locator(`.tab.active[aria-label^="${file}"]`).waitFor({ state: 'visible' });
    await group.locator('.view-lines').click({ position: { x: 4, y: 4 } });
    await page.locator(`.editor-group-container.active .tab.active[aria-label^="${file}"]`).waitFor({ state: 'visible' });
  }

  /** Waits until the editor in front paints exactly `want`; fails with the difference otherwise. */
  async function highlightsAre(want: string[], what: string): Promise<void> {
    let actual: string[] = [];
    try {
      await waitFor(what, async () => {
        const rendered = await renderedEntities(page, roles);
        actual = rendered.entities.map((e) => `${e.line} ${e.role} «${e.text}»`).sort();
        return JSON.stringify(actual) === JSON.stringify(want);
      }, 120_000, 250);
    } catch (error) {
      assert.deepEqual(actual, want, `${what} (${(error as Error).message})`);
      throw error;
    }
  }

  test('each document is highlighted with its own folder\'s hidden types', () => screenshotOnFailure(page, 'multi-root-hidden-types', async () => {
    await openFile(page, alpha.file);
    // beta beside it (Ctrl+Enter in Quick Open opens to the side): both editors stay visible.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(beta.file);
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: beta.file }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Control+Enter');
    await page.locator(`.editor-group-container.active .tab.active[aria-label^="${beta.file}"]`).waitFor({ state: 'visible' });
    await activeEditor(page).locator('.view-line').first().waitFor({ state: 'visible' });

    await focusGroup(0, alpha.file);
    // Fails when the setting is read for the window: alpha's folder setting would be ignored and its chemicals painted.
    await highlightsAre(expected(alpha.analysis, [hiddenInAlpha]), `alpha's highlights without ${hiddenInAlpha}`);
    await focusGroup(1, beta.file);
    await highlightsAre(expected(beta.analysis, []), 'beta\'s highlights, every type');
    await dismissHover(page);
    await screenshot(page, 'multi-root-hidden-types');
  }));

  test('Choose Highlighted Entity Types with beta in front edits beta\'s folder setting only', () => screenshotOnFailure(page, 'multi-root-choose-types', async () => {
    await focusGroup(1, beta.file);
    await highlightsAre(expected(beta.analysis, []), 'beta\'s highlights before the command');
    await runCommand(page, 'SciWrite: Choose Highlighted Entity Types');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'entity types to highlight' }).waitFor({ state: 'visible' });
    const label = types.get(unticked)?.label ?? unticked;
    const input = page.locator('.quick-input-widget input');
    const checkbox = (typeLabel: string, checked: boolean) =>
      page.locator('.quick-input-widget .monaco-list-row', { hasText: typeLabel }).first().locator(`.monaco-checkbox[aria-checked="${checked}"]`);
    const selected = page.locator('.quick-input-widget .quick-input-count');
    // The picker starts from beta's folder setting: every type ticked, alpha's hidden one too (as a read of the first folder would not give).
    await selected.filter({ hasText: `${types.size} Selected` }).waitFor({ state: 'visible' });
    await input.fill(label);
    await checkbox(label, true).click();
    await checkbox(label, false).waitFor({ state: 'visible' });
    await selected.filter({ hasText: `${types.size - 1} Selected` }).waitFor({ state: 'visible' });
    // OK, not Enter: with the list focused after the click, Enter would tick the row again.
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

    // The command's write, wherever it lands: beta's folder, alpha's, or the .code-workspace file.
    const written = await waitFor('a settings file to change', () => {
      const now = { beta: existsSync(settingsOf('beta')) ? readFileSync(settingsOf('beta'), 'utf8') : '', alpha: readFileSync(settingsOf('alpha'), 'utf8'), workspace: readFileSync(workspaceFile, 'utf8') };
      return now.beta !== '' || now.alpha !== alphaSettingsBefore || now.workspace !== workspaceFileBefore ? now : undefined;
    });
    // Fails when the command writes the workspace (the .code-workspace file) instead of beta's folder.
    assert.equal(written.workspace, workspaceFileBefore, 'the .code-workspace file untouched');
    assert.equal(written.alpha, alphaSettingsBefore, 'alpha\'s settings file untouched');
    // VS Code may create the file as `{}` first, then add the setting.
    const betaSettings = await waitFor('beta\'s .vscode/settings.json to hold the setting', () => {
      try {
        const parsed = JSON.parse(readFileSync(settingsOf('beta'), 'utf8')) as Record<string, unknown>;
        return 'sciwrite.entities.hiddenTypes' in parsed ? parsed : undefined;
      } catch {
        return undefined; // caught between VS Code's write and its end
      }
    });
    assert.deepEqual(betaSettings, { 'sciwrite.entities.hiddenTypes': [unticked] });
    await highlightsAre(expected(beta.analysis, [unticked]), `beta's highlights without ${unticked}`);
    assert.equal(readFileSync(settingsOf('alpha'), 'utf8'), alphaSettingsBefore, 'alpha\'s settings file still untouched');
    assert.equal(readFileSync(workspaceFile, 'utf8'), workspaceFileBefore, 'the .code-workspace file still untouched');
    await dismissHover(page);
    await screenshot(page, 'multi-root-choose-types');

    // alpha, still visible beside beta and repainted on the settings change, keeps its own setting.
    await focusGroup(0, alpha.file);
    await highlightsAre(expected(alpha.analysis, [hiddenInAlpha]), `alpha's highlights still without ${hiddenInAlpha} only`);
  }));
});
