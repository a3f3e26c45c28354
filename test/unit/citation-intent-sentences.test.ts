// Which sentence the citation-intent models read for each citation: a citation in a footnote or
// sidenote is read in the sentence that carries the note's mark, the rendered citation where the mark
// is (with the note's own words when it has any); citations in headings and back matter are not read;
// the per-reference summary counts only the citations the models read, for both tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';
import type { CitationRenderer } from '../../extension/core/types.ts';
import { citationIntentLines } from '../../extension/server/editor/hover.ts';
import { citationSentences, IntentAnalyzer, referenceSummaries, summaryLine, type IntentClassifier } from '../../extension/analysis/editor/index.ts';

function records(text: string, languageId: 'latex' | 'markdown', renderCitation?: CitationRenderer) {
  const file = languageId === 'latex' ? '/paper.tex' : '/paper.md';
  return citationSentences(file, segmentDocument({ file, text, languageId }, renderCitation ? { renderCitation } : {}).segments, text);
}

function recordOf(text: string, languageId: 'latex' | 'markdown', key: string, renderCitation?: CitationRenderer) {
  const found = records(text, languageId, renderCitation).filter((r) => r.keys.includes(key));
  assert.ok(found[0], `a record for ${key}`);
  return found[0];
}

const TEX = String.raw`\documentclass{article}
\begin{document}
Spatial sound presentation started when Blumlein invented the stereophonic recording and
reproduction\sidenote[][]{\cite{blumlein}} and Steinberg and Snow discussed the acoustical curtain.

Receptor kinetics have been studied extensively.\footnote{See \citet{smith} for a review of the early work.} We extend this work.

Coincidence detectors compare the arrival times at the two ears.\sidenote[][-1cm]{\cite[E.g.][]{grothe}}

Kinase activity was measured as before.\footnote{\citealp{jones}.} Our assay differs in the buffer used.
\end{document}
`;

test('a citation alone in a footnote or sidenote is read in the sentence that carries the note mark, where the mark is', () => {
  const blumlein = recordOf(TEX, 'latex', 'blumlein');
  assert.equal(blumlein.sentence, 'Spatial sound presentation started when Blumlein invented the stereophonic recording and reproduction[1] and Steinberg and Snow discussed the acoustical curtain.');
  assert.equal(blumlein.sentence.slice(blumlein.cited!.start, blumlein.cited!.end), '[1]');
  const jones = recordOf(TEX, 'latex', 'jones');
  assert.equal(jones.sentence, 'Kinase activity was measured as before.[4]');
  assert.equal(jones.unread, undefined);
  // printed bare in the note, as author-date styles print \citealp: put in parentheses, as the datasets show citations in a sentence
  const authorDate = recordOf(TEX, 'latex', 'jones', (o) => (o.command === 'citealp' ? 'Jones and Lee, 2019' : '[1]'));
  assert.equal(authorDate.sentence, 'Kinase activity was measured as before. (Jones and Lee, 2019)');
  assert.equal(authorDate.sentence.slice(authorDate.cited!.start, authorDate.cited!.end), 'Jones and Lee, 2019');
  const textual = recordOf(TEX, 'latex', 'jones', (o) => (o.command === 'citealp' ? 'Jones and Lee (2019)' : '[1]'));
  assert.equal(textual.sentence, 'Kinase activity was measured as before. Jones and Lee (2019)');
});

test('a note with words of its own beyond the citation brings them along (a prenote, "See … for a review")', () => {
  const smith = recordOf(TEX, 'latex', 'smith');
  assert.match(smith.sentence, /^Receptor kinetics have been studied extensively\. \(See \[2\] for a review of the early work\)$/);
  assert.equal(smith.sentence.slice(smith.cited!.start, smith.cited!.end), '[2]');
  // a prenote is part of the rendered citation (biblatex prints "[E.g. 49]"): it comes along with it
  const grothe = recordOf(TEX, 'latex', 'grothe', (o) => `[${o.prefix ? `${o.prefix} ` : ''}${o.keys.map((k) => k.key).join(', ')}]`);
  assert.equal(grothe.sentence, 'Coincidence detectors compare the arrival times at the two ears.[E.g. grothe]');
});

