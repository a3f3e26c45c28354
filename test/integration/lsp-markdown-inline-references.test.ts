// The language server on a pandoc Markdown paper whose front matter holds `references:` (pandoc's
// inline bibliography) next to a .bib: no false undefined keys, hovers and go-to-definition reach the
// front matter, an id in both uses the front matter's entry, a malformed item is a diagnostic at the
// item, and an entry typed into the front matter resolves at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, textAt, uriOf } from '../helpers/lsp-client.ts';

const text = [
  '---',
  'title: Atlas',
  'bibliography: library.bib',
  'references:',
  '- id: smith2020',
  '  type: article-journal',
  '  title: A cell atlas of everything',
  '  author: [{family: Smith, given: Jane}]',
  '  issued: {date-parts: [[2020]]}',
  '  container-title: Nature',
  '- id: shared2018',
  '  type: book',
  '  title: The front matter copy',
  '  author: [{family: Inline, given: Ina}]',
  '  issued: {date-parts: [[2018]]}',
  '- title: Forgot the id',
  '---',
  '',
  'As shown [@smith2020], in @shared2018, in [@fromfile2017] and in [@later2021].',
  '',
].join('\n');
const bibText = '@article{fromfile2017, title = {From the file}, author = {File, Fay}, year = {2017}, journal = {J}}\n@book{shared2018, title = {The bib copy}, author = {Bib, Bob}, year = {2018}}\n';

let dir: string;
let paperPath: string;
let client: LspTestClient;
let uri: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sciwrite-inline-refs-lsp-'));
  paperPath = join(dir, 'paper.md');
  writeFileSync(paperPath, text);
  writeFileSync(join(dir, 'library.bib'), bibText);
  client = await LspTestClient.start({ rootDir: dir, settings: {} });
  uri = await client.open(paperPath, text, 'markdown');
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const value = (contents: unknown) => (contents as MarkupContent).value;

test('keys of the front matter and of the .bib resolve; a malformed item is reported at the item', async () => {
  const diagnostics = await client.waitForCurrentDiagnostics(uri);
  const shown = diagnostics.map((d) => [d.code, textAt(text, d.range).split('\n')[0]]);
  assert.deepEqual(shown.filter(([code]) => code === 'unresolved-key'), [['unresolved-key', 'later2021']]);
  const malformed = diagnostics.find((d) => /without an "id"/.test(typeof d.message === 'string' ? d.message : ''));
  assert.ok(malformed, JSON.stringify(diagnostics));
  assert.equal(malformed.range.start.line, 15);
  assert.equal(textAt(text, malformed.range), 'title: Forgot the id');
  const override = diagnostics.find((d) => /shared2018.*library\.bib/.test(typeof d.message === 'string' ? d.message : ''));
  assert.ok(override, 'the override is told');
  assert.equal(override.range.start.line, 10);
});

test('hover shows the front matter entry; for an id in both, the front matter copy', async () => {
  const smith = await client.hover(uri, positionOf(text, '@smith2020', 3));
  assert.match(value(smith?.contents), /A cell atlas of everything/);
  assert.match(value(smith?.contents), /paper\.md:5/);
  const shared = await client.hover(uri, positionOf(text, '@shared2018', 3));
  assert.match(value(shared?.contents), /The front matter copy/);
  assert.doesNotMatch(value(shared?.contents), /The bib copy/);
  const fromFile = await client.hover(uri, positionOf(text, '@fromfile2017', 3));
  assert.match(value(fromFile?.contents), /From the file/);
});

test('go to definition lands on the id in the front matter', async () => {
  const [definition] = await client.definition(uri, positionOf(text, '@smith2020', 3));
  assert.equal(definition.uri, uriOf(paperPath));
  assert.equal(textAt(text, definition.range), 'smith2020');
});

test('an entry typed into the front matter resolves at once', async () => {
  const edited = text.replace('- title: Forgot the id\n', '- id: later2021\n  title: Added later\n');
  await client.change(uri, [{ text: edited }]);
  await client.waitForDiagnostics(uri, (params) => !params.diagnostics.some((d) => d.code === 'unresolved-key' || /without an "id"/.test(typeof d.message === 'string' ? d.message : d.message.value)));
  const later = await client.hover(uri, positionOf(edited, '@later2021', 3));
  assert.match(value(later?.contents), /Added later/);
  await client.change(uri, [{ text }]);
});
