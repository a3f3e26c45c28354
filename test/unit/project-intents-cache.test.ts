// The citation hover's intents come from a per-project cache: repeated hovers classify nothing and
// rebuild no sentence; a chapter that changed is read again alone; the intents view and the hover
// share the cache; and a hover never waits for the classification of the project's other files
// (it shows the citation's own intent and says the project's counts are still being computed); a
// project's summaries are forgotten once none of its files is open.
// In process, through the server's editor features, with a fake session and a counting classifier.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWorkspace, defaultAnalysisOptions } from '../../extension/analysis/index.ts';
import type { IntentClassifier, IntentResult, ModelRegistry } from '../../extension/analysis/editor/index.ts';
import { citationIntentMarkdown, installEditorFeatures, type EditorFeatures } from '../../extension/server/editor/index.ts';
import { citationIntentsView } from '../../extension/server/editor/intents-view.ts';
import type { Session } from '../../extension/server/session.ts';
import { SettingsReader } from '../../extension/server/settings.ts';

const ROOT = String.raw`\documentclass{article}
\begin{document}
We used the tool of \citet{tool} in all experiments.
\input{chapter}
\bibliography{refs}
\end{document}
`;

/** A chapter citing `old` in `n` paragraphs, each sentence its own (so each is classified once). */
function chapter(n: number, word = 'measured'): string {
  return Array.from({ length: n }, (_, i) => `Study ${i + 1} ${word} the response of the receptor \\cite{old}.\n\n`).join('');
}

const BIB = ['tool', 'old'].map((k) => `@article{${k}, author = {Smith, Jane}, title = {On ${k}}, journal = {J}, year = {2020}}\n`).join('');

/** A SciCite stand-in that records every sentence it is asked about; batches that `gate` matches wait until `open()`. */
function countingClassifier(gate?: RegExp | ((texts: readonly string[]) => boolean)) {
  const asked: string[] = [];
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  if (!gate) open();
  const model: IntentClassifier = {
    id: 'counting', task: 'scicite', release: async () => undefined,
    classify: async (texts) => {
      if (gate && (typeof gate === 'function' ? gate(texts) : texts.some((t) => gate.test(t)))) await opened;
      asked.push(...texts);
      return texts.map((t): IntentResult => (/tool/.test(t) ? { label: 'method', scores: { method: 0.8, background: 0.1, result: 0.1 } } : { label: 'background', scores: { background: 0.9, method: 0.05, result: 0.05 } }));
    },
  };
  return { model, asked, open: () => open() };
}

