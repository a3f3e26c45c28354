// Settings switch each feature, are read per request (a change applies at once), and LaTeX Workshop
// users get only SciWrite's additions in the citation hover. Also: an editor that cannot watch files
// for the server (as Neovim without a file watcher) still sees .bib edits made on disk.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, LspTestClient, positionOf } from '../helpers/lsp-client.ts';

const fixture = fileURLToPath(new URL('../fixtures/lsp/latex', import.meta.url));
const dirs: string[] = [];
const clients: LspTestClient[] = [];

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-settings-'));
  cpSync(fixture, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

async function start(dir: string, options: Partial<Parameters<typeof LspTestClient.start>[0]> = {}): Promise<LspTestClient> {
  const client = await LspTestClient.start({ rootDir: dir, settings: {}, ...options });
  clients.push(client);
  return client;
}

after(async () => {
  for (const client of clients) await client.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const hoverText = (hover: { contents: unknown } | null) => (hover ? (hover.contents as MarkupContent).value : '');

test('hover, completion and diagnostics each switch off, read per request', async () => {
  const dir = copyFixture();
  const client = await start(dir);
  const path = join(dir, 'main.tex');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const onKey = positionOf(text, 'rives2021biological', 3);
  assert.ok(await client.hover(uri, onKey), 'await client.hover(uri, onKey)');
  assert.ok((await client.completion(uri, onKey)).length > 0, '(await client.completion(uri, onKey)).length > 0');
  assert.ok((await client.waitForCurrentDiagnostics(uri)).length > 0, '(await client.waitForCurrentDiagnostics(uri)).length > 0');

  await client.setSettings({ citations: { hover: { enabled: false }, completion: { enabled: false } }, diagnostics: { enabled: false } });
  assert.equal(await client.hover(uri, onKey), null);
  assert.deepEqual(await client.completion(uri, onKey), []);
  const cleared = await client.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);

  await client.setSettings({});
  assert.ok(await client.hover(uri, onKey), 'await client.hover(uri, onKey)');
  await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0);
});

test('with LaTeX Workshop installed, the hover adds to its entry instead of repeating it', async () => {
  const dir = copyFixture();
  const client = await start(dir, { initializationOptions: { latexWorkshopInstalled: true } });
  const path = join(dir, 'main.tex');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const onKey = positionOf(text, 'Jumper2021', 3);
  const extras = hoverText(await client.hover(uri, onKey));
  assert.doesNotMatch(extras, /Highly accurate protein structure prediction/);
  assert.match(extras, /Cited 2× in this project/);
  assert.match(extras, /defined as `jumper2021`/);

  await client.setSettings({ citations: { hover: { deferToLatexWorkshop: false } } });
  assert.match(hoverText(await client.hover(uri, onKey)), /Highly accurate protein structure prediction/);

  await client.setSettings({});
  await client.connection.sendNotification('sciwrite/clientInfo', { latexWorkshopInstalled: false });
  assert.match(hoverText(await client.hover(uri, onKey)), /Highly accurate protein structure prediction/);
});

test('extra citation commands and extra bibliography files from the settings', async () => {
  const dir = copyFixture();
  const extraBib = join(dir, 'extra', 'zotero.bib');
  const path = join(dir, 'main.tex');
  const text = readFileSync(path, 'utf8').replace('is reported.', 'is reported, \\mycite{lecun2015deep} too.');
  writeFileSync(path, text);
  const client = await start(dir);
  const uri = await client.open(path, text);
  const onKey = positionOf(text, 'lecun2015deep', 3);
  assert.equal(await client.hover(uri, onKey), null, '\\mycite is not a citation command yet');

  await client.setSettings({ citations: { extraCommands: ['\\mycite'] } });
  assert.match(hoverText(await client.hover(uri, onKey)), /not defined/);
  await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'unresolved-key' && JSON.stringify(d.message).includes('lecun2015deep')));

  mkdirSync(join(dir, 'extra'), { recursive: true });
  writeFileSync(extraBib, '@article{lecun2015deep,\n  title = {Deep learning},\n  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},\n  journal = {Nature},\n  year = {2015}\n}\n');
  await client.setSettings({ citations: { extraCommands: ['mycite'] }, bibliography: { extraFiles: ['extra/zotero.bib'] } });
  assert.match(hoverText(await client.hover(uri, onKey)), /Deep learning/);
  await client.waitForDiagnostics(uri, (params) => !params.diagnostics.some((d) => JSON.stringify(d.message).includes('lecun2015deep')));
});

