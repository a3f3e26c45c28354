// A distinctive name the tagger typed in one place is highlighted at the mentions it missed, with
// the type its mentions settle on and a reason; never an ordinary word, an even split, a mention the
// tagger could not read (math, a citation, back matter, another language) or characters another
// entity holds. The sample paper's "such as SciBERT" becomes a method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { clearTypes, typeVotes } from '../../extension/core/entities/consistency.ts';
import { addMissedMentions, distinctiveName } from '../../extension/core/entities/missed-mentions.ts';
import { noteTypedForms } from '../../extension/core/entities/names-elsewhere.ts';
import { plausibleSpan } from '../../extension/core/entities/plausible.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { entitiesOfFile, entitiesOfProject } from '../../extension/analysis/editor/document-entities.ts';
import type { EntityTagger } from '../../extension/analysis/editor/models.ts';
import { addEditorAnalysis } from '../../extension/analysis/editor/index.ts';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { SegmentOptions } from '../../extension/core/prose/segmenter.ts';

function mention(text: string, name: string, type: string, score: number, from = 0): ProseEntity {
  const start = text.indexOf(name, from);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score, model: 'test' };
}

/** Each list's entities as "name:type", after adding the missed mentions. */
function added(texts: string[], lists: ProseEntity[][]): string[][] {
  addMissedMentions(lists, texts, clearTypes(lists, texts));
  return lists.map((list, i) => list.map((e) => `${texts[i].slice(e.start, e.end)}:${e.type}`));
}

test('a distinctive name has a capital after its first letter, or letters and a digit; an ordinary word has neither', () => {
  for (const name of ['SciBERT', 'FOXP3', 'GILZ', 'NF-κB', 'JNLPBA', 'IL-2', 'BCL-2', 'minimap2', 'p53', 'mRNA']) assert.ok(distinctiveName(name), name);
  for (const name of ['cell', 'Transformer', 'Table', 'X', 'II', 'IV', '1st', '1990s', '2.5', 'T cells', 'SciBERT-', 'Ca2+']) assert.ok(!distinctiveName(name), name);
});

test('two or three capitals alone are no distinctive name: the tagger\'s type for "PSD" or "DNA" is not copied; "GMAP", "PP1", "BWA-MEM" are', () => {
  for (const name of ['DNA', 'PSD', 'MRI', 'GR']) assert.ok(!distinctiveName(name), name);
  const texts = ['CaMKII is bistable in the PSD, and PP1 acts there; GMAP and BWA-MEM align.', 'In the PSD, PP1 is regulated; GMAP and BWA-MEM ran on DNA.', 'Genomic DNA was read.'];
  const lists = [
    [mention(texts[0], 'PSD', 'GeneProtein', 0.9), mention(texts[0], 'PP1', 'GeneProtein', 0.9), mention(texts[0], 'GMAP', 'Method', 0.8), mention(texts[0], 'BWA-MEM', 'Method', 0.8)],
    [],
    [mention(texts[2], 'DNA', 'CellularComponent', 0.9)],
  ];
  assert.deepEqual(added(texts, lists)[1], ['PP1:GeneProtein', 'GMAP:Method', 'BWA-MEM:Method']);
});

test('a name typed in one paragraph is typed where the tagger missed it, with the mean confidence and why', () => {
  const texts = ['We fine-tune SciBERT on abstracts.', 'Encoders such as SciBERT [8] are standard.', 'We then ran SciBERT again.'];
  const lists = [[mention(texts[0], 'SciBERT', 'Method', 0.6)], [], [mention(texts[2], 'SciBERT', 'Method', 0.8)]];
  assert.deepEqual(added(texts, lists), [['SciBERT:Method'], ['SciBERT:Method'], ['SciBERT:Method']]);
  const [missed] = lists[1];
  assert.equal(missed.start, texts[1].indexOf('SciBERT'));
  assert.ok(Math.abs(missed.score - 0.7) < 1e-9, 'the typed mentions\' mean confidence');
  assert.equal(missed.typedBecause, 'its other mentions in this document have this type');
  assert.equal(missed.model, 'test');
});

