// Tagged spans mended by the abbreviation definitions of their text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignToDefinitions } from '../../extension/core/entities/definition-boundaries.ts';
import { findDefinitions } from '../../extension/core/abbreviations/schwartz-hearst.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

function entityAt(text: string, from: string, to: string, type = 'Method'): ProseEntity {
  const start = text.indexOf(from);
  const end = text.indexOf(to) + to.length;
  assert.ok(start >= 0 && end > start, `${from}…${to} in the text`);
  return { start, end, type, score: 0.9, model: 'builtin:tagger' };
}

const spans = (text: string, list: ProseEntity[]): string[] => list.map((e) => text.slice(e.start, e.end));

test('a span that starts a word into a defined long form starts with it, and two definitions joined by "and" are two entities', () => {
  // minimap2's introduction: the tagger began at "Molecule" and ran over both technologies
  const text = 'Single Molecule Real-Time (SMRT) sequencing technology and Oxford Nanopore technologies (ONT) produce reads over 10kbp in length.';
  const tagged = [entityAt(text, 'Molecule', '(ONT)'), entityAt(text, 'reads', 'reads', 'Material')];
  const out = alignToDefinitions(tagged, text, findDefinitions(text));
  assert.deepEqual(spans(text, out), ['Single Molecule Real-Time (SMRT) sequencing technology', 'Oxford Nanopore technologies (ONT)', 'reads']);
  assert.deepEqual(out.map((e) => e.type), ['Method', 'Method', 'Material']);
});

test('definitions listed with commas split; a span over one definition, or with no joiner between two, is left as it is', () => {
  const listed = 'We compare hidden Markov models (HMM), conditional random fields (CRF) and support vector machines (SVM) on the task.';
  const out = alignToDefinitions([entityAt(listed, 'hidden', '(SVM)')], listed, findDefinitions(listed));
  assert.deepEqual(spans(listed, out), ['hidden Markov models (HMM)', 'conditional random fields (CRF)', 'support vector machines (SVM)']);

  const one = 'The glucocorticoid receptor (GR) binds DNA.';
  const whole = [entityAt(one, 'glucocorticoid', '(GR)', 'GeneProtein')];
  assert.deepEqual(spans(one, alignToDefinitions(whole, one, findDefinitions(one))), ['glucocorticoid receptor (GR)']);

  const nested = 'The dynamic programming (DP) matrix of the Smith-Waterman (SW) kind.';
  const kept = [entityAt(nested, 'dynamic', '(SW)')];
  assert.deepEqual(spans(nested, alignToDefinitions(kept, nested, findDefinitions(nested))), ['dynamic programming (DP) matrix of the Smith-Waterman (SW)']);
});
