import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sentenceIndexAt, splitSentences } from '../../extension/core/prose/sentences.ts';

const split = (t: string, attach?: { start: number; end: number }[]) => splitSentences(t, { attach }).map((s) => t.slice(s.start, s.end));

test('abbreviations, figures, equations, decimals and initials do not end sentences', () => {
  assert.deepEqual(split('Smith et al. (2020) showed this. Next one.'), ['Smith et al. (2020) showed this.', 'Next one.']);
  assert.deepEqual(split('As in Fig. 3 and Figs. 4–5, see Eq. 2. Done.'), ['As in Fig. 3 and Figs. 4–5, see Eq. 2.', 'Done.']);
  assert.deepEqual(split('Use e.g. DNA or i.e. RNA, cf. Table 1. Then stop.'), ['Use e.g. DNA or i.e. RNA, cf. Table 1.', 'Then stop.']);
  assert.deepEqual(split('A vs. B was approx. 3.5 times larger. Yes!'), ['A vs. B was approx. 3.5 times larger.', 'Yes!']);
  assert.deepEqual(split('As J. R. Tolkien wrote. Then more.'), ['As J. R. Tolkien wrote.', 'Then more.']);
  assert.deepEqual(split('It works (see below). “Quoted.” Next?'), ['It works (see below).', '“Quoted.”', 'Next?']);
  assert.deepEqual(split('Several authors et al. showed. The end.'), ['Several authors et al. showed.', 'The end.']);
});

test('a citation right after the period belongs to the sentence before; a citation before the period too', () => {
  const t = 'This is known.[1, 2] We agree [3]. Fine.';
  const s = split(t, [{ start: 14, end: 20 }, { start: 30, end: 33 }]);
  assert.deepEqual(s, ['This is known.[1, 2]', 'We agree [3].', 'Fine.']);
  const spans = splitSentences(t, { attach: [{ start: 14, end: 20 }] });
  assert.equal(sentenceIndexAt(spans, 14), 0);
  assert.equal(sentenceIndexAt(spans, 30), 1);
});

test('no terminal punctuation, white space and empty text', () => {
  assert.deepEqual(split('  A title without period  '), ['A title without period']);
  assert.deepEqual(split(''), []);
  assert.deepEqual(split('   '), []);
  assert.deepEqual(split('Ends with ellipsis... and goes on.'), ['Ends with ellipsis... and goes on.']);
});

test('a sentence may start with a math or code placeholder', () => {
  assert.deepEqual(split('We sampled cells. x samples were kept. code is online.'), ['We sampled cells.', 'x samples were kept.', 'code is online.']);
  assert.deepEqual(split('See Fig. x for details.'), ['See Fig. x for details.']);
});

test('number abbreviations hold only before a number', () => {
  assert.deepEqual(split('Item No. 5 was kept. The answer was no. Then we left.'), ['Item No. 5 was kept.', 'The answer was no.', 'Then we left.']);
  assert.deepEqual(split('See Fig. S1 and Eq. (2) on p. 3. Next.'), ['See Fig. S1 and Eq. (2) on p. 3.', 'Next.']);
});

test('"Suppl." holds before a word as before a number', () => {
  assert.deepEqual(split('Primers are in Suppl. Table S1 and Suppl. 2. Then we grew cells.'), ['Primers are in Suppl. Table S1 and Suppl. 2.', 'Then we grew cells.']);
});

test('a citation after a closing quote and before the period stays in its sentence', () => {
  const t = 'They were called "agents." [41]. Next one.';
  assert.deepEqual(split(t, [{ start: 26, end: 30 }]), ['They were called "agents." [41].', 'Next one.']);
});

test('no sentence ends inside brackets or curly quotes that close nearby', () => {
  assert.deepEqual(split('A and B (resp. C and D) were used. Next.'), ['A and B (resp. C and D) were used.', 'Next.']);
  assert.deepEqual(split('He wrote: “This is it. We are done.” Then nothing.'), ['He wrote: “This is it. We are done.”', 'Then nothing.']);
  assert.deepEqual(split('We grew cells (see Methods. Then we stopped.'), ['We grew cells (see Methods.', 'Then we stopped.']);
  assert.deepEqual(split('(This is shown in Fig. 2.) The next one.'), ['(This is shown in Fig. 2.)', 'The next one.']);
});

test('a bracket left open is not held open by a later bracket pair', () => {
  assert.deepEqual(split('The time constants matched (ie., x for these runs were x (1 B, black dots). From these values (a) we chose one.'), [
    'The time constants matched (ie., x for these runs were x (1 B, black dots).',
    'From these values (a) we chose one.',
  ]);
});
