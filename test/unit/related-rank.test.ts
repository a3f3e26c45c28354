// The pure related-work core: BM25 behaviour, cosine ranking and score combination, merging across
// sources, "already in .bib"/"already cited" flags, the not-relevant list, and queries built from real
// corpus paragraphs with their citations removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Bm25Index } from '../../extension/core/related/bm25.ts';
import { normalize, rankByCosine } from '../../extension/core/related/cosine.ts';
import { samePaper, normalizeTitle } from '../../extension/core/related/identity.ts';
import { keyTerms } from '../../extension/core/related/key-terms.ts';
import { mergeCandidates } from '../../extension/core/related/merge.ts';
import { NotRelevantList } from '../../extension/core/related/not-relevant.ts';
import { rankCandidates } from '../../extension/core/related/rank.ts';
import { documentTitle, sectionStarts, segmentsInScope, scopeQuery } from '../../extension/core/related/scope.ts';
import { stem, tokenize } from '../../extension/core/related/terms.ts';
import type { RelatedCandidate } from '../../extension/core/related/types.ts';
import { createWorkspace } from '../../extension/analysis/index.ts';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;

test('terms: stop words dropped, accents folded, inflections merged', () => {
  assert.deepEqual(tokenize('The alignments of Müller’s reads').map((t) => t.word), ['alignments', 'muller', 'reads']);
  assert.equal(stem('alignments'), stem('alignment'));
  assert.equal(stem('aligning'), stem('aligned'));
  assert.notEqual(stem('genome'), stem('general'));
});

test('BM25: rarer terms weigh more, term frequency saturates, long documents are normalised', () => {
  const index = new Bm25Index([
    { id: 'a', title: 'genome alignment' },
    { id: 'b', title: 'alignment of reads', abstract: 'alignment alignment alignment alignment alignment alignment' },
    { id: 'c', title: 'protein folding' },
    { id: 'd', title: 'genome', abstract: 'a very long abstract about many unrelated things such as weather, soil, climate, rivers, lakes and mountains' },
    { id: 'e', title: 'alignment' },
  ]);
  assert.ok(index.idf(stem('genome')) === index.idf(stem('alignment')) || index.idf(stem('protein')) > index.idf(stem('alignment')), 'rarer terms weigh at least as much');
  const hits = index.search('genome alignment');
  assert.equal(hits[0].id, 'a', 'both terms beat one term repeated');
  assert.deepEqual(new Set(hits[0].sharedTerms), new Set(['genome', 'alignment', 'genome alignment']), 'the phrase counts too');
  assert.ok(!hits.some((h) => h.id === 'c'), 'c is not a hit');
  const b = hits.find((h) => h.id === 'b')?.score ?? 0;
  const e = hits.find((h) => h.id === 'e')?.score ?? 0;
  assert.ok(b < 2 * e, 'seven occurrences are worth far less than seven times one');
  const d = hits.find((h) => h.id === 'd')?.score ?? 0;
  // A document scored from outside the index gets the same score as inside it.
  const outside = index.scoreDocument('genome alignment', { id: 'a2', title: 'genome alignment' });
  assert.ok(Math.abs(outside.score - hits[0].score) < 1e-9, 'same score outside the index');
  const genomeOnly = new Bm25Index([{ id: 'short', title: 'genome' }, { id: 'd', title: 'genome', abstract: 'weather soil climate rivers lakes mountains' }]).search('genome');
  assert.equal(genomeOnly[0].id, 'short', 'a shorter document with the same match ranks higher');
  assert.ok(d > 0, 'the long-abstract document scores above 0');
});

