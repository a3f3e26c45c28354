// The language server driven over stdio by a JSON-RPC client, no VS Code: a two-file natbib project
// (test/fixtures/lsp/latex) copied to a temporary folder so the tests can edit its .bib file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileChangeType, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, LspTestClient, positionOf, textAt, uriOf } from '../helpers/lsp-client.ts';

const fixture = fileURLToPath(new URL('../fixtures/lsp/latex', import.meta.url));
let dir: string;
let client: LspTestClient;
let mainPath: string;
let introPath: string;
let bibPath: string;
let mainText: string;
let introText: string;
let bibText: string;
let mainUri: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-latex-'));
  cpSync(fixture, dir, { recursive: true });
  mainPath = join(dir, 'main.tex');
  introPath = join(dir, 'sections', 'intro.tex');
  bibPath = join(dir, 'refs.bib');
  mainText = readFileSync(mainPath, 'utf8');
  introText = readFileSync(introPath, 'utf8');
  bibText = readFileSync(bibPath, 'utf8');
  client = await LspTestClient.start({ rootDir: dir, settings: {} });
  mainUri = await client.open(mainPath, mainText);
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function markdown(contents: unknown): string {
  assert.ok(contents && typeof contents === 'object' && 'kind' in contents, 'hover contents are MarkupContent');
  return (contents as MarkupContent).value;
}

test('the server announces the features it provides', () => {
  const capabilities = client.capabilities?.capabilities;
  assert.ok(capabilities?.hoverProvider, 'capabilities?.hoverProvider');
  assert.ok(capabilities?.definitionProvider, 'capabilities?.definitionProvider');
  assert.ok(capabilities?.referencesProvider, 'capabilities?.referencesProvider');
  assert.deepEqual(capabilities?.renameProvider, { prepareProvider: true });
  assert.deepEqual(capabilities?.completionProvider?.triggerCharacters, ['{', ',', '@']);
  assert.deepEqual(capabilities?.textDocumentSync, { openClose: true, change: 2 });
});

test('hover on a cited key shows its entry: title, authors, venue, year and link', async () => {
  const position = positionOf(mainText, 'rives2021biological', 4);
  const hover = await client.hover(mainUri, position);
  assert.ok(hover, 'hover');
  const value = markdown(hover.contents);
  assert.match(value, /Biological structure and function emerge/);
  assert.match(value, /Alexander Rives/);
  assert.match(value, /Proceedings of the National Academy of Sciences/);
  assert.match(value, /2021/);
  assert.match(value, /https:\/\/doi\.org\/10\.1073\/pnas\.2016239118/);
  assert.equal(textAt(mainText, hover.range!), 'rives2021biological');
});

test('hover decodes LaTeX in the entry and counts the citations across files', async () => {
  const accented = await client.hover(mainUri, positionOf(mainText, 'jumper2021}', 1));
  assert.match(markdown(accented?.contents), /Augustin Žídek/);
  const hover = await client.hover(mainUri, positionOf(mainText, 'vaswani2017attention', 1));
  const value = markdown(hover?.contents);
  // Two citations in main.tex (one in another letter case) and two in sections/intro.tex.
  assert.match(value, /Cited 4×/);
});

test('hover on a key in an included file finds the project through its root', async () => {
  const introUri = await client.open(introPath, introText);
  const hover = await client.hover(introUri, positionOf(introText, 'rao2021msa', 2));
  assert.match(markdown(hover?.contents), /MSA Transformer/);
  await client.close(introUri);
});

test('hover on a key of a user macro that wraps \\citep', async () => {
  const hover = await client.hover(mainUri, positionOf(mainText, '\\inlinecite{jumper2021}', '\\inlinecite{'.length + 2));
  assert.match(markdown(hover?.contents), /Highly accurate protein structure prediction with AlphaFold/);
});

test('hover says when a key is defined in another letter case, and on an undefined key', async () => {
  const mismatch = await client.hover(mainUri, positionOf(mainText, 'Vaswani2017Attention', 2));
  assert.match(markdown(mismatch?.contents), /defined as `vaswani2017attention`/);
  const missing = await client.hover(mainUri, positionOf(mainText, 'smith2099missing', 2));
  assert.match(markdown(missing?.contents), /not defined/);
  assert.equal(await client.hover(mainUri, positionOf(mainText, 'Transformers changed', 3)), null);
});

