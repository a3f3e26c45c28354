// What reaches Semantic Scholar is exactly what the consent prompt promises, against the stand-in on
// 127.0.0.1: the ids of papers cited in the scope only (none when the scope cites nothing, never the
// project's other citations), no "not relevant" marks, nothing for a scope not written in English;
// the consent preview shows the very query and ids the ranking then sends. The manuscript itself
// (its \title or YAML title) is never suggested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { S2Client } from '../../extension/net/semantic-scholar/client.ts';
import { NotRelevantList } from '../../extension/core/related/not-relevant.ts';
import { RelatedConsentRequest, RelatedNotRelevantRequest, RelatedRankRequest, type RelatedClientContext, type RequestDef } from '../../extension/protocol/index.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startS2StandIn, type S2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';

const SELF_ID = '1111111111111111111111111111111111111111';
const SMITH_ID = '2222222222222222222222222222222222222222';
const LEE_ID = '3333333333333333333333333333333333333333';
const REC_ID = '4444444444444444444444444444444444444444';
const SELF_TITLE = 'Self-supervised protein folding with graph transformers';

const PAPERS: StandInPaper[] = [
  { paperId: SELF_ID, title: 'Self-Supervised Protein Folding with Graph Transformers', year: 2024, authors: [{ authorId: '9', name: 'Me Myself' }], externalIds: { ArXiv: '2401.99999' }, abstract: 'Protein folding with graph transformers and self-supervision.' },
  { paperId: SMITH_ID, title: 'Deep learning for protein folding', year: 2020, authors: [{ authorId: '1', name: 'John Smith' }], externalIds: { DOI: '10.1038/smith.2020' }, abstract: 'Protein folding with deep learning.' },
  { paperId: LEE_ID, title: 'Graph neural networks for molecules', year: 2021, authors: [{ authorId: '2', name: 'Ann Lee' }], externalIds: { ArXiv: '2101.00001' }, abstract: 'Graph neural networks for molecules.' },
];
const OTHER_ID = '5555555555555555555555555555555555555555';
const OTHER: StandInPaper = { paperId: OTHER_ID, title: 'Folding kinetics of small proteins measured by calorimetry', year: 2018, authors: [], abstract: 'Folding kinetics of small proteins.' };
const RECOMMENDED: StandInPaper[] = [{ paperId: REC_ID, title: 'Recommended: folding proteins with language models', year: 2022, authors: [] }];

const BIB = `@article{smith2020deep,
  author = {Smith, John},
  title = {Deep learning for protein folding},
  journal = {Nature},
  year = {2020},
  doi = {10.1038/smith.2020}
}
@misc{lee2021graph,
  author = {Lee, Ann},
  title = {Graph neural networks for molecules},
  year = {2021},
  eprint = {2101.00001},
  archivePrefix = {arXiv}
}
@article{mueller2019energie,
  author = {M{\\"u}ller, Hans},
  title = {Energieerhaltung in neuronalen Netzen f{\\"u}r Proteinfaltung},
  journal = {Z. Phys.},
  year = {2019}
}
`;

const TEX = String.raw`\documentclass{article}
\usepackage{natbib}
\title{Self-supervised protein folding with graph transformers}
\begin{document}
\maketitle
\begin{abstract}
We study protein folding with graph transformers trained by self-supervision on predicted structures.
\end{abstract}
\section{Intro}
UNCITED Protein folding predictions from graph transformers improve when the structures are learned without labels.

CITING Deep learning predicts protein folding from sequence alone \citep{smith2020deep}.

OTHERCITING Graph neural networks for molecules read atoms as nodes \citep{lee2021graph}.

MARKING Folding kinetics of small proteins are measured by calorimetry at several temperatures.

\section{Zusammenfassung}
GERMAN Die Proteinfaltung wird mit tiefen neuronalen Netzen vorhergesagt, und die Energieerhaltung ist dabei wichtig für die Genauigkeit der Vorhersage.
\bibliography{refs}
\end{document}
`;