test('cosine ranking and the bm25+specter2 combination; BM25 alone without a query vector', () => {
  const v = (...xs: number[]) => normalize(xs);
  const candidates: RelatedCandidate[] = [
    { id: 'bib:lex', key: 'lex', title: 'genome alignment with minimizers', authors: [], sources: ['library'], vector: v(0, 1, 0) },
    { id: 'bib:sem', key: 'sem', title: 'sequence mapping', authors: [], sources: ['library'], vector: v(1, 0.05, 0) },
    { id: 's2:x', title: 'unrelated soil science', authors: [], sources: ['semantic-scholar'], vector: v(0, 0, 1) },
    { id: 's2:novec', title: 'genome alignment survey', authors: [], sources: ['semantic-scholar'] },
  ];
  assert.deepEqual(rankByCosine(v(1, 0, 0), candidates.filter((c) => c.vector).map((c) => ({ id: c.id, vector: c.vector as Float32Array }))).map((h) => h.id), ['bib:sem', 'bib:lex', 's2:x']);
  const both = rankCandidates(candidates, { query: 'genome alignment', queryVector: v(1, 0, 0), citedKeys: new Set(['lex']) });
  assert.equal(both.ranker, 'bm25+specter2');
  assert.equal(both.papers[0].id, 'bib:sem', 'similarity weighs 0.7');
  const lex = both.papers.find((p) => p.id === 'bib:lex');
  assert.equal(lex?.cited, true);
  assert.equal(lex?.inBibliography, true);
  assert.ok(lex?.reasons.some((r) => /shared terms: genome, alignment|shared terms: alignment, genome/.test(r)), 'the reason names the shared terms');
  const novec = both.papers.find((p) => p.id === 's2:novec');
  assert.ok(novec?.reasons.includes('no embedding: ranked by shared terms only'), 'the reason says there is no embedding');
  assert.equal(novec?.inBibliography, false);
  for (const p of both.papers) assert.ok(p.score >= 0 && p.score <= 1, 'score in [0, 1]');
  // Best first among the papers not cited; the cited one (lex) after them.
  const uncited = both.papers.filter((p) => !p.cited);
  assert.deepEqual(uncited.map((p) => p.score), [...uncited.map((p) => p.score)].sort((a, b) => b - a));
  assert.equal(both.papers.at(-1)?.id, 'bib:lex', 'the cited paper comes last');

  const lexical = rankCandidates(candidates, { query: 'genome alignment' });
  assert.equal(lexical.ranker, 'bm25');
  assert.deepEqual(new Set(lexical.papers.map((p) => p.id)), new Set(['bib:lex', 's2:novec']), 'BM25 lists only papers sharing a term');
  assert.equal(lexical.papers[0].score, 1);

  const hidden = rankCandidates(candidates, { query: 'genome alignment', queryVector: v(1, 0, 0), citedKeys: new Set(['lex']), hideCited: true, notRelevant: new NotRelevantList([{ id: 'x', title: 'Sequence Mapping.' }]) });
  assert.deepEqual(hidden.papers.map((p) => p.id).sort(), ['s2:novec', 's2:x']);
});

test('merging: an S2 result that is in the library keeps the key, gains the vector and sources', () => {
  const merged = mergeCandidates([
    [{ id: 'bib:li2018', key: 'li2018', title: 'Minimap2: pairwise alignment for nucleotide sequences', authors: ['Heng Li'], year: 2018, doi: '10.1093/bioinformatics/bty191', sources: ['library'] }],
    [{ id: 's2:abc', s2Id: 'abc', title: 'Minimap2: Pairwise Alignment for Nucleotide Sequences', authors: ['Heng Li'], year: 2018, doi: '10.1093/BIOINFORMATICS/BTY191', tldr: 'fast', vector: new Float32Array([1, 0]), sources: ['semantic-scholar'] },
      { id: 's2:def', s2Id: 'def', title: 'Another paper', authors: [], sources: ['semantic-scholar'] }],
    [{ id: 's2:abc', s2Id: 'abc', title: 'Minimap2', authors: [], sources: ['recommendations'] }],
  ]);
  assert.equal(merged.length, 2);
  assert.equal(merged[0].key, 'li2018');
  assert.deepEqual(merged[0].sources, ['library', 'semantic-scholar', 'recommendations']);
  assert.equal(merged[0].tldr, 'fast');
  assert.equal(merged[0].vector?.length, 2);
  assert.ok(samePaper({ title: 'A {GPU} Method', year: 2020 }, { title: 'A GPU method.', year: 2021 }), 'the same paper despite case and year');
  assert.ok(!samePaper({ title: 'A GPU Method', doi: '10.1234/a' }, { title: 'A GPU Method', doi: '10.1234/b' }), 'different DOIs are different papers');
  assert.equal(normalizeTitle('{É}tude  — des “choses”'), 'etude des choses');
});

test('not-relevant list: matched by id, S2 id, DOI or title; survives JSON', () => {
  const list = new NotRelevantList();
  list.add({ id: 's2:abc', s2Id: 'abc', doi: 'https://doi.org/10.1234/X', title: 'Some Paper' });
  assert.ok(list.has({ doi: '10.1234/x' }), 'the DOI is listed');
  assert.ok(list.has({ title: 'some paper' }), 'the title is listed');
  assert.ok(!list.has({ title: 'other paper' }), 'the other title is not listed');
  const again = new NotRelevantList(JSON.parse(JSON.stringify(list)));
  assert.ok(again.has({ s2Id: 'abc' }), 'the s2 id is listed after reload');
  again.remove('s2:abc');
  assert.ok(!again.has({ s2Id: 'abc' }), 'the s2 id is no longer listed');
});

