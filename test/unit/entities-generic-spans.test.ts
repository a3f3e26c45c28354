// Spans that name nothing particular, and words at a span's edge that belong to the sentence: a lone
// generic noun or compound adjective, a possessive before a name, the verb of a "we" before it, an
// adverb after it, a sentence ending inside it, a person named with a title, a figure's colour note, an
// option LaTeX printed with an en dash. Each case is one the corpus papers or the samples showed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { plausibleSpan } from '../../extension/core/entities/plausible.ts';
import { GENERIC_NOUNS } from '../../extension/core/entities/generic-spans.ts';
import { readNer } from '../../extension/core/eval/readers.ts';

const kept = (text: string, phrase: string): string | undefined => {
  const start = text.indexOf(phrase);
  assert.notEqual(start, -1, `"${phrase}" is in the text`);
  const span = plausibleSpan(text, start, start + phrase.length);
  return span && text.slice(span.start, span.end);
};

/** What is left of a phrase tagged whole, or undefined when it is dropped. */
const whole = (phrase: string): string | undefined => {
  const span = plausibleSpan(phrase, 0, phrase.length);
  return span && phrase.slice(span.start, span.end);
};

test('a lone generic noun names nothing particular (minimap2\'s "heuristic", SciPy\'s "library" and heading "Architecture"); named ones are kept', () => {
  const text = 'We introduced a simple heuristic to stop. The library was expanded. Architecture and implementation choices. The Gillespie method, the simplex method, heuristics and systems biology.';
  for (const junk of ['heuristic', 'library', 'Architecture']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['Gillespie method', 'simplex method', 'systems biology']) assert.equal(kept(text, real), real, real);
});

test('a lone compound or multimer adjective names nothing (optifit\'s "reference-based", the CaMKII paper\'s "tetradecameric"); gold-style adjectives are kept', () => {
  const text = 'Two categories: de novo and reference-based. Dodecameric and tetradecameric (n=7) holoenzymes; SH3-like and G6PD-deficient mice, mitochondrial and diabetic.';
  for (const junk of ['reference-based', 'tetradecameric', 'Dodecameric']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['SH3-like', 'G6PD-deficient', 'mitochondrial', 'diabetic']) assert.equal(kept(text, real), real, real);
});

test('a possessive before a name and an adverb after it are left out; "His model" is then generic (the thesis\'s Theile model)', () => {
  const text = 'Theile proposed his association model. His model says that it renders PDF-formatted documents automatically; HER-2 and her-1a too.';
  assert.equal(kept(text, 'his association model'), 'association model');
  assert.equal(kept(text, 'His model'), undefined);
  assert.equal(kept(text, 'PDF-formatted documents automatically'), 'PDF-formatted documents');
  assert.equal(kept(text, 'HER-2'), 'HER-2');
  assert.equal(kept(text, 'her-1a'), 'her-1a');
  assert.equal(kept('HER 2 and her -1 were found.', 'HER 2'), 'HER 2', 'a gene, not a possessive');
});

