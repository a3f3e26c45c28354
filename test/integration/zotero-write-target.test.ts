// When the manuscript's only .bib with entries is a Zotero Better BibTeX auto-export (which Zotero
// regenerates, so SciWrite never writes to it), adding a paper asks where it goes: the user's Zotero
// library, through Zotero's connector server (a stand-in on 127.0.0.1 answering as Zotero does, see
// test/helpers/zotero-stand-in.ts), or the manuscript's other .bib. When Zotero is not running the
// question says so and offers the other .bib only. Driven through the panel's server backend (the
// client code that asks) and the real language server; the export's bytes never change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerRelatedBackend } from '../../extension/client/related/server-backend.ts';
import { withWriteChoice } from '../../extension/client/related/write-choice.ts';
import { writeOptions } from '../../extension/analysis/related/write-target.ts';
import { ZoteroConnector } from '../../extension/net/zotero/connector.ts';
import { zoteroItem } from '../../extension/net/zotero/item.ts';
import {
  RelatedAddToBibRequest,
  type RelatedBibResult, type WireWriteChoice,
} from '../../extension/protocol/index.ts';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';
import { AskingHost, chooseZotero } from '../helpers/asking-host.ts';
import { BETTER_BIBTEX_EXPORT, startZoteroStandIn } from '../helpers/zotero-stand-in.ts';

const PAPER: StandInPaper = {
  paperId: 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4',
  title: 'Transformer taggers for proteins in biomedical abstracts',
  year: 2022,
  authors: [{ authorId: '1', name: 'Maria Okafor' }, { authorId: '2', name: 'Jan de Vries' }],
  externalIds: { DOI: '10.5555/zotero.test.2022' },
  publicationTypes: ['JournalArticle'],
  journal: { name: 'Journal of Immunology', volume: '208', pages: '100-110' },
};

const EXPORT = BETTER_BIBTEX_EXPORT;

test('Zotero connector: ping, saveItems with Zotero item JSON, read-only library, not running', async () => {
  const zotero = await startZoteroStandIn();
  const connector = new ZoteroConnector({ baseUrl: zotero.url });
  assert.deepEqual(await connector.ping(), { running: true });
  const item = zoteroItem({ title: 'Minimap2: pairwise alignment for nucleotide sequences', authors: [{ family: 'Li', given: 'Heng' }], year: 2018, date: '2018-05-10', journal: 'Bioinformatics', volume: '34', number: '18', pages: '3094--3100', doi: '10.1093/bioinformatics/bty191' });
  assert.deepEqual(await connector.saveItems([item], 'https://doi.org/10.1093/bioinformatics/bty191'), { kind: 'saved', count: 1 });
  assert.deepEqual(zotero.library, [{
    itemType: 'journalArticle', title: 'Minimap2: pairwise alignment for nucleotide sequences', creators: [{ creatorType: 'author', firstName: 'Heng', lastName: 'Li' }],
    date: '2018-05-10', publicationTitle: 'Bioinformatics', volume: '34', pages: '3094--3100', issue: '18', DOI: '10.1093/bioinformatics/bty191', url: 'https://doi.org/10.1093/bioinformatics/bty191',
  }]);
  const save = zotero.requests.find((r) => r.path === '/connector/saveItems');
  assert.equal(save?.headers['x-zotero-connector-api-version'], '3');
  assert.match(String(save?.headers['content-type']), /^application\/json/);
  // A preprint keeps its arXiv id where Zotero stores it.
  const preprint = zoteroItem({ title: 'Attention is all you need', authors: [{ family: 'Vaswani', given: 'Ashish' }], year: 2017, arxiv: '1706.03762' });
  assert.equal(preprint.itemType, 'preprint');
  assert.equal(preprint.archiveID, 'arXiv:1706.03762');

  zotero.readOnly = true;
  const readOnly = await connector.saveItems([item]);
  assert.ok(readOnly.kind === 'failed' && /read-only/.test(readOnly.message), JSON.stringify(readOnly));
  await zotero.close();
  const ping = await connector.ping();
  assert.ok(!ping.running && /Zotero is not running/.test(ping.message), JSON.stringify(ping));
  const down = await connector.saveItems([item]);
  assert.equal(down.kind, 'not-running');
  // Nothing else to offer: the reason says Zotero is not running (the server then refuses with it).
  const offer = await writeOptions({ kind: 'ask', files: ['/papers/export.bib'], reason: '/papers/export.bib is not written to: it is a Zotero Better BibTeX export', alternatives: [], zotero: true }, connector);
  assert.deepEqual(offer.options, []);
  assert.match(offer.reason, /Zotero is not running/);
  // A Mendeley export: Zotero is not asked at all.
  const mendeley = await writeOptions({ kind: 'ask', files: ['/papers/m.bib'], reason: 'Mendeley', alternatives: ['/papers/mine.bib'] }, connector);
  assert.deepEqual(mendeley.options.map((option) => option.choice), [{ kind: 'file', file: '/papers/mine.bib' }]);
  assert.equal(mendeley.reason, 'Mendeley');
});