test('pandoc footnotes, inline and defined apart, are read in the sentence of their mark', () => {
  const md = [
    '# Introduction',
    '',
    'Receptor kinetics have been studied extensively.^[See @smith for a review.] We extend this work.',
    '',
    'Kinase activity was measured as before[^1] and the buffer was changed.',
    '',
    '[^1]: @jones.',
    '',
  ].join('\n');
  assert.equal(recordOf(md, 'markdown', 'jones').sentence, 'Kinase activity was measured as before[2] and the buffer was changed.');
  assert.match(recordOf(md, 'markdown', 'smith').sentence, /^Receptor kinetics have been studied extensively\. \(See \[1\] for a review\)$/);
});

test('\\footnotetext is read at its \\footnotemark; a note of only a citation whose mark is in no sentence is not read', () => {
  const tex = String.raw`\documentclass{article}
\begin{document}
Kinases were purified as described before.\footnotemark{} Next we grew cells.
\footnotetext{\cite{smith}}

\begin{table}
\caption{Data sets used.}
\begin{tabular}{ll}
A & B\footnotemark \\
\end{tabular}
\end{table}
\footnotetext{\cite{doe}}
\footnotetext{Data from \cite{lee}.}
\end{document}
`;
  assert.equal(recordOf(tex, 'latex', 'smith').sentence, 'Kinases were purified as described before.[1]');
  const doe = recordOf(tex, 'latex', 'doe');
  assert.equal(doe.unread, 'bare note', '"[2]" alone is no sentence to read');
  assert.deepEqual(citationIntentLines({ ...doe, english: true }), ['**No intent**: alone in a note whose mark is in no sentence (a table or figure); the models read sentences.']);
  assert.equal(recordOf(tex, 'latex', 'lee').unread, undefined, 'a note with words of its own is read');
});

test('citations in headings and titles, and in acknowledgements or funding, are not read; captions are', () => {
  const tex = String.raw`\documentclass{article}
\begin{document}
\section{Spatial Fidelity\autocite{fidelity}}
We used the toolbox of \citet{toolbox} for all simulations.

\begin{figure}\caption{Sound field replotted from \citet{figure}.}\end{figure}

\section*{Acknowledgements}
We thank the authors of \citet{thanks} for the data.\footnote{As in \cite{thanksnote}.}

\section*{Funding}
Supported by the grant of \citet{grant}.
\end{document}
`;
  const byKey = new Map(records(tex, 'latex').map((r) => [r.keys[0], r]));
  assert.equal(byKey.get('fidelity')?.unread, 'heading');
  assert.equal(byKey.get('thanks')?.unread, 'back matter');
  assert.equal(byKey.get('thanksnote')?.unread, 'back matter');
  assert.equal(byKey.get('grant')?.unread, 'back matter');
  assert.equal(byKey.get('toolbox')?.unread, undefined);
  assert.equal(byKey.get('figure')?.unread, undefined, 'captions keep their intents');
  const md = ['---', 'title: "Kinetics [@titled]"', '---', '', '# Methods [@heading]', '', 'We follow @method closely.', '', '## Acknowledgments', '', 'We thank the authors of @thanked.', ''].join('\n');
  const mdKeys = new Map(records(md, 'markdown').map((r) => [r.keys[0], r]));
  assert.equal(mdKeys.get('heading')?.unread, 'heading');
  assert.equal(mdKeys.get('thanked')?.unread, 'back matter');
  assert.equal(mdKeys.get('method')?.unread, undefined);
});

test('the models are not asked about citations they do not read, and such citations get no labels', async () => {
  const asked: string[] = [];
  const model: IntentClassifier = {
    id: 'fake', task: 'scicite', release: async () => undefined,
    classify: async (texts) => texts.map((t) => {
      asked.push(t);
      return { label: 'method', scores: { method: 0.7, background: 0.2, result: 0.1 } };
    }),
  };
  const tex = '\\section{Methods \\cite{heading}}\nWe used the tool of \\citet{tool}.\n\n\\section*{Acknowledgments}\nWe thank \\citet{thanks}.\n';
  const file = '/paper.tex';
  const out = await new IntentAnalyzer().classify([{ file, segments: segmentDocument({ file, text: tex, languageId: 'latex' }).segments }], { scicite: model });
  assert.ok(out, 'the classification finished');
  assert.deepEqual(asked, ['We used the tool of [2].']);
  assert.deepEqual(out.map((r) => [r.keys[0], r.scicite?.label]), [['heading', undefined], ['tool', 'method'], ['thanks', undefined]]);
});