function setUp(t: TestContext, classifier: IntentClassifier, chapterText: string, options: { inlineIntents?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-intent-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rootPath = join(dir, 'paper.tex');
  const chapterPath = join(dir, 'chapter.tex');
  writeFileSync(rootPath, ROOT);
  writeFileSync(chapterPath, chapterText);
  writeFileSync(join(dir, 'refs.bib'), BIB);
  const workspace = createWorkspace();
  const noop = () => ({ dispose: () => undefined });
  /** The manuscripts open in the editor (none unless a test opens them). */
  const open: { uri: string; path: string }[] = [];
  const connection = {
    workspace: { getConfiguration: async () => ({ models: { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin' } }) },
    sendNotification: async () => undefined,
    onNotification: noop, onRequest: noop, onExecuteCommand: noop,
    console: { error: () => undefined, log: () => undefined, warn: () => undefined, info: () => undefined },
    window: { showWarningMessage: async () => undefined },
  };
  const session = {
    connection,
    settings: new SettingsReader(connection as never, true),
    uris: { toPath: (uri: string) => fileURLToPath(uri), toUri: (path: string) => pathToFileURL(path).href },
    documents: { get: () => undefined, all: () => [], onDidChangeContent: noop, onDidClose: noop },
    openManuscripts: () => [...open],
    workspaceFolderOf: () => dir,
    async context(uri: string) {
      const path = fileURLToPath(uri);
      const project = await workspace.project(path, { ...defaultAnalysisOptions, workspaceFolder: dir });
      const file = await project.file(path);
      return file ? { uri, path, settings: {}, project, file } : undefined;
    },
  } as unknown as Session;
  const registry = {
    all: async () => ({
      entities: { role: 'entities', requested: 'builtin' },
      scicite: { role: 'scicite', requested: 'builtin', model: classifier },
      aclarc: { role: 'aclarc', requested: 'builtin' },
    }),
    reload: () => undefined,
    retryNetworkFailures: () => false,
    cancel: () => undefined,
  } as unknown as ModelRegistry;
  const editor: EditorFeatures = installEditorFeatures(connection as never, session, { registry, ...options });
  const uri = pathToFileURL(rootPath).href;
  const hover = (needle = '{tool}') => citationIntentMarkdown(session, uri, ROOT.indexOf(needle) + 2);
  const hoverChapter = (needle: string) => citationIntentMarkdown(session, pathToFileURL(chapterPath).href, chapterText.indexOf(needle));
  return { workspace, session, editor, uri, rootPath, chapterPath, hover, hoverChapter, open };
}

test('repeated citation hovers classify nothing again and rebuild no citation sentence', async (t) => {
  const counting = countingClassifier();
  const { editor, hover } = setUp(t, counting.model, chapter(30));
  const first = await hover();
  assert.ok(first, 'a hover');
  assert.match(first, /SciCite: \*\*method\*\*/);
  assert.match(first, /`tool` cited 1×/);
  const asked = counting.asked.length;
  assert.equal(asked, 31, 'every sentence of the project classified once');
  const built = editor.intentRecords.filesRead;
  assert.equal(built, 2, 'the citation sentences of both files built once');
  for (let i = 0; i < 5; i++) assert.equal(await hover(), first, 'the same hover');
  assert.equal(counting.asked.length, asked, 'no sentence classified again');
  assert.equal(editor.intentRecords.filesRead, built, 'no file\'s citation sentences built again');
});

test('the intents view and the hover share the project\'s intents', async (t) => {
  const counting = countingClassifier();
  const { editor, uri, hover } = setUp(t, counting.model, chapter(12));
  const view = await citationIntentsView(editor, uri);
  assert.deepEqual(view.references.map((r) => [r.key, r.count]), [['old', 12], ['tool', 1]]);
  const built = editor.intentRecords.filesRead;
  assert.match((await hover('{tool}')) ?? '', /`tool` cited 1×: 1 method \(SciCite\)/);
  assert.equal(editor.intentRecords.filesRead, built, 'the hover reuses what the view computed');
  const again = await citationIntentsView(editor, uri);
  assert.deepEqual(again, view, 'the same view');
  assert.equal(editor.intentRecords.filesRead, built, 'the view again reuses it too');
});

test('a chapter that changed is read again alone, and only its changed sentences are classified', async (t) => {
  const counting = countingClassifier();
  const { editor, workspace, chapterPath, hover } = setUp(t, counting.model, chapter(10));
  await hover();
  const built = editor.intentRecords.filesRead;
  const asked = counting.asked.length;
  // one paragraph's wording changes; the citations, their keys and their order stay
  workspace.setDocument(chapterPath, chapter(10).replace('Study 3 measured', 'Study 3 estimated'), 'latex');
  const after = await hover();
  assert.match(after ?? '', /`tool` cited 1×/);
  assert.equal(editor.intentRecords.filesRead, built + 1, 'the chapter alone is read again');
  assert.deepEqual(counting.asked.slice(asked), ['Study 3 estimated the response of the receptor [2].'], 'only the changed sentence is classified');
  const view = await citationIntentsView(editor, pathToFileURL(join(chapterPath, '..', 'paper.tex')).href);
  assert.equal(view.references.find((r) => r.key === 'old')?.count, 10);
});

test('a hover does not wait for the classification of the project\'s other files', { timeout: 60_000 }, async (t) => {
  // sentences of the chapter wait until the test opens the gate: a hover that waited for them would never answer
  const counting = countingClassifier(/^Study/);
  const { editor, session, uri, hover } = setUp(t, counting.model, chapter(40), { inlineIntents: 10 });
  const first = await hover();
  assert.ok(first, 'a hover while the chapter is still being classified');
  assert.match(first, /SciCite: \*\*method\*\* \(80% sure\)/, 'the citation\'s own intent');
  assert.match(first, /Read: \*“We used the tool of/);
  assert.match(first, /`tool` cited 1×; how the project cites it is still being computed/, 'the counts are not ready yet, and the hover says so');
  counting.open();
  const context = await session.context(uri);
  assert.ok(context, 'the root\'s context');
  await editor.projectIntents(context);
  const ready = await hover();
  assert.match(ready ?? '', /`tool` cited 1×: 1 method \(SciCite\)/, 'once computed, the counts are there');
  const old = await hover('\\input');
  assert.equal(old, undefined, 'no citation under the cursor');
  assert.equal(counting.asked.filter((s) => s.startsWith('Study')).length, 40, 'each chapter sentence classified once');
});

test('a hover in a big file labels its own citation alone, without waiting for the rest of the file', { timeout: 60_000 }, async (t) => {
  // the file's own batches (more than one sentence) wait until the test opens the gate
  const counting = countingClassifier((texts) => texts.length > 1);
  const text = chapter(40);
  const { editor, session, uri, hoverChapter } = setUp(t, counting.model, text, { inlineIntents: 10 });
  const first = await hoverChapter('\\cite{old}');
  assert.match(first ?? '', /SciCite: \*\*background\*\* \(90% sure\)/, 'the citation\'s own intent');
  assert.match(first ?? '', /Read: \*“Study 1 measured the response of the receptor/, 'its own sentence');
  assert.match(first ?? '', /`old` cited 40×; how the project cites it is still being computed/);
  counting.open();
  const context = await session.context(uri);
  assert.ok(context, 'the root\'s context');
  const { summaries } = await editor.projectIntents(context);
  assert.equal(summaries.get('old')?.count, 40);
  assert.match((await hoverChapter('\\cite{old}')) ?? '', /`old` cited 40×: 40 background \(SciCite\)/, 'then the counts');
});

test('a project\'s intents are kept while one of its files is open, and forgotten once none is', async (t) => {
  const counting = countingClassifier();
  const { editor, uri, rootPath, chapterPath, hover, open } = setUp(t, counting.model, chapter(5));
  const chapterUri = pathToFileURL(chapterPath).href;
  open.push({ uri, path: rootPath }, { uri: chapterUri, path: chapterPath });
  const first = await hover();
  assert.deepEqual(editor.intentRecords.roots(), [rootPath], 'the project\'s summaries are kept');
  const other = pathToFileURL(join(tmpdir(), 'elsewhere', 'other.tex')).href;
  editor.close(other);
  assert.deepEqual(editor.intentRecords.roots(), [rootPath], 'another project\'s file closed: kept');
  open.splice(0, 1);
  editor.close(uri);
  assert.deepEqual(editor.intentRecords.roots(), [rootPath], 'the root closed, its chapter still open: kept');
  open.splice(0, 1);
  editor.close(chapterUri);
  assert.deepEqual(editor.intentRecords.roots(), [], 'no file of the project open: forgotten');
  assert.equal(await hover(), first, 'asked again, the same hover');
  assert.deepEqual(editor.intentRecords.roots(), [rootPath]);
});