test('an ordinary word, another case or a part of a longer word gets nothing', () => {
  const texts = ['The cell divides; SciBERT runs.', 'Each cell and the scibert model, SciBERTa, SciBERT-based tools and scibert.SciBERT.load.'];
  const lists = [[mention(texts[0], 'cell', 'Cell', 0.99), mention(texts[0], 'SciBERT', 'Method', 0.9)], []];
  assert.deepEqual(added(texts, lists), [['cell:Cell', 'SciBERT:Method'], []]);
});

test('an even split adds nothing; a clear majority adds its type', () => {
  const texts = ['GILZ was high.', 'GILZ was low.', 'Then GILZ rose.'];
  const even = [[mention(texts[0], 'GILZ', 'GeneProtein', 0.8)], [mention(texts[1], 'GILZ', 'Chemical', 0.8)], []];
  assert.deepEqual(added(texts, even), [['GILZ:GeneProtein'], ['GILZ:Chemical'], []]);
  const clear = [[mention(texts[0], 'GILZ', 'GeneProtein', 0.9)], [mention(texts[1], 'GILZ', 'Chemical', 0.3)], []];
  assert.deepEqual(added(texts, clear)[2], ['GILZ:GeneProtein']);
});

test('characters another entity holds stay as they are', () => {
  const texts = ['IL-2 is a cytokine.', 'The IL-2 receptor binds it.'];
  const lists = [[mention(texts[0], 'IL-2', 'GeneProtein', 0.9)], [mention(texts[1], 'IL-2 receptor', 'GeneProtein', 0.9)]];
  assert.deepEqual(added(texts, lists), [['IL-2:GeneProtein'], ['IL-2 receptor:GeneProtein']]);
});

test('only single tokens: a phrase\'s type does not pass to its distinctive word', () => {
  const texts = ['We train on the JNLPBA shared task data.', 'JNLPBA was a shared task.'];
  const lists = [[mention(texts[0], 'JNLPBA shared task data', 'Material', 0.8)], []];
  assert.deepEqual(added(texts, lists), [['JNLPBA shared task data:Material'], []]);
});

function compose(text: string, tag: (prose: string) => ProseEntity[], options: SegmentOptions = {}, dismissed?: (text: string) => boolean) {
  const { segments } = segmentDocument({ file: '/paper.tex', text, languageId: 'latex' }, options);
  return composeEntities(segments, text, segments.map((s) => tag(s.prose.text)), { dismissed });
}

const firstFoxp3 = (prose: string) => (prose.startsWith('FOXP3 is') ? [mention(prose, 'FOXP3', 'GeneProtein', 0.9)] : []);

test('through composition: no mention in math, a citation, back matter or another language\'s paragraph', () => {
  const text = String.raw`\begin{document}
FOXP3 is a transcription factor.

Regulatory cells need $FOXP3$ and FOXP3, as \citet{x} showed.

Wir verwenden die Daten der Patienten und der Kontrollen, die mit FOXP3 nicht untersucht wurden, und sind für die Analyse dankbar.

\section*{Acknowledgements}
We thank the FOXP3 team for the antibodies they gave us.
\end{document}
`;
  const entities = compose(text, firstFoxp3, { renderCitation: () => 'FOXP3 Consortium (2020)' });
  assert.deepEqual(entities.map((e) => [text.slice(0, e.span.start).split('\n').length, e.text, e.type]), [[2, 'FOXP3', 'GeneProtein'], [4, 'FOXP3', 'GeneProtein']]);
  assert.equal(entities[1].span.start, text.indexOf('FOXP3, as'), 'the plain FOXP3, not the math or the citation\'s');
});

