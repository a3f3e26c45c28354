// One sense per document: the mentions of a name that disagree with a clear majority of its mentions
// take the majority's type; an even split, or a single mention, stays as the tagger said. A project's
// other files vote too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSISTENT_SHARE, clearTypes, harmonizeTypes, typeVotes } from '../../extension/core/entities/consistency.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { entitiesOfFile, entitiesOfProject } from '../../extension/analysis/editor/document-entities.ts';
import type { EntityTagger } from '../../extension/analysis/editor/models.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function mention(text: string, name: string, type: string, score: number, from = 0): ProseEntity {
  const start = text.indexOf(name, from);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score, model: 'test' };
}

test('a clear majority by summed confidence re-types the other mentions, with its mean confidence; case does not matter', () => {
  const texts = ['CaMKII binds PP1.', 'Active camkii rings.', 'CaMKII again.', 'Blocking CaMKII.'];
  const lists = [
    [mention(texts[0], 'CaMKII', 'GeneProtein', 0.9), mention(texts[0], 'PP1', 'GeneProtein', 0.8)],
    [mention(texts[1], 'camkii', 'GeneProtein', 0.7)],
    [mention(texts[2], 'CaMKII', 'Chemical', 0.6)],
    [mention(texts[3], 'CaMKII', 'Method', 0.5)],
  ];
  // GeneProtein holds 1.6 of 2.7 (0.59) — not enough alone; a third protein mention makes it clear.
  const unchanged = lists.map((l) => l.map((e) => ({ ...e })));
  harmonizeTypes(unchanged, texts);
  assert.deepEqual(unchanged.flat().map((e) => e.type), ['GeneProtein', 'GeneProtein', 'GeneProtein', 'Chemical', 'Method'], `below ${CONSISTENT_SHARE} nothing changes`);
  const more = [...texts, 'CaMKII is a kinase.'];
  const withThird = [...lists.map((l) => l.map((e) => ({ ...e }))), [mention(more[4], 'CaMKII', 'GeneProtein', 0.8)]];
  harmonizeTypes(withThird, more);
  assert.deepEqual(withThird.flat().map((e) => e.type), ['GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein', 'GeneProtein']);
  assert.equal(withThird[2][0].score, (0.9 + 0.7 + 0.8) / 3, 'the majority\'s mean confidence');
  assert.equal(withThird[0][1].score, 0.8, 'PP1 untouched');
});

test('an even split and a single mention stay as tagged', () => {
  const texts = ['Alpha here.', 'Alpha there.', 'Beta once.'];
  const lists = [[mention(texts[0], 'Alpha', 'Chemical', 0.8)], [mention(texts[1], 'Alpha', 'Disease', 0.8)], [mention(texts[2], 'Beta', 'Method', 0.9)]];
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map((e) => e.type), ['Chemical', 'Disease', 'Method']);
});

test('through composition: every highlight of a name has the document\'s type', () => {
  const text = '\\begin{document}\nCaMKII binds PP1.\n\nActive CaMKII rings.\n\nMore CaMKII.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [
    [mention(prose[0], 'CaMKII', 'GeneProtein', 0.9)],
    [mention(prose[1], 'CaMKII', 'GeneProtein', 0.9)],
    [mention(prose[2], 'CaMKII', 'Chemical', 0.55)],
  ];
  const entities = composeEntities(segments, text, tagged);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['CaMKII:GeneProtein', 'CaMKII:GeneProtein', 'CaMKII:GeneProtein']);
});

