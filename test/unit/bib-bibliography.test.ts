import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { BibCache } from '../../extension/core/bib/cache.ts';
import { BibWorker } from '../../extension/core/bib/off-thread.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { closestKeySuggestions, closestKeys } from '../../extension/core/bib/closest-keys.ts';
import { uncitedEntries } from '../../extension/core/bib/uncited.ts';

const dir = fileURLToPath(new URL('../fixture/bib/', import.meta.url));
const readFixture = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

test('an @string-only file serves the next file, in either order', async () => {
  for (const files of [['strings-only.bib', 'uses-strings.bib'], ['uses-strings.bib', 'strings-only.bib']]) {
    const bib = await loadBibliography(files.map((f) => dir + f), readFixture);
    assert.equal(bib.entries.get('fazi2013')!.venue, 'The Journal of the Acoustical Society of America', files.join());
    assert.equal(bib.entries.get('hess2004')!.venue, 'Audio Engineering Society Convention 117');
    assert.deepEqual(bib.problems, [], files.join());
    assert.equal(bib.strings.jasa, 'The Journal of the Acoustical Society of America');
  }
});

test('keys match case-insensitively; the original spelling is kept', async () => {
  const bib = await loadBibliography([dir + 'accents.bib'], readFixture);
  assert.equal(bib.entries.get('garcia2020')!.key, 'Garcia2020');
  assert.equal(bib.entries.has('Garcia2020'), false);
});

test('crossref and xdata inheritance, with problems for missing parents', async () => {
  const file = dir + 'crossref.bib';
  const bib = await loadBibliography([file], readFixture);
  const child = bib.entries.get('child2019')!;
  assert.equal(child.venue, 'Proceedings of the Workshop on Things');
  assert.equal(child.fields.booktitle, 'Proceedings of the Workshop on Things');
  assert.equal(child.title, 'A Paper in the Proceedings');
  assert.equal(child.year, '2019');
  assert.equal(child.fields.publisher, 'ACM');
  assert.deepEqual(child.editors!.map((n) => n.family), ['Roe']);
  assert.deepEqual(child.authors.map((n) => n.family), ['Doe']);
  const book = bib.entries.get('withxdata')!;
  assert.equal(book.fields.publisher, 'ACM Press');
  assert.equal(book.fields.location, 'New York');
  assert.equal(bib.problems.length, 1);
  assert.match(bib.problems[0].message, /nosuchparent/);
  assert.equal(bib.problems[0].line + 1, 27);
  // Inheritance copies: a fresh parse of the same file still has no booktitle on the child.
  const fresh = parseBibTeX(file, readFixture(file)!).entries.find((e) => e.key === 'child2019')!;
  assert.equal(fresh.fields.booktitle, undefined);
});

test('duplicates across files: the first wins and the second is reported where it is', async () => {
  const a = '/virtual/a.bib';
  const b = '/virtual/b.bib';
  const texts: Record<string, string> = {
    [a]: '@article{Smith2020, title={From A}, year=2020}',
    [b]: '\n\n@article{smith2020, title={From B}, year=2020}\n@misc{other, title={Other}}',
  };
  const bib = await loadBibliography([a, b, '/virtual/missing.bib'], (p) => texts[p]);
  assert.equal(bib.entries.get('smith2020')!.title, 'From A');
  assert.equal(bib.entries.size, 2);
  const dup = bib.problems.find((p) => /Duplicate/.test(p.message))!;
  assert.equal(dup.file, b);
  assert.equal(dup.line, 2);
  const missing = bib.problems.find((p) => p.file === '/virtual/missing.bib')!;
  assert.equal(missing.severity, 'error');
  assert.deepEqual(bib.files, [a, b]);
});

test('CSL-JSON files load next to .bib files', async () => {
  const bib = await loadBibliography([dir + 'accents.bib', dir + 'library.json'], readFixture);
  assert.equal(bib.entries.get('virtanen2020')!.venue, 'Nature Methods');
  assert.equal(bib.entries.get('mueller2019')!.authors[0].family, 'Müller');
});

test('the cache answers an unchanged file without parsing again', async () => {
  const cache = new BibCache();
  const files = [dir + 'strings-only.bib', dir + 'uses-strings.bib'];
  const first = await loadBibliography(files, readFixture, { cache });
  assert.equal(cache.hits, 0);
  const second = await loadBibliography(files, readFixture, { cache });
  assert.equal(cache.hits, 2);
  assert.equal(second.entries.get('fazi2013'), first.entries.get('fazi2013'));
  const changed = await loadBibliography(files, (p) => readFixture(p)!.replace('Sound field', 'Sound-field'), { cache });
  assert.equal(changed.entries.get('fazi2013')!.title, 'Sound-field reproduction');
});

test('the worker thread gives the same entries as the main thread', async () => {
  const worker = new BibWorker({ batchSize: 2 });
  try {
    const file = dir + 'damaged.bib';
    const text = readFixture(file)!;
    const off = await worker.parse(file, text);
    const on = parseBibTeX(file, text);
    assert.deepEqual(off.entries, on.entries);
    assert.deepEqual(off.problems, on.problems);
    const fromDisk = await worker.parse(dir + 'accents.bib', undefined);
    assert.deepEqual(fromDisk.entries.map((e) => e.key), ['mueller2019', 'Garcia2020', 'knuth1984']);
    const bib = await loadBibliography([dir + 'strings-only.bib', dir + 'uses-strings.bib'], readFixture, { worker, offThreadFromChars: 0 });
    assert.equal(bib.entries.get('hess2004')!.venue, 'Audio Engineering Society Convention 117');
    await assert.rejects(worker.parse('/no/such/file.bib', undefined), /BibTeX worker/);
  } finally {
    await worker.dispose();
  }
});

test('closest keys: case-only differences first, then edit distance', () => {
  const keys = ['Smith2020', 'smith2021', 'smyth2020', 'jones2019', 'smith2020a'];
  assert.deepEqual(closestKeys('smith2020', keys, 3), ['Smith2020', 'smith2021', 'smyth2020']);
  const s = closestKeySuggestions('smith2020', keys, 1)[0];
  assert.deepEqual(s, { key: 'Smith2020', distance: 0, caseOnly: true });
  assert.deepEqual(closestKeys('smtih2020', ['smith2020', 'zzz']), ['smith2020']);
  assert.deepEqual(closestKeys('completelydifferent', keys), []);
});

test('uncited entries: crossref parents of cited entries and @xdata are not reported; \\nocite{*} cites all', async () => {
  const bib = await loadBibliography([dir + 'crossref.bib'], readFixture);
  assert.deepEqual(uncitedEntries(bib, ['CHILD2019']).map((e) => e.key), ['withXdata', 'orphan']);
  assert.deepEqual(uncitedEntries(bib, ['*']), []);
});

test('a worker that cannot start falls back to parsing on the main thread', async () => {
  const worker = new BibWorker({ workerPath: '/no/such/worker.cjs' });
  try {
    const bib = await loadBibliography([dir + 'accents.bib'], readFixture, { worker, offThreadFromChars: 0 });
    assert.equal(bib.entries.size, 3);
  } finally {
    await worker.dispose();
  }
});
