// The related-work view as a user meets it in a real VS Code (code-server, the packaged extension):
// the SciWrite view lists the manuscript's own library; after the user turns Semantic Scholar on in
// the consent prompt, papers from a stand-in Semantic Scholar on 127.0.0.1 (set through the
// `sciwrite.related.semanticScholar.baseUrl` setting) join the list; "Cite here" inserts the
// manuscript's own citation syntax at the cursor and appends exactly one entry to its .bib, leaving
// every existing byte in place. Screenshots go to test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { startHubServer, type HubServer } from '../helpers/hub-server.ts';
import { startS2StandIn, type S2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';
import { specter2Repos } from '../helpers/specter2-repos.ts';
import { startZoteroStandIn, type ZoteroStandIn } from '../helpers/zotero-stand-in.ts';
import { bibTitle } from './harness/bib.ts';
import { activeEditor, goToLine, openFile, screenshot, screenshotOnFailure } from './harness/browser.ts';
import { assertFreshBuild, lineOf } from './harness/extension.ts';
import { startSession, type Session } from './harness/session.ts';
import { waitFor } from './harness/wait.ts';

// Two papers Semantic Scholar could plausibly suggest for the sample papers' paragraphs, in the
// shapes of https://api.semanticscholar.org/api-docs/graph (paper batch): one with S2's own BibTeX,
// one without (the extension builds the entry from the metadata).
const forLatex: StandInPaper = {
  paperId: '5c3e1f0a9d2b4c6e8f1a3b5d7c9e0f2a4b6c8d0e',
  title: 'Glucocorticoid receptor transrepression of NF-kappaB and AP-1 in activated T cells',
  abstract: 'Glucocorticoids act through the glucocorticoid receptor to repress the transcription of cytokines such as interleukin-2 in T cells, by transrepression of NF-kappaB and AP-1, which explains their anti-inflammatory action in rheumatoid arthritis and asthma.',
  year: 2019,
  authors: [{ authorId: '101', name: 'Maria K. Lindqvist' }, { authorId: '102', name: 'Tomas Berger' }],
  externalIds: { DOI: '10.5555/gr.tcell.2019' },
  publicationTypes: ['JournalArticle'],
  journal: { name: 'Journal of Immunology Examples', volume: '12', pages: '100-110' },
  citationStyles: { bibtex: '@Article{Lindqvist2019Glucocorticoid,\n author = {Maria K. Lindqvist and Tomas Berger},\n title = {Glucocorticoid receptor transrepression of NF-kappaB and AP-1 in activated T cells},\n journal = {Journal of Immunology Examples},\n year = {2019},\n volume = {12},\n pages = {100-110}\n}' },
};
const forMarkdown: StandInPaper = {
  paperId: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
  title: 'Which verbs introduce a citation? Attention analysis of citation intent classifiers',
  abstract: 'An attention classifier of citation intents attends to the verb that introduces a citation (following, unlike, as reported by); in reviews of glucocorticoid signalling in T cells most citations are background, some method and few result.',
  year: 2022,
  authors: [{ authorId: '201', name: 'Ines Okafor' }],
  externalIds: { DOI: '10.5555/citation.verbs.2022' },
  publicationTypes: ['Conference'],
};

// A third suggestion, added to a .bib that is open in an editor with unsaved changes.
const forOpenBib: StandInPaper = {
  paperId: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  title: 'Glucocorticoid-induced leucine zipper in T cell apoptosis and inflammation',
  abstract: 'Glucocorticoids induce GILZ, which mediates part of their anti-inflammatory action in T cells and the apoptosis of thymocytes.',
  year: 2018,
  authors: [{ authorId: '301', name: 'Chiara Ronchetti' }],
  externalIds: { DOI: '10.5555/gilz.2018' },
  publicationTypes: ['JournalArticle'],
  journal: { name: 'Frontiers in Examples' },
};

/** The BibTeX entries of a file: `@type{` at a line start, comments and preambles excepted. */
function entryCount(bib: string): number {
  return (bib.match(/^\s*@(?!comment|preamble|string)\w+\s*\{/gim) ?? []).length;
}

const unbraced = (s: string): string => s.replace(/[{}]/g, '').replace(/\s+/g, ' ');

describe('the related-work view in a real VS Code', { timeout: 900_000 }, () => {
  let session: Session;
  let s2: S2StandIn;
  let hub: HubServer;
  let zotero: ZoteroStandIn;
  let cache: string;
  const panel = (): FrameLocator => session.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  before(async () => {
    assertFreshBuild();
    s2 = await startS2StandIn([forLatex, forMarkdown, forOpenBib]);
    cache = mkdtempSync(join(tmpdir(), 'sciwrite-e2e-related-cache-'));
    // "Download SPECTER2" fetches from a Hub stand-in serving tiny SPECTER2-style repos under the real names.
    hub = await startHubServer({ fixtures: false, repos: await specter2Repos(join(cache, 'adhoc-query-adapter')) });
    zotero = await startZoteroStandIn();
    session = await startSession({
      settings: { 'sciwrite.related.semanticScholar.baseUrl': s2.url, 'editor.wordWrap': 'off', '[markdown]': { 'editor.wordWrap': 'off' }, 'files.autoSave': 'off', 'sciwrite.related.zoteroConnectorUrl': zotero.url },
      env: { HF_ENDPOINT: hub.endpoint, XDG_CACHE_HOME: cache, SCIWRITE_MODEL_CACHE: join(cache, 'onnx') },
    });
  });
  after(async () => {
    await session?.close();
    await s2?.close();
    await hub?.close();
    await zotero?.close();
  });

  const e2e = (name: string, shot: string, body: () => Promise<void>): void => {
    test(name, () => screenshotOnFailure(session.page, shot, body));
  };

  /** Shows the SciWrite view (a click on its activity-bar icon would hide it again when it is showing). */
  async function showView(): Promise<void> {
    if (!(await session.page.locator('iframe.webview.ready').first().isVisible())) {
      await session.page.locator('.activitybar .action-item a[aria-label^="SciWrite"]').click();
    }
    await panel().locator('li.paper').first().waitFor({ timeout: 120_000 });
    // The Citation Intents view shares the container: collapse it so the paper list has the room.
    const intents = session.page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Citation Intents' });
    if (await intents.count() > 0) {
      await intents.first().click();
      await session.page.locator('.pane-header[aria-expanded="false"]', { hasText: 'Citation Intents' }).waitFor();
    }
  }

  /** Puts the cursor at the end of the one-based `line` and returns that line's text. */
  async function cursorAtEnd(relative: string, source: string, line: number): Promise<string> {
    await openFile(session.page, relative);
    await goToLine(session.page, line);
    await session.page.keyboard.press('End');
    const text = source.split('\n')[line - 1];
    await session.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${text.length + 1}` }).waitFor();
    return text;
  }

  /** Clicks "Cite here" on `paper` with the cursor after the line's full stop; checks the citation before it and the one new .bib entry; returns the key. */
  async function citeHere(paper: StandInPaper, bibPath: string, line: number, lineText: string, syntax: (key: string) => string): Promise<string> {
    const { page } = session;
    const bibBefore = readFileSync(bibPath, 'utf8');
    const item = panel().locator('li.paper', { hasText: paper.title });
    await item.getByRole('button', { name: 'Cite here' }).click();
    const bibAfter = await waitFor('the .bib to change on disk', () => {
      const now = readFileSync(bibPath, 'utf8');
      return now !== bibBefore ? now : undefined;
    }, 60_000);
    assert.ok(bibAfter.startsWith(bibBefore), 'every byte of the old .bib is kept, in place');
    const added = bibAfter.slice(bibBefore.length);
    assert.equal(entryCount(added), 1, `exactly one entry appended:\n${added}`);
    assert.equal(entryCount(bibAfter), entryCount(bibBefore) + 1);
    assert.ok(unbraced(added).includes(paper.title), `the new entry has the paper's title:\n${added}`);
    const key = /@\w+\s*\{\s*([^,\s]+)\s*,/.exec(added)?.[1];
    assert.ok(key, 'the new entry has a key');
    assert.ok(!new RegExp(`\\{\\s*${key}\\s*,`).test(bibBefore), 'the key is new to the .bib');

    // The cursor ends the line's sentence: the citation goes before its full stop (with a tie or space before it).
    assert.ok(lineText.endsWith('.'), 'the line ends a sentence');
    const cited = `${lineText.slice(0, -1)}${syntax(key)}.`;
    // Ranked again, the paper is cited here now: left out of the list until "Show papers cited here" lists it, last, with the badge.
    const toggle = panel().locator('vscode-checkbox.cited-toggle');
    if ((await toggle.getAttribute('checked')) === null) {
      await item.waitFor({ state: 'detached', timeout: 60_000 });
      await toggle.click();
    }
    await item.filter({ hasText: /Cited here/i }).waitFor({ timeout: 60_000 });
    await page.locator('.editor-group-container.active .view-line', { hasText: cited }).first().waitFor();
    await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${cited.length + 1}` }).waitFor();
    return key;
  }

  e2e('LaTeX: the view lists the library, adds Semantic Scholar results after consent, and "Cite here" cites and appends one .bib entry', 'related-latex', async () => {
    const { page } = session;
    const tex = join(session.workspace, 'latex', 'paper.tex');
    const bib = join(session.workspace, 'latex', 'references.bib');
    const source = readFileSync(tex, 'utf8');
    const line = lineOf(source, 'anti-inflammatory action, e.g.');
    const lineText = await cursorAtEnd('latex/paper.tex', source, line);

    await showView();
    // The local library: papers of the manuscript's own .bib, and nothing sent anywhere yet.
    const keys = [...readFileSync(bib, 'utf8').matchAll(/^@\w+\s*\{\s*([^,\s]+)\s*,/gm)].map((m) => m[1]);
    const libraryTitles = new Set(keys.map((k) => bibTitle(bib, k)));
    const listed = await panel().locator('li.paper .title-text').allInnerTexts();
    assert.ok(listed.some((t) => libraryTitles.has(t.trim())), `library papers listed: ${listed.join(' | ')}`);
    assert.equal(s2.seen.length, 0, 'nothing reaches Semantic Scholar before consent');

    // Consent: the panel's button, then VS Code's modal prompt.
    await panel().getByRole('button', { name: /Turn on Semantic Scholar/ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Semantic Scholar/);
    await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    const remote = panel().locator('li.paper', { hasText: forLatex.title });
    await remote.waitFor({ timeout: 120_000 });
    assert.ok(s2.seen.some((r) => r.url.pathname === '/graph/v1/paper/search'), 'the stand-in was searched');
    assert.ok((await panel().locator('li.paper .title-text').allInnerTexts()).some((t) => libraryTitles.has(t.trim())), 'library papers are still listed');
    await screenshot(page, 'related-latex-results');

    // The manuscript's most used cite command.
    const commands = [...source.matchAll(/\\(cite[a-z]*)\s*[[{]/g)].map((m) => m[1]);
    const command = [...new Set(commands)].sort((a, b) => commands.filter((c) => c === b).length - commands.filter((c) => c === a).length)[0];
    assert.equal(command, 'citep');
    await citeHere(forLatex, bib, line, lineText, (key) => `~\\${command}{${key}}`);
    await screenshot(page, 'related-latex-cited');
  });

  e2e('Markdown: "Cite here" inserts [@key] at the cursor and appends one .bib entry', 'related-markdown', async () => {
    const { page } = session;
    const md = join(session.workspace, 'markdown', 'paper.md');
    const bib = join(session.workspace, 'markdown', 'references.bib');
    const source = readFileSync(md, 'utf8');
    const line = lineOf(source, '15% result.');
    const lineText = await cursorAtEnd('markdown/paper.md', source, line);
    await showView();
    // The view follows the cursor into the Markdown paper; Semantic Scholar stays on from the consent.
    await panel().locator('.scope-label', { hasText: 'paper.md' }).first().waitFor({ timeout: 60_000 });
    await panel().locator('li.paper', { hasText: forMarkdown.title }).waitFor({ timeout: 120_000 });
    await screenshot(page, 'related-markdown-results');
    await citeHere(forMarkdown, bib, line, lineText, (key) => ` [@${key}]`);
    await screenshot(page, 'related-markdown-cited');
  });

  e2e('with the .bib open and edited, "Add to .bib" adds the entry in that editor and keeps the unsaved edit', 'related-open-bib', async () => {
    const { page } = session;
    const bib = join(session.workspace, 'latex', 'references.bib');
    const onDisk = readFileSync(bib, 'utf8');
    await openFile(page, 'latex/references.bib');
    await activeEditor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    const note = '% an unsaved note the tool must keep';
    await page.keyboard.insertText(`\n${note}\n`);
    await page.locator('.tabs-container .tab.active.dirty[aria-label^="references.bib"]').waitFor();

    const tex = join(session.workspace, 'latex', 'paper.tex');
    const source = readFileSync(tex, 'utf8');
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, lineOf(source, 'anti-inflammatory action, e.g.'));
    await showView();
    const item = panel().locator('li.paper', { hasText: forOpenBib.title });
    await item.waitFor({ timeout: 120_000 });
    await item.getByRole('button', { name: 'Add to .bib' }).click();
    await item.filter({ hasText: /In your \.bib|Your library/i }).waitFor({ timeout: 60_000 });
    assert.equal(readFileSync(bib, 'utf8'), onDisk, 'the file on disk is untouched: the entry went into the open editor');

    await openFile(page, 'latex/references.bib');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty[aria-label^="references.bib"]').waitFor({ state: 'hidden' });
    const saved = readFileSync(bib, 'utf8');
    assert.ok(saved.startsWith(onDisk), 'every byte that was on disk is kept, in place');
    assert.ok(saved.includes(note), 'the unsaved edit is kept');
    assert.equal(entryCount(saved), entryCount(onDisk) + 1, 'one entry added');
    assert.ok(unbraced(saved).includes(forOpenBib.title), 'the added entry is the paper');
    await screenshot(page, 'related-open-bib');
  });

  e2e('when the only .bib is a Better BibTeX export, "Add to .bib" offers Zotero, saves the paper there and leaves the export alone', 'related-zotero', async () => {
    const { page } = session;
    const bib = join(session.workspace, 'markdown', 'references.bib');
    const exported = `% Exported by Better BibTeX for Zotero\n${readFileSync(bib, 'utf8')}`;
    writeFileSync(bib, exported);
    // The server must know the .bib is an export before the click. Open it (VS Code reloads an open,
    // unmodified editor from disk) and wait until the editor shows the header: the client has then sent
    // the change, and LSP messages keep their order, so "Add to .bib" is answered after it.
    await openFile(page, 'markdown/references.bib');
    await page.keyboard.press('Control+Home');
    await page.locator('.editor-group-container.active .view-line', { hasText: 'Exported by Better BibTeX' }).first().waitFor({ timeout: 60_000 });
    const md = join(session.workspace, 'markdown', 'paper.md');
    await openFile(page, 'markdown/paper.md');
    await goToLine(page, lineOf(readFileSync(md, 'utf8'), '15% result.'));
    await showView();
    await panel().locator('.scope-label', { hasText: 'paper.md' }).first().waitFor({ timeout: 60_000 });
    const item = panel().locator('li.paper', { hasText: forLatex.title });
    await item.waitFor({ timeout: 120_000 });
    await item.getByRole('button', { name: 'Add to .bib' }).click();

    const question = page.locator('.quick-input-widget', { hasText: 'Where should SciWrite add the paper?' });
    await question.waitFor({ timeout: 60_000 });
    await screenshot(page, 'related-zotero-question');
    await question.locator('.monaco-list-row', { hasText: 'Add it to my Zotero library' }).click();
    await waitFor('the paper in the Zotero library', () => zotero.library.find((saved) => saved.title === forLatex.title), 60_000);
    assert.equal(readFileSync(bib, 'utf8'), exported, 'the export is not written to: Zotero regenerates it');
  });

  e2e('"Download SPECTER2" asks first, downloads from the Hub, and the view ranks by SPECTER2 without a reload', 'related-specter2', async () => {
    const { page } = session;
    const tex = join(session.workspace, 'latex', 'paper.tex');
    const source = readFileSync(tex, 'utf8');
    await openFile(page, 'latex/paper.tex');
    await goToLine(page, lineOf(source, 'anti-inflammatory action, e.g.'));
    await showView();
    const download = panel().getByRole('button', { name: /Download SPECTER2/ });
    await download.waitFor({ timeout: 60_000 });
    assert.equal(hub.requests.length, 0, 'nothing is fetched before the user agrees');
    await download.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const asked = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(asked, /allenai\/specter2_base/);
    assert.match(asked, /nothing from your manuscripts is sent/);
    await screenshot(page, 'related-specter2-consent');
    await dialog.locator('.monaco-button', { hasText: /^Download$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Ranked again with SPECTER2: each paper says how similar it is, and the view says which ranker ran.
    await panel().locator('li.paper', { hasText: /similarity -?\d\.\d\d/ }).first().waitFor({ timeout: 240_000 });
    await panel().getByText(/Ranked by SPECTER2 similarity/).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'related-specter2-ranked');
    await page.locator('.notification-toast', { hasText: 'downloading SPECTER2' }).waitFor({ state: 'hidden', timeout: 30_000 });
    assert.equal(await panel().getByRole('button', { name: /Download SPECTER2/ }).count(), 0, 'the download is no longer offered');
    const fetched = hub.requests.filter((r) => r.method === 'GET' && r.status !== undefined && r.status < 400);
    for (const repo of ['allenai/specter2_base', 'allenai/specter2', 'allenai/specter2_adhoc_query']) {
      assert.ok(fetched.some((r) => r.path.includes(`/${repo}/`)), `${repo} came from the Hub stand-in`);
    }
    assert.ok(existsSync(join(cache, 'sciwrite', 'hub')), 'the files are in the model store cache');
  });
});