test('without file watching from the editor, the server watches the .bib files itself', async () => {
  const dir = copyFixture();
  const client = await start(dir, { dynamicWatchers: false });
  const path = join(dir, 'main.tex');
  const bibPath = join(dir, 'refs.bib');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'unresolved-key'));
  writeFileSync(bibPath, `${readFileSync(bibPath, 'utf8')}\n@misc{smith2099missing,\n  title = {Written on disk while the server runs},\n  year = {2099}\n}\n`);
  await client.waitForDiagnostics(uri, (params) => !params.diagnostics.some((d) => d.code === 'unresolved-key'));
  assert.match(hoverText(await client.hover(uri, positionOf(text, 'smith2099missing', 2))), /Written on disk while the server runs/);
});

test('a .bib file opened on its own reports its parse errors at their line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-bib-'));
  dirs.push(dir);
  const bibPath = join(dir, 'alone.bib');
  const text = '@article{good2020,\n  title = {Fine},\n  year = {2020}\n}\n\n@article{broken2021,\n  title = {Missing brace,\n  year = {2021}\n\n@book{after2022, title = {After}, year = {2022}}\n';
  writeFileSync(bibPath, text);
  const client = await start(dir);
  const uri = await client.open(bibPath, text, 'bibtex');
  const diagnostics = await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0);
  const error = diagnostics.diagnostics.find((d) => d.severity === 1);
  assert.ok(error, JSON.stringify(diagnostics.diagnostics));
  assert.ok(error.range.start.line >= 5 && error.range.start.line <= 9, `line ${error.range.start.line + 1}: ${JSON.stringify(error.message)}`);
  await client.change(uri, [{ text: text.replace('title = {Missing brace,', 'title = {Missing brace},').replace('year = {2021}\n', 'year = {2021}\n}\n') }]);
  await client.waitForDiagnostics(uri, (params) => params.diagnostics.every((d) => d.severity !== 1));
});

test('renaming a crossref parent also renames the crossref fields that name it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-lsp-crossref-'));
  dirs.push(dir);
  const bib = '@proceedings{icml2021,\n  title = {Proceedings of the 38th International Conference on Machine Learning},\n  year = {2021}\n}\n\n@inproceedings{rao2021msa,\n  title = {{MSA} Transformer},\n  author = {Rao, Roshan},\n  crossref = {ICML2021}\n}\n';
  const tex = '\\documentclass{article}\n\\begin{document}\nAs in \\cite{rao2021msa} and \\cite{icml2021}.\n\\bibliography{refs}\n\\end{document}\n';
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(join(dir, 'main.tex'), tex);
  const client = await start(dir);
  const uri = await client.open(join(dir, 'main.tex'), tex);
  const hover = hoverText(await client.hover(uri, positionOf(tex, 'rao2021msa', 2)));
  assert.match(hover, /Proceedings of the 38th International Conference on Machine Learning/, 'the child inherits the booktitle');
  const edit = await client.rename(uri, positionOf(tex, 'icml2021', 2), 'icml2021proc');
  const renamed = applyEdits(bib, edit?.changes?.[pathToFileURL(join(dir, 'refs.bib')).href] ?? []);
  assert.match(renamed, /@proceedings\{icml2021proc,/);
  assert.match(renamed, /crossref = \{icml2021proc\}/);
});

test('an editor that cannot send workspace-folder events gets no error for asking', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'sciwrite-no-folder-events-'));
  const path = join(root, 'paper.tex');
  writeFileSync(path, '\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n');
  const client = await LspTestClient.start({ rootDir: root });
  try {
    // the server has handled `initialized` once it answers for a document opened after it
    await client.waitForCurrentDiagnostics(await client.open(path));
    assert.deepEqual(client.logMessages.filter((m) => m.type === 1).map((m) => m.message), []);
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
