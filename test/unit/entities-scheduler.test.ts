import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { EntityScheduler, type EntityTagger, type PassProgress } from '../../extension/analysis/editor/index.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

/** A rule tagger (capitalised words are entities) that records what it was asked. */
function ruleTagger(id = 'rule'): EntityTagger & { seen: string[] } {
  const seen: string[] = [];
  return {
    id,
    seen,
    async tag(texts) {
      return texts.map((t) => {
        seen.push(t);
        return [...t.matchAll(/\b[A-Z][a-z]+\b/g)].map((m): ProseEntity => ({ start: m.index, end: m.index + m[0].length, type: 'Method', score: 0.9, model: id }));
      });
    },
    release: async () => undefined,
  };
}

const paragraphs = (n: number, edit = -1) => Array.from({ length: n }, (_, i) => `Paragraph ${i} mentions Alpha and Beta${i === edit ? ' and Gamma' : ''}.`).join('\n\n');

test('visible paragraphs first, then the rest; an edit re-tags only the changed paragraph; another model re-tags all', async () => {
  const scheduler = new EntityScheduler();
  const tagger = ruleTagger();
  const text = paragraphs(6);
  const doc = segmentDocument({ file: '/d.md', text, languageId: 'markdown' });
  const visibleSpan = doc.segments[4].span;
  const reports: PassProgress[] = [];
  assert.equal(await scheduler.run('/d.md', doc.segments, tagger, { visible: [visibleSpan], isCurrent: () => true, report: (p) => reports.push(p), reportEvery: Infinity }), true);
  assert.equal(tagger.seen[0], doc.segments[4].prose.text, 'the visible paragraph goes first');
  assert.deepEqual(reports[0].fresh, [4], 'the first screen is reported on its own');
  assert.equal(reports.at(-1)?.done, true);
  assert.equal(tagger.seen.length, 6);

  const edited = segmentDocument({ file: '/d.md', text: paragraphs(6, 2), languageId: 'markdown' });
  const again: PassProgress[] = [];
  await scheduler.run('/d.md', edited.segments, tagger, { isCurrent: () => true, report: (p) => again.push(p) });
  assert.equal(tagger.seen.length, 7);
  assert.equal(tagger.seen[6], edited.segments[2].prose.text);
  assert.deepEqual(again.flatMap((p) => p.fresh), [2]);
  assert.deepEqual(again.at(-1)?.changed, [2]);
  assert.equal(again.at(-1)?.tagged.every((t) => t !== undefined), true);

  const other = ruleTagger('other');
  await scheduler.run('/d.md', edited.segments, other, { isCurrent: () => true, report: () => undefined });
  assert.equal(other.seen.length, 6, 'the cache is keyed by model too');
});

test('a stale pass stops at the next paragraph, and other work runs between paragraphs', async () => {
  const scheduler = new EntityScheduler();
  const tagger = ruleTagger();
  const doc = segmentDocument({ file: '/s.md', text: paragraphs(20), languageId: 'markdown' });
  let current = true;
  let interleaved = 0;
  const pass = scheduler.run('/s.md', doc.segments, tagger, {
    isCurrent: () => current,
    report: () => undefined,
  });
  // work queued by "the server" while the pass runs gets its turn between paragraphs
  await new Promise<void>((done) => setImmediate(() => {
    interleaved = tagger.seen.length;
    current = false;
    done();
  }));
  assert.equal(await pass, false);
  assert.ok(interleaved < 20, 'the pass yielded before finishing');
  assert.ok(tagger.seen.length <= interleaved + 1, 'no paragraph tagged after the pass went stale (but the one in flight)');
});