test('diagnostics: an undefined key is a warning, a key in another case an information, with related locations', async () => {
  const diagnostics = await client.waitForCurrentDiagnostics(mainUri);
  const byCode = (code: string) => diagnostics.filter((d) => d.code === code);
  const unresolved = byCode('unresolved-key');
  assert.equal(unresolved.length, 1);
  assert.equal(unresolved[0].severity, 2);
  assert.equal(textAt(mainText, unresolved[0].range), 'smith2099missing');
  assert.equal(unresolved[0].relatedInformation?.[0].location.uri, uriOf(bibPath));
  const mismatches = byCode('key-case-mismatch');
  assert.deepEqual(mismatches.map((d) => textAt(mainText, d.range)).sort(), ['Jumper2021', 'Vaswani2017Attention']);
  assert.ok(mismatches.every((d) => d.severity === 3), 'mismatches.every((d) => d.severity === 3)');
  const related = mismatches.find((d) => textAt(mainText, d.range) === 'Jumper2021')?.relatedInformation?.[0];
  assert.equal(related?.location.uri, uriOf(bibPath));
  assert.equal(textAt(bibText, related!.location.range), 'jumper2021');
});

test('a typo gets a quick fix with the closest key; applying it clears the diagnostic', async () => {
  const start = positionOf(mainText, 'smith2099missing');
  const end = positionOf(mainText, 'smith2099missing', 'smith2099missing'.length);
  const version = await client.change(mainUri, [{ range: { start, end }, text: 'rives2021biologcal' }]);
  const edited = applyEdits(mainText, [{ range: { start, end }, newText: 'rives2021biologcal' }]);
  const diagnostics = await client.waitForCurrentDiagnostics(mainUri, (list) => list.some((d) => d.code === 'unresolved-key'));
  const typo = diagnostics.find((d) => d.code === 'unresolved-key') as Diagnostic;
  assert.equal(textAt(edited, typo.range), 'rives2021biologcal');
  assert.match(typo.relatedInformation?.[0].message ?? '', /Did you mean 'rives2021biological'/);

  const actions = await client.codeActions(mainUri, typo.range, [typo]);
  const fix = actions.find((action) => 'edit' in action && action.title.includes('rives2021biological'));
  assert.ok(fix && 'edit' in fix && fix.edit?.changes, 'a quick fix replaces the key');
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  const edits = fix.edit.changes[mainUri];
  const fixed = applyEdits(edited, edits);
  assert.match(fixed, /\\cite\{rives2021biological\}/);
  assert.ok(version > 1, 'version > 1');

  await client.change(mainUri, edits.map((edit) => ({ range: edit.range, text: edit.newText })));
  const after = await client.waitForCurrentDiagnostics(mainUri);
  assert.equal(after.filter((d) => d.code === 'unresolved-key').length, 0);
  // Back to the fixture's text for the other tests.
  await client.change(mainUri, [{ text: mainText }]);
  await client.waitForCurrentDiagnostics(mainUri, (list) => list.some((d) => d.code === 'unresolved-key'));
});

test('completion inside cite braces offers every key labelled with author, year and title', async () => {
  const items = await client.completion(mainUri, positionOf(mainText, '\\citet[p.~3]{rives', '\\citet[p.~3]{ri'.length));
  const labels = items.map((item) => item.label).sort();
  assert.deepEqual(labels, ['durbin1998', 'jumper2021', 'rao2021msa', 'rives2021biological', 'vaswani2017attention']);
  const rives = items.find((item) => item.label === 'rives2021biological')!;
  assert.match(rives.detail ?? '', /Rives et al\. \(2021\) Biological structure/);
  assert.match(rives.filterText ?? '', /^rives2021biological .*Meier.*2021.*Biological structure/);
  assert.ok(rives.textEdit && 'range' in rives.textEdit, 'rives.textEdit && \'range\' in rives.textEdit');
  assert.equal(textAt(mainText, rives.textEdit.range), 'rives2021biological');
});

test('completion after a comma leaves out the other keys already in the citation', async () => {
  const inside = positionOf(mainText, '\\citep{Jumper2021,', '\\citep{Jumper2021,'.length);
  const items = await client.completion(mainUri, inside);
  const labels = items.map((item) => item.label);
  assert.ok(!labels.includes('jumper2021'), '!labels.includes(\'jumper2021\')');
  // The key under the cursor is the one being replaced: it stays on offer.
  assert.ok(labels.includes('rives2021biological'), 'labels.includes(\'rives2021biological\')');
  assert.ok(labels.includes('durbin1998'), 'labels.includes(\'durbin1998\')');
});

