// Entity highlights and citation intents as a user sees them in a real VS Code (code-server, the
// packaged extension, the built-in models): the decorations rendered in the editor must sit on the
// words `sciwrite analyze --json` (the same analysis code and models) finds, in the colour of their
// taxonomy role; hovers show an entity's type and confidence and a citation's bib title and intent.
// Screenshots go to test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeWithCli as analyzeWith, installedCli, taxonomy, type CliAnalysis, type CliEntity } from './harness/analyze.ts';
import { bibTitle } from './harness/bib.ts';
import { dismissHover, goToLine, hoverBox, openFile, screenshot, screenshotOnFailure } from './harness/browser.ts';
import { repoRoot } from './harness/code-server.ts';
import { assertFreshBuild } from './harness/extension.ts';
import { renderedEntities, textBoxOnLine, type RenderedEditor } from './harness/decorations.ts';
import { startSession, waitForLanguageServer, type Session } from './harness/session.ts';
import { waitFor } from './harness/wait.ts';

let types = taxonomy();
const contributedColors = new Set(
  (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { colors: { id: string }[] } }).contributes.colors.map((c) => c.id),
);

const roles = [...contributedColors].filter((id) => id.startsWith('sciwrite.entity.')).map((id) => id.slice('sciwrite.entity.'.length));

/** The colour role an entity type is painted with: its taxonomy role when the extension contributes that colour. */
function roleOf(type: string): string {
  const role = types.get(type)?.colorRole ?? 'other';
  return contributedColors.has(`sciwrite.entity.${role}`) ? role : 'other';
}

const singleLine = (e: CliEntity): boolean => e.range.start.line === e.range.end.line;
const key = (line: number, text: string, role: string): string => `${line} ${role} «${text}»`;

/**
 * The entities the CLI found on the rendered lines, next to the ones the editor paints there.
 * Lines an entity crosses a line break on are left out of both (its pieces are checked elsewhere).
 */
function compare(analysis: CliAnalysis, file: string, rendered: RenderedEditor): { expected: string[]; actual: string[] } {
  const mine = analysis.entities.filter((e) => e.file === file);
  const crossing = new Set(mine.filter((e) => !singleLine(e)).flatMap((e) => [e.range.start.line + 1, e.range.end.line + 1]));
  const visible = new Set(rendered.visibleLines.filter((l) => !crossing.has(l)));
  const expected = mine
    .filter((e) => singleLine(e) && visible.has(e.range.start.line + 1))
    .map((e) => key(e.range.start.line + 1, e.text, roleOf(e.type)))
    .sort();
  const actual = rendered.entities.filter((e) => visible.has(e.line)).map((e) => key(e.line, e.text, e.role)).sort();
  return { expected, actual };
}

