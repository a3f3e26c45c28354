// The ACL-ARC classifier's cue-phrase features (extension/inference/builtin/intent-cues.ts), worked by
// hand from the spec in models/intent/cues.py with the shipped lexicons; the golden test in
// builtin-intent.test.ts checks them against the Python recipe itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileCues, cueFeatures, parseCueSpec } from '../../extension/inference/builtin/intent-cues.ts';

const features = JSON.parse(readFileSync(new URL('../../models/intent/aclarc/features.json', import.meta.url), 'utf8')) as { cues: unknown };
const spec = parseCueSpec(features.cues);
assert.ok(spec, 'the shipped ACL-ARC model has cue features');
const cues = compileCues(spec);
const of = (text: string) => [...cueFeatures(text, cues)].sort();

test('a textual citation as the subject, with the author name absorbed; an "extends" phrase after it', () => {
  const f = of('Briscoe and Carroll ( 1997 ) extend the approach .');
  for (const name of ['textual', 'subject', 'g=1', 'n=1', 'has:EXTEND', 'near:EXTEND', 'post:EXTEND', 'clause:EXTEND', 'other+EXTEND', 'pos:start', 'len:s']) {
    assert.ok(f.includes(name), `${name} in ${f.join(' ')}`);
  }
  assert.ok(!f.includes('parenthetical') && !f.includes('cite_last'), `a textual citation not at the end: ${f.join(' ')}`);
});

test('we use X (parenthetical, two references): self agent and a use verb in the citation\'s clause; the citation last', () => {
  const f = of('We use the tagger of ( Ratnaparkhi , 1996 ; Brill , 1995 ) .');
  for (const name of ['has:SELF', 'startsWithSelf', 'has:USE', 'near:USE', 'self+USE', 'pre:USE', 'clause:USE', 'parenthetical', 'n=2', 'g=1', 'cite_last', 'pos:end']) {
    assert.ok(f.includes(name), `${name} in ${f.join(' ')}`);
  }
  const far = of('We use it in all the settings of the tagger of ( Brill , 1995 ) .');
  assert.ok(far.includes('has:USE') && !far.includes('near:USE'), `"use" is nine tokens from the citation: ${far.join(' ')}`);
});

test('future work in a clause of its own; a phrase reads as a whole ("based quite closely" extends, it does not use)', () => {
  const f = of('This was shown by Smith ( 2001 ) , but we leave it for future work .');
  for (const name of ['has:FUTURE', 'post:FUTURE', 'self+FUTURE', 'has:CONTRAST', 'textual']) assert.ok(f.includes(name), `${name} in ${f.join(' ')}`);
  assert.ok(!f.includes('clause:FUTURE'), `"but" ends the citation's clause: ${f.join(' ')}`);
  const closely = of('Our parser is based quite closely on Collins ( 1999 ) .');
  assert.ok(closely.includes('has:EXTEND') && !closely.includes('has:USE'), `"based quite closely" (extend), not "based on" (use): ${closely.join(' ')}`);
  assert.deepEqual(of(''), ['len:s', 'n=0'], 'an empty sentence');
});
