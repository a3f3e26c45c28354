// End to end in a real VS Code (code-server) driven through Chromium: what a user sees when
// hovering citations in the sample LaTeX and Markdown papers, a damaged .bib, and a crashed
// language server. Screenshots go to test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bibTitle } from './harness/bib.ts';
import { goToLine, hoverText, openFile, screenshot, screenshotOnFailure } from './harness/browser.ts';
import { lineOf } from './harness/extension.ts';
import { startSession, waitForLanguageServer, type Session } from './harness/session.ts';
import { isAlive } from './harness/processes.ts';

describe('citations in a real VS Code', { timeout: 600_000 }, () => {
  let session: Session;
  const latex = (path: string): string => join(session.workspace, 'latex', path);
  const markdown = (path: string): string => join(session.workspace, 'markdown', path);

  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session?.close();
  });

  /** A test whose failure leaves a screenshot of the workbench as it was. */
  const e2e = (name: string, shot: string, body: () => Promise<void>): void => {
    test(name, () => screenshotOnFailure(session.page, shot, body));
  };

  async function hoverLatexKey(key: string, name: string): Promise<string> {
    const { page } = session;
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, lineOf(readFileSync(latex('paper.tex'), 'utf8'), key));
    const title = bibTitle(latex('references.bib'), key);
    const hover = await hoverText(page, key, title, 90_000);
    await screenshot(page, name);
    return (await hover.innerText()).replace(/\s+/g, ' ');
  }

  e2e('hovering a \\citep key in the LaTeX paper shows its bib entry', 'latex-cite-hover', async () => {
    const text = await hoverLatexKey('cain2017immune', 'latex-cite-hover');
    assert.match(text, /Immune regulation by glucocorticoids/);
    assert.match(text, /Cain/);
    assert.match(text, /2017/);
    const doi = session.page.locator('.monaco-hover a[href*="10.1038/nri.2017.1"]');
    assert.equal(await doi.count() > 0, true, 'the DOI is a link');
  });

  e2e('a user macro wrapping \\citep is a citation too', 'latex-macro-cite-hover', async () => {
    const text = await hoverLatexKey('neumann2019scispacy', 'latex-macro-cite-hover');
    assert.match(text, /ScispaCy: Fast and Robust Models for Biomedical Natural Language Processing/);
  });

  e2e('hovering @key in the Markdown paper shows its bib entry', 'markdown-cite-hover', async () => {
    const { page } = session;
    await openFile(page, 'markdown/paper.md');
    const key = 'beltagy2019scibert';
    await goToLine(page, lineOf(readFileSync(markdown('paper.md'), 'utf8'), `@${key}`));
    const hover = await hoverText(page, key, bibTitle(markdown('references.bib'), key), 60_000);
    await screenshot(page, 'markdown-cite-hover');
    assert.match(await hover.innerText(), /Beltagy/);
  });

  e2e('a malformed .bib shows an error in the Problems panel and nothing crashes', 'malformed-bib-problem', async () => {
    const { page } = session;
    const [before] = session.languageServers();
    assert.ok(before, 'the language server runs');
    await openFile(page, 'latex/paper.tex');
    const brokenLine = readFileSync(latex('references.bib'), 'utf8').split('\n').length + 1;
    appendFileSync(latex('references.bib'), '\n@article{broken2024,\n  title = {An entry whose braces never close,\n  year = 2024\n');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const fileRow = panel.locator('.monaco-list-row', { hasText: 'references.bib' });
    await fileRow.first().waitFor({ state: 'visible', timeout: 60_000 });
    const errorRow = panel.locator('.monaco-list-row', { has: page.locator('.codicon-error') }).filter({ hasText: 'sciwrite' });
    await errorRow.first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'malformed-bib-problem');
    const where = await errorRow.first().innerText();
    const line = Number(/\[Ln (\d+)/.exec(where)?.[1]);
    assert.ok(line >= brokenLine - 1, `the error points into the broken entry (line ${line}, entry starts at ${brokenLine})`);
    assert.ok(isAlive(before.pid), 'the language server survived the broken file');
    assert.equal(session.languageServers().length, 1);
    await page.keyboard.press('Control+Shift+M');
  });

  e2e('killing the language server restarts it and hovers work again', 'server-restarted-hover', async () => {
    const first = await waitForLanguageServer(session);
    process.kill(first.pid, 'SIGKILL');
    const second = await waitForLanguageServer(session, first.pid);
    assert.notEqual(second.pid, first.pid);
    const text = await hoverLatexKey('weikum2017glucocorticoid', 'server-restarted-hover');
    assert.match(text, /Glucocorticoid receptor control of transcription/);
    const errors = session.page.locator('.notification-toast, .notification-list-item').filter({ has: session.page.locator('.codicon-error') });
    assert.equal(await errors.count(), 0, 'one crash is restarted quietly, without an error notification');
  });
});
