// The language server on a pandoc Markdown paper (test/fixtures/lsp/markdown): `[@a; @b, p. 4]`,
// narrative `@key`, `[-@key]`, and a Quarto cross-reference `@fig-atlas` that is not a citation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileChangeType, type MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, textAt, uriOf } from '../helpers/lsp-client.ts';

const dir = fileURLToPath(new URL('../fixtures/lsp/markdown', import.meta.url));
const paperPath = join(dir, 'paper.md');
const bibPath = join(dir, 'library.bib');
const text = readFileSync(paperPath, 'utf8');
const bibText = readFileSync(bibPath, 'utf8');
let client: LspTestClient;
let uri: string;

before(async () => {
  client = await LspTestClient.start({ rootDir: dir, settings: {} });
  uri = await client.open(paperPath, text, 'markdown');
});

after(async () => {
  await client?.stop();
});

const value = (contents: unknown) => (contents as MarkupContent).value;

test('hover on keys of a bracketed pandoc citation, a narrative @key and a [-@key]', async () => {
  const regev = await client.hover(uri, positionOf(text, '@regev2017human', 3));
  assert.match(value(regev?.contents), /The Human Cell Atlas/);
  assert.equal(textAt(text, regev!.range!), 'regev2017human');
  const tabula = await client.hover(uri, positionOf(text, '@tabula2018', 2));
  assert.match(value(tabula?.contents), /Tabula Muris Consortium/);
  const narrative = await client.hover(uri, positionOf(text, '@travaglini2020molecular', 4));
  assert.match(value(narrative?.contents), /molecular cell atlas of the human lung/);
  const suppressed = await client.hover(uri, positionOf(text, '-@schiller2019', 4));
  assert.match(value(suppressed?.contents), /Human Lung Cell Atlas/);
});

test('a Quarto cross-reference is not a citation', async () => {
  assert.equal(await client.hover(uri, positionOf(text, '@fig-atlas', 3)), null);
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  assert.ok(!diagnostics.some((d) => textAt(text, d.range).includes('fig-atlas')), '!diagnostics.some((d) => textAt(text, d.range).includes(\'fig-atlas\'))');
});

test('an undefined pandoc key is a warning; the defined ones are not', async () => {
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => [d.code, textAt(text, d.range)]), [['unresolved-key', 'unknown2020']]);
});

test('completion after @ offers the library, labelled and filterable by author, year and title', async () => {
  const items = await client.completion(uri, positionOf(text, '@travaglini', 4));
  const labels = items.map((item) => item.label).sort();
  assert.deepEqual(labels, ['regev2017human', 'schiller2019', 'tabula2018', 'travaglini2020molecular']);
  const travaglini = items.find((item) => item.label === 'travaglini2020molecular')!;
  assert.match(travaglini.filterText ?? '', /Travaglini.*2020.*molecular cell atlas/);
  assert.ok(travaglini.textEdit && 'range' in travaglini.textEdit, 'travaglini.textEdit && \'range\' in travaglini.textEdit');
  assert.equal(textAt(text, travaglini.textEdit.range), 'travaglini2020molecular');
  // An e-mail address is not a citation.
  const mail = 'Write to lab@example.org for data.';
  const end = positionOf(text, 'not in the library.', 'not in the library.'.length);
  await client.change(uri, [{ range: { start: end, end }, text: ` ${mail}` }]);
  const atMail = { line: end.line, character: end.character + 1 + mail.indexOf('@') + 3 };
  assert.deepEqual(await client.completion(uri, atMail), []);
  await client.change(uri, [{ text }]);
});

test('definition and references of a pandoc key', async () => {
  const [definition] = await client.definition(uri, positionOf(text, '@schiller2019', 3));
  assert.equal(definition.uri, uriOf(bibPath));
  assert.equal(textAt(bibText, definition.range), 'schiller2019');
  const references = await client.references(uri, positionOf(text, '@regev2017human', 3));
  assert.deepEqual(references.map((r) => r.uri).sort(), [uriOf(bibPath), uriOf(paperPath)].sort());
});

test('rename a pandoc key in the library and the paper', async () => {
  const edit = await client.rename(uri, positionOf(text, '@tabula2018', 2), 'tabulamuris2018');
  const changes = edit?.changes ?? {};
  assert.equal(changes[uriOf(paperPath)]?.length, 1);
  assert.equal(changes[uriOf(bibPath)]?.length, 1);
  assert.equal(textAt(text, changes[uriOf(paperPath)][0].range), 'tabula2018');
  assert.equal(textAt(bibText, changes[uriOf(bibPath)][0].range), 'tabula2018');
});

test('a Quarto include opened on its own cites from its includer\'s bibliography: no false undefined keys; a missing include is reported', { timeout: 60_000 }, async (t) => {
  const project = mkdtempSync(join(tmpdir(), 'sciwrite-quarto-include-'));
  t.after(() => rmSync(project, { recursive: true, force: true }));
  const index = join(project, 'index.qmd');
  const child = join(project, '_methods.qmd');
  const indexText = '---\ntitle: Atlas\nbibliography: library.bib\n---\n\nIntro [@regev2017human].\n\n{{< include _methods.qmd >}}\n\n{{< include _gone.qmd >}}\n';
  const childText = '## Methods\n\nAs in @tabula2018 and [@unknown2020].\n';
  writeFileSync(index, indexText);
  writeFileSync(child, childText);
  writeFileSync(join(project, 'library.bib'), bibText);
  const own = await LspTestClient.start({ rootDir: project, settings: {} });
  t.after(() => own.stop());
  const childUri = await own.open(child, childText, 'quarto');
  const diagnostics = await own.waitForCurrentDiagnostics(childUri);
  assert.deepEqual(diagnostics.map((d) => [d.code, textAt(childText, d.range)]), [['unresolved-key', 'unknown2020']], 'only the key the library lacks');
  assert.match(value((await own.hover(childUri, positionOf(childText, '@tabula2018', 2)))?.contents), /Tabula Muris Consortium/);
  const indexUri = await own.open(index, indexText, 'quarto');
  const indexDiagnostics = await own.waitForCurrentDiagnostics(indexUri);
  const messages = indexDiagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  assert.ok(messages.some((m) => /Included file not found: _gone\.qmd/.test(m)), JSON.stringify(messages));
});

test('a _quarto.yml written on disk gives the project its bibliography: the undefined keys resolve', { timeout: 60_000 }, async (t) => {
  const project = mkdtempSync(join(tmpdir(), 'sciwrite-quarto-project-'));
  t.after(() => rmSync(project, { recursive: true, force: true }));
  const chapter = join(project, 'chapter.qmd');
  const chapterText = '# Atlas\n\nAs in @tabula2018.\n';
  writeFileSync(chapter, chapterText);
  writeFileSync(join(project, 'library.bib'), bibText);
  const own = await LspTestClient.start({ rootDir: project, settings: {} });
  t.after(() => own.stop());
  const uri = await own.open(chapter, chapterText, 'quarto');
  await own.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'unresolved-key'));
  const config = join(project, '_quarto.yml');
  writeFileSync(config, 'project:\n  type: book\nbibliography: library.bib\n');
  await own.filesChanged([{ uri: uriOf(config), type: FileChangeType.Created }]);
  await own.waitForDiagnostics(uri, (params) => !params.diagnostics.some((d) => d.code === 'unresolved-key'));
});
