// Computer-science spans that ran over a clause or began inside one, checked against SciERC's
// annotations (none holds one of the verbs, none begins with a participle and its preposition).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { clauseLead, FINITE_VERBS, runsOverClause, sentenceRest } from '../../extension/core/entities/clause-spans.ts';
import { readNer } from '../../extension/core/eval/readers.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

test('a method holding a finite verb ran over a clause; noun uses, the first word and biomedical types do not count', () => {
  assert.equal(runsOverClause('neighbouring subunit proceeds clockwise', 'Method'), true);
  assert.equal(runsOverClause('Iterative Hessian factorization denotes algorithms', 'Method'), true);
  assert.equal(runsOverClause('classification results', 'Metric'), false);
  assert.equal(runsOverClause('database of TV shows', 'Material'), false);
  assert.equal(runsOverClause('Is it worth it', 'Task'), false);
  assert.equal(runsOverClause('the CAN bus', 'Material'), false, 'an acronym in capitals is a name');
  assert.equal(runsOverClause('IS-IS routing', 'Method'), false);
  assert.equal(runsOverClause('protein that contains zinc', 'GeneProtein'), false);
});

const SCIERC = ['sciie/train.conll', 'sciie/dev.conll'].map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('no SciERC entity holds one of the verbs after its first word', { skip: !SCIERC.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  let entities = 0;
  const holding: string[] = [];
  for (const url of SCIERC) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        entities++;
        const words = s.tokens.slice(e.start, e.end);
        if (words.slice(1).some((w) => FINITE_VERBS.has(w.toLowerCase()))) holding.push(words.join(' '));
      }
    }
  }
  assert.ok(entities > 6000, `${entities} entities read`);
  assert.deepEqual(holding, []);
});

test('a method or material beginning with a participle and its preposition begins inside a clause (the sample\'s "pre-trained on scientific text"); biomedical names may', () => {
  const lead = (text: string, type: string) => text.slice(0, clauseLead(text, type));
  assert.equal(lead('pre-trained on scientific text', 'Material'), 'pre-trained on ');
  assert.equal(lead('based on hidden Markov models', 'Method'), 'based on ');
  assert.equal(lead('pre-trained language models', 'Method'), '', 'a participle before its noun is part of the name');
  assert.equal(lead('embedded in', 'Method'), '', 'nothing after the preposition');
  assert.equal(lead('Deleted in split hand / split foot 1', 'GeneProtein'), '', 'a gene\'s name (BioNLP13CG)');
  assert.equal(lead('infected with hepatitis C virus', 'Disease'), '');
});

test('through composition: the span starts after the clause', () => {
  const text = '\\begin{document}\nTransformer encoders pre-trained on scientific text are standard.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const phrase = 'pre-trained on scientific text';
  const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Material', score: 0.6, model: 'test' }]];
  assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.text}:${e.type}`), ['scientific text:Material']);
});

test('no SciERC entity begins with a participle and its preposition', { skip: !SCIERC.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  let entities = 0;
  const leading: string[] = [];
  for (const url of SCIERC) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        entities++;
        const words = s.tokens.slice(e.start, e.end).join(' ').replace(/ - /g, '-');
        if (clauseLead(words, e.label === 'Generic' || e.label === 'OtherScientificTerm' ? 'Method' : e.label) > 0) leading.push(words);
      }
    }
  }
  assert.ok(entities > 6000, `${entities} entities read`);
  assert.deepEqual(leading, []);
});

test('a name whose first word merely ends in "-ed" keeps it: capitalised titles ("Need for Speed"), -eed nouns, "hundred"', () => {
  const lead = (text: string, type: string) => text.slice(0, clauseLead(text, type));
  for (const name of ['Need for Speed', 'Speed over Ground', 'Learned in Translation', 'Based on Context', 'need for speed', 'speed over ground', 'seed for training',
    'feed for crawling', 'breed for testing', 'hundred for evaluation', 'testbed for agents']) {
    assert.equal(lead(name, 'Method'), '', name);
  }
  // the participles of verbs in "-ee" are still participles
  assert.equal(lead('agreed on terminology', 'Method'), 'agreed on ');
  assert.equal(lead('guaranteed by construction', 'Method'), 'guaranteed by ');
  assert.equal(lead('fine-tuned on ImageNet', 'Method'), 'fine-tuned on ');
  // a sentence's capital, when the words after it are not a title's
  assert.equal(lead('Based on hidden Markov models', 'Method'), 'Based on ');
  assert.equal(lead('Pre-trained on large corpora', 'Method'), 'Pre-trained on ');
  assert.equal(lead('Pre-Trained on large corpora', 'Method'), '');
});

test('through composition: the reviewer\'s "Need for Speed", "Speed over Ground", "Learned in Translation" stay whole', () => {
  for (const [sentence, phrase, type] of [['We evaluate on the Need for Speed benchmark.', 'Need for Speed', 'Material'], ['The Speed over Ground metric improves.', 'Speed over Ground', 'Metric'],
    ['We compare with Learned in Translation vectors.', 'Learned in Translation', 'Method']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type, score: 0.9, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => e.prose), [phrase]);
  }
});

test('at a sentence\'s start the participle\'s capital is the sentence\'s, so the clause is cut; mid-sentence a capitalised word after it makes a title', () => {
  const lead = (text: string, startsSentence: boolean) => text.slice(0, clauseLead(text, 'Material', startsSentence));
  assert.equal(lead('Fine-tuned on SQuAD', true), 'Fine-tuned on ');
  assert.equal(lead('Trained on ImageNet', true), 'Trained on ');
  assert.equal(lead('Based on hidden Markov models', true), 'Based on ');
  assert.equal(lead('Need for Speed', true), '', 'an "-eed" noun, wherever it stands');
  assert.equal(lead('Pre-Trained on Large Corpora', true), '', 'capitals inside the participle: a title\'s');
  for (const title of ['Need for Speed', 'Speed over Ground', 'Learned in Translation', 'Based on Context', 'Trained on ImageNet']) assert.equal(lead(title, false), '', title);
  assert.equal(lead('Based on hidden Markov models', false), 'Based on ');
});

test('through composition: the reviewer\'s "Fine-tuned on SQuAD, …" and "Trained on ImageNet, …" begin their sentences, and name the data set', () => {
  for (const [sentence, phrase, name] of [['Fine-tuned on SQuAD, the model answers questions.', 'Fine-tuned on SQuAD', 'SQuAD'],
    ['Trained on ImageNet, ResNet-50 reaches 76% accuracy.', 'Trained on ImageNet', 'ImageNet'],
    ['Data were split. Trained on ImageNet, ResNet-50 reaches 76% accuracy.', 'Trained on ImageNet', 'ImageNet'],
    ['We compare with Based on Context embeddings.', 'Based on Context', 'Based on Context']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Material', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.text}:${e.type}`), [`${name}:Material`], sentence);
  }
});

