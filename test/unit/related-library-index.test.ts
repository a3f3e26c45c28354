// The local library's BM25 index is built once per bibliography content: a re-read bibliography whose
// entries did not change (a new Bibliography object) reuses it, a changed entry builds a new one, and
// the candidates handed out are copies (a query's vectors never leak into the cached ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { libraryIndexOf } from '../../extension/analysis/related/library.ts';

const minimap = fileURLToPath(new URL('../fixtures/corpus/minimap2/', import.meta.url));
const OPTIONS = { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] };

test('library index: shared per content, rebuilt when an entry changes, candidates are copies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'library-index-'));
  cpSync(minimap, dir, { recursive: true });
  const tex = join(dir, 'minimap2.tex');
  const starts: number[] = [];
  const listener = (message: unknown) => {
    const { phase, entries } = message as { phase: string; entries: number };
    if (phase === 'start') starts.push(entries);
  };
  subscribe('sciwrite:related:library-index', listener);
  try {
    const a = await createWorkspace().project(tex, OPTIONS);
    const b = await createWorkspace().project(tex, OPTIONS);
    assert.notEqual(a.bibliography, b.bibliography, 'two loads, two bibliography objects');
    const [first, concurrent] = await Promise.all([libraryIndexOf(a.bibliography), libraryIndexOf(a.bibliography)]);
    assert.equal(first.index, concurrent.index, 'concurrent requests share one build');
    const second = await libraryIndexOf(b.bibliography);
    assert.equal(second.index, first.index, 'same content, same index');
    assert.ok(first.index.size > 10, 'the .bib entries are indexed');

    first.candidates[0].vector = new Float32Array([1, 2, 3]);
    first.candidates[0].sources.push('semantic-scholar');
    const again = await libraryIndexOf(a.bibliography);
    assert.equal(again.candidates[0].vector, undefined, 'copies');
    assert.deepEqual(again.candidates[0].sources, ['library']);

    const bib = join(dir, 'minimap2.bib');
    const text = readFileSync(bib, 'utf8');
    const changed = text.replace(/title\s*=\s*\{/i, (m) => `${m}Changed: `);
    assert.notEqual(changed, text, 'a title was changed');
    writeFileSync(bib, changed);
    const c = await createWorkspace().project(tex, OPTIONS);
    const third = await libraryIndexOf(c.bibliography);
    assert.notEqual(third.index, first.index, 'changed content, new index');
    assert.ok(third.candidates.some((candidate) => candidate.title.startsWith('Changed: ')), 'the new title is in it');
    assert.equal(starts.length, 3, 'prepared once per bibliography object');
  } finally {
    unsubscribe('sciwrite:related:library-index', listener);
  }
});