test('completion while typing a new citation, and none outside citations', async () => {
  const end = positionOf(mainText, 'is reported.', 'is reported.'.length);
  await client.change(mainUri, [{ range: { start: end, end }, text: ' See \\citep{dur' }]);
  const typed = { line: end.line, character: end.character + ' See \\citep{dur'.length };
  const items = await client.completion(mainUri, typed);
  const durbin = items.find((item) => item.label === 'durbin1998');
  assert.ok(durbin?.textEdit && 'range' in durbin.textEdit, 'durbin?.textEdit && \'range\' in durbin.textEdit');
  assert.deepEqual(durbin.textEdit.range, { start: { line: end.line, character: typed.character - 3 }, end: typed });
  assert.deepEqual(await client.completion(mainUri, positionOf(mainText, 'Transformers changed', 5)), []);
  await client.change(mainUri, [{ text: mainText }]);
});

test('go to definition opens the key in the .bib file', async () => {
  const locations = await client.definition(mainUri, positionOf(mainText, 'Jumper2021', 3));
  assert.equal(locations.length, 1);
  assert.equal(locations[0].uri, uriOf(bibPath));
  assert.equal(textAt(bibText, locations[0].range), 'jumper2021');
});

test('find references lists every citation of the key in every file, and the declaration', async () => {
  const locations = await client.references(mainUri, positionOf(mainText, 'vaswani2017attention', 2));
  const found = locations.map((location) => {
    const text = location.uri === uriOf(bibPath) ? bibText : location.uri === uriOf(introPath) ? introText : mainText;
    return `${location.uri.slice(location.uri.lastIndexOf('/') + 1)}:${textAt(text, location.range)}`;
  });
  assert.deepEqual(found.sort(), [
    'intro.tex:vaswani2017attention',
    'intro.tex:vaswani2017attention',
    'main.tex:Vaswani2017Attention',
    'main.tex:vaswani2017attention',
    'refs.bib:vaswani2017attention',
  ]);
  const withoutDeclaration = await client.references(mainUri, positionOf(mainText, 'vaswani2017attention', 2), false);
  assert.equal(withoutDeclaration.length, 4);
});

test('find references from the key in the .bib file', async () => {
  const bibUri = await client.open(bibPath, bibText);
  const locations = await client.references(bibUri, positionOf(bibText, 'rao2021msa', 1));
  assert.deepEqual(locations.map((l) => l.uri.slice(l.uri.lastIndexOf('/') + 1)).sort(), ['intro.tex', 'refs.bib']);
  await client.close(bibUri);
});

test('rename changes the .bib entry and every citation at once', async () => {
  const position = positionOf(mainText, 'vaswani2017attention', 2);
  const prepared = await client.prepareRename(mainUri, position);
  assert.ok(prepared && 'placeholder' in prepared, 'prepared && \'placeholder\' in prepared');
  assert.equal(prepared.placeholder, 'vaswani2017attention');
  assert.equal(textAt(mainText, prepared.range), 'vaswani2017attention');

  const edit = await client.rename(mainUri, position, 'vaswani2017');
  const changes = edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes).sort(), [uriOf(bibPath), uriOf(mainPath), uriOf(introPath)].sort());
  const renamedBib = applyEdits(bibText, changes[uriOf(bibPath)]);
  assert.match(renamedBib, /@inproceedings\{vaswani2017,/);
  assert.equal(renamedBib.length, bibText.length - 'attention'.length);
  const renamedMain = applyEdits(mainText, changes[uriOf(mainPath)]);
  assert.ok(!/vaswani2017attention/i.test(renamedMain), '!/vaswani2017attention/i.test(renamedMain)');
  assert.equal((renamedMain.match(/vaswani2017\}/g) ?? []).length, 2);
  const renamedIntro = applyEdits(introText, changes[uriOf(introPath)]);
  assert.equal((renamedIntro.match(/\{vaswani2017\}/g) ?? []).length, 2);
});