test('the verb of a "we" or "they" right before a span is no part of it (the sample\'s "We fine-tune SciBERT"); "type I" is a numeral', () => {
  const text = 'We fine-tune SciBERT on JNLPBA. They carefully align reads with BWA, and we train. Howe fine-tune SciBERT; a type I membrane protein.';
  assert.equal(kept(text, 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept(text, 'carefully align reads'), 'reads', 'an adverb and the verb after it');
  assert.equal(kept(text, 'train'), undefined, 'a verb alone');
  assert.equal(kept(text, 'Howe fine-tune SciBERT'), 'Howe fine-tune SciBERT');
  assert.equal(kept(text, 'e fine-tune SciBERT'), 'e fine-tune SciBERT', '"we" inside a word is no pronoun');
  assert.equal(kept(text, 'membrane protein'), 'membrane protein');
});

test('"you" is also an object and a surname, and a capitalised "We"/"They" begins a sentence: the name after them keeps its first word', () => {
  assert.equal(kept('This tutorial teaches you Python programming quickly.', 'Python programming'), 'Python programming');
  assert.equal(kept('Results of Zhang and You LSTM-CRF baseline were reproduced.', 'LSTM-CRF baseline'), 'LSTM-CRF baseline');
  assert.equal(kept('The tool lets you BLAST sequences against NCBI.', 'BLAST'), 'BLAST');
  assert.equal(kept('You fine-tune SciBERT on JNLPBA.', 'fine-tune SciBERT'), 'fine-tune SciBERT', 'no "you" is read as a subject');
  // a title's "We" or "They" is no subject of the sentence ("What We Talk About", "They Live")
  assert.equal(kept('Frames of the film They Live Aggregation were shown.', 'Live Aggregation'), 'Live Aggregation');
  assert.equal(kept('The How We Learn Benchmark is small.', 'Learn Benchmark'), 'Learn Benchmark');
  // a subject still has its verb cut: at a sentence's start, after a full stop or a bracket, in small letters anywhere
  assert.equal(kept('Data came. We fine-tune SciBERT here.', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('We fine-tune SciBERT here.', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('Data came (We fine-tune SciBERT here).', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('Then they fine-tune SciBERT here.', 'fine-tune SciBERT'), 'SciBERT');
});

test('an opening quote before "We"/"They" begins a sentence too, when the quote does (a reviewer\'s "They fine-tune SciBERT"); a quoted title inside one does not', () => {
  assert.equal(kept('"They fine-tune SciBERT on JNLPBA," she said.', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('“We fine-tune SciBERT here.”', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('Data came. ‘They fine-tune SciBERT here.’', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('The authors wrote: \'We fine-tune SciBERT here.\'', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('One said, "They fine-tune SciBERT here."', 'fine-tune SciBERT'), 'SciBERT');
  assert.equal(kept('Frames of the film "They Live Aggregation" were shown.', 'Live Aggregation'), 'Live Aggregation');
});

test('a span ends where a sentence ends inside it (SciPy\'s "probabilistic modeling. scikit-image"); abbreviations with a full stop do not end one', () => {
  const text = 'PyStan covers Bayesian statistics and probabilistic modeling. scikit-image provides image processing. Brassica rapa var. chinensis and Smith et al. data.';
  assert.equal(kept(text, 'probabilistic modeling. scikit-image'), 'probabilistic modeling');
  assert.equal(kept(text, 'Brassica rapa var. chinensis'), 'Brassica rapa var. chinensis');
});

test('a person named with a title or an occupation is no entity (donor-responses\' "Hungarian-born financier George Soros"); eponyms are', () => {
  const text = 'NGOs receiving money from the Hungarian-born financier George Soros, Dr. Jane Smith and President Lincoln; the Gillespie algorithm, Kullback-Leibler divergence and the commercial solver MOSEK.';
  for (const junk of ['Hungarian-born financier George Soros', 'Dr. Jane Smith', 'President Lincoln']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['Gillespie algorithm', 'Kullback-Leibler divergence', 'commercial solver MOSEK']) assert.equal(kept(text, real), real, real);
});

test('a closing note on how the figure draws it is left out (the CaMKII paper\'s "well-mixed system (blue)"), and so are colours of drawn balls', () => {
  const text = 'converges to the well-mixed system (blue) for higher D. Blue and red balls are subunits; mapping accuracy (FNR) and red blood cells.';
  assert.equal(kept(text, 'well-mixed system (blue)'), 'well-mixed system');
  assert.equal(kept(text, 'Blue and red balls'), undefined);
  assert.equal(kept(text, 'mapping accuracy (FNR)'), 'mapping accuracy (FNR)');
  assert.equal(kept(text, 'red blood cells'), 'red blood cells');
  const names = 'Lp (a), Su (H), p53 (-/-) and 2.5D WFS (1) with OR and OR1 genes.';
  for (const real of ['Lp (a)', 'Su (H)', 'p53 (-/-)', 'OR', 'OR1']) assert.equal(kept(names, real), real, real);
  assert.equal(kept(names, 'WFS (1)'), 'WFS (1)', 'an equation number is no figure note');
});

test('a command-line option LaTeX printed with an en dash is no entity (minimap2\'s "‘–illumina-prob-mismatch-scale 2.5\'"); a range is', () => {
  const text = "simulated using mason2 with option ‘–illumina-prob-mismatch-scale 2.5'. The Michaelis–Menten constant.";
  assert.equal(kept(text, 'illumina-prob-mismatch-scale'), undefined);
  assert.equal(kept(text, 'Menten constant'), 'Menten constant');
});

const SCIERC = ['sciie/train.conll', 'sciie/dev.conll'].map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('SciERC annotates each generic noun, alone, as Generic at least five times as often as as an entity', { skip: !SCIERC.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  const counts = new Map<string, { generic: number; entity: number }>();
  for (const url of SCIERC) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        const word = s.tokens[e.start].toLowerCase();
        if (e.end - e.start !== 1 || !GENERIC_NOUNS.has(word)) continue;
        const c = counts.get(word) ?? { generic: 0, entity: 0 };
        if (e.label === 'Generic') c.generic++;
        else c.entity++;
        counts.set(word, c);
      }
    }
  }
  assert.ok((counts.get('method')?.generic ?? 0) > 100, 'SciERC was read');
  const entities = [...counts].filter(([, c]) => c.entity * 5 > c.generic).map(([w]) => w);
  assert.deepEqual(entities, []);
});

test('names of things that begin like a title, a possessive or a rank abbreviation are kept whole', () => {
  // titles only as written before a person: capitalised words ("Prof.", "President"), never all capitals or a bare "Rev"/"Sir"
  for (const name of ['Rev Response Element', 'MR Spectroscopy', 'MS Excel', 'Sir Proteins', 'leader Peptide', 'King algorithm']) assert.equal(whole(name), name);
  for (const person of ['Dr. Jane Smith', 'President Lincoln', 'financier George Soros']) assert.equal(whole(person), undefined, person);
  // a strain's or a serovar's rank is no sentence end
  for (const name of ['Escherichia coli str. K-12 substr. MG1655', 'Salmonella enterica subsp. enterica ser. Typhimurium']) assert.equal(whole(name), name);
  // "his"/"His" naming the operon or histidine is no possessive
  for (const name of ['his operon', 'His tag']) assert.equal(whole(name), name);
  assert.equal(whole('his association model'), 'association model');
});

test('a compound adjective made of a name keeps the name ("BERT-based" → "BERT"); one made of a common word goes', () => {
  assert.equal(whole('BERT-based'), 'BERT');
  assert.equal(whole('CRISPR-based'), 'CRISPR');
  assert.equal(whole('IL-2-dependent'), 'IL-2');
  assert.equal(whole('reference-based'), undefined);
  assert.equal(whole('time-dependent'), undefined);
});

const NER = ['BC5CDR/train.tsv', 'BC5CDR/devel.tsv', 'BioNLP13CG/train.tsv', 'BioNLP13CG/devel.tsv', 'BC2GM/train.tsv', 'BC2GM/devel.tsv', 'NCBI-disease/train.tsv',
  'linnaeus/train.tsv', 'JNLPBA/devel.tsv', 'sciie/train.conll', 'sciie/dev.conll'].map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('no gold entity of the NER datasets begins right after "we", "they" or "you"', { skip: !NER.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  let pronouns = 0;
  const after: string[] = [];
  for (const url of NER) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      pronouns += s.tokens.filter((t) => /^(we|they|you)$/i.test(t)).length;
      for (const e of s.entities) if (/^(we|they|you)$/i.test(s.tokens[e.start - 1] ?? '')) after.push(s.tokens.slice(e.start - 1, e.end).join(' '));
    }
  }
  assert.ok(pronouns > 4000, `${pronouns} pronouns read`);
  assert.deepEqual(after, []);
});