test('the project\'s other files vote too: their own mentions, for names this file has', () => {
  const texts = ['NFC-HOA is used.', 'Then NFC-HOA again.', 'WFS here.'];
  const lists = () => [[mention(texts[0], 'NFC-HOA', 'Chemical', 0.6)], [mention(texts[1], 'NFC-HOA', 'Method', 0.6)], [mention(texts[2], 'WFS', 'Method', 0.9)]];
  const alone = lists();
  harmonizeTypes(alone, texts);
  assert.deepEqual(alone.flat().map((e) => e.type), ['Chemical', 'Method', 'Method'], 'an even split here');
  const otherChapter = ['NFC-HOA and WFS.', 'NFC-HOA once more.', 'Only SFS here.'];
  const elsewhere = typeVotes([
    [mention(otherChapter[0], 'NFC-HOA', 'Method', 0.8), mention(otherChapter[0], 'WFS', 'Chemical', 0.2)],
    [mention(otherChapter[1], 'NFC-HOA', 'Method', 0.7)],
    [mention(otherChapter[2], 'SFS', 'Disease', 0.9)],
  ], otherChapter);
  const withProject = lists();
  harmonizeTypes(withProject, texts, [elsewhere]);
  assert.deepEqual(withProject.flat().map((e) => e.type), ['Method', 'Method', 'Method'], 'the project\'s majority decides');
  assert.ok(Math.abs(withProject[0][0].score - (0.6 + 0.8 + 0.7) / 3) < 1e-9, 'the mean confidence of the agreeing mentions, here and elsewhere');
  assert.equal(withProject[2][0].score, 0.9, 'WFS keeps its own clear majority');
});

test('a project\'s files analysed together share one type per name', async () => {
  const files = ['\\begin{document}\nNFC-HOA is used.\n\nThen NFC-HOA again.\n\\end{document}\n', 'NFC-HOA works.\n\nNFC-HOA wins.\n'];
  const analyses = files.map((text, i) => ({ file: `/thesis/ch${i}.tex`, text, segments: segmentDocument({ file: `/thesis/ch${i}.tex`, text, languageId: 'latex' }).segments }));
  // a stand-in tagger: "used" and "again" paragraphs disagree, the other chapter says Method twice
  const tagger = {
    id: 'stand-in',
    tag: async (texts: readonly string[]) => texts.map((t) => [mention(t, 'NFC-HOA', /used/.test(t) ? 'Chemical' : 'Method', 0.6)]),
  } as unknown as EntityTagger;
  const [first, second] = await entitiesOfProject(analyses, tagger);
  assert.deepEqual(first.map((e) => e.type), ['Method', 'Method'], 'the first chapter follows the project');
  assert.deepEqual(second.map((e) => e.type), ['Method', 'Method']);
  assert.deepEqual((await entitiesOfFile(analyses[0], tagger)).map((e) => e.type), ['Chemical', 'Method'], 'alone, an even split stays');
});

function defined(text: string, name: string, type: string, score: number, longForm: string): ProseEntity {
  return { ...mention(text, name, type, score), longForm };
}

test('a definition outranks the count: another chapter\'s ITD, and its plural, take the defined type and long form', () => {
  const chapter1 = ['The interaural time difference (ITD) matters.', 'The ITD grows.'];
  const elsewhere = typeVotes([
    [defined(chapter1[0], 'ITD', 'Metric', 0.57, 'interaural time difference')],
    [defined(chapter1[1], 'ITD', 'Metric', 0.57, 'interaural time difference')],
  ], chapter1);
  const texts = ['The ITD of the model.', 'An ITD here.', 'Both ITDs.', 'The ITD again.'];
  const lists = () => [
    [mention(texts[0], 'ITD', 'Chemical', 0.9)], [mention(texts[1], 'ITD', 'Chemical', 0.8)], [mention(texts[2], 'ITDs', 'GeneProtein', 0.7)],
    [mention(texts[3], 'ITD', 'GeneProtein', 0.6)],
  ];
  const alone = lists();
  harmonizeTypes(alone, texts);
  assert.deepEqual(alone.flat().map((e) => e.type), ['Chemical', 'Chemical', 'GeneProtein', 'Chemical'], 'without the definition, the tagger\'s majority');
  const withDefinition = lists();
  harmonizeTypes(withDefinition, texts, [elsewhere]);
  assert.deepEqual(withDefinition.flat().map((e) => `${e.type}:${e.score}:${e.longForm}`), Array(4).fill('Metric:0.57:interaural time difference'),
    'four mentions that the tagger typed otherwise follow two defined ones');
});