test('rename refuses a key that is taken or not a valid key, and a place with no key', async () => {
  const position = positionOf(mainText, 'vaswani2017attention', 2);
  await assert.rejects(client.rename(mainUri, position, 'jumper2021'), /already defined/);
  await assert.rejects(client.rename(mainUri, position, 'two words'), /not a valid citation key/);
  await assert.rejects(client.prepareRename(mainUri, positionOf(mainText, 'Transformers changed', 2)), /cursor on a citation key/);
});

test('the uncited-entries request lists the entries no file cites', async () => {
  const result = await client.connection.sendRequest('sciwrite/uncitedEntries', { uri: mainUri }) as { projects: { rootUri: string; entries: { key: string; location: { uri: string; range: never } }[] }[] };
  assert.equal(result.projects.length, 1);
  assert.equal(result.projects[0].rootUri, mainUri);
  assert.deepEqual(result.projects[0].entries.map((entry) => entry.key), ['durbin1998']);
  assert.equal(textAt(bibText, result.projects[0].entries[0].location.range), 'durbin1998');
});

test('a .bib file changed on disk is re-read: the undefined key resolves', async () => {
  writeFileSync(bibPath, `${bibText}\n@misc{smith2099missing,\n  title = {A report from the future},\n  author = {Smith, Jane},\n  year = {2099}\n}\n`);
  await client.filesChanged([{ uri: uriOf(bibPath), type: FileChangeType.Changed }]);
  const diagnostics = await client.waitForDiagnostics(mainUri, (params) => !params.diagnostics.some((d) => d.code === 'unresolved-key'));
  assert.equal(diagnostics.diagnostics.filter((d) => d.code === 'key-case-mismatch').length, 2);
  const hover = await client.hover(mainUri, positionOf(mainText, 'smith2099missing', 2));
  assert.match(markdown(hover?.contents), /A report from the future/);
  writeFileSync(bibPath, bibText);
  await client.filesChanged([{ uri: uriOf(bibPath), type: FileChangeType.Changed }]);
  await client.waitForDiagnostics(mainUri, (params) => params.diagnostics.some((d) => d.code === 'unresolved-key'));
});

test('a .bib file edited in the editor: its parse error is reported in the .bib with its line, and the manuscript follows the buffer', async () => {
  const bibUri = await client.open(bibPath, bibText);
  // Break the jumper2021 entry's title brace, and rename durbin1998's key in the buffer only.
  const broken = bibText.replace('title   = {Highly accurate', 'title   = Highly accurate {').replace('@book{durbin1998,', '@book{smith2099missing,');
  await client.change(bibUri, [{ text: broken }]);
  const bibDiagnostics = await client.waitForDiagnostics(bibUri, (params) => params.diagnostics.some((d) => d.severity === 1));
  const error = bibDiagnostics.diagnostics.find((d) => d.severity === 1)!;
  const brokenLine = broken.split('\n').findIndex((line) => line.includes('Highly accurate'));
  assert.ok(Math.abs(error.range.start.line - brokenLine) <= 3, `error reported near line ${brokenLine + 1}, got ${error.range.start.line + 1}: ${error.message}`);
  await client.waitForDiagnostics(mainUri, (params) => !params.diagnostics.some((d) => d.code === 'unresolved-key' && JSON.stringify(d.message).includes('smith2099missing')));

  await client.change(bibUri, [{ text: bibText }]);
  await client.waitForDiagnostics(bibUri, (params) => params.diagnostics.every((d) => d.severity !== 1));
  await client.close(bibUri);
});

test('the analyzeDocument request returns the same analysis as `sciwrite analyze --json`', async () => {
  const result = await client.connection.sendRequest('sciwrite/analyzeDocument', { uri: mainUri }) as { root: string; files: string[]; citations: { keys: string[]; unresolved: string[] }[] };
  assert.equal(result.root, mainPath);
  assert.deepEqual(result.files, [mainPath, introPath]);
  assert.equal(result.citations.length, 9);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), ['smith2099missing']);
});

test('a .bib file opened before any manuscript still finds the citations of its keys', async () => {
  const fresh = await LspTestClient.start({ rootDir: dir, settings: {} });
  try {
    const bibUri = await fresh.open(bibPath, bibText);
    const locations = await fresh.references(bibUri, positionOf(bibText, 'jumper2021', 2), false);
    assert.deepEqual(locations.map((l) => textAt(mainText, l.range)).sort(), ['Jumper2021', 'jumper2021']);
  } finally {
    await fresh.stop();
  }
});