test('withWriteChoice: asks only on `ask`, sends again with the answer, reports a dismissed question', async () => {
  const written: RelatedBibResult = { key: 'k', bib: { kind: 'written', uri: 'file:///a.bib', key: 'k' }, notice: 'Added k to a.bib' };
  const ask: RelatedBibResult = { bib: { kind: 'ask', reason: 'a.bib is an export', options: [{ choice: { kind: 'zotero' }, label: 'Zotero' }] }, notice: '' };
  const sent: (WireWriteChoice | undefined)[] = [];
  const send = (first: RelatedBibResult) => async (target?: WireWriteChoice) => {
    sent.push(target);
    return target ? written : first;
  };
  assert.equal(await withWriteChoice(send(written), { pickWriteTarget: () => Promise.reject(new Error('not asked')) }), written);
  assert.equal(await withWriteChoice(send(ask), { pickWriteTarget: async () => ({ kind: 'zotero' }) }), written);
  const dismissed = await withWriteChoice(send(ask), { pickWriteTarget: async () => undefined });
  assert.equal(dismissed.bib.kind, 'refused');
  assert.match(dismissed.notice, /Nothing was added: a\.bib is an export/);
  assert.deepEqual(sent, [undefined, undefined, { kind: 'zotero' }, undefined]);
});

test('Better BibTeX export: the user picks Zotero (saved there) or, with Zotero down, the other .bib; the export is never written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zotero-target-'));
  const texPath = join(dir, 'paper.tex');
  writeFileSync(texPath, [
    '\\documentclass{article}',
    '\\usepackage[style=authoryear]{biblatex}',
    '\\addbibresource{zotero-export.bib}',
    '\\addbibresource{mine.bib}',
    '\\begin{document}',
    'Transformer taggers find proteins in biomedical abstracts \\autocite{okafor2020}.',
    '\\printbibliography',
    '\\end{document}',
    '',
  ].join('\n'));
  const exportPath = join(dir, 'zotero-export.bib');
  const minePath = join(dir, 'mine.bib');
  writeFileSync(exportPath, EXPORT);
  // The user's own (still empty) .bib next to the export.
  writeFileSync(minePath, '');
  const exportBytes = readFileSync(exportPath);
  const s2 = await startS2StandIn([PAPER]);
  const zotero = await startZoteroStandIn();
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url }, zoteroConnectorUrl: zotero.url } } });
  try {
    const uri = await client.open(texPath);
    const editor = { uri, languageId: 'latex', position: { line: 5, character: 0 } };
    const host = new AskingHost(dir, chooseZotero);
    const backend = new ServerRelatedBackend(relatedTransport(client), host);

    const toZotero = await backend.addToBib(`s2:${PAPER.paperId}`, editor);
    assert.equal(host.questions.length, 1, 'asked once');
    assert.match(host.questions[0].reason, /zotero-export\.bib is not written to: .*Better BibTeX/);
    assert.deepEqual(host.questions[0].options.map((option) => option.choice), [{ kind: 'zotero' }, { kind: 'file', uri: pathToFileURL(minePath).href }]);
    assert.match(toZotero.notice ?? '', /Zotero library/);
    assert.equal(zotero.library.length, 1);
    assert.equal(zotero.library[0].title, PAPER.title);
    assert.equal(zotero.library[0].itemType, 'journalArticle');
    assert.equal(zotero.library[0].DOI, '10.5555/zotero.test.2022');
    assert.deepEqual(readFileSync(exportPath), exportBytes, 'the export is untouched');
    assert.equal(readFileSync(minePath, 'utf8'), '', 'mine.bib untouched');
    assert.deepEqual(host.edits, []);

    // Zotero quits: the question says so and offers the other .bib only.
    await zotero.close();
    host.answer = (options) => options[0]?.choice;
    const toFile = await backend.addToBib(`s2:${PAPER.paperId}`, editor);
    assert.equal(host.questions.length, 2);
    assert.match(host.questions[1].reason, /Zotero is not running/);
    assert.deepEqual(host.questions[1].options.map((option) => option.choice.kind), ['file']);
    assert.match(toFile.notice ?? '', /Added \w+ to mine\.bib/);
    const mine = readFileSync(minePath, 'utf8');
    assert.match(mine, /Transformer taggers for proteins in biomedical abstracts/);
    // The manuscript loads biblatex: its field names.
    assert.match(mine, /journaltitle = \{Journal of Immunology\}/);
    assert.match(mine, /date = \{2022\}/);
    assert.deepEqual(readFileSync(exportPath), exportBytes, 'the export is untouched');

    // Adding it again: mine.bib now holds entries and is the target; the paper is already there, nothing is asked.
    const mineBytes = readFileSync(minePath);
    const again = await backend.addToBib(`s2:${PAPER.paperId}`, editor);
    assert.match(again.notice ?? '', /already in mine\.bib/);
    assert.equal(host.questions.length, 2, 'no question');
    assert.deepEqual(readFileSync(minePath), mineBytes);

    // An answer naming a file that is not one of the manuscript's bibliographies is refused.
    const forged = await client.connection.sendRequest(RelatedAddToBibRequest.method, { uri, paperId: `s2:${PAPER.paperId}`, client: await host.clientContext(), target: { kind: 'file', uri } }) as RelatedBibResult;
    assert.equal(forged.bib.kind, 'refused');
    assert.match(forged.notice, /not a bibliography of this manuscript/);
    assert.deepEqual(readFileSync(exportPath), exportBytes);
  } finally {
    await client.stop();
    await s2.close();
  }
});
