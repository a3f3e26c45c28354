// A pandoc document's `csl:` style decides whether citations read "[1]" or "(Smith et al., 2020)" and the
// order numbers follow; `nocite:` adds entries after the last citation. Real CSL files from the CSL
// repository (test/fixtures/csl/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { cslStyleByName, readCslStyle } from '../../extension/core/markdown/csl-style.ts';
import { scanMarkdownCitations } from '../../extension/core/render/citation-order.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csl/${name}`, import.meta.url), 'utf8');

test('a CSL file says numeric or author-date, and how a numeric bibliography is sorted', () => {
  assert.deepEqual(readCslStyle(fixture('vancouver.csl')), { style: 'numeric', sorting: 'none' }, 'Vancouver numbers by first citation');
  assert.deepEqual(readCslStyle(fixture('harvard1.csl')), { style: 'author-year' });
  const sortedNumeric = fixture('harvard1.csl').replace('citation-format="author-date"', 'citation-format="numeric"');
  assert.deepEqual(readCslStyle(sortedNumeric), { style: 'numeric', sorting: 'nyt' }, 'sort keys author, year, title');
  assert.equal(readCslStyle('<html></html>'), undefined, 'not a CSL style');
  assert.deepEqual(cslStyleByName('styles/ieee.csl'), { style: 'numeric', sorting: 'none' });
  assert.equal(cslStyleByName('chicago-author-date.csl'), undefined, 'unknown names are left to the default');
});

test('pandoc nocite: its keys (or @*) come after the last citation', () => {
  const text = '---\ntitle: T\nnocite: |\n  @knuth84, @lamport94\n---\n\nSee [@zeta].\n';
  assert.deepEqual(scanMarkdownCitations('/p.md', text).items, [{ key: 'zeta' }, { key: 'knuth84' }, { key: 'lamport94' }]);
  assert.deepEqual(scanMarkdownCitations('/p.md', '---\nnocite: "@*"\n---\nText [@a].\n').items, [{ key: 'a' }, { key: '*' }]);
});

test('through the analysis layer: a Markdown paper with a numeric csl: reads [n] in citation order', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-csl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'refs.bib'), '@article{zeta, author = {Zimmer, Anna}, title = {Waves}, year = {2001}}\n'
    + '@article{knuth84, author = {Knuth, Donald E.}, title = {Literate Programming}, year = {1984}}\n'
    + '@article{lamport94, author = {Lamport, Leslie}, title = {LaTeX}, year = {1994}}\n');
  writeFileSync(join(dir, 'styles.csl'), fixture('vancouver.csl'));
  const paper = join(dir, 'paper.md');
  const body = '\n\nWaves [@zeta] and programs [@knuth84; @zeta].\n';
  const workspace = createWorkspace();
  const rendered = async () => (await analyzeFile(workspace, paper)).citations.map((c) => c.rendered);

  writeFileSync(paper, `---\nbibliography: refs.bib\ncsl: styles.csl\n---${body}`);
  assert.deepEqual(await rendered(), ['[1]', '[1, 2]'], 'numbers in the order of first citation (plain would give knuth84 1, zeta 2)');

  workspace.setDocument(paper, `---\nbibliography: refs.bib\ncsl: missing/ieee.csl\n---${body}`);
  assert.deepEqual(await rendered(), ['[1]', '[1, 2]'], 'a well-known numeric style named but not found');

  workspace.setDocument(paper, `---\nbibliography: refs.bib\n---${body}`);
  assert.deepEqual(await rendered(), ['(Zimmer, 2001)', '(Knuth, 1984; Zimmer, 2001)'], 'pandoc default: author-date');
});