test('query from a real paragraph (minimap2): citations cut out, cited keys collected, key terms short', async () => {
  const file = `${CORPUS}minimap2/minimap2.tex`;
  const workspace = createWorkspace();
  const project = await workspace.project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
  const analysis = await project.file(file);
  assert.ok(analysis, 'the document is analysed');
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('Several aligners have been developed for such'));
  const offset = analysis.lines.offsetAt({ line, character: 0 });
  const [segment] = segmentsInScope(analysis.segments, analysis.text, 'latex', 'paragraph', offset);
  const rendered = segment.citations.map((c) => segment.prose.text.slice(c.proseSpan.start, c.proseSpan.end));
  assert.ok(rendered.length >= 2 && rendered.every((r) => r.length > 0), 'every rendered line is not empty');
  const query = scopeQuery([segment]);
  for (const r of rendered) assert.ok(!query.text.includes(r), `rendered citation ${r} removed`);
  assert.match(query.text, /Several aligners have been developed for such data\./);
  assert.deepEqual(query.citedKeys.slice(0, 3), ['Chaisson:2012aa', 'Li:2013aa', 'Liu:2016ab']);
  const terms = keyTerms(query.text);
  assert.ok(terms.length > 0 && terms.length <= 8, '1 to 8 query terms');
  assert.ok(terms.every((t) => query.text.toLowerCase().includes(t)), 'every term is from the text');
  // Section scope covers more paragraphs than the paragraph, document scope the abstract.
  const section = segmentsInScope(analysis.segments, analysis.text, 'latex', 'section', offset);
  assert.ok(section.length > 1 && section.includes(segment), 'the section holds the segment and more');
  assert.ok(sectionStarts(analysis.text, 'latex').length >= 3, 'at least 3 sections');
  const doc = segmentsInScope(analysis.segments, analysis.text, 'latex', 'document', offset);
  assert.ok(doc.length >= 1 && !doc.includes(segment), 'the document scope excludes the segment');
  assert.match(documentTitle(analysis.text, 'latex') ?? '', /Minimap2/);
});

test('query from a real Quarto paragraph (donor-responses): pandoc citations, including [-@key], cut out', async () => {
  const file = `${CORPUS}donor-responses/index.qmd`;
  const project = await createWorkspace().project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
  const analysis = await project.file(file);
  assert.ok(analysis, 'the document is analysed');
  const line = analysis.text.split('\n').findIndex((l) => l.startsWith('The experiences of non-governmental organizations'));
  const offset = analysis.lines.offsetAt({ line, character: 10 });
  const [segment] = segmentsInScope(analysis.segments, analysis.text, 'quarto', 'paragraph', offset);
  const query = scopeQuery([segment]);
  assert.ok(query.citedKeys.includes('Klug:2005') && query.citedKeys.includes('EarlBraithwaite:2022'), 'both cited keys are in the query');
  assert.doesNotMatch(query.text, /Klug|Simmons|2009|2013|\[|\(\s*\)/);
  assert.match(query.text, /layered model helps us consider the tools states use/);
  const section = segmentsInScope(analysis.segments, analysis.text, 'quarto', 'section', offset);
  assert.ok(section.length > 1 && section.includes(segment), 'the section holds the segment and more');
  assert.ok(section.every((s) => s.span.start < analysis.text.indexOf('# Responses from official aid donors')), 'the section ends before the next heading');
});

test('"Cite here" text follows the manuscript: its most used parenthetical command, or [@key] in Markdown', async () => {
  const { citeText } = await import('../../extension/core/related/cite-text.ts');
  const file = `${CORPUS}minimap2/minimap2.tex`;
  const project = await createWorkspace().project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
  const analysis = await project.file(file);
  assert.ok(analysis, 'the document is analysed');
  assert.equal(citeText('li2018', 'latex', analysis.citations), '\\citep{li2018}', 'minimap2 uses \\citep and \\citet');
  assert.equal(citeText('li2018', 'latex', []), '\\cite{li2018}');
  assert.equal(citeText('li2018', 'quarto', analysis.citations), '[@li2018]');
});
