import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCslJson } from '../../extension/core/bib/csl-json.ts';

const path = fileURLToPath(new URL('../fixture/bib/library.json', import.meta.url));
const text = readFileSync(path, 'utf8');

test('CSL-JSON items become entries; a broken item is reported and skipped', () => {
  const { entries, problems } = parseCslJson(path, text);
  assert.deepEqual(entries.map((e) => e.key), ['virtanen2020', 'vanderwalt2011']);
  const v = entries[0];
  assert.equal(v.type, 'article');
  assert.equal(v.title, 'SciPy 1.0: fundamental algorithms for scientific computing in Python');
  assert.equal(v.venue, 'Nature Methods');
  assert.equal(v.year, '2020');
  assert.equal(v.doi, '10.1038/s41592-019-0686-2');
  assert.deepEqual(v.authors[2], { family: 'SciPy 1.0 Contributors', literal: 'SciPy 1.0 Contributors' });
  const w = entries[1];
  assert.equal(w.type, 'inproceedings');
  assert.deepEqual(w.authors[0], { family: 'Walt', given: 'Stéfan', particle: 'van der' });
  assert.equal(w.venue, 'Computing in Science & Engineering');
  assert.equal(w.url, 'https://ieeexplore.ieee.org/document/5725236');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'error');
  assert.equal(problems[0].line, text.split('\n').findIndex((l) => l.includes('missing comma')));
});

test('key spans hold the id; entry spans hold the item', () => {
  const { entries } = parseCslJson(path, text);
  for (const e of entries) {
    assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
    const item = JSON.parse(text.slice(e.span.start, e.span.end)) as { id: string };
    assert.equal(item.id, e.key);
  }
});

test('not an array, empty and truncated input do not throw', () => {
  assert.equal(parseCslJson('x.json', '{"id": "a"}').problems.length, 1);
  assert.deepEqual(parseCslJson('x.json', '').entries, []);
  const cut = parseCslJson('x.json', text.slice(0, text.indexOf('"broken"')));
  assert.deepEqual(cut.entries.map((e) => e.key), ['virtanen2020']);
});
