// The votes of a project file nobody opened: only its paragraphs that define an abbreviation are
// tagged, and the definitions' types are what they vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { definitionVotes } from '../../extension/analysis/editor/definition-votes.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

const TEX = String.raw`\chapter{Intro}
Listeners localise sound by the interaural time difference (ITD) of the ear signals.

A second paragraph names no abbreviation at all.

The ITD grows with the angle of the source.
`;

test('only the defining paragraphs are tagged; the definition votes its long form\'s type', async () => {
  const doc = segmentDocument({ file: '/intro.tex', text: TEX, languageId: 'latex' });
  const seen: string[] = [];
  const tagger = {
    async tag(texts: readonly string[]): Promise<ProseEntity[][]> {
      seen.push(...texts);
      return texts.map((t) => {
        const start = t.indexOf('interaural time difference');
        return start < 0 ? [] : [{ start, end: start + 'interaural time difference'.length, type: 'Metric', score: 0.8, model: 'test' }];
      });
    },
  };
  const votes = await definitionVotes({ segments: doc.segments, text: TEX }, tagger);
  assert.deepEqual(seen, [doc.segments.find((s) => s.prose.text.includes('(ITD)'))!.prose.text], 'one paragraph tagged of four');
  assert.equal(doc.segments.length, 4);
  const itd = votes.get('itd')?.get('Metric');
  assert.ok(itd && itd.defined > 0, 'ITD votes Metric as a definition');
  assert.equal(itd.longForm, 'interaural time difference');
});

test('a file without definitions tags nothing', async () => {
  const text = 'No abbreviation is defined here, nor used.\n';
  const doc = segmentDocument({ file: '/none.tex', text, languageId: 'latex' });
  let calls = 0;
  const votes = await definitionVotes({ segments: doc.segments, text }, { tag: async (texts) => (calls++, texts.map(() => [])) });
  assert.equal(calls, 0);
  assert.equal(votes.size, 0);
});