test('between definitions the share decides, and mentions a definition typed follow it too', () => {
  const texts = ['sound field synthesis (SFS) here', 'SFS there', 'SFS a third time', 'SFS, tagged'];
  const lists = [
    [defined(texts[0], 'SFS', 'Method', 0.9, 'sound field synthesis')], [defined(texts[1], 'SFS', 'Method', 0.9, 'sound field synthesis')],
    [defined(texts[2], 'SFS', 'Task', 0.38, 'sound field synthesis')], [mention(texts[3], 'SFS', 'Chemical', 0.99)],
  ];
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map((e) => e.type), ['Method', 'Method', 'Method', 'Method']);
  assert.equal(lists[3][0].longForm, 'sound field synthesis');
});

test('a definition votes once per file, however often its abbreviation is used', () => {
  const chapter = (type: string, score: number, uses: number) => {
    const texts = Array.from({ length: uses }, (_, i) => `WFS use ${i}.`);
    return typeVotes(texts.map((t) => [defined(t, 'WFS', type, score, 'wave field synthesis')]), texts);
  };
  const texts = Array.from({ length: 63 }, (_, i) => `Here WFS ${i}.`);
  const lists = texts.map((t) => [defined(t, 'WFS', 'Task', 0.45, 'Wave Field Synthesis')]);
  harmonizeTypes(lists, texts, [chapter('Method', 0.62, 4), chapter('Method', 0.71, 15)]);
  assert.deepEqual(new Set(lists.flat().map((e) => e.type)), new Set(['Method']), '63 uses of one definition (0.45) against two definitions (1.33)');
  assert.equal(lists[0][0].longForm, 'Wave Field Synthesis', 'a mention keeps its own definition\'s long form');
});