const MD = `---
title: "Self-supervised protein folding with graph transformers"
bibliography: refs.bib
---

# Intro

Protein folding predictions from graph transformers improve when the structures are learned without labels [@smith2020deep].
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'related-sent-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle));
}

function clientFor(s2: S2StandIn): S2Client {
  return new S2Client({ baseUrl: `${s2.url}/graph/v1`, recommendationsUrl: `${s2.url}/recommendations/v1`, sleep: async () => undefined });
}

/** Every identifier of a manuscript's paper that left the machine: batch ids that are not S2 ids, and recommendation seeds/negatives. */
function sentIdentifiers(s2: S2StandIn, from = 0): { external: string[]; positive: string[]; negative: string[]; searches: string[] } {
  const external: string[] = [];
  const positive: string[] = [];
  const negative: string[] = [];
  const searches: string[] = [];
  for (const request of s2.seen.slice(from)) {
    if (request.url.pathname.endsWith('/paper/search')) searches.push(request.url.searchParams.get('query') ?? '');
    else if (request.url.pathname.endsWith('/paper/batch')) external.push(...(JSON.parse(request.body) as { ids: string[] }).ids.filter((id) => !/^[0-9a-f]{40}$/.test(id)));
    else if (request.url.pathname.includes('/recommendations/')) {
      const body = JSON.parse(request.body) as { positivePaperIds?: string[]; negativePaperIds?: string[] };
      positive.push(...(body.positivePaperIds ?? []));
      negative.push(...(body.negativePaperIds ?? []));
    } else assert.fail(`unexpected request ${request.url.pathname}`);
  }
  return { external, positive, negative, searches };
}

test('a scope that cites nothing sends no paper ids, not the project\'s other citations', async () => {
  const s2 = await startS2StandIn(PAPERS, { recommended: RECOMMENDED });
  try {
    const dir = project({ 'paper.tex': TEX, 'refs.bib': BIB });
    const result = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, 'paper.tex'), line: lineOf(TEX, 'UNCITED') });
    assert.equal(result.status.s2, 'ok', result.status.messages.join('; '));
    assert.ok(result.sent, 'the query was sent');
    assert.deepEqual(result.sent.paperIds, []);
    const sent = sentIdentifiers(s2);
    assert.deepEqual(sent.external, [], 'no DOI / arXiv id of the project\'s citations left the machine');
    assert.deepEqual(sent.positive, []);
    assert.deepEqual(sent.searches, [result.sent.query]);
  } finally {
    await s2.close();
  }
});

test('a scope that cites a paper sends its id only; "not relevant" marks are never sent', async () => {
  const s2 = await startS2StandIn(PAPERS, { recommended: RECOMMENDED });
  try {
    const dir = project({ 'paper.tex': TEX, 'refs.bib': BIB });
    const notRelevant = new NotRelevantList([{ id: 's2:dddd', s2Id: 'dddddddddddddddddddddddddddddddddddddddd' }]);
    const result = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2), notRelevant }, { file: join(dir, 'paper.tex'), line: lineOf(TEX, 'CITING') });
    assert.ok(result.sent, 'the query was sent');
    assert.deepEqual(result.sent.paperIds, ['DOI:10.1038/smith.2020'], 'only the paragraph\'s citation, not lee2021graph cited elsewhere');
    const sent = sentIdentifiers(s2);
    assert.deepEqual(sent.external, ['DOI:10.1038/smith.2020']);
    assert.deepEqual(sent.positive, [SMITH_ID]);
    assert.deepEqual(sent.negative, [], 'no negativePaperIds');
    for (const request of s2.seen) assert.ok(!`${request.url}${request.body}`.includes('dddddddddd'), 'the not-relevant id is not in any request');
    assert.deepEqual(Object.keys(result.sent).sort(), ['paperIds', 'query'], 'nothing else is reported as sent');
  } finally {
    await s2.close();
  }
});

test('a selection sends its own key terms and citations only, not the rest of its paragraph', async () => {
  const s2 = await startS2StandIn(PAPERS, { recommended: RECOMMENDED });
  try {
    const text = TEX.replace('\n\nOTHERCITING ', ' SECRETIVE ');
    const dir = project({ 'paper.tex': text, 'refs.bib': BIB });
    const start = text.indexOf('Deep learning predicts');
    const end = text.indexOf('SECRETIVE');
    const result = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, 'paper.tex'), scope: 'selection', selection: { start, end } });
    assert.equal(result.status.s2, 'ok', result.status.messages.join('; '));
    assert.ok(result.sent, 'the query was sent');
    assert.deepEqual(result.citedKeys, ['smith2020deep']);
    assert.deepEqual(result.sent.paperIds, ['DOI:10.1038/smith.2020'], 'not lee2021graph, cited in the paragraph after the selection');
    assert.ok(!/secretive|graph|molecules|atoms|nodes/i.test(result.sent.query), `no key term from outside the selection: ${result.sent.query}`);
    assert.ok(!/secretive|graph|molecules|atoms|nodes/i.test(result.query), `the query is the selection's: ${result.query}`);
    assert.match(result.sent.query, /protein/);
    const sent = sentIdentifiers(s2);
    assert.deepEqual(sent.external, ['DOI:10.1038/smith.2020']);
    assert.deepEqual(sent.searches, [result.sent.query]);
    // A selection that starts inside the second sentence: its citation only, none of the first's.
    const second = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, 'paper.tex'), scope: 'selection', selection: { start: text.indexOf('neural networks'), end: text.indexOf('\\citep{lee') + 20 } });
    assert.deepEqual(second.citedKeys, ['lee2021graph']);
    assert.ok(!/deep|protein|sequence/i.test(second.query), second.query);
  } finally {
    await s2.close();
  }
});

