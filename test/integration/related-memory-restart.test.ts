// A Semantic Scholar paper shown in the panel can still be cited after the language server restarted
// (VS Code restarts it on a crash or a reload), and with Semantic Scholar turned off since: the papers a
// ranking showed are kept under the client's storage folder with the Semantic Scholar cache's age limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RelatedAddToBibRequest, RelatedRankRequest, type RelatedBibResult, type RelatedClientContext, type RelatedRankResult } from '../../extension/protocol/index.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const PAPER: StandInPaper = {
  paperId: 'f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6',
  title: 'Transformer encoders for biomedical named entity recognition in abstracts',
  abstract: 'We pre-train transformer encoders on scientific text and tag biomedical entities such as proteins and cell lines.',
  year: 2022,
  authors: [{ authorId: '1', name: 'Maria Okafor' }],
  externalIds: { DOI: '10.5555/restart.2022' },
  publicationTypes: ['JournalArticle'],
  journal: { name: 'Journal of Immunology', volume: '208' },
};

test('after a server restart, with Semantic Scholar off, a paper shown earlier is still added to the .bib', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-restart-'));
  cpSync(join(repo, 'sample', 'latex'), dir, { recursive: true });
  const storage = mkdtempSync(join(tmpdir(), 'related-restart-storage-'));
  const s2 = await startS2StandIn([PAPER]);
  const texPath = join(dir, 'paper.tex');
  const tex = readFileSync(texPath, 'utf8');
  const position = positionOf(tex, 'Reading this literature by hand');
  let paperId: string;
  const first = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });
  try {
    const uri = await first.open(texPath);
    const context: RelatedClientContext = { semanticScholarConsent: true, storageDir: storage };
    const ranked = await first.connection.sendRequest(RelatedRankRequest.method, { uri, position, scope: 'paragraph', client: context }) as RelatedRankResult;
    const remote = ranked.papers.find((paper) => paper.s2Id === PAPER.paperId);
    assert.ok(remote, 'the S2 paper is shown');
    paperId = remote.id;
  } finally {
    await first.stop();
    await s2.close();
  }

  const second = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: false } } } });
  try {
    const uri = await second.open(texPath);
    const bibPath = join(dir, 'references.bib');
    const before = readFileSync(bibPath);
    const added = await second.connection.sendRequest(RelatedAddToBibRequest.method, { uri, paperId, client: { semanticScholarConsent: false, storageDir: storage } }) as RelatedBibResult;
    assert.equal(added.bib.kind, 'written', added.notice);
    const after = readFileSync(bibPath);
    assert.deepEqual(after.subarray(0, before.length), before, 'existing bytes unchanged');
    assert.match(after.subarray(before.length).toString('utf8'), /Transformer encoders for biomedical named entity recognition in abstracts/);
    assert.match(after.subarray(before.length).toString('utf8'), /10\.5555\/restart\.2022/);

    // Another storage folder (another user profile) knows nothing of it.
    const unknown = second.connection.sendRequest(RelatedAddToBibRequest.method, { uri, paperId, client: { semanticScholarConsent: false, storageDir: mkdtempSync(join(tmpdir(), 'other-')) } });
    await assert.rejects(unknown, /unknown paper/);
  } finally {
    await second.stop();
  }
});