describe('entity highlights and citation intents in a real VS Code', { timeout: 900_000 }, () => {
  let session: Session;
  let cli: string;
  /**
   * The expectation: the installed extension's own CLI, so models changed in the working tree meanwhile do
   * not matter; the whole project, as the editor reads the unopened files' votes too (the sample's
   * methods.tex makes SciBERT a method in paper.tex).
   */
  const analyzeWithCli = (file: string): CliAnalysis => analyzeWith(file, cli);

  before(async () => {
    assertFreshBuild();
    // No wrapping: one source line is one rendered line, so the gutter numbers name source lines.
    session = await startSession({ settings: { 'editor.wordWrap': 'off', '[markdown]': { 'editor.wordWrap': 'off' } } });
    cli = installedCli(session.server.extensionsDir);
    types = taxonomy(cli);
  });
  after(async () => {
    await session?.close();
  });

  const e2e = (name: string, shot: string, body: () => Promise<void>): void => {
    test(name, () => screenshotOnFailure(session.page, shot, body));
  };

  /** Waits until the editor paints exactly the CLI's entities on the rendered lines; returns them. */
  async function highlightsMatch(file: string, analysis: CliAnalysis): Promise<RenderedEditor> {
    let last = { expected: [] as string[], actual: [] as string[] };
    try {
      return await waitFor('the entity highlights of the analysis', async () => {
        const rendered = await renderedEntities(session.page, roles);
        last = compare(analysis, file, rendered);
        return last.expected.length > 0 && JSON.stringify(last.expected) === JSON.stringify(last.actual) ? rendered : undefined;
      }, 120_000, 250);
    } catch (error) {
      assert.deepEqual(last.actual, last.expected, `rendered highlights differ from the analysis (${(error as Error).message})`);
      throw error;
    }
  }

  /** Hovers the best-scored highlighted entity and checks the type, confidence and model shown. */
  async function hoverBestEntity(file: string, analysis: CliAnalysis, rendered: RenderedEditor, shot: string): Promise<void> {
    const onScreen = new Set(rendered.entities.map((e) => `${e.line} ${e.text}`));
    const best = analysis.entities
      .filter((e) => e.file === file && singleLine(e) && onScreen.has(`${e.range.start.line + 1} ${e.text}`))
      .sort((a, b) => b.score - a.score)[0];
    assert.ok(best, 'an entity is highlighted on screen');
    const painted = rendered.entities.find((e) => e.line === best.range.start.line + 1 && e.text === best.text);
    assert.ok(painted, 'an entity decoration is painted');
    const label = types.get(best.type)?.label ?? best.type;
    const hover = await hoverBox(session.page, painted.box, `confidence ${Math.round(best.score * 100)}%`, 60_000);
    await screenshot(session.page, shot);
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`${label} · confidence ${Math.round(best.score * 100)}%`), `type and confidence in: ${text}`);
    assert.ok(text.includes(best.model), `the model (${best.model}) in: ${text}`);
    await dismissHover(session.page);
  }

  /** Hovers the first citation of `key` and checks the bib title and this citation's SciCite intent with how sure the model is. */
  async function hoverCitation(file: string, bib: string, analysis: CliAnalysis, citeKey: string, shot: string): Promise<string> {
    const citation = analysis.citations.find((c) => c.file === file && c.keys.includes(citeKey));
    assert.ok(citation?.intent?.scicite, `the CLI gives ${citeKey} an intent`);
    const { label, scores } = citation.intent.scicite;
    const line = citation.range.start.line + 1;
    await goToLine(session.page, line);
    const box = await waitFor(`${citeKey} rendered on line ${line}`, () => textBoxOnLine(session.page, line, citeKey), 30_000);
    const title = bibTitle(bib, citeKey);
    // The bib part first (the citation hover itself), then the intent part, which needs the intent models' pass.
    await hoverBox(session.page, box, title, 90_000);
    await dismissHover(session.page);
    const hover = await hoverBox(session.page, box, /SciCite/, 90_000);
    await hover.getByText(title).first().waitFor();
    await screenshot(session.page, shot);
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(title), `the bib title in: ${text}`);
    assert.ok(text.includes(`SciCite: ${label}`), `the SciCite label ${label} in: ${text}`);
    // how sure: "background (91% sure)", or a near tie's two scores ("method or result (0.51 / 0.43: too close to call)")
    assert.ok(text.includes(`${label} (${Math.round(scores[label] * 100)}% sure)`) || text.includes(`${label} or`) && text.includes(scores[label].toFixed(2)), `the ${label} score in: ${text}`);
    assert.match(text, /ACL-ARC: \w+/);
    await dismissHover(session.page);
    return text;
  }

  e2e('LaTeX paper: entity highlights sit on the words the tagger finds, in their type colours', 'latex-entities', async () => {
    const file = join(session.workspace, 'latex', 'paper.tex');
    const analysis = analyzeWithCli(file);
    await openFile(session.page, 'latex/paper.tex');
    await goToLine(session.page, 22);
    const rendered = await highlightsMatch(file, analysis);
    await screenshot(session.page, 'latex-entities');
    assert.ok(new Set(rendered.entities.map((e) => e.role)).size >= 2, 'more than one colour role on screen');
    // One decoration class per role: the colour belongs to the type, not to the word.
    const classOf = new Map<string, Set<string>>();
    for (const e of rendered.entities) classOf.set(e.role, (classOf.get(e.role) ?? new Set()).add(e.className));
    for (const [role, classes] of classOf) assert.equal(classes.size, 1, `one decoration class for ${role}`);
  });

  e2e('sciwrite.entities.hiddenTypes in the folder\'s settings hides that type, and only it, until removed', 'latex-hidden-type', async () => {
    const file = join(session.workspace, 'latex', 'paper.tex');
    const analysis = analyzeWithCli(file);
    await openFile(session.page, 'latex/paper.tex');
    await goToLine(session.page, 22);
    const shown = await highlightsMatch(file, analysis);
    const onScreen = new Set(shown.entities.map((e) => `${e.line} ${e.text}`));
    const hidden = analysis.entities.find((e) => e.file === file && onScreen.has(`${e.range.start.line + 1} ${e.text}`))?.type;
    assert.ok(hidden, 'a type highlighted on screen');
    // The workspace folder's own settings file (resource scope), as "Choose Highlighted Entity Types" writes it.
    const settings = join(session.workspace, '.vscode', 'settings.json');
    const before = existsSync(settings) ? readFileSync(settings, 'utf8') : undefined;
    mkdirSync(dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ ...(before ? (JSON.parse(before) as Record<string, unknown>) : {}), 'sciwrite.entities.hiddenTypes': [hidden] }, null, 2));
    try {
      await highlightsMatch(file, { ...analysis, entities: analysis.entities.filter((e) => e.type !== hidden) });
      await screenshot(session.page, 'latex-hidden-type');
    } finally {
      if (before === undefined) rmSync(settings);
      else writeFileSync(settings, before);
    }
    await highlightsMatch(file, analysis);
  });

  e2e('LaTeX paper: hovering an entity shows its type, confidence and model', 'latex-entity-hover', async () => {
    const file = join(session.workspace, 'latex', 'paper.tex');
    const analysis = analyzeWithCli(file);
    await openFile(session.page, 'latex/paper.tex');
    await goToLine(session.page, 22);
    await hoverBestEntity(file, analysis, await highlightsMatch(file, analysis), 'latex-entity-hover');
  });

  e2e('LaTeX paper: hovering \\citep shows the bib title and the SciCite intent with its score', 'latex-cite-intent-hover', async () => {
    const file = join(session.workspace, 'latex', 'paper.tex');
    await openFile(session.page, 'latex/paper.tex');
    await hoverCitation(file, join(session.workspace, 'latex', 'references.bib'), analyzeWithCli(file), 'weikum2017glucocorticoid', 'latex-cite-intent-hover');
  });

  e2e('Markdown paper: entity highlights sit on the words the tagger finds', 'markdown-entities', async () => {
    const file = join(session.workspace, 'markdown', 'paper.md');
    const analysis = analyzeWithCli(file);
    await openFile(session.page, 'markdown/paper.md');
    await goToLine(session.page, 20);
    const rendered = await highlightsMatch(file, analysis);
    await screenshot(session.page, 'markdown-entities');
    await hoverBestEntity(file, analysis, rendered, 'markdown-entity-hover');
  });

  e2e('Markdown paper: hovering [@key] shows the bib title and the SciCite intent with its score', 'markdown-cite-intent-hover', async () => {
    const file = join(session.workspace, 'markdown', 'paper.md');
    await openFile(session.page, 'markdown/paper.md');
    await hoverCitation(file, join(session.workspace, 'markdown', 'references.bib'), analyzeWithCli(file), 'taves2021glucocorticoids', 'markdown-cite-intent-hover');
  });

  e2e('killing the language server restarts it and highlights come back for new text', 'server-restarted-highlights', async () => {
    const { page } = session;
    const file = join(session.workspace, 'latex', 'paper.tex');
    const lines = readFileSync(file, 'utf8').split('\n');
    await openFile(page, 'latex/paper.tex');
    const first = await waitForLanguageServer(session);
    process.kill(first.pid, 'SIGKILL');
    await waitForLanguageServer(session, first.pid);

    // A sentence typed after the restart on an empty line: only the new server can highlight it.
    const blank = lines.findIndex((l, i) => i > 20 && l.trim() === '') + 1;
    const sentence = 'Dexamethasone suppresses FOXP3 expression in regulatory T cells.';
    await goToLine(page, blank);
    await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${blank}, Col 1` }).waitFor();
    await page.keyboard.type(sentence);
    await page.keyboard.press('Escape');
    await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${blank}, Col ${sentence.length + 1}` }).waitFor();

    // The expectation: the CLI on the same edited text, in a copy of the project.
    const copy = join(mkdtempSync(join(tmpdir(), 'sciwrite-edited-')), 'latex');
    cpSync(join(session.workspace, 'latex'), copy, { recursive: true });
    writeFileSync(join(copy, 'paper.tex'), [...lines.slice(0, blank - 1), sentence, ...lines.slice(blank)].join('\n'));
    const analysis = analyzeWithCli(join(copy, 'paper.tex'));
    const typed = analysis.entities.filter((e) => e.range.start.line === blank - 1);
    assert.ok(typed.length > 0, 'the tagger finds entities in the typed sentence');
    for (const e of analysis.entities) if (e.file === join(copy, 'paper.tex')) e.file = file;
    const rendered = await highlightsMatch(file, analysis);
    const onTyped = rendered.entities.filter((e) => e.line === blank).map((e) => e.text).sort();
    assert.deepEqual(onTyped, typed.map((e) => e.text).sort());
    await screenshot(page, 'server-restarted-highlights');
  });
});