test('the manuscript itself is not suggested: LaTeX \\title, Markdown YAML title', async () => {
  const s2 = await startS2StandIn(PAPERS, { recommended: RECOMMENDED });
  try {
    const dir = project({ 'paper.tex': TEX, 'paper.md': MD, 'refs.bib': BIB });
    for (const [file, text, needle, scope] of [
      ['paper.tex', TEX, 'We study', 'document'],
      ['paper.tex', TEX, 'UNCITED', 'paragraph'],
      ['paper.md', MD, 'Protein folding predictions', 'paragraph'],
      ['paper.md', MD, 'Protein folding predictions', 'document'],
    ] as const) {
      const result = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, file), line: lineOf(text, needle), scope, limit: 50 });
      assert.equal(result.status.s2, 'ok', result.status.messages.join('; '));
      assert.ok(result.papers.length > 0, `${file}/${scope}: papers are suggested`);
      const self = result.papers.filter((paper) => paper.s2Id === SELF_ID || paper.title.toLowerCase() === SELF_TITLE.toLowerCase());
      assert.deepEqual(self.map((paper) => paper.title), [], `${file}/${scope}: the manuscript itself is not suggested`);
      assert.ok(result.papers.some((paper) => paper.s2Id === SMITH_ID || paper.key === 'smith2020deep'), `${file}/${scope}: other papers still are`);
    }
  } finally {
    await s2.close();
  }
});

test('a scope not written in English: nothing is sent, the result says why, the library still ranks', async () => {
  const s2 = await startS2StandIn(PAPERS, { recommended: RECOMMENDED });
  try {
    const dir = project({ 'paper.tex': TEX, 'refs.bib': BIB });
    const result = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, 'paper.tex'), line: lineOf(TEX, 'GERMAN') });
    assert.equal(s2.seen.length, 0, `nothing sent: ${s2.seen.map((r) => r.url.toString()).join(', ')}`);
    assert.equal(result.sent, undefined);
    assert.ok(result.status.messages.some((message) => /not (written )?in English/i.test(message)), result.status.messages.join('; '));
    assert.ok(result.papers.some((paper) => paper.key === 'mueller2019energie'), 'the local library still ranks');
    // An English paragraph of the same manuscript is still sent.
    const english = await findRelated({ workspace: createWorkspace(), s2: clientFor(s2) }, { file: join(dir, 'paper.tex'), line: lineOf(TEX, 'CITING') });
    assert.ok(english.sent && english.sent.query.length > 0, 'an English paragraph is sent');
    assert.ok(!english.status.messages.some((message) => /English/.test(message)), english.status.messages.join('; '));
  } finally {
    await s2.close();
  }
});