test('through composition: an abbreviation the file defines, or a dismissed name, gets nothing', () => {
  const tag = (prose: string) => (prose.startsWith('MATRIXSIG is') ? [mention(prose, 'MATRIXSIG', 'Method', 0.9)] : []);
  const undefinedText = '\\begin{document}\nMATRIXSIG is a group we met.\n\nThe MATRIXSIG met again.\n\\end{document}\n';
  assert.equal(compose(undefinedText, tag).length, 2, 'undefined, it is added');
  assert.equal(compose(undefinedText, tag, {}, (t) => t === 'MATRIXSIG').length, 0, 'dismissed, at neither mention');
  const definedText = undefinedText.replace('The MATRIXSIG', 'The Matrix Special Interest Group (MATRIXSIG)');
  assert.deepEqual(compose(definedText, tag).map((e) => e.span.start), [definedText.indexOf('MATRIXSIG')], 'defined, its long form decides');
});

test('through composition: the project\'s other files vote too, and say so', () => {
  const text = '\\begin{document}\nWe ran VSEARCH first.\n\nThen VSEARCH mapped reads.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/ch2.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [[mention(prose[0], 'VSEARCH', 'Chemical', 0.55)], []];
  const other = ['VSEARCH clusters.', 'VSEARCH again.'];
  const elsewhere = typeVotes([[mention(other[0], 'VSEARCH', 'Method', 0.8)], [mention(other[1], 'VSEARCH', 'Method', 0.9)]], other);
  assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.text}:${e.type}`), ['VSEARCH:Chemical', 'VSEARCH:Chemical'], 'alone, its own type');
  const entities = composeEntities(segments, text, tagged, { elsewhere: [elsewhere] });
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['VSEARCH:Method', 'VSEARCH:Method']);
  assert.equal(entities[1].typedBecause, 'its other mentions in this document and the project\'s other files have this type');
  assert.ok(Math.abs(entities[1].score - 0.85) < 1e-9, 'the agreeing mentions\' mean confidence, from the other file');
});

test('through composition: a name only the project\'s other files type is typed where this file writes it bare, saying so', () => {
  const text = '\\begin{document}\nWe ran VSEARCH first, then vsearch and Vsearch.\n\nThen VSEARCH mapped reads.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/ch2.tex', text, languageId: 'latex' });
  const other = ['VSEARCH clusters.', 'VSEARCH again.'];
  const lists = [[mention(other[0], 'VSEARCH', 'Method', 0.8)], [mention(other[1], 'VSEARCH', 'Method', 0.9)]];
  const elsewhere = noteTypedForms(typeVotes(lists, other), lists, other);
  const entities = composeEntities(segments, text, [[], []], { elsewhere: [elsewhere] });
  assert.deepEqual(entities.map((e) => `${e.span.start}:${e.text}:${e.type}`), [`${text.indexOf('VSEARCH')}:VSEARCH:Method`, `${text.lastIndexOf('VSEARCH')}:VSEARCH:Method`], 'written as the other file typed it');
  assert.deepEqual(entities.map((e) => e.typedBecause), Array(2).fill('its mentions in the project\'s other files have this type'));
  assert.ok(Math.abs(entities[0].score - 0.85) < 1e-9, 'the agreeing mentions\' mean confidence');
  assert.deepEqual(composeEntities(segments, text, [[], []]), [], 'alone, nothing');
});

test('through composition: a name only other files type needs their clear type, no definition, and no definition of it here', () => {
  const text = '\\begin{document}\nWe ran VSEARCH first.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/ch2.tex', text, languageId: 'latex' });
  const votesOf = (other: string[], lists: ProseEntity[][]) => noteTypedForms(typeVotes(lists, other), lists, other);
  const split = ['VSEARCH clusters.', 'VSEARCH again.'];
  const even = votesOf(split, [[mention(split[0], 'VSEARCH', 'Method', 0.8)], [mention(split[1], 'VSEARCH', 'Chemical', 0.8)]]);
  assert.deepEqual(composeEntities(segments, text, [[]], { elsewhere: [even] }), [], 'an even split');
  const clear = votesOf(split, [[mention(split[0], 'VSEARCH', 'Method', 0.9)], [mention(split[1], 'VSEARCH', 'Chemical', 0.3)]]);
  assert.deepEqual(composeEntities(segments, text, [[]], { elsewhere: [clear] }).map((e) => e.type), ['Method'], 'a clear share, counted over the files');
  const counted = votesOf(['VSEARCH clusters.'], [[mention('VSEARCH clusters.', 'VSEARCH', 'Method', 0.9)]]);
  const against = votesOf(['Then VSEARCH.'], [[mention('Then VSEARCH.', 'VSEARCH', 'Chemical', 0.8)]]);
  assert.deepEqual(composeEntities(segments, text, [[]], { elsewhere: [counted, against] }), [], 'two files split evenly');
  const definedThere = ['The very sensitive search (VSEARCH) tool.'];
  const definition = votesOf(definedThere, [[{ ...mention(definedThere[0], 'VSEARCH', 'Method', 0.9), longForm: 'very sensitive search' }]]);
  assert.deepEqual(composeEntities(segments, text, [[]], { elsewhere: [definition] }).map((e) => [e.text, e.longForm, e.typedBecause]), [['VSEARCH', 'very sensitive search', undefined]], 'a definition elsewhere types it as such, with its long form');
  const definedHere = '\\begin{document}\nWe ran the very sensitive search (VSEARCH) first.\n\nThen VSEARCH mapped reads.\n\\end{document}\n';
  const here = segmentDocument({ file: '/ch2.tex', text: definedHere, languageId: 'latex' }).segments;
  assert.deepEqual(composeEntities(here, definedHere, [[], []], { elsewhere: [clear] }), [], 'an abbreviation this file defines (its long form untyped) gets nothing');
});

test('through composition: a name this file types keeps its own votes\' count; other files\' forms add nothing', () => {
  const text = '\\begin{document}\nWe dissolved VSEARCH first.\n\nThen VSEARCH was added.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/ch2.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const other = ['VSEARCH clusters.'];
  const lists = [[mention(other[0], 'VSEARCH', 'Method', 0.5)]];
  const elsewhere = noteTypedForms(typeVotes(lists, other), lists, other);
  const entities = composeEntities(segments, text, [[mention(prose[0], 'VSEARCH', 'Chemical', 0.9)], []], { elsewhere: [elsewhere] });
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['VSEARCH:Chemical', 'VSEARCH:Chemical']);
  assert.equal(entities[1].typedBecause, 'its other mentions in this document have this type');
});

test('a project analysed together: a name one chapter types is typed in the chapter that writes it bare', async () => {
  const files = ['\\begin{document}\nWe align with minimap2 here.\n\\end{document}\n', 'Reads were mapped by minimap2 too.\n'];
  const analyses = files.map((text, i) => ({ file: `/thesis/ch${i}.tex`, text, segments: segmentDocument({ file: `/thesis/ch${i}.tex`, text, languageId: 'latex' }).segments }));
  const tagger = {
    id: 'stand-in',
    tag: async (texts: readonly string[]) => texts.map((t) => (/align/.test(t) ? [mention(t, 'minimap2', 'Method', 0.7)] : [])),
  } as unknown as EntityTagger;
  const [first, second] = await entitiesOfProject(analyses, tagger);
  assert.deepEqual(first.map((e) => [e.text, e.type, e.typedBecause]), [['minimap2', 'Method', undefined]]);
  assert.deepEqual(second.map((e) => [e.text, e.type, e.typedBecause]), [['minimap2', 'Method', 'its mentions in the project\'s other files have this type']]);
  assert.deepEqual(await entitiesOfFile(analyses[1], tagger), [], 'alone, nothing');
});

test('the sample paper: "such as SciBERT" in the introduction is a method, as in the abstract', async () => {
  const paper = fileURLToPath(new URL('../../sample/latex/paper.tex', import.meta.url));
  const workspace = createWorkspace();
  const result = await addEditorAnalysis(workspace, await analyzeFile(workspace, paper));
  const sciBert = result.entities.filter((e) => e.file === paper && e.text === 'SciBERT').map((e) => [e.range.start.line + 1, e.type, e.typedBecause]);
  assert.deepEqual(sciBert, [
    [23, 'Method', undefined],
    [43, 'Method', 'its other mentions in this document and the project\'s other files have this type'],
  ]);
});

test('through composition: the reason names the other files only when their votes agree with the type', () => {
  const text = '\\begin{document}\nWe fine-tune SciBERT first.\n\nWe ran SciBERT again.\n\nThen SciBERT is used.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/ch2.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [[mention(prose[0], 'SciBERT', 'Method', 0.9)], [mention(prose[1], 'SciBERT', 'Method', 0.9)], []];
  const other = ['SciBERT data.'];
  const elsewhere = typeVotes([[mention(other[0], 'SciBERT', 'Material', 0.3)]], other);
  const added = composeEntities(segments, text, tagged, { elsewhere: [elsewhere] }).find((e) => e.typedBecause);
  assert.equal(added?.type, 'Method');
  assert.equal(added?.typedBecause, 'its other mentions in this document have this type', 'the other file called it a material');
});

test('through composition: a supplementary figure or table label is no mention of a protein of the same letters ("Table S1")', () => {
  const text = String.raw`\begin{document}
The spike protein is cleaved into S1 and S2.

Primers are listed in Table S1 and Figure S1 shows the gel; see also Fig. S1, Fig.~S2, Data S1, Video S2, Figures S1 and S2 and Tables~S1--S2.

Only S1 binds the receptor, and S2 fuses.
\end{document}
`;
  const tag = (prose: string) => (prose.startsWith('The spike') ? [mention(prose, 'S1', 'GeneProtein', 0.9), mention(prose, 'S2', 'GeneProtein', 0.9)] : []);
  const lines = compose(text, tag).map((e) => `${text.slice(0, e.span.start).split('\n').length}:${e.text}`);
  assert.deepEqual(lines, ['2:S1', '2:S2', '6:S1', '6:S2']);
});

test('through composition: a file path is no mention ("bin/minimap2", "./minimap2", "data/FOXP3")', () => {
  const text = 'We align with minimap2 here; FOXP3 is a transcription factor.\n\nThe binary bin/minimap2, a copy ./minimap2, the folder data/FOXP3 and minimap2/FOXP3 are no mentions; minimap2 and FOXP3 are.\n';
  const { segments } = segmentDocument({ file: '/p.md', text, languageId: 'markdown' });
  const p = segments[0].prose.text;
  const entities = composeEntities(segments, text, [[mention(p, 'minimap2', 'Method', 0.9), mention(p, 'FOXP3', 'GeneProtein', 0.9)], []]);
  assert.deepEqual(entities.filter((e) => e.segment === 1).map((e) => text.slice(e.span.start - 4, e.span.end)), ['ns; minimap2', 'and FOXP3']);
  const texts = ['We align with minimap2 here.', 'It runs as C:\\tools\\minimap2 here, or from minimap2\\ there.'];
  assert.deepEqual(added(texts, [[mention(texts[0], 'minimap2', 'Method', 0.9)], []]), [['minimap2:Method'], []], 'a Windows path');
});

test('a name right after a figure, table or section reference and its comma is a mention; only a label in the list is none', () => {
  for (const [sentence, name, type] of [['In Figure 2, FOXP3 rises in the thymus.', 'FOXP3', 'GeneProtein'], ['In Figures S1 and S2, FOXP3 rises.', 'FOXP3', 'GeneProtein'],
    ['As shown in Tables 1 and 2, SciBERT outperforms BERT.', 'SciBERT', 'Method'], ['In Section 4, SciBERT is fine-tuned.', 'SciBERT', 'Method'],
    ['In Appendix B2, SciBERT is fine-tuned.', 'SciBERT', 'Method'], ['Following Eq. 3, SciBERT is fine-tuned.', 'SciBERT', 'Method']]) {
    const texts = [`${name} is typed here.`, sentence];
    assert.deepEqual(added(texts, [[mention(texts[0], name, type, 0.9)], []])[1], [`${name}:${type}`], sentence);
  }
  const texts = ['The spike protein is cleaved into S1, S2 and S3.', 'Figures S1, S2 and S3 show the gel; in Figure 2, S1 binds the receptor.'];
  const lists = [['S1', 'S2', 'S3'].map((n) => mention(texts[0], n, 'GeneProtein', 0.9)), []];
  assert.deepEqual(added(texts, lists)[1], ['S1:GeneProtein'], 'the labels in the list are none; "S1 binds" after "Figure 2," is one');
});

test('through composition: the LaTeX reference "In Figure~\\ref{fig:stain}, FOXP3 …" leaves FOXP3 a mention', () => {
  const text = '\\begin{document}\nFOXP3 is a transcription factor.\n\nIn Figure~\\ref{fig:stain}, FOXP3 rises; in Table~\\ref{tab:a}, FOXP3 falls.\n\\end{document}\n';
  const rises = text.indexOf('FOXP3 rises');
  assert.deepEqual(compose(text, firstFoxp3).map((e) => e.span.start), [text.indexOf('FOXP3'), rises, text.indexOf('FOXP3', rises + 1)]);
});

test('slash alternatives of names are mentions ("CD4/CD8", "CaMKII/PP1"); a path, names of different types or "and/or" are not', () => {
  const texts = ['CD4 and CD8 are co-receptors; CaMKII and PP1 act; minimap2 aligns and FOXP3 binds.', 'The CD4/CD8 ratio, the CaMKII/PP1 pathway, minimap2/FOXP3, bin/CD4, lab/CD4/CD8, CD4/CD8.txt and CD4/s.'];
  const lists = [
    [['CD4', 'GeneProtein'], ['CD8', 'GeneProtein'], ['CaMKII', 'GeneProtein'], ['PP1', 'GeneProtein'], ['minimap2', 'Method'], ['FOXP3', 'GeneProtein']].map(([n, t]) => mention(texts[0], n, t, 0.9)),
    [mention(texts[1], 'PP1', 'GeneProtein', 0.9)],
  ];
  const lines = added(texts, lists)[1];
  assert.deepEqual(lines, ['PP1:GeneProtein', 'CD4:GeneProtein', 'CD8:GeneProtein', 'CaMKII:GeneProtein']);
  assert.deepEqual(lists[1].slice(1).map((e) => e.start), [texts[1].indexOf('CD4/'), texts[1].indexOf('CD8 ratio'), texts[1].indexOf('CaMKII')]);
});

test('through composition: a tagger\'s span that is a figure or table label goes ("Table S1"), and does not block the name elsewhere', () => {
  const text = String.raw`\begin{document}
The spike protein is cleaved into S1.

Primers are listed in Table~S1 and shown in Fig.~S1.

Only S1 binds the receptor; in Figure S3, S1 is cut.
\end{document}
`;
  const model = (prose: string): ProseEntity[] => {
    if (prose.startsWith('The spike')) return [mention(prose, 'S1', 'GeneProtein', 0.9)];
    if (prose.startsWith('Primers')) return [mention(prose, 'S1', 'Material', 0.9), mention(prose, 'S1', 'Material', 0.9, prose.indexOf('Fig'))];
    return prose.startsWith('Only') ? [mention(prose, 'S1', 'GeneProtein', 0.9, prose.indexOf('S1 is'))] : [];
  };
  // as every tagger's output is read (`models.ts`)
  const tag = (prose: string) => model(prose).filter((e) => plausibleSpan(prose, e.start, e.end));
  const lines = compose(text, tag).map((e) => `${text.slice(0, e.span.start).split('\n').length}:${e.text}:${e.type}`);
  assert.deepEqual(lines, ['2:S1:GeneProtein', '6:S1:GeneProtein', '6:S1:GeneProtein']);
});
