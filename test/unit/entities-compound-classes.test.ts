// A protein highlight on a word that names a class of compounds ("glucocorticoid") is a chemical,
// checked against the NER datasets' gold entities (none of them a gene or protein).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { COMPOUND_CLASS_ENDING, compoundClassReason } from '../../extension/core/entities/compound-classes.ts';
import { readNer } from '../../extension/core/eval/readers.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

test('one word ending as a class of compounds is no protein; genes and proteins in "-oid" and other types are left', () => {
  for (const word of ['glucocorticoid', 'Glucocorticoids', 'mineralocorticoid', 'corticosteroids', 'steroid', 'cannabinoid', 'retinoids', 'opioid', 'alkaloid']) {
    assert.equal(compoundClassReason(word, 'GeneProtein'), 'its ending names a class of compounds, not a protein', word);
  }
  // the Drosophila gene, an egg-white protein, an inactivated toxin, amyloid-β's aggregate
  for (const word of ['bicoid', 'Bicoid', 'ovomucoid', 'toxoid', 'amyloid']) assert.equal(compoundClassReason(word, 'GeneProtein'), undefined, word);
  assert.equal(compoundClassReason('glucocorticoid receptor', 'GeneProtein'), undefined, 'the receptor is a protein');
  assert.equal(compoundClassReason('glucocorticoid', 'GeneProtein', ' receptor (GR) binds'), undefined, 'so is a span cut before its head word');
  assert.equal(compoundClassReason('glucocorticoid', 'GeneProtein', '-induced apoptosis'), 'its ending names a class of compounds, not a protein');
  assert.equal(compoundClassReason('GLUCOCORTICOID', 'GeneProtein'), undefined, 'capitals: a symbol, not a word');
  assert.equal(compoundClassReason('steroid', 'Chemical'), undefined);
});

test('through composition: the sample\'s "glucocorticoid-induced" is a chemical, with why; its receptor stays a protein', () => {
  const text = '\\begin{document}\nThe glucocorticoid receptor mediates glucocorticoid-induced T-cell apoptosis.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const at = (phrase: string, from = 0) => ({ start: prose.indexOf(phrase, from), end: prose.indexOf(phrase, from) + phrase.length, type: 'GeneProtein', score: 0.93, model: 'test' });
  const tagged = [[at('glucocorticoid receptor'), at('glucocorticoid', prose.indexOf('mediates'))]];
  const entities = composeEntities(segments, text, tagged);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['glucocorticoid receptor:GeneProtein', 'glucocorticoid:Chemical']);
  assert.equal(entities[1].typedBecause, 'its ending names a class of compounds, not a protein');
});

const NER = ['BC5CDR/train.tsv', 'BC5CDR/devel.tsv', 'BioNLP13CG/train.tsv', 'BioNLP13CG/devel.tsv', 'BC2GM/train.tsv', 'BC2GM/devel.tsv', 'JNLPBA/devel.tsv']
  .map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('of the lone gold entities with those endings, none is a gene or protein and nearly all are chemicals', { skip: !NER.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  const byLabel = new Map<string, number>();
  for (const url of NER) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        const word = s.tokens[e.start];
        if (e.end - e.start === 1 && /^\p{L}\p{Ll}+$/u.test(word) && COMPOUND_CLASS_ENDING.test(word.toLowerCase())) byLabel.set(e.label, (byLabel.get(e.label) ?? 0) + 1);
      }
    }
  }
  const labels = [...byLabel.keys()];
  assert.deepEqual(labels.filter((l) => /gene|protein|DNA|RNA/i.test(l)), [], JSON.stringify([...byLabel]));
  const chemicals = (byLabel.get('Chemical') ?? 0) + (byLabel.get('Simple_chemical') ?? 0);
  const all = [...byLabel.values()].reduce((a, b) => a + b, 0);
  assert.ok(all > 50 && chemicals / all >= 0.95, `${chemicals} of ${all} are chemicals (${JSON.stringify([...byLabel])})`);
});

const PROTEIN_KEPT = 'the protein type stands';

test('a head word shared by a coordination, or a few words on, makes the word part of a protein\'s name (BC2GM\'s "retinoid and estrogen receptors", "steroid sulphatase")', () => {
  const reason = (word: string, after: string) => compoundClassReason(word, 'GeneProtein', after) ?? PROTEIN_KEPT;
  for (const [word, after] of [
    ['glucocorticoid', ' and mineralocorticoid receptors bind cortisol.'],
    ['glucocorticoid', '/mineralocorticoid receptor'],
    ['retinoid', ' and estrogen receptors'],
    ['glucocorticoid', ', mineralocorticoid, and androgen receptors are'],
    ['glucocorticoid', ' or thyroid hormone receptors'],
    ['opioid', ' peptides'],
    ['retinoid', ' X receptor'],
    ['retinoid', '-X receptor'],
    ['retinoid', ' Z receptor beta'],
    ['steroid', ' sulphatase'],
    ['steroid', ' sulfatase deficiency'],
    ['steroid', ' hydroxylase gene'],
    ['steroid', ' 21-hydroxylase'],
    ['steroid', ' 5alpha-reductase'],
    ['steroid', ' dehydrogenase'],
    ['glucocorticoid', ' binding protein'],
  ]) assert.equal(reason(word, after), PROTEIN_KEPT, `${word}|${after}`);
  for (const [word, after] of [
    ['glucocorticoid', ' and insulin levels rose'],
    ['glucocorticoid', ' or placebo treatment'],
    ['glucocorticoid', ', and protein kinase inhibitors'],
    ['glucocorticoid', ' treatment reduced receptor expression'],
    ['glucocorticoid', ' signalling'],
    ['steroids', ' and immunoglobulins.'],
    ['corticosteroids', ', aspirin, and mydriatics.'],
    ['steroid', ' release'],
    ['steroids', ' and the receptor'],
  ]) assert.equal(reason(word, after), 'its ending names a class of compounds, not a protein', `${word}|${after}`);
});

