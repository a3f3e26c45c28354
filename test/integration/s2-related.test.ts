// The whole related-work pipeline with Semantic Scholar on, against a real HTTP server on 127.0.0.1
// answering in S2's documented shapes (see s2-client.test.ts for the sources): what leaves the machine
// is only a key-term query and the ids of cited papers; S2 results merge with the library; consent off
// or --offline sends nothing; the CLI prints the documented JSON list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { chooseWriteTarget } from '../../extension/analysis/related/write-target.ts';
import { planAddToProject } from '../../extension/analysis/related/add-paper.ts';
import { S2Client } from '../../extension/net/semantic-scholar/client.ts';
import { s2Metadata } from '../../extension/net/semantic-scholar/convert.ts';
import { NotRelevantList } from '../../extension/core/related/not-relevant.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import { run } from '../../extension/cli/commands/related.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const NEW_ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const KNOWN_ID = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const REC_ID = 'cccccccccccccccccccccccccccccccccccccccc';

// Two papers search finds (one new, one already in the library, cited by its arXiv id) and one the
// recommendations API suggests.
const PAPERS: StandInPaper[] = [
  { paperId: NEW_ID, title: 'Fast long-read alignment with minimizer chaining', abstract: 'We align long noisy reads to a reference genome with minimizers and chaining.', year: 2020, authors: [{ authorId: '1', name: 'Ada Example' }], externalIds: { DOI: '10.1234/fast.2020' }, publicationTypes: ['JournalArticle'], journal: { name: 'Bioinformatics', volume: '36', pages: '1-9' }, embedding: null, citationStyles: { bibtex: '@Article{Example2020Fast, title = {Fast long-read alignment with minimizer chaining}, year = {2020}}' } },
  { paperId: KNOWN_ID, title: 'Aligning sequence reads, clone sequences and assembly contigs with BWA-MEM', year: 2013, authors: [{ authorId: '2', name: 'Heng Li' }], externalIds: { ArXiv: '1303.3997' }, tldr: { model: 'tldr@v2.0.0', text: 'BWA-MEM aligns reads.' } },
];
const RECOMMENDED: StandInPaper[] = [{ paperId: REC_ID, title: 'Recommended: split-read mapping of long sequencing reads', year: 2021, authors: [] }];

const fakeS2 = () => startS2StandIn(PAPERS, { recommended: RECOMMENDED });

function manuscriptCopy(): { dir: string; file: string; line: number } {
  const dir = mkdtempSync(join(tmpdir(), 'related-s2-'));
  copyFileSync(join(CORPUS, 'minimap2/minimap2.tex'), join(dir, 'minimap2.tex'));
  copyFileSync(join(CORPUS, 'minimap2/minimap2.bib'), join(dir, 'minimap2.bib'));
  const text = readFileSync(join(dir, 'minimap2.tex'), 'utf8');
  return { dir, file: join(dir, 'minimap2.tex'), line: text.split('\n').findIndex((l) => l.includes('Several aligners have been developed for such')) };
}

test('with consent: only key terms and cited-paper ids are sent; S2 results merge with the library and are ranked', async () => {
  const s2 = await fakeS2();
  const { file, line } = manuscriptCopy();
  try {
    const client = new S2Client({ baseUrl: `${s2.url}/graph/v1`, recommendationsUrl: `${s2.url}/recommendations/v1`, sleep: async () => undefined });
    const notRelevant = new NotRelevantList([{ id: 's2:dddd', s2Id: 'dddddddddddddddddddddddddddddddddddddddd' }]);
    const result = await findRelated({ workspace: createWorkspace(), s2: client, notRelevant }, { file, line, limit: 50 });
    assert.equal(result.status.s2, 'ok');
    assert.ok(result.sent, 'what was sent is reported');
    const words = result.sent.query.split(' ');
    assert.ok(words.length >= 1 && words.length <= 8, result.sent.query);
    // No run of three query words appears in the manuscript paragraph in that order: no sentence fragment leaks.
    const paragraph = result.query.toLowerCase();
    for (let i = 0; i + 2 < words.length; i++) assert.ok(!paragraph.includes(words.slice(i, i + 3).join(' ')), `"${words.slice(i, i + 3).join(' ')}" is a phrase of the paragraph`);
    // Everything sent, request by request.
    for (const request of s2.seen) {
      if (request.url.pathname.endsWith('/paper/search')) assert.equal(request.url.searchParams.get('query'), result.sent.query);
      else if (request.url.pathname.endsWith('/paper/batch')) {
        for (const id of (JSON.parse(request.body) as { ids: string[] }).ids) assert.match(id, /^(DOI:|ARXIV:|[0-9a-f]{40}$)/);
      } else if (request.url.pathname.endsWith('/recommendations/v1/papers/')) {
        // The "not relevant" mark is not sent (the consent text does not list it): it filters on this machine.
        assert.deepEqual(JSON.parse(request.body), { positivePaperIds: [KNOWN_ID], negativePaperIds: [] });
      } else assert.fail(`unexpected request ${request.url.pathname}`);
      assert.ok(!request.body.includes('Several aligners'), 'no prose in any body');
    }
    assert.ok(result.sent.paperIds.includes('ARXIV:1303.3997'), 'the cited BWA-MEM paper goes by its arXiv id');
    const fresh = result.papers.find((p) => p.s2Id === NEW_ID);
    assert.ok(fresh, 'a new paper from S2 is suggested');
    assert.equal(fresh.inBibliography, false);
    assert.equal(fresh.source, 'semantic-scholar');
    const known = result.papers.find((p) => p.key === 'Li:2013aa');
    assert.ok(known, 'the library entry');
    assert.deepEqual(known.sources, ['library', 'semantic-scholar'], 'S2 result matched to the library entry by title');
    assert.equal(known.tldr, 'BWA-MEM aligns reads.');
    assert.equal(known.cited, true);
    assert.ok(result.papers.some((p) => p.s2Id === REC_ID && p.sources.includes('recommendations')), 'the recommended paper is suggested');
  } finally {
    await s2.close();
  }
});