test('through composition: a title at a sentence\'s start stays whole unless a comma closes it as a clause ("Learned in Translation vectors …")', () => {
  for (const [sentence, phrase, name] of [['Learned in Translation vectors improve the tagger.', 'Learned in Translation', 'Learned in Translation'],
    ['Learned in Translation [4] improves the tagger.', 'Learned in Translation', 'Learned in Translation'],
    ['Trained on ImageNet [4], ResNet-50 reaches 76% accuracy.', 'Trained on ImageNet', 'ImageNet']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Method', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => e.prose), [name], sentence);
  }
});

test('through composition: a sentence-initial participle clause closed by a comma a few words later is still cut ("Trained on ImageNet for 90 epochs, …")', () => {
  for (const [sentence, phrase, name] of [['Trained on ImageNet for 90 epochs, ResNet-50 reaches 76% accuracy.', 'Trained on ImageNet', 'ImageNet'],
    ['Trained on ImageNet and fine-tuned on COCO, the detector reaches 40 AP.', 'Trained on ImageNet', 'ImageNet'],
    ['Trained on ImageNet data, the model reaches 76% accuracy.', 'Trained on ImageNet data', 'ImageNet data'],
    ['“Learned in Translation”, the CoVe paper, improves the tagger.', 'Learned in Translation', 'Learned in Translation']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Material', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.text}:${e.type}`), [`${name}:Material`], sentence);
  }
});

test('at a sentence\'s start a title is every word capitalised, that no comma closes after words in small letters', () => {
  const lead = (text: string, after: string) => text.slice(0, clauseLead(text, 'Method', true, after));
  assert.equal(lead('Learned in Translation', ' vectors improve the tagger.'), '');
  assert.equal(lead('Learned in Translation', ' vectors improve the tagger. Later, we fine-tune.'), '', 'a comma of the next sentence');
  assert.equal(lead('Trained on ImageNet data', ' improves accuracy.'), 'Trained on ', 'a word in small letters: no title');
  assert.equal(lead('Trained on ImageNet', ' for 2.5 epochs, ResNet-50 reaches 76% accuracy.'), 'Trained on ');
});

test('through composition: a title that begins a sentence stays whole though a comma comes later; a clause closed by a comma after a preposition, a citation or a number is cut', () => {
  for (const [sentence, phrase, name] of [['Learned in Translation vectors improve the tagger, the parser and the classifier.', 'Learned in Translation', 'Learned in Translation'],
    ['Learned in Translation vectors improve the tagger, as Table 2 shows.', 'Learned in Translation', 'Learned in Translation'],
    ['Trained on ImageNet~\\cite{deng} for 90 epochs, ResNet-50 reaches 76 percent accuracy.', 'Trained on ImageNet', 'ImageNet'],
    ['Trained on ImageNet by He et al., ResNet-50 reaches 76 percent accuracy.', 'Trained on ImageNet', 'ImageNet'],
    ['Fine-tuned on SQuAD 1.1, BERT answers questions.', 'Fine-tuned on SQuAD', 'SQuAD']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Method', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => e.prose), [name], sentence);
  }
});

test('at a sentence\'s start the words before a later comma continue the clause only after a preposition or conjunction, a citation or a number', () => {
  const lead = (text: string, after: string) => text.slice(0, clauseLead(text, 'Method', true, after));
  assert.equal(lead('Learned in Translation', ' vectors improve the tagger, the parser and the classifier.'), '');
  assert.equal(lead('Learned in Translation', ' vectors improve the tagger, as Table 2 shows.'), '');
  for (const after of [' [1] for 90 epochs, ResNet-50 reaches 76% accuracy.', ' by He et al., ResNet-50 reaches 76% accuracy.', ' 1.1, BERT answers questions.',
    ' v2, BERT answers questions.', ' using labels, ResNet-50 reaches 76% accuracy.']) assert.equal(lead('Trained on ImageNet', after), 'Trained on ', after);
});

test('at a sentence\'s start a title is the subject of a verb before a later comma ("Learned in Translation and ELMo vectors improve the tagger, …"); a verb after "to" or a subordinate word is the clause\'s own', () => {
  const lead = (text: string, after: string) => text.slice(0, clauseLead(text, 'Method', true, after));
  for (const after of [' and ELMo vectors improve the tagger, the parser and the classifier.', ' and ELMo serve as a baseline, and BERT as the upper bound.',
    ' by McCann et al. serves as a baseline, and BERT as the upper bound.', ' [4] and ELMo were used as baselines, as in [5].']) assert.equal(lead('Learned in Translation', after), '', after);
  for (const after of [' to improve accuracy, ResNet-50 reaches 76% accuracy.', ' with labels that are noisy, ResNet-50 reaches 76% accuracy.',
    ' as is common, ResNet-50 reaches 76% accuracy.', ' as a baseline, ResNet-50 reaches 76% accuracy.', ' and fine-tuned on COCO, the detector reaches 40 AP.']) {
    assert.equal(lead('Trained on ImageNet', after), 'Trained on ', after);
  }
});

test('through composition: "Learned in Translation and ELMo …" and "… serves as a baseline, …" stay whole', () => {
  for (const [sentence, phrase, name] of [['Learned in Translation and ELMo vectors improve the tagger, the parser and the classifier.', 'Learned in Translation', 'Learned in Translation'],
    ['Learned in Translation by McCann et al. serves as a baseline, and BERT as the upper bound.', 'Learned in Translation', 'Learned in Translation']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Method', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => e.prose), [name], sentence);
  }
});

test('through composition: a participle clause at a sentence\'s start is read to the sentence\'s end for its comma, however long', () => {
  for (const [sentence, phrase, name] of [['Trained on PubMed for twelve epochs with a learning rate of 1e-4 and a batch size of 32 on eight GPUs, BioBERT answers questions.', 'Trained on PubMed', 'PubMed'],
    ['Trained on the 2019 release of the full PubMed abstracts corpus for twelve epochs with a learning rate of 1e-4, BioBERT answers questions.',
      'Trained on the 2019 release of the full PubMed abstracts corpus', 'the 2019 release of the full PubMed abstracts corpus']]) {
    const text = `\\begin{document}\n${sentence}\n\\end{document}\n`;
    const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
    const prose = segments[0].prose.text;
    const tagged = [[{ start: prose.indexOf(phrase), end: prose.indexOf(phrase) + phrase.length, type: 'Method', score: 0.6, model: 'test' }]];
    assert.deepEqual(composeEntities(segments, text, tagged).map((e) => e.prose), [name], sentence);
  }
});

test('the rest of a sentence runs to its full stop, over "et al." and decimals, and no further', () => {
  const prose = 'Trained on ImageNet by He et al. for 2.5 epochs, ResNet-50 wins. Later, we fine-tune.';
  assert.equal(sentenceRest(prose, 'Trained on ImageNet'.length), ' by He et al. for 2.5 epochs, ResNet-50 wins.');
  assert.equal(sentenceRest('Trained on ImageNet with no full stop', 19), ' with no full stop');
});

test('at a sentence\'s start a verb right after a pronoun is a relative clause\'s, no main verb: the participle is still cut ("… the images we have collected, ResNet …")', () => {
  const lead = (text: string, sentence: string) => text.slice(0, clauseLead(text, 'Method', true, sentenceRest(sentence, text.length)));
  for (const sentence of ['Trained on ImageNet and the images we have collected, ResNet reaches 76% accuracy.',
    'Trained on ImageNet and the data we can share, ResNet reaches 76% accuracy.', 'Trained on ImageNet and the videos they also have released, ResNet reaches 76% accuracy.']) {
    assert.equal(lead('Trained on ImageNet', sentence), 'Trained on ', sentence);
  }
  const notes = 'Pre-trained on PubMed and the clinical notes we have access to, the model answers questions.';
  assert.equal(lead('Pre-trained on PubMed', notes), 'Pre-trained on ');
  assert.equal(lead('Learned in Translation', 'Learned in Translation and the vectors we trained improve the tagger, the parser and the classifier.'), '',
    'a main verb after the relative clause');
});
