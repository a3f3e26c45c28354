// The related-work webview in headless Chromium, under the provider's own HTML and CSP, with a
// stubbed VS Code API: it renders the state the extension posts, is usable with the keyboard alone,
// and posts the right typed message for every action. Screenshots go to test-results/webview/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { OpenTarget, PanelState, PaperView, WebviewMessage } from '../../webview/src/protocol.ts';
import { onlineState, panelState, papers } from './webview-fixture.ts';
import { assertFreshBundle, inPage, launchChromium, openPanel, startWebviewServer, type PanelPage, type WebviewServer } from './webview-harness.ts';
import type { ThemeName } from './webview-themes.ts';

/** The actions a paper must offer, in toolbar order, as the messages they must send (derived from the paper's data). */
function expectedActions(paper: PaperView): WebviewMessage[] {
  const out: WebviewMessage[] = [{ type: 'citeHere', paperId: paper.id }];
  if (!paper.inBib) out.push({ type: 'addToBib', paperId: paper.id });
  for (const target of paper.openTargets) out.push({ type: 'open', paperId: paper.id, target: target as OpenTarget });
  out.push({ type: 'copyBibtex', paperId: paper.id }, { type: 'notRelevant', paperId: paper.id });
  return out;
}

describe('related-work webview in Chromium', { timeout: 180_000 }, () => {
  let server: WebviewServer;
  let browser: Browser;

  before(async () => {
    assertFreshBundle();
    server = await startWebviewServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a fresh panel, runs `body`, checks nothing broke, closes it. */
  async function withPanel(theme: ThemeName, body: (panel: PanelPage) => Promise<void>): Promise<void> {
    const panel = await openPanel(browser, server, theme);
    try {
      await body(panel);
      assert.deepEqual(panel.errors, [], 'no uncaught errors in the webview');
      assert.deepEqual(await panel.cspViolations(), [], 'nothing the Content-Security-Policy blocks');
    } finally {
      await panel.close();
    }
  }

  async function showState(panel: PanelPage, state: PanelState): Promise<void> {
    await panel.post({ type: 'state', state });
    await panel.waitForPapers(state.papers.length);
  }

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    test(`says ready once, then renders the ranked list with metadata, badges and reasons (${theme})`, () =>
      withPanel(theme, async (panel) => {
        assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
        await showState(panel, panelState);
        const { page } = panel;
        const items = page.locator('ul.papers > li.paper');
        assert.deepEqual(await items.locator('.title-text').allInnerTexts(), papers.map((p) => p.title));

        const specter = items.nth(0);
        assert.match(await specter.locator('.authors').innerText(), /^Arman Cohan, Sergey Feldman, Iz Beltagy et al\.$/);
        assert.equal(await specter.locator('.venue').innerText(), 'ACL · 2020 · 1,024 citations');
        assert.match(await specter.locator(':scope > p.tldr').innerText(), /SPECTER generates document-level embeddings/);
        assert.equal(await specter.locator('.reason-similarity').innerText(), 'similarity 0.83');
        assert.deepEqual(await specter.locator('.reason-terms .term').allInnerTexts(), ['citation', 'embedding', 'transformer']);
        assert.equal(await specter.locator('.reason-terms').textContent(), 'shared terms: citation, embedding, transformer', 'a screen reader hears a list');
        assert.equal(await specter.locator('.badge').count(), 0, 'a new paper carries no badge');

        assert.deepEqual(await items.nth(1).locator('.badge').allInnerTexts(), ['Cited here']);
        assert.deepEqual(await items.nth(2).locator('.badge').allInnerTexts(), ['In your .bib']);
        const elsewhere: PanelState = { ...panelState, papers: papers.map((p, i) => (i === 1 ? { ...p, citedInScope: false } : p)) };
        await panel.post({ type: 'state', state: elsewhere });
        await items.nth(1).locator('.badge', { hasText: 'Cited elsewhere' }).waitFor();
        await panel.post({ type: 'state', state: panelState });
        await items.nth(1).locator('.badge', { hasText: 'Cited here' }).waitFor();
        assert.match(await items.nth(2).locator('.reason-lexical').innerText(), /BM25 score 7\.4/);
        assert.match(await items.nth(3).locator('.reason-note').innerText(), /recommended from the papers you cite/);
        assert.match(await items.nth(1).locator('.source').innerText(), /Your library · beltagy2019scibert/);

        // Each toolbar offers exactly the actions the paper allows, in order.
        for (const [i, paper] of papers.entries()) {
          const buttons = items.nth(i).locator('.actions [data-action]');
          const shown = await Promise.all((await buttons.all()).map(async (b) => `${await b.getAttribute('data-action')}:${(await b.getAttribute('data-target')) ?? ''}`));
          assert.deepEqual(shown, expectedActions(paper).map((m) => `${m.type}:${m.type === 'open' ? m.target : ''}`));
        }

        // What is off, and how to turn it on.
        const status = await page.locator('ul.status').innerText();
        assert.match(status, /BM25 only: SPECTER2 not downloaded/);
        assert.match(status, /Semantic Scholar off/);
        assert.equal(await page.locator('[data-message="downloadSpecter2"]').innerText(), 'Download SPECTER2 (440 MB)');
        assert.equal(await page.locator('.scope-label').innerText(), 'paragraph at line 42 of paper.tex');

        // Screen-reader structure: a labelled list of list items, each labelled by its title, toolbars labelled.
        assert.equal(await page.locator('ul.papers').getAttribute('aria-labelledby'), 'papers-heading');
        assert.equal(await page.locator('#papers-heading').innerText(), 'Suggested papers');
        const labelled = await Promise.all((await items.all()).map(async (li) => page.locator(`#${await li.getAttribute('aria-labelledby')}`).innerText()));
        assert.deepEqual(labelled, papers.map((p) => p.title));
        assert.equal(await items.nth(0).getByRole('toolbar').getAttribute('aria-label'), `Actions for ${papers[0].title}`);
        // Roles and names as the accessibility tree exposes them (through the components' shadow roots).
        assert.equal(await page.getByRole('combobox', { name: 'Suggest papers for' }).count(), 1);
        assert.equal(await page.getByRole('list', { name: 'Suggested papers' }).getByRole('listitem', { name: papers[2].title }).count(), 1);
        assert.equal(await page.getByRole('button', { name: 'Cite here' }).count(), papers.length);
        assert.equal(await page.getByRole('button', { name: papers[0].title, expanded: false }).count(), 1);
        assert.equal(await page.getByRole('button', { name: 'Open the DOI' }).count(), papers.filter((p) => p.openTargets.includes('doi')).length);
        await panel.waitForStatus('5 suggestions for paragraph at line 42 of paper.tex');
        await panel.screenshot('list');
      }));
  }

  test('Enter on a title expands its abstract and collapses it again; papers without one have no disclosure', () =>
    withPanel('dark', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      const title = page.locator('li.paper').nth(0).locator('[data-role="title"]');
      assert.equal(await title.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('li.paper').nth(0).locator('.abstract').isVisible(), false);
      // Keyboard only: Tab through the header controls to the list.
      for (let i = 0; i < 10 && (await panel.focused()) !== `title:${papers[0].id}`; i++) await page.keyboard.press('Tab');
      assert.equal(await panel.focused(), `title:${papers[0].id}`);
      await page.keyboard.press('Enter');
      const expanded = page.locator('li.paper').nth(0).locator('[data-role="title"][aria-expanded="true"]');
      await expanded.waitFor();
      const abstract = page.locator(`#${await expanded.getAttribute('aria-controls')}`);
      assert.equal(await abstract.isVisible(), true);
      assert.match(await abstract.innerText(), /citation graph/);
      assert.equal(await panel.focused(), `title:${papers[0].id}`, 'focus stays on the title');
      assert.equal(await panel.focusRingVisible(), true);
      await panel.screenshot('expanded');
      await page.keyboard.press(' ');
      await page.locator('li.paper').nth(0).locator('[data-role="title"][aria-expanded="false"]').waitFor();
      assert.equal(await abstract.isVisible(), false);
      const last = page.locator('li.paper').nth(4).locator('[data-role="title"]');
      assert.equal(await last.getAttribute('aria-expanded'), null);
      assert.deepEqual(await panel.posted(), [{ type: 'ready' }], 'expanding is local: no message');
    }));

  test('the keyboard alone reaches every action of every paper, and each sends its typed message', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      // Tab order: scope, Refresh, "Show papers cited here", the two status actions, the list (one stop), the active paper's toolbar (one stop), the add-by-id disclosure.
      const order: string[] = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        order.push(await panel.focused());
        assert.equal(await panel.focusRingVisible(), true, `focus is visible on ${order.at(-1)}`);
      }
      assert.deepEqual(order, [
        'vscode-single-select:Suggest papers for',
        'refresh',
        'cited-toggle',
        'status:downloadSpecter2',
        'status:enableSemanticScholar',
        `title:${papers[0].id}`,
        `action:${papers[0].id}:citeHere:`,
        'summary:Add a paper by DOI or arXiv id',
      ]);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await panel.focused(), `title:${papers[0].id}`);

      const expected: WebviewMessage[] = [{ type: 'ready' }];
      for (const [i, paper] of papers.entries()) {
        if (i > 0) await page.keyboard.press('ArrowDown');
        assert.equal(await panel.focused(), `title:${paper.id}`);
        await page.keyboard.press('Tab');
        for (const [j, message] of expectedActions(paper).entries()) {
          if (j > 0) await page.keyboard.press('ArrowRight');
          const key = `action:${paper.id}:${message.type}:${message.type === 'open' ? message.target : ''}`;
          assert.equal(await panel.focused(), key);
          assert.equal(await panel.focusRingVisible(), true, `focus is visible on ${key}`);
          // Enter everywhere, Space on "Copy BibTeX": both activate a button.
          await page.keyboard.press(message.type === 'copyBibtex' ? ' ' : 'Enter');
          expected.push(message);
          assert.deepEqual(await panel.waitForPosted(expected.length), expected);
        }
        // Right wraps to the first action; Escape goes back to the title.
        await page.keyboard.press('ArrowRight');
        assert.equal(await panel.focused(), `action:${paper.id}:citeHere:`);
        await page.keyboard.press('Escape');
        assert.equal(await panel.focused(), `title:${paper.id}`);
      }
      // The list is one tab stop: from the last paper's title, Shift+Tab leaves the list for the header.
      await page.keyboard.press('Home');
      assert.equal(await panel.focused(), `title:${papers[0].id}`);
      await page.keyboard.press('End');
      assert.equal(await panel.focused(), `title:${papers[4].id}`);
      await page.keyboard.press('Shift+Tab');
      assert.equal(await panel.focused(), 'status:enableSemanticScholar');
      await page.keyboard.press('Tab');
      assert.equal(await panel.focused(), `title:${papers[4].id}`, 'Tab comes back to the paper last used');
      await panel.screenshot('keyboard');
      assert.deepEqual(await panel.posted(), expected, 'no stray messages');
    }));

  test('"Show papers cited here" toggles from the keyboard and says how many it hides', () =>
    withPanel('light', async (panel) => {
      await showState(panel, { ...panelState, citedHereHidden: 2 });
      const { page } = panel;
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      assert.equal(await panel.focused(), 'cited-toggle');
      assert.match(await page.locator('vscode-checkbox.cited-toggle').evaluate((el) => (el as unknown as { label: string }).label), /\(2 hidden\)/);
      await page.keyboard.press(' ');
      assert.deepEqual(await panel.waitForPosted(2), [{ type: 'ready' }, { type: 'setShowCitedHere', show: true }]);
    }));

  test('the scope selector works from the keyboard and follows the state', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.keyboard.press('Tab');
      assert.equal(await panel.focused(), 'vscode-single-select:Suggest papers for');
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(2)).at(-1), { type: 'setScope', scope: 'section' });
      await panel.post({ type: 'state', state: { ...panelState, scope: 'document', scopeLabel: 'title and abstract of paper.tex' } });
      await page.locator('.scope-label', { hasText: 'title and abstract of paper.tex' }).waitFor();
      assert.equal(await page.locator('vscode-single-select').evaluate(inPage<unknown, string>('el', 'return el.value')), 'document');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(3)).at(-1), { type: 'refresh' });
      assert.equal((await panel.posted()).length, 3, 'showing a state posts nothing back');
    }));

  test('turning Semantic Scholar on asks for consent in the panel, listing exactly what is sent', () =>
    withPanel('dark', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.locator('[data-message="enableSemanticScholar"]').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(2)).at(-1), { type: 'enableSemanticScholar' });

      const sends = ['Search terms: glucocorticoid receptor, chromatin, transcription', 'Semantic Scholar ids of the 12 papers you cite'];
      await panel.post({ type: 'state', state: { ...panelState, consent: { id: 'c1', service: 'semanticScholar', sends } } });
      const dialog = page.getByRole('dialog', { name: 'Send queries to Semantic Scholar?' });
      await dialog.waitFor();
      assert.deepEqual(await dialog.locator('li').allInnerTexts(), sends);
      assert.equal(await panel.focused(), 'h2:Send queries to Semantic Scholar?', 'focus moves to the question');
      await panel.screenshot('consent');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(3)).at(-1), { type: 'consentAnswer', consentId: 'c1', granted: true });
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(4)).at(-1), { type: 'consentAnswer', consentId: 'c1', granted: false });

      // onlineState has as many papers as panelState: showState alone does not wait for it to be rendered
      await showState(panel, onlineState);
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await dialog.count(), 0, 'the question goes when the extension has its answer');
      assert.match(await page.locator('ul.status').innerText(), /Semantic Scholar on/);
      assert.doesNotMatch(await page.locator('ul.status').innerText(), /BM25 only/);
      await page.locator('[data-message="disableSemanticScholar"]').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(5)).at(-1), { type: 'disableSemanticScholar' });
      await panel.post({ type: 'state', state: panelState });
      await page.locator('[data-message="downloadSpecter2"]').waitFor();
      await page.locator('[data-message="downloadSpecter2"]').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(6)).at(-1), { type: 'downloadSpecter2' });
    }));

  test('after "Not relevant" the paper leaves the list and focus moves to the next one', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.locator('li.paper').nth(1).locator('[data-role="title"]').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('End');
      assert.equal(await panel.focused(), `action:${papers[1].id}:notRelevant:`);
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(2)).at(-1), { type: 'notRelevant', paperId: papers[1].id });
      const remaining = papers.filter((p) => p.id !== papers[1].id);
      await showState(panel, { ...panelState, papers: remaining, hiddenCount: 1 });
      assert.equal(await panel.focused(), `title:${papers[2].id}`);
      await panel.waitForStatus('4 suggestions for paragraph at line 42 of paper.tex');
      // With every paper hidden the panel says so.
      await showState(panel, { ...panelState, papers: [], hiddenCount: 5 });
      assert.equal(await page.locator('.empty').innerText(), 'No related papers found (5 marked not relevant).');
    }));

  test('a paper is added by DOI from the keyboard', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.locator('.add-by-id summary').focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      assert.equal(await page.getByRole('textbox', { name: 'DOI or arXiv id' }).count(), 1, 'the field has an accessible name');
      await page.keyboard.type('  10.18653/v1/2020.acl-main.207 ');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(2)).at(-1), { type: 'addById', identifier: '10.18653/v1/2020.acl-main.207' });
      await page.keyboard.type('arXiv:2004.07180');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      assert.deepEqual((await panel.waitForPosted(3)).at(-1), { type: 'addById', identifier: 'arXiv:2004.07180' });
      await panel.screenshot('add-by-id');
    }));

  test('busy shows progress without talking over notices; notices and errors reach the live regions; a notice stays on screen until the next action', () =>
    withPanel('dark', async (panel) => {
      const { page } = panel;
      await panel.post({ type: 'busy', busy: true, message: 'Ranking 212 candidates…' });
      await page.locator('.empty', { hasText: 'Ranking 212 candidates…' }).waitFor();
      assert.equal(await page.locator('vscode-progress-bar').isVisible(), true);
      assert.equal(await page.locator('ul.papers').getAttribute('aria-busy'), 'true');
      await showState(panel, panelState);
      await panel.post({ type: 'busy', busy: false });
      await page.locator('vscode-progress-bar').waitFor({ state: 'hidden' });
      await panel.post({ type: 'notice', message: 'Added cohan2020specter to references.bib' });
      await panel.waitForStatus('Added cohan2020specter to references.bib');
      // The ranking an action starts must not replace its spoken confirmation.
      await panel.post({ type: 'busy', busy: true, message: 'Looking for related papers…' });
      await page.locator('vscode-progress-bar').waitFor({ state: 'visible' });
      await panel.post({ type: 'busy', busy: false });
      await page.locator('vscode-progress-bar').waitFor({ state: 'hidden' });
      assert.equal(await page.getByRole('status').textContent(), 'Added cohan2020specter to references.bib');
      // Shown, not only spoken: a sighted user reads what the action did (or what to cite instead) until dismissing it.
      const notice = page.locator('.notice');
      assert.equal(await notice.isVisible(), true, 'the notice is on screen');
      assert.equal(await notice.locator('.notice-text').textContent(), 'Added cohan2020specter to references.bib');
      await panel.screenshot('notice');
      await notice.getByRole('button', { name: 'Dismiss notice' }).click();
      await notice.waitFor({ state: 'hidden' });
      await panel.post({ type: 'notice', message: 'Cited cohan2020specter.' });
      await notice.waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Refresh' }).click();
      await notice.waitFor({ state: 'hidden' });
      await panel.post({ type: 'error', message: 'Semantic Scholar answered 429: retrying in 4 s' });
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), 'Semantic Scholar answered 429: retrying in 4 s');
      await panel.screenshot('error');
      await showState(panel, onlineState);
      await alert.waitFor({ state: 'hidden' });
    }));

  test('titles and abstracts are shown as text, never as markup', () =>
    withPanel('light', async (panel) => {
      const hostile = '<img src=x onerror="window.__pwned=1">Attention & <b>bold</b> "claims"';
      const state: PanelState = { ...panelState, papers: [{ ...papers[0], title: hostile, abstract: '<script>window.__pwned=2</script>', authors: ['<i>Eve</i>'] }] };
      await showState(panel, state);
      const { page } = panel;
      assert.equal(await page.locator('li.paper .title-text').innerText(), hostile);
      assert.equal(await page.locator('li.paper .authors').innerText(), '<i>Eve</i>');
      assert.equal(await page.locator('li.paper img, li.paper b, li.paper i, li.paper script').count(), 0);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
    }));

  test('shown again after being hidden, it restores the last list and expanded abstracts before the extension answers', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.locator('li.paper').nth(3).locator('[data-role="title"]').click();
      await page.locator('li.paper').nth(3).locator('[aria-expanded="true"]').waitFor();
      await page.reload();
      await panel.waitForPosted(1);
      assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
      assert.equal(await page.locator('li.paper').count(), papers.length);
      assert.equal(await page.locator('li.paper').nth(3).locator('[data-role="title"]').getAttribute('aria-expanded'), 'true');
    }));

  test('malformed messages from the host are ignored', () =>
    withPanel('light', async (panel) => {
      await showState(panel, panelState);
      const { page } = panel;
      await page.evaluate(`
        window.postMessage({ type: 'state', state: { papers: 'none' } }, '*');
        window.postMessage({ type: 'bogus' }, '*');
        window.postMessage('state', '*');
        window.postMessage({ type: 'notice', message: 'still alive' }, '*');
      `);
      await panel.waitForStatus('still alive');
      assert.equal(await page.locator('li.paper').count(), papers.length);
    }));
});