test('a sentence with several citations says how many others share its label', () => {
  const tex = 'We compare with earlier work \\citep{a,b}. Both \\citet{c} and \\citet{d} used the same mice.\n';
  const all = records(tex, 'latex');
  assert.deepEqual(all.map((r) => r.others), [0, 1, 1]);
});

test('reference summaries count the citations the models read, for both tasks, and say so', () => {
  const r = (keys: string[], scicite?: string, aclarc?: string, unread?: 'heading' | 'back matter') => ({
    file: '/p.tex', span: { start: 0, end: 1 }, keys, sentence: 's', english: true, ...(unread ? { unread } : {}),
    ...(scicite ? { scicite: { label: scicite, scores: { [scicite]: 1 }, model: 'm' } } : {}),
    ...(aclarc ? { aclarc: { label: aclarc, scores: { [aclarc]: 1 }, model: 'm' } } : {}),
  });
  const s = referenceSummaries([r(['x'], 'background', 'Background'), r(['x'], 'method', 'Uses'), r(['x'], undefined, undefined, 'heading'), r(['x'], undefined, undefined, 'back matter')]).get('x')!;
  assert.equal(s.count, 4);
  assert.equal(s.read, 2);
  assert.equal(summaryLine(s), 'cited 4×, 2 of them in sentences the models read: 1 background, 1 method (SciCite) · 1 Background, 1 Uses (ACL-ARC)');
  assert.equal(summaryLine(s, ['scicite']), 'cited 4×, 2 of them in sentences the models read: 1 background, 1 method (SciCite)');
  assert.equal(summaryLine(s, ['scicite'], 16), 'cited 16×, 2 of them in sentences the models read: 1 background, 1 method (SciCite)');
  const none = referenceSummaries([r(['y'], undefined, undefined, 'heading')]).get('y')!;
  assert.equal(summaryLine(none), 'cited 1×, none in a sentence the models read');
});

test('the hover\'s intent lines: a near tie reads as one, the top label says how sure, labels say what they mean, rare ACL-ARC classes are flagged', () => {
  const record = {
    file: '/p.tex', span: { start: 0, end: 1 }, keys: ['x'], english: true, others: 2, cited: { start: 36, end: 39 },
    sentence: 'We compare our receptor assay with [1], [2] and [3].',
    scicite: { label: 'method', scores: { method: 0.51, result: 0.43, background: 0.06 }, model: 'builtin:scicite' },
    aclarc: { label: 'Extends', scores: { Extends: 0.62, Uses: 0.2, Background: 0.18 }, model: 'builtin:aclarc' },
  };
  const text = citationIntentLines(record).join('\n\n').replace(/\\(.)/g, '$1');
  assert.match(text, /SciCite: \*\*method\*\* or \*\*result\*\* \(0\.51 \/ 0\.43: too close to call\) — uses the cited method, tool or data; compares results with it/);
  assert.match(text, /ACL-ARC: \*\*Extends\*\* \(62% sure\) — builds on it and extends it \(a rare class, unreliable\)/);
  assert.match(text, /Read: \*“We compare our receptor assay with \[1\], \[2\] and \[3\]\.”\*/);
  assert.match(text, /The same for the 2 other citations in this sentence: the models read the sentence, not which reference\./);
  const long = { ...record, sentence: `${'word '.repeat(60)}with [1] here ${'more '.repeat(60)}end.`, cited: { start: 305, end: 308 } };
  const read = citationIntentLines(long).join('\n').replace(/\\(.)/g, '$1').match(/Read: \*“(.*)”\*/)?.[1] ?? '';
  assert.ok(read.length < 180 && read.includes('with [1] here') && read.startsWith('…') && read.endsWith('…'), `the sentence cut around the citation: ${read}`);
});
