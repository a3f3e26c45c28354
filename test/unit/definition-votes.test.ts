// The votes of a project file nobody opened: only its paragraphs that define an abbreviation are
// tagged, and the definitions' types are what they vote. A huge file's definitions are found a slice
// at a time, the server answering between slices; the votes are those of the whole file's analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { DEFINITION_SLICE_CHARS, definitionVotes } from '../../extension/analysis/editor/definition-votes.ts';
import { fileTypeVotes } from '../../extension/analysis/editor/compose.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import { analyzeAbbreviations, findDefinitions } from '../../extension/core/abbreviations/index.ts';
import { backMatterParagraphs } from '../../extension/core/prose/back-matter.ts';
import type { TypeVotes } from '../../extension/core/entities/consistency.ts';
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

type Tagger = { tag(texts: readonly string[]): Promise<ProseEntity[][]> };

/** The votes as computed before definitions were found in slices: the whole file's abbreviations, every use included. */
async function wholeFileVotes(file: { segments: ReturnType<typeof segmentDocument>['segments']; text: string }, tagger: Tagger): Promise<TypeVotes> {
  const abbreviations = analyzeAbbreviations(file.segments, file.text);
  const backMatter = backMatterParagraphs(file.segments);
  const defining = abbreviations.definitionsBySegment.flatMap((list, i) => (list.length > 0 && !backMatter.has(i) ? [i] : []));
  if (defining.length === 0) return new Map();
  const lists = await tagger.tag(defining.map((i) => file.segments[i].prose.text));
  const tagged: (ProseEntity[] | undefined)[] = file.segments.map(() => undefined);
  defining.forEach((segment, k) => (tagged[segment] = lists[k]));
  const votes = fileTypeVotes(file.segments, file.text, tagged, { abbreviations });
  return new Map([...votes].filter(([, types]) => [...types.values()].some((v) => v.defined > 0)));
}

/** Tags each definition's long form (a Method) and every capitalised word (a Gene, which a defined abbreviation's use overrides). */
const definitionTagger: Tagger = {
  async tag(texts) {
    return texts.map((text) => [
      ...findDefinitions(text).map((d) => ({ ...d.longSpan, type: 'Method', score: 0.9, model: 'test' })),
      ...[...text.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'GeneProtein', score: 0.6, model: 'test' })),
    ]);
  },
};

const corpus = (path: string) => fileURLToPath(new URL(`../fixtures/corpus/${path}`, import.meta.url));

test('real chapters vote as the whole file\'s analysis did, with the built-in tagger and with one tagging every definition', { timeout: 60_000 }, async () => {
  const builtin = await loadEntityTagger('builtin');
  let voted = 0;
  for (const path of ['minimap2/minimap2.tex', 'camkii-subunit-exchange/CaMKII_Paper_2018-elife.tex', 'sfs-thesis-wierstorf/05_psychoacoustics/05_psychoacoustics.tex']) {
    const text = readFileSync(corpus(path), 'utf8');
    const file = { segments: segmentDocument({ file: corpus(path), text, languageId: 'latex' }).segments, text };
    for (const tagger of [builtin, definitionTagger]) {
      const votes = await definitionVotes(file, tagger);
      assert.deepEqual(votes, await wholeFileVotes(file, tagger), `${path}, ${tagger === builtin ? 'built-in tagger' : 'definition tagger'}`);
      voted += votes.size;
    }
  }
  assert.ok(voted > 10, `the chapters vote (${voted} names)`);
});

test('a huge file\'s definitions are found a slice at a time: the event loop turns meanwhile, and the votes are the whole file\'s', { timeout: 60_000 }, async () => {
  const filler = 'The listeners heard the source from many angles and the array reproduced the field well in every room. ';
  const paragraphs = ['Listeners localise sound by the interaural time difference (ITD) of the ear signals.'];
  let size = 0;
  while (size < 4 * DEFINITION_SLICE_CHARS) {
    paragraphs.push(filler.repeat(20).trim());
    size += filler.length * 20 + 2;
  }
  paragraphs.push('Wave field synthesis (WFS) reproduces the ITD of a source.');
  const text = `${paragraphs.join('\n\n')}\n`;
  const file = { segments: segmentDocument({ file: '/huge.tex', text, languageId: 'latex' }).segments, text };
  const seen: string[] = [];
  const tagger: Tagger = { tag: async (texts) => (seen.push(...texts), definitionTagger.tag(texts)) };

  let turns = 0;
  let running = true;
  const turn = () => {
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  const votes = await definitionVotes(file, tagger);
  running = false;
  assert.ok(turns >= 3, `the event loop turned between slices (${turns} times)`);
  assert.deepEqual(seen, [paragraphs[0], paragraphs.at(-1)], 'only the two defining paragraphs are tagged');
  assert.deepEqual([...votes.keys()].sort(), ['itd', 'wfs'], 'the first slice\'s definition and the last one\'s vote');
  assert.deepEqual(votes, await wholeFileVotes(file, definitionTagger));
});