function call<P, R>(client: LspTestClient, def: RequestDef<P, R>, params: P): Promise<R> {
  return client.connection.sendRequest(def.method, params) as Promise<R>;
}

test('LSP: the consent preview is exactly what the ranking then sends, scope by scope', async () => {
  const s2 = await startS2StandIn([...PAPERS, OTHER], { recommended: RECOMMENDED });
  const dir = project({ 'paper.tex': TEX, 'refs.bib': BIB });
  const storageDir = mkdtempSync(join(tmpdir(), 'related-sent-storage-'));
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });
  try {
    const uri = await client.open(join(dir, 'paper.tex'));
    const context: RelatedClientContext = { semanticScholarConsent: true, storageDir };
    // Mark a paper "not relevant" first (from a paragraph the loop below does not rank: S2 answers are
    // cached): the mark must not travel with later requests.
    const first = await call(client, RelatedRankRequest, { uri, position: positionOf(TEX, 'MARKING'), scope: 'paragraph', client: context });
    const other = first.papers.find((paper) => paper.s2Id === OTHER_ID);
    assert.ok(other, 'the paper to mark is suggested');
    assert.equal((await call(client, RelatedNotRelevantRequest, { uri, paperId: other.id, client: context })).hiddenCount, 1);
    let recommendations = 0;
    for (const [needle, scope] of [['UNCITED', 'paragraph'], ['CITING', 'paragraph'], ['OTHERCITING', 'paragraph'], ['UNCITED', 'section'], ['We study', 'document'], ['GERMAN', 'paragraph']] as const) {
      const position = positionOf(TEX, needle);
      const before = s2.seen.length;
      const consent = await call(client, RelatedConsentRequest, { uri, position, scope });
      assert.equal(s2.seen.length, before, 'the preview sends nothing');
      const ranked = await call(client, RelatedRankRequest, { uri, position, scope, client: context });
      const sent = sentIdentifiers(s2, before);
      if (needle === 'GERMAN') {
        assert.equal(consent.preview, undefined, 'no preview for a scope not in English');
        assert.equal(s2.seen.length, before, 'nothing sent for a scope not in English');
        assert.ok(ranked.status.messages.some((message) => /English/.test(message)), ranked.status.messages.join('; '));
        continue;
      }
      assert.ok(consent.preview, `${needle}/${scope}: a preview`);
      assert.deepEqual(sent.searches, [consent.preview.query], `${needle}/${scope}: the query sent is the one previewed`);
      assert.deepEqual(sent.external, consent.preview.paperIds, `${needle}/${scope}: the ids sent are the ones previewed`);
      assert.deepEqual(sent.negative, [], `${needle}/${scope}: no not-relevant marks`);
      recommendations += sent.positive.length;
      // (Its S2 id may travel in the batch that fetches details of search results — S2's own id for its own answer — but never as a recommendation seed.)
      assert.ok(!s2.seen.slice(before).some((request) => request.url.pathname.includes('/recommendations/') && request.body.includes(OTHER_ID)), `${needle}/${scope}: the marked paper's id is not sent`);
      assert.ok(!ranked.papers.some((paper) => paper.s2Id === OTHER_ID), `${needle}/${scope}: the marked paper stays hidden`);
      assert.deepEqual(ranked.sent, consent.preview, `${needle}/${scope}: the result's record of what was sent`);
      if (scope === 'section') assert.deepEqual([...consent.preview.paperIds].sort(), ['ARXIV:2101.00001', 'DOI:10.1038/smith.2020'], `${needle}/${scope}: the section cites both`);
      // The document scope is the title and abstract: it cites nothing, so none of the manuscript's citations go.
      else if (needle === 'UNCITED' || scope === 'document') assert.deepEqual(consent.preview.paperIds, [], `${needle}/${scope}: cites nothing, sends no ids`);
    }
    assert.ok(recommendations > 0, 'recommendations were asked for after the mark');
  } finally {
    await client.stop();
    await s2.close();
  }
});
