// Re-parsing a changed file with the previous parse's memo gives exactly what a fresh parse gives,
// while reusing the entries whose text and macros did not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from '../helpers/fast-check.ts';
import { BibParseMemo, parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { BibWorker } from '../../extension/core/bib/off-thread.ts';

const dir = fileURLToPath(new URL('../fixture/bib/', import.meta.url));
const corpusBib = fileURLToPath(new URL('../fixtures/corpus/scipy-1.0/references.bib', import.meta.url));

function sameAsFresh(file: string, text: string, memo: BibParseMemo) {
  const incremental = parseBibTeX(file, text, { memo });
  const fresh = parseBibTeX(file, text);
  assert.deepEqual(incremental.entries, fresh.entries);
  assert.deepEqual(incremental.problems, fresh.problems);
  assert.deepEqual(incremental.undefinedMacros, fresh.undefinedMacros);
  return incremental;
}

test('an edit re-parses only the edited entry', () => {
  const text = readFileSync(corpusBib, 'utf8');
  const memo = new BibParseMemo();
  const first = parseBibTeX('r.bib', text, { memo });
  assert.equal(memo.reused, 0);
  const edited = text.replace('title={The {SciPy} documentation project', 'title={The {SciPy} documentation project, revised');
  assert.notEqual(edited, text);
  const second = sameAsFresh('r.bib', '% a new first line\n' + edited, memo);
  assert.equal(memo.reused, first.entries.length - 1);
  assert.equal(second.entries.find((e) => e.key === 'vanderwalt2008scipy')!.title, 'The SciPy documentation project, revised (technical overview)');
});

test('a changed @string macro invalidates the entries that use it, and only those', () => {
  const text = readFileSync(dir + 'strings.bib', 'utf8');
  const memo = new BibParseMemo();
  parseBibTeX('s.bib', text, { memo });
  const changed = text.replace('"Journal of Geophysical Research"', '"J. Geophys. Res."');
  const r = sameAsFresh('s.bib', changed, memo);
  assert.equal(r.entries.find((e) => e.key === 'smith2020')!.venue, 'J. Geophys. Res.: Space Physics');
  assert.equal(memo.reused, 2);
  // Macros from another file count too.
  const uses = readFileSync(dir + 'uses-strings.bib', 'utf8');
  const m2 = new BibParseMemo();
  parseBibTeX('u.bib', uses, { memo: m2, strings: { jasa: 'JASA' } });
  const again = parseBibTeX('u.bib', uses, { memo: m2, strings: { jasa: 'The Journal' } });
  assert.equal(again.entries[0].venue, 'The Journal');
});

test('random edits: the memo never changes the result', () => {
  const base = readFileSync(dir + 'damaged.bib', 'utf8') + readFileSync(dir + 'strings.bib', 'utf8') + readFileSync(dir + 'accents.bib', 'utf8');
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 20 }), insert: fc.string({ unit: fc.constantFrom('@', '{', '}', 'a', ' ', '\n', '"', ',', '=', 'x'), maxLength: 12 }) });
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
    const memo = new BibParseMemo();
    let text = base;
    parseBibTeX('p.bib', text, { memo });
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      sameAsFresh('p.bib', text, memo);
    }
  }), { numRuns: 80 });
});

test('the worker keeps a memo per file', async () => {
  const worker = new BibWorker();
  try {
    const text = readFileSync(corpusBib, 'utf8');
    const first = await worker.parse(corpusBib, text);
    assert.equal(first.timing.reused, 0);
    const second = await worker.parse(corpusBib, text.replace('van der Walt, St{\\\'e}fan', 'van der Walt, Stefan'));
    assert.equal(second.timing.reused, first.entries.length - 1);
    assert.equal(second.entries.find((e) => e.key === 'vanderwalt2008scipy')!.authors[0].given, 'Stefan');
  } finally {
    await worker.dispose();
  }
});

test('a key-only entry with a stray brace after it: the memo names the entry as a fresh parse does', () => {
  const memo = new BibParseMemo();
  const text = '@misc{a}}\n@book{b, title = {B}}\n';
  parseBibTeX('k.bib', text, { memo });
  const again = sameAsFresh('k.bib', text, memo);
  assert.match(again.problems.map((p) => p.message).join('\n'), /entry 'a': a '\}' closed it too early/);
});
