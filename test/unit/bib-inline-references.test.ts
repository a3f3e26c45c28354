// Pandoc's inline bibliography: CSL items written in YAML under `references:` in a Markdown
// manuscript's front matter, read as bibliography entries located in the manuscript, merged over
// the bibliography files (pandoc: "In case of conflicting ids, the inline references will take precedence").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInlineReferences, withInlineReferences } from '../../extension/core/bib/inline-references.ts';
import { readMarkdownFrontMatter } from '../../extension/core/markdown/frontmatter.ts';
import type { BibEntry, Bibliography } from '../../extension/core/types.ts';

const FILE = '/paper/paper.md';

const doc = [
  '---',
  'title: Atlas',
  'bibliography: refs.bib',
  'references:',
  '- id: smith2020',
  '  type: article-journal',
  '  title: A cell atlas of everything',
  '  author:',
  '  - family: Smith',
  '    given: Jane',
  '  - {family: Doe, given: John}',
  '  issued: {date-parts: [[2020, 5]]}',
  '  container-title: Nature',
  '  DOI: 10.1000/xyz',
  '  volume: 12',
  "- id: 'lee2019'",
  '  type: paper-conference',
  '  title: Quoted ids',
  '  container-title: Proceedings of Things',
  '  issued:',
  '    date-parts:',
  '    - - 2019',
  '---',
  '',
  'As shown [@smith2020; @lee2019].',
  '',
].join('\n');

test('front matter reads references: each item with its span and the span of its id', () => {
  assert.equal(readMarkdownFrontMatter(doc)?.references, undefined, 'read only when asked for: not at every keystroke');
  const front = readMarkdownFrontMatter(doc, { references: true });
  assert.ok(front?.references, 'references read');
  assert.equal(front.references.items.length, 2);
  const [first, second] = front.references.items;
  assert.equal(doc.slice(first.idSpan!.start, first.idSpan!.end), 'smith2020');
  assert.equal(doc.slice(second.idSpan!.start, second.idSpan!.end), 'lee2019');
  assert.ok(doc.slice(first.span.start, first.span.end).startsWith('id: smith2020'), 'the item span starts at its first key');
  assert.deepEqual((first.value as { author: unknown }).author, [{ family: 'Smith', given: 'Jane' }, { family: 'Doe', given: 'John' }]);
});

test('inline references become entries located in the manuscript', () => {
  const read = readInlineReferences(FILE, doc);
  assert.ok(read, 'read');
  assert.deepEqual(read.problems, []);
  assert.deepEqual(read.entries.map((e) => e.key), ['smith2020', 'lee2019']);
  const [smith, lee] = read.entries;
  assert.equal(smith.file, FILE);
  assert.equal(smith.type, 'article');
  assert.equal(smith.title, 'A cell atlas of everything');
  assert.equal(smith.year, '2020');
  assert.equal(smith.fields.journal, 'Nature');
  assert.equal(smith.fields.volume, '12');
  assert.equal(smith.doi, '10.1000/xyz');
  assert.deepEqual(smith.authors.map((a) => [a.family, a.given]), [['Smith', 'Jane'], ['Doe', 'John']]);
  assert.equal(doc.slice(smith.keySpan.start, smith.keySpan.end), 'smith2020');
  assert.equal(lee.type, 'inproceedings');
  assert.equal(lee.fields.booktitle, 'Proceedings of Things');
  assert.equal(lee.year, '2019');
  assert.equal(doc.slice(lee.keySpan.start, lee.keySpan.end), 'lee2019');
});

test('no front matter or no references field: nothing to read', () => {
  assert.equal(readInlineReferences(FILE, '# Title\n\nText [@a].\n'), undefined);
  assert.equal(readInlineReferences(FILE, '---\ntitle: X\nbibliography: refs.bib\n---\n\nText.\n'), undefined);
});