test('consent off, or offline: nothing is sent and the status says so', async () => {
  const s2 = await fakeS2();
  const { file, line } = manuscriptCopy();
  try {
    const off = await findRelated({ workspace: createWorkspace() }, { file, line });
    assert.equal(off.status.s2, 'off');
    assert.equal(off.sent, undefined);
    const client = new S2Client({ baseUrl: `${s2.url}/graph/v1`, sleep: async () => undefined });
    const offline = await findRelated({ workspace: createWorkspace(), s2: client }, { file, line, offline: true });
    assert.equal(offline.status.s2, 'offline');
    assert.ok(offline.papers.length > 0 && offline.papers.every((p) => p.source === 'library'), 'offline: library papers only');
    assert.equal(s2.seen.length, 0);
    // The CLI: no SCIWRITE_S2_CONSENT, the server is configured but never called.
    process.env.SCIWRITE_S2_URL = `${s2.url}/graph/v1`;
    delete process.env.SCIWRITE_S2_CONSENT;
    const io = new BufferIo();
    assert.equal(await run([file, '--line', String(line), '--json', '--limit', '5'], io), 0);
    const list = JSON.parse(io.out) as { key?: string; title: string; authors: string[]; year?: number; score: number; source: string; reasons: string[] }[];
    assert.equal(list.length, 5);
    for (const item of list) {
      assert.deepEqual(Object.keys(item).filter((k) => !['key', 'title', 'authors', 'year', 'score', 'source', 'reasons'].includes(k)), []);
      assert.equal(item.source, 'library');
      assert.ok(item.key, 'the item has a key');
    }
    assert.deepEqual(list.map((i) => i.score), [...list.map((i) => i.score)].sort((a, b) => b - a));
    assert.match(io.err, /Semantic Scholar is off/);
    assert.equal(s2.seen.length, 0);
    // With consent, the CLI asks the server.
    process.env.SCIWRITE_S2_CONSENT = '1';
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'xdg-'));
    process.env.SCIWRITE_S2_RECOMMENDATIONS_URL = `${s2.url}/recommendations/v1`;
    const io2 = new BufferIo();
    assert.equal(await run([file, '--line', String(line), '--json', '--limit', '50'], io2), 0);
    assert.ok(s2.seen.length > 0, 'Semantic Scholar was asked');
    assert.ok((JSON.parse(io2.out) as { source: string }[]).some((i) => i.source === 'semantic-scholar'), 'a Semantic Scholar paper in the output');
  } finally {
    delete process.env.SCIWRITE_S2_URL;
    delete process.env.SCIWRITE_S2_CONSENT;
    delete process.env.SCIWRITE_S2_RECOMMENDATIONS_URL;
    delete process.env.XDG_CACHE_HOME;
    await s2.close();
  }
});

test('write target: first bibliography with entries that no tool regenerates; an export alone means asking; add plan for an S2 paper', async () => {
  const thesis = join(CORPUS, 'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.tex');
  const project = await createWorkspace().project(thesis, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
  const target = chooseWriteTarget(project);
  // long.bib holds only @string macros and the entries live in a Mendeley export, which is refused: ask.
  assert.equal(target.kind, 'ask');
  assert.ok(target.kind === 'ask', 'the write target asks');
  assert.match(target.reason, /Mendeley/);
  assert.deepEqual(target.files.map((f) => f.split('/').pop()), ['wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib']);
  assert.deepEqual(target.alternatives.map((f) => f.split('/').pop()), ['long.bib']);
  const { file } = manuscriptCopy();
  const minimap = await createWorkspace().project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
  const chosen = chooseWriteTarget(minimap);
  assert.equal(chosen.kind, 'file');
  assert.ok(chosen.kind === 'file' && chosen.file.endsWith('minimap2.bib'), 'minimap2.bib is the write target');
  assert.deepEqual(chooseWriteTarget(minimap, 'other.bib'), { kind: 'file', file: join(process.cwd(), 'other.bib'), why: 'sciwrite.bibliography.writeTarget' });
  const { plan } = planAddToProject(minimap, s2Metadata({ paperId: NEW_ID, title: 'Fast long-read alignment with minimizer chaining', year: 2020, authors: [{ name: 'Ada Example' }], journal: { name: 'Bioinformatics', volume: '36' } }));
  assert.equal(plan?.kind, 'append');
  assert.ok(plan?.kind === 'append' && plan.key === 'Example:2020', 'the file’s own key style (Chaisson:2012aa → family:year)');
  const dup = planAddToProject(minimap, s2Metadata({ paperId: KNOWN_ID, title: 'Aligning sequence reads, clone sequences and assembly contigs with BWA-MEM', year: 2013, authors: [{ name: 'Heng Li' }] }));
  assert.deepEqual(dup.plan, { kind: 'duplicate', key: 'Li:2013aa', file: join(file, '..', 'minimap2.bib'), match: 'title' });
});