test('through composition: "glucocorticoid and mineralocorticoid receptors" keeps its protein, with no reason, however long the list', () => {
  const text = '\\begin{document}\nBoth glucocorticoid and mineralocorticoid receptors bind cortisol. Glucocorticoids, mineralocorticoids, estrogens, and androgen receptors differ.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const at = (phrase: string) => ({ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'GeneProtein', score: 0.86, model: 'test' });
  const entities = composeEntities(segments, text, [[at('glucocorticoid'), at('Glucocorticoids')]]);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}:${e.typedBecause ?? ''}`), ['glucocorticoid:GeneProtein:', 'Glucocorticoids:GeneProtein:']);
});

test('gold gene spans begun by such a word keep their protein type from the words after it; the lone gold chemicals stay chemicals', { skip: !NER.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  const proteins: string[] = [];
  const missed: string[] = [];
  const flipped: string[] = [];
  for (const url of NER) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        const word = s.tokens[e.start];
        if (!/^\p{L}\p{Ll}+$/u.test(word) || !COMPOUND_CLASS_ENDING.test(word.toLowerCase())) continue;
        const after = ` ${s.tokens.slice(e.start + 1).join(' ')}`.replace(/ - /g, '-').replace(/ ([,.;:)])/g, '$1');
        const reason = compoundClassReason(word, 'GeneProtein', after);
        if (e.end - e.start > 1 && /gene|protein/i.test(e.label)) {
          proteins.push(word);
          if (reason !== undefined) missed.push(s.tokens.slice(e.start, e.end).join(' '));
        } else if (e.end - e.start === 1 && /chemical/i.test(e.label) && reason === undefined) flipped.push(`${word}|${after.slice(0, 40)}`);
      }
    }
  }
  assert.ok(proteins.length > 50, `${proteins.length} gene spans read`);
  // a head after a hyphenated participle ("glucocorticoid-inducible enhancer") or a plural "sites" is not read
  assert.deepEqual(missed, ['glucocorticoid - inducible enhancer - promoter', 'glucocorticoid binding sites', 'glucocorticoid binding sites', 'glucocorticoid binding sites']);
  assert.deepEqual(flipped, []);
});

test('a conjunct shares the head only if it names a ligand itself; ", and" begins a clause, and "binding" leads only to the head right after it', () => {
  const reason = (word: string, after: string) => compoundClassReason(word, 'GeneProtein', after) ?? PROTEIN_KEPT;
  for (const [word, after] of [
    ['glucocorticoid', ' or placebo, and serum binding proteins were measured.'],
    ['glucocorticoid', ' or IL6 receptor antagonists.'],
    ['glucocorticoid', ' and insulin receptor signalling were compared.'],
    ['glucocorticoid', ' and ACTH, and MC2 receptor expression'],
    ['glucocorticoid', ', and mineralocorticoid receptors were measured'],
    ['glucocorticoid', ' binding to serum proteins'],
    ['glucocorticoid', ' binding affinity and receptor'],
  ]) assert.equal(reason(word, after), 'its ending names a class of compounds, not a protein', `${word}|${after}`);
  for (const [word, after] of [
    ['glucocorticoid', ' and oestrogen receptors'],
    ['glucocorticoid', ', progesterone and androgen receptors'],
    ['glucocorticoid', ' and vitamin D receptors'],
    ['glucocorticoid', ' and retinoid X receptors'],
    ['steroid', ' and thyroid hormone receptors'],
    ['glucocorticoid', ', mineralocorticoid, and androgen receptors'],
  ]) assert.equal(reason(word, after), PROTEIN_KEPT, `${word}|${after}`);
});

test('through composition: the reviewer\'s unrelated conjuncts leave "glucocorticoid" a chemical', () => {
  for (const sentence of ['Patients received glucocorticoid or placebo, and serum binding proteins were measured.', 'Patients were given glucocorticoid or IL6 receptor antagonists.',
    'Long-term glucocorticoid and insulin receptor signalling were compared.']) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const at = prose.indexOf('glucocorticoid');
    const entities = composeEntities(segments, text, [[{ start: at, end: at + 'glucocorticoid'.length, type: 'GeneProtein', score: 0.8, model: 'test' }]]);
    assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['glucocorticoid:Chemical'], sentence);
  }
});
