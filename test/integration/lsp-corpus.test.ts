// The language server on a real paper: SciPy 1.0 (test/fixtures/corpus/scipy-1.0, BSD-3-Clause),
// seven files joined by \input, numeric \cite and a user macro \inlinecite that wraps \citen.
// The expected citations are counted from the source text with a plain regular expression, not by
// the code under test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, textAt, uriOf } from '../helpers/lsp-client.ts';

const dir = fileURLToPath(new URL('../fixtures/corpus/scipy-1.0', import.meta.url));
const texFiles = readdirSync(dir).filter((name) => name.endsWith('.tex')).map((name) => join(dir, name));
const bibPath = join(dir, 'references.bib');
let client: LspTestClient;

/** Keys cited with \cite{...} or \inlinecite{...} outside comments, by file. */
function citedKeys(path: string): string[] {
  const source = readFileSync(path, 'utf8').split('\n').map((line) => line.replace(/(?<!\\)%.*$/, '')).join('\n');
  const keys: string[] = [];
  for (const match of source.matchAll(/\\(?:cite|inlinecite)\{([^}]*)\}/g)) {
    for (const key of match[1].split(',')) if (key.trim()) keys.push(key.trim());
  }
  return keys;
}

before(async () => {
  client = await LspTestClient.start({ rootDir: dir, settings: {} });
});

after(async () => {
  await client?.stop();
});

test('every file of the paper: each key the .bib defines resolves, no unresolved-key diagnostic', async () => {
  const bib = readFileSync(bibPath, 'utf8');
  const defined = new Set([...bib.matchAll(/@\w+\s*\{\s*([^,\s]+)\s*,/g)].map((m) => m[1].toLowerCase()));
  for (const path of texFiles) {
    const keys = citedKeys(path);
    const uri = await client.open(path);
    const diagnostics = await client.waitForCurrentDiagnostics(uri);
    const unresolved = diagnostics.filter((d) => d.code === 'unresolved-key').map((d) => textAt(readFileSync(path, 'utf8'), d.range));
    const expected = keys.filter((key) => !defined.has(key.toLowerCase()));
    assert.deepEqual(unresolved.sort(), [...new Set(expected)].sort(), path);
    await client.close(uri);
  }
});

test('hover on a key of the \\inlinecite macro in an included file shows the entry', async () => {
  const path = join(dir, 'scipy-optimize.tex');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  const hover = await client.hover(uri, positionOf(text, 'powell_efficient_1964', 4));
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /efficient method for finding the minimum/i);
  assert.match(value, /Powell/);
  const [definition] = await client.definition(uri, positionOf(text, 'powell_efficient_1964', 4));
  assert.equal(definition.uri, uriOf(bibPath));
  assert.equal(textAt(readFileSync(bibPath, 'utf8'), definition.range), 'powell_efficient_1964');
  await client.close(uri);
});

test('find references counts the citations of a key across the files as the source holds them', async () => {
  const path = join(dir, 'paper.tex');
  const text = readFileSync(path, 'utf8');
  const uri = await client.open(path, text);
  for (const key of ['behnel2011cython', 'Dierckx:1993:CSF:151103', 'vanderwalt2011numpy']) {
    const expected = texFiles.reduce((sum, file) => sum + citedKeys(file).filter((k) => k.toLowerCase() === key.toLowerCase()).length, 0);
    const fileWithKey = texFiles.find((file) => citedKeys(file).includes(key))!;
    const fileText = readFileSync(fileWithKey, 'utf8');
    const fileUri = fileWithKey === path ? uri : await client.open(fileWithKey, fileText);
    const references = await client.references(fileUri, positionOf(fileText, key, 1), false);
    assert.equal(references.length, expected, key);
    if (fileUri !== uri) await client.close(fileUri);
  }
  await client.close(uri);
});

test('the uncited-entries report agrees with the keys the source cites', async () => {
  const path = join(dir, 'paper.tex');
  const uri = await client.open(path);
  const result = await client.connection.sendRequest('sciwrite/uncitedEntries', { uri }) as { projects: { entries: { key: string }[] }[] };
  const cited = new Set(texFiles.flatMap(citedKeys).map((key) => key.toLowerCase()));
  const bib = readFileSync(bibPath, 'utf8');
  const defined = [...bib.matchAll(/@(\w+)\s*\{\s*([^,\s]+)\s*,/g)].filter((m) => m[1].toLowerCase() !== 'string').map((m) => m[2]);
  const expected = defined.filter((key) => !cited.has(key.toLowerCase()));
  assert.deepEqual(result.projects[0].entries.map((entry) => entry.key).sort(), expected.sort());
  await client.close(uri);
});