test('through composition: every mention of an abbreviation another file defined is highlighted as defined there, even where the tagger saw nothing', () => {
  const chapter1 = ['The interaural time difference (ITD) matters.'];
  const elsewhere = typeVotes([[defined(chapter1[0], 'ITD', 'Metric', 0.57, 'interaural time difference')]], chapter1);
  const text = '\\begin{document}\nThe ITD and two ITDs.\n\nThe ITD again, as a gene: ITD.\n\nIn its own words (ITD) and itd.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/thesis/ch6.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [[], [mention(prose[1], 'ITD', 'GeneProtein', 0.9)], []];
  let own: ReturnType<typeof typeVotes> | undefined;
  const entities = composeEntities(segments, text, tagged, { elsewhere: [elsewhere], onVotes: (v) => (own = v) });
  assert.deepEqual(entities.map((e) => `${e.prose}:${e.type}:${e.longForm}`), [
    'ITD:Metric:interaural time difference', 'ITD:Metric:interaural time difference', 'ITD:Metric:interaural time difference', 'ITD:Metric:interaural time difference',
  ], 'four mentions ("ITDs" is one; "(ITD)" after words is a definition, "itd" no abbreviation); the tagger\'s gene gives way');
  assert.deepEqual([...(own?.get('itd')?.entries() ?? [])], [['GeneProtein', { score: 0.9, count: 1, defined: 0, longForm: undefined, model: 'test' }]],
    'this file\'s own votes are its tagger\'s, not an echo of the other file');
  assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.prose}:${e.type}`), ['ITD:GeneProtein'], 'without the project, only the tagger\'s highlight');
});

test('a long form takes the type its abbreviation\'s definitions settle on, whatever its case, in another chapter too', () => {
  const chapter1 = ['Sound field synthesis (SFS) is a method.', 'The SFS works.'];
  const elsewhere = typeVotes([
    [mention(chapter1[0], 'Sound field synthesis', 'Method', 0.9), defined(chapter1[0], 'SFS', 'Method', 0.9, 'Sound field synthesis')],
    [defined(chapter1[1], 'SFS', 'Method', 0.9, 'Sound field synthesis')],
  ], chapter1);
  // this chapter never writes SFS; the tagger calls the long form a task every time
  const texts = ['Theory of Sound Field Synthesis', 'In sound field synthesis we', 'All sound field synthesis methods', 'And wave field synthesis', 'The WFS'];
  const lists = () => [
    [mention(texts[0], 'Sound Field Synthesis', 'Task', 0.7)], [mention(texts[1], 'sound field synthesis', 'Task', 0.6)],
    [mention(texts[2], 'sound field synthesis methods', 'Task', 0.8)], [mention(texts[3], 'wave field synthesis', 'Task', 0.5)], [mention(texts[4], 'WFS', 'Method', 0.8)],
  ];
  const alone = lists();
  harmonizeTypes(alone, texts);
  assert.deepEqual(alone.flat().map((e) => e.type), ['Task', 'Task', 'Task', 'Task', 'Method'], 'without the definition, as tagged');
  const withProject = lists();
  harmonizeTypes(withProject, texts, [elsewhere]);
  assert.deepEqual(withProject.flat().map((e) => `${e.type}:${e.score}:${e.longForm}`), [
    'Method:0.9:undefined', 'Method:0.9:undefined', 'Task:0.8:undefined', 'Task:0.5:undefined', 'Method:0.8:undefined',
  ], 'the long form as SFS was defined (it abbreviates nothing); a longer name, and a long form no definition ties to WFS, as tagged');
});

test('a long form and its plural follow the abbreviation the same file defines, the definition\'s own long form too', () => {
  const texts = ['The interaural time difference (ITD) matters.', 'Interaural time differences grow.', 'The Interaural Time Difference again.', 'The ITD here.'];
  const lists = [
    [mention(texts[0], 'interaural time difference', 'Metric', 0.57), defined(texts[0], 'ITD', 'Metric', 0.57, 'interaural time difference')],
    [mention(texts[1], 'Interaural time differences', 'Task', 0.9)], [mention(texts[2], 'Interaural Time Difference', 'Task', 0.9)],
    [defined(texts[3], 'ITD', 'Metric', 0.57, 'interaural time difference')],
  ];
  // by count alone, the long form's task (0.9 of 1.47) would re-type the definition's own long form
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map((e) => `${e.type}:${e.longForm}`), [
    'Metric:undefined', 'Metric:interaural time difference', 'Metric:undefined', 'Metric:undefined', 'Metric:interaural time difference',
  ]);
});

test('through composition: the long form\'s mentions are highlighted as its abbreviation', () => {
  const text = '\\begin{document}\nSound field synthesis (SFS) is a method.\n\nThe SFS works.\n\nIn sound field synthesis we listen.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments.map((s) => s.prose.text);
  const tagged = [[mention(prose[0], 'Sound field synthesis', 'Method', 0.9)], [], [mention(prose[2], 'sound field synthesis', 'Task', 0.8)]];
  assert.deepEqual(composeEntities(segments, text, tagged).map((e) => `${e.prose}:${e.type}:${e.longForm}`), [
    'Sound field synthesis:Method:undefined', 'SFS:Method:Sound field synthesis', 'SFS:Method:Sound field synthesis', 'sound field synthesis:Method:undefined',
  ]);
});

test('a long form two abbreviations define follows neither', () => {
  const texts = ['The mean error (ME) here.', 'The mean error (MErr) there.', 'A mean error again.'];
  const lists = [
    [defined(texts[0], 'ME', 'Metric', 0.8, 'mean error')], [defined(texts[1], 'MErr', 'Method', 0.8, 'mean error')],
    [mention(texts[2], 'mean error', 'Task', 0.7)],
  ];
  harmonizeTypes(lists, texts);
  assert.equal(lists[2][0].type, 'Task');
});

test('a mention re-typed by the vote says why only when the winning mentions do: no reason that contradicts its type is kept', () => {
  const because = (e: ProseEntity) => `${e.type}:${e.typedBecause ?? ''}`;
  const texts = ['The glucocorticoid receptor binds.', 'The glucocorticoid receptor moves.', 'Then glucocorticoid signalling drops.', 'SciPy is used.', 'SciPy again.', 'And SciPy.'];
  const lists = [
    [mention(texts[0], 'glucocorticoid', 'GeneProtein', 0.9)], [mention(texts[1], 'glucocorticoid', 'GeneProtein', 0.9)],
    [{ ...mention(texts[2], 'glucocorticoid', 'Chemical', 0.9), typedBecause: 'its ending names a class of compounds, not a protein' }],
    [{ ...mention(texts[3], 'SciPy', 'Method', 0.8), typedBecause: 'named as software: “SciPy library”' }],
    [{ ...mention(texts[4], 'SciPy', 'Method', 0.8), typedBecause: 'named as software: “SciPy library”' }],
    [mention(texts[5], 'SciPy', 'GeneProtein', 0.7)],
  ];
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map(because), [
    'GeneProtein:', 'GeneProtein:', 'GeneProtein:',
    'Method:named as software: “SciPy library”', 'Method:named as software: “SciPy library”', 'Method:named as software: “SciPy library”',
  ]);
  assert.equal('typedBecause' in lists[2][0], false, 'the property goes, not only its value');
});

test('a defined abbreviation\'s mention, or its long form\'s, re-typed by its definition drops a reason of another type', () => {
  const texts = ['The interaural time difference (ITD) matters.', 'The ITD here.', 'Interaural time differences grow.'];
  const lists = [
    [defined(texts[0], 'ITD', 'Metric', 0.57, 'interaural time difference')],
    [{ ...mention(texts[1], 'ITD', 'Method', 0.9), typedBecause: 'named as software: “ITD toolbox”' }],
    [{ ...mention(texts[2], 'Interaural time differences', 'GeneProtein', 0.9), typedBecause: 'its head word “differences” names a protein' }],
  ];
  harmonizeTypes(lists, texts);
  assert.deepEqual(lists.flat().map((e) => `${e.type}:${e.typedBecause ?? ''}`), ['Metric:', 'Metric:', 'Metric:']);
});

test('through composition: the reviewer\'s glucocorticoid paragraph gives no protein a "not a protein" reason', () => {
  const text = '\\begin{document}\nThe glucocorticoid receptor binds. The glucocorticoid receptor moves. Then glucocorticoid signalling drops.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/p.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const at = (from: number) => ({ start: prose.indexOf('glucocorticoid', from), end: prose.indexOf('glucocorticoid', from) + 'glucocorticoid'.length, type: 'GeneProtein', score: 0.9, model: 'test' });
  const entities = composeEntities(segments, text, [[at(0), at(30), at(60)]]);
  assert.deepEqual(entities.map((e) => `${e.type}:${e.typedBecause ?? ''}`), ['GeneProtein:', 'GeneProtein:', 'GeneProtein:']);
});

test('harmonising returns the clear types (`clearTypes`, a lone type too), from the same votes, the project\'s counted', () => {
  const texts = ['CaMKII binds PP1 and GILZ.', 'Active CaMKII rings.', 'CaMKII again.'];
  const lists = () => [
    [mention(texts[0], 'CaMKII', 'GeneProtein', 0.9), mention(texts[0], 'PP1', 'GeneProtein', 0.8), mention(texts[0], 'GILZ', 'Chemical', 0.4)],
    [mention(texts[1], 'CaMKII', 'GeneProtein', 0.9)],
    [mention(texts[2], 'CaMKII', 'Chemical', 0.3)],
  ];
  const other = ['GILZ is induced.'];
  const elsewhere = [typeVotes([[mention(other[0], 'GILZ', 'GeneProtein', 0.9)]], other)];
  const before = clearTypes(lists(), texts, elsewhere);
  const harmonized = lists();
  assert.deepEqual(harmonizeTypes(harmonized, texts, elsewhere), before);
  assert.equal(harmonized[2][0].type, 'GeneProtein', 'and re-types as before');
  assert.deepEqual([...before].map(([name, t]) => `${name}:${t.type}:${t.elsewhere}`), ['camkii:GeneProtein:false', 'pp1:GeneProtein:false', 'gilz:GeneProtein:true']);
});

test('through composition: a name and its alias in parentheses vote for each other, so the sample\'s GILZ is one gene in both sentences', () => {
  // sample/latex/paper.tex: the tagger typed GILZ a protein (0.99) beside its symbol, a chemical (0.79) in the next sentence
  const text = '\\begin{document}\nThe most frequent protein mentions co-occurring with GR were FOXP3, GILZ (TSC22D3) and\nBCL-2. GILZ was reported as a mediator of glucocorticoid-induced T-cell apoptosis in 312\nabstracts.\n\\end{document}\n';
  const { segments } = segmentDocument({ file: '/paper.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const second = prose.indexOf('GILZ was');
  const tagged = [[
    mention(prose, 'FOXP3', 'GeneProtein', 0.96), mention(prose, 'GILZ', 'GeneProtein', 0.99), mention(prose, 'TSC22D3', 'GeneProtein', 0.98),
    mention(prose, 'BCL-2', 'GeneProtein', 0.99), { start: second, end: second + 4, type: 'Chemical', score: 0.79, model: 'test' },
  ]];
  const entities = composeEntities(segments, text, tagged);
  assert.deepEqual(entities.map((e) => `${e.text}:${e.type}`), ['FOXP3:GeneProtein', 'GILZ:GeneProtein', 'TSC22D3:GeneProtein', 'BCL-2:GeneProtein', 'GILZ:GeneProtein'],
    'GILZ\'s 0.99 and TSC22D3\'s 0.98 against 0.79');
  assert.ok(Math.abs(entities[4].score - (0.99 + 0.98) / 2) < 1e-9, 'with the agreeing mentions\' mean confidence');
  assert.equal(entities[2].score, 0.98, 'the alias keeps its own clear type and confidence');
});

test('an alias\'s votes count once, and a parenthesis that names something else joins no votes', () => {
  const texts = ['GILZ (TSC22D3) and later GILZ (TSC22D3) again.', 'GILZ rose.', 'TSC22D3 fell.'];
  const twice = (text: string, name: string) => [mention(text, name, 'GeneProtein', 0.6), mention(text, name, 'GeneProtein', 0.6, text.indexOf('later'))];
  const lists = [[...twice(texts[0], 'GILZ'), ...twice(texts[0], 'TSC22D3')], [mention(texts[1], 'GILZ', 'Chemical', 0.95)], [mention(texts[2], 'TSC22D3', 'GeneProtein', 0.9)]];
  // alone, GILZ is split 1.2 to 0.95; each name's own votes go to the other once (the pair is written twice), none come back
  const clear = clearTypes(lists, texts);
  assert.deepEqual([...clear].map(([name, t]) => `${name}:${t.type}:${t.score.toFixed(3)}`), ['gilz:GeneProtein:0.660', 'tsc22d3:GeneProtein:0.660'],
    'GeneProtein 1.2 + 2.1 over five mentions, against GILZ\'s chemical 0.95, for both names');
  // a model and its training data, typed alike here: no aliases
  const model = ['We fine-tuned SciBERT (JNLPBA) here.', 'SciBERT was strong.', 'SciBERT again.', 'The JNLPBA corpus.'];
  const typed = [
    [mention(model[0], 'SciBERT', 'Method', 0.9), mention(model[0], 'JNLPBA', 'Method', 0.5)],
    [mention(model[1], 'SciBERT', 'Method', 0.9)], [mention(model[2], 'SciBERT', 'Method', 0.9)], [mention(model[3], 'JNLPBA', 'Material', 0.95)],
  ];
  harmonizeTypes(typed, model);
  assert.deepEqual(typed.map((list, i) => list.map((e) => `${model[i].slice(e.start, e.end)}:${e.type}`)),
    [['SciBERT:Method', 'JNLPBA:Material'], ['SciBERT:Method'], ['SciBERT:Method'], ['JNLPBA:Material']], 'JNLPBA keeps its own majority');
});