test('an item without an id is reported at the item; the others are read', () => {
  const text = '---\nreferences:\n- title: No id here\n  type: book\n- id: ok2021\n  title: Fine\n---\n\nText.\n';
  const read = readInlineReferences(FILE, text);
  assert.ok(read, 'read');
  assert.deepEqual(read.entries.map((e) => e.key), ['ok2021']);
  assert.equal(read.problems.length, 1);
  const [problem] = read.problems;
  assert.equal(problem.file, FILE);
  assert.equal(problem.severity, 'error');
  assert.deepEqual([problem.line, problem.column], [2, 2], 'at the item (line 3, after "- ")');
  assert.match(problem.message, /references.*without an "id".*cannot be cited/);
});

test('references that is not a list is reported at the field; an item that is not a mapping at the item', () => {
  const notList = readInlineReferences(FILE, '---\nreferences: refs.bib\n---\n');
  assert.ok(notList, 'notList');
  assert.deepEqual(notList.entries, []);
  assert.equal(notList.problems.length, 1);
  assert.deepEqual([notList.problems[0].line, notList.problems[0].column], [1, 12]);
  assert.match(notList.problems[0].message, /references.*list of CSL items/);
  const scalarItem = readInlineReferences(FILE, '---\nreferences:\n- smith2020\n---\n');
  assert.ok(scalarItem, 'scalarItem');
  assert.deepEqual(scalarItem.entries, []);
  assert.deepEqual([scalarItem.problems[0].line, scalarItem.problems[0].column], [2, 2]);
});

test('a duplicate id in the front matter: a warning, the first item is used', () => {
  const read = readInlineReferences(FILE, '---\nreferences:\n- id: a1\n  title: First\n- id: A1\n  title: Second\n---\n');
  assert.ok(read, 'read');
  assert.deepEqual(read.entries.map((e) => e.title), ['First']);
  assert.equal(read.problems.length, 1);
  assert.equal(read.problems[0].severity, 'warning');
  assert.equal(read.problems[0].line, 4);
});

test('a BOM and CRLF line ends keep spans exact', () => {
  const text = '\ufeff---\r\nreferences:\r\n- id: bom2020\r\n  title: T\r\n---\r\n';
  const read = readInlineReferences(FILE, text);
  assert.ok(read, 'read');
  const [entry] = read.entries;
  assert.equal(text.slice(entry.keySpan.start, entry.keySpan.end), 'bom2020');
});

function fileEntry(key: string, title: string): BibEntry {
  return { key, type: 'article', fields: { title }, authors: [], title, file: '/paper/refs.bib', span: { start: 0, end: 1 }, keySpan: { start: 0, end: 1 } };
}

test('merged over the files: inline entries win for the same id (case-insensitively), the others are added', () => {
  const files: Bibliography = {
    files: ['/paper/refs.bib'],
    entries: new Map([['smith2020', fileEntry('Smith2020', 'From the file')], ['other', fileEntry('other', 'Other')]]),
    problems: [],
  };
  const inline = readInlineReferences(FILE, doc)!;
  const merged = withInlineReferences(files, inline);
  assert.deepEqual([...merged.bibliography.entries.keys()], ['smith2020', 'other', 'lee2019']);
  assert.equal(merged.bibliography.entries.get('smith2020')?.title, 'A cell atlas of everything');
  assert.equal(merged.bibliography.entries.get('other')?.title, 'Other');
  assert.deepEqual(merged.bibliography.files, ['/paper/refs.bib'], 'the manuscript is not a bibliography file');
  assert.deepEqual(merged.bibliography.problems, [], 'notices about the front matter stay out of the files\' problems');
  assert.equal(merged.problems.length, 1);
  assert.equal(merged.problems[0].severity, 'information');
  assert.equal(merged.problems[0].file, FILE);
  assert.match(merged.problems[0].message, /smith2020.*refs\.bib/);
  // The files' bibliography is not changed.
  assert.equal(files.entries.get('smith2020')?.title, 'From the file');
});
