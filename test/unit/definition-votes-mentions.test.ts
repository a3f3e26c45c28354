// The votes of a project file nobody opened for the names an open file writes: the paragraphs that
// mention one of them (whole words, in any case) are tagged besides the defining ones, and those names
// vote as the whole file's analysis counts them. What was tagged is kept: the same names tag nothing
// again, a new name only its own paragraphs; a pass made stale stops and the next call goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { UnopenedFileVotes } from '../../extension/analysis/editor/definition-votes.ts';
import { fileTypeVotes } from '../../extension/analysis/editor/compose.ts';
import { EntityScheduler } from '../../extension/analysis/editor/scheduler.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

const TEX = String.raw`\chapter{Methods}
Listeners localise sound by the interaural time difference (ITD) of the ear signals.

We fine-tune SciBERT on the corpus.

A paragraph naming no tool, only the scibertian style of the authors.

The SCIBERT model and the ITD of each source were compared.
`;

/** Tags every "SciBERT" (any case) a method and each definition's long form a metric, and lists what it read. */
function recordingTagger() {
  const seen: string[] = [];
  const tag = async (text: string): Promise<ProseEntity[]> => {
    seen.push(text);
    return [
      ...[...text.matchAll(/\bscibert\b/gi)].map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'Method', score: 0.8, model: 'test' })),
      ...[...text.matchAll(/interaural time difference/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'Metric', score: 0.9, model: 'test' })),
    ];
  };
  return { seen, tag };
}

test('the paragraphs mentioning a name are tagged once, the defining one too; the same names again tag nothing', async () => {
  const doc = segmentDocument({ file: '/methods.tex', text: TEX, languageId: 'latex' });
  const file = { segments: doc.segments, text: TEX };
  const paragraph = (words: string) => doc.segments.find((s) => s.prose.text.includes(words))!.prose.text;
  const { seen, tag } = recordingTagger();
  const votes = new UnopenedFileVotes(file, 'test');
  assert.equal(await votes.extend(['scibert'], tag, () => true), true);
  assert.deepEqual(seen, [paragraph('(ITD)'), paragraph('fine-tune'), paragraph('SCIBERT model')], 'the definition and the two mentions; not "scibertian"');
  const got = votes.votes();
  assert.deepEqual([...got.keys()].sort(), ['itd', 'scibert']);
  assert.deepEqual({ ...got.get('scibert')?.get('Method') }, { score: 1.6, count: 2, defined: 0, longForm: undefined, model: 'test' });
  // the last paragraph both mentions SciBERT and uses ITD: its ITD counts once, as the whole file's analysis counts it
  const whole = fileTypeVotes(doc.segments, TEX, await Promise.all(doc.segments.map((s) => tag(s.prose.text))));
  assert.deepEqual(got.get('itd'), whole.get('itd'));
  assert.deepEqual(got.get('scibert'), whole.get('scibert'));

  seen.length = 0;
  assert.equal(await votes.extend(['scibert'], tag, () => true), true);
  assert.deepEqual(seen, [], 'a keystroke in the open file, writing no new name, tags nothing here');
  assert.equal(await votes.extend(['scibert', 'corpus'], tag, () => true), true);
  assert.deepEqual(seen, [], 'a new name whose paragraphs are tagged already tags nothing either');
  assert.ok(votes.holds(file, 'test') && !votes.holds(file, 'other') && !votes.holds({ text: `${TEX} ` }, 'test'), 'kept per text and tagger');
});

test('a stale pass stops between paragraphs; the next call tags the rest', async () => {
  const doc = segmentDocument({ file: '/methods.tex', text: TEX, languageId: 'latex' });
  const { seen, tag } = recordingTagger();
  const votes = new UnopenedFileVotes({ segments: doc.segments, text: TEX }, 'test');
  let current = true;
  const stopping = async (text: string) => {
    current = false;
    return tag(text);
  };
  assert.equal(await votes.extend(['scibert'], stopping, () => current), false);
  assert.equal(seen.length, 1);
  assert.equal(await votes.extend(['scibert'], tag, () => true), true);
  assert.equal(seen.length, 4, 'the first paragraph again (its result came after the pass went stale), then the two others');
  assert.equal(votes.votes().get('scibert')?.get('Method')?.count, 2);
});

test('a thesis chapter\'s votes for the names searched are those of the whole chapter\'s analysis, with the built-in tagger', { timeout: 60_000 }, async () => {
  const path = fileURLToPath(new URL('../fixtures/corpus/sfs-thesis-wierstorf/05_psychoacoustics/05_psychoacoustics.tex', import.meta.url));
  const text = readFileSync(path, 'utf8');
  const doc = segmentDocument({ file: path, text, languageId: 'latex' });
  const tagger = await loadEntityTagger('builtin');
  const scheduler = new EntityScheduler();
  let tagged: (readonly ProseEntity[] | undefined)[] = [];
  await scheduler.run(path, doc.segments, tagger, { isCurrent: () => true, report: (p) => (tagged = p.tagged), reportEvery: Infinity });
  const whole = fileTypeVotes(doc.segments, text, tagged);
  // mixed types (WFS, NFC-HOA, ILDs), a plural, two words, an acronym the chapter declares (PCA)
  const names = ['wfs', 'nfc-hoa', 'ilds', 'participants', 'localization error', 'pca'];
  for (const name of names) assert.ok(whole.has(name), `the chapter names ${name}`);
  const before = scheduler.taggedCount;
  const votes = new UnopenedFileVotes({ segments: doc.segments, text }, tagger.id);
  await votes.extend(names, (t) => scheduler.tagParagraph(tagger, t), () => true);
  assert.equal(scheduler.taggedCount, before, 'every paragraph came from the cache');
  const got = votes.votes();
  for (const name of names) assert.deepEqual(got.get(name), whole.get(name), name);
});

test('a name found nowhere composes nothing again: the same votes come back, until a paragraph is tagged or the inputs change', async () => {
  const doc = segmentDocument({ file: '/methods.tex', text: TEX, languageId: 'latex' });
  const { seen, tag } = recordingTagger();
  const votes = new UnopenedFileVotes({ segments: doc.segments, text: TEX }, 'test');
  await votes.extend([], tag, () => true);
  const first = votes.votes({ key: 'inputs' });
  assert.deepEqual([...first.keys()], ['itd']);
  // half-typed words in the open file
  for (const name of ['scib', 'qwerty', 'qwerty toolb']) {
    await votes.extend([name], tag, () => true);
    assert.equal(votes.votes({ key: 'inputs' }), first, `"${name}", written nowhere here, leaves the votes as they were`);
  }
  assert.equal(seen.length, 1, 'the defining paragraph alone');
  // a name the tagged paragraph voted for already joins them, though nothing was tagged for it
  await votes.extend(['interaural time difference'], tag, () => true);
  const withLongForm = votes.votes({ key: 'inputs' });
  assert.notEqual(withLongForm, first);
  assert.deepEqual([...withLongForm.keys()].sort(), ['interaural time difference', 'itd']);
  assert.notEqual(votes.votes({ key: 'other inputs' }), withLongForm, 'other inputs, composed anew');
  assert.equal(votes.votes({ key: 'inputs' }), withLongForm, 'each inputs keep their votes');
  await votes.extend(['scibert'], tag, () => true);
  const withSciBert = votes.votes({ key: 'inputs' });
  assert.equal(withSciBert.get('scibert')?.get('Method')?.count, 2, 'the newly tagged paragraphs vote');
  assert.equal(withSciBert.get('itd')?.get('Metric')?.count, 2, 'and the ITD one of them uses');
});
