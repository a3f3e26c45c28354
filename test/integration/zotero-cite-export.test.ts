// "Cite here" when the manuscript's only .bib is a Zotero Better BibTeX auto-export and the user puts the
// paper in their Zotero library: the server saves it through Zotero's connector (a stand-in on 127.0.0.1
// that, like Better BibTeX, then rewrites the export with the item under a key of its own choosing), waits
// until the export holds it — the test client reports the rewrite with workspace/didChangeWatchedFiles as
// VS Code's file watcher would — and cites that key at the cursor. Also: the manuscript edited while the
// server waited (nothing inserted at a stale position), an export that never comes (a short time-out,
// set through SCIWRITE_ZOTERO_EXPORT_WAIT_MS), and a request cancelled while it waits. While it waits, the
// panel is told so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { FileChangeType, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { ServerRelatedBackend, type RelatedTransport } from '../../extension/client/related/server-backend.ts';
import {
  RelatedCiteRequest,
  type RelatedCiteResult, type RequestDef,
} from '../../extension/protocol/index.ts';
import { ZOTERO_EXPORT_WAIT_MS } from '../../extension/server/related/zotero-export.ts';
import { LspTestClient, uriOf } from '../helpers/lsp-client.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';
import { AskingHost, chooseZotero } from '../helpers/asking-host.ts';
import { BETTER_BIBTEX_EXPORT, startZoteroStandIn, type SavedItem } from '../helpers/zotero-stand-in.ts';

function paper(n: number, title: string, family: string): StandInPaper {
  return {
    paperId: String(n).repeat(40),
    title,
    year: 2022,
    authors: [{ authorId: String(n), name: `Maria ${family}` }],
    externalIds: { DOI: `10.5555/zotero.cite.${n}` },
    publicationTypes: ['JournalArticle'],
    journal: { name: 'Journal of Immunology', volume: '208', pages: '100-110' },
  };
}

const CITED = paper(1, 'Transformer taggers for proteins in biomedical abstracts', 'Okafor');
const TYPED_MEANWHILE = paper(2, 'Gene mention normalisation across species', 'Lindqvist');
const CANCELLED = paper(3, 'Active learning for chemical named entities', 'Haddad');

/** The keys "Better BibTeX" gives each saved item (none of them a key SciWrite would make up). */
const BBT_KEYS: Record<string, string> = {
  [CITED.externalIds?.DOI ?? '']: 'okaforTransformerTaggersProteins2022',
  [TYPED_MEANWHILE.externalIds?.DOI ?? '']: 'lindqvistGeneMentionNormalisation2022',
  [CANCELLED.externalIds?.DOI ?? '']: 'haddadActiveLearningChemical2022',
};

const EXPORT = BETTER_BIBTEX_EXPORT;

const TEX = [
  '\\documentclass{article}',
  '\\usepackage[style=authoryear]{biblatex}',
  '\\addbibresource{zotero-export.bib}',
  '\\begin{document}',
  'Transformer taggers find proteins in biomedical abstracts \\autocite{okafor2020}.',
  'Newer taggers do better on long abstracts.',
  '\\printbibliography',
  '\\end{document}',
  '',
].join('\n');

/** The cursor: after "do better" on line 5 (the citation gets a tie after the word). */
const CURSOR = { line: 5, character: 'Newer taggers do better'.length };

function project(): { dir: string; texPath: string; exportPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zotero-cite-'));
  const texPath = join(dir, 'paper.tex');
  const exportPath = join(dir, 'zotero-export.bib');
  writeFileSync(texPath, TEX);
  writeFileSync(exportPath, EXPORT);
  return { dir, texPath, exportPath };
}

/** The host answering with Zotero, the manuscript at version 1 (as the test client opens it). */
function zoteroHost(dir: string): AskingHost {
  const host = new AskingHost(dir, chooseZotero);
  host.version = 1;
  return host;
}

/** The transport, keeping the server's last cite answer. */
function recording(transport: RelatedTransport, answers: RelatedCiteResult[]): RelatedTransport {
  return {
    async request<P, R>(def: RequestDef<P, R>, params: P, signal?: AbortSignal): Promise<R> {
      const answer = await transport.request(def, params, signal);
      if (def.method === RelatedCiteRequest.method) answers.push(answer as RelatedCiteResult);
      return answer;
    },
    ...(transport.onNotification ? { onNotification: transport.onNotification.bind(transport) } : {}),
  };
}

test('Cite here into a Better BibTeX export: waits for the export, cites the key Better BibTeX chose; typing meanwhile; cancelled', async () => {
  const { dir, texPath, exportPath } = project();
  const s2 = await startS2StandIn([CITED, TYPED_MEANWHILE, CANCELLED]);
  // What happens between Zotero's export and the file-watch event: the user types, or no event comes at all.
  let beforeWatchEvent: (() => Promise<void>) | undefined;
  let watching = true;
  let exported: (path: string) => Promise<void> = async () => undefined;
  const zotero = await startZoteroStandIn({
    autoExport: { path: exportPath, key: (item: SavedItem) => BBT_KEYS[String(item.DOI)] ?? 'unknown', onWritten: (path) => void exported(path) },
  });
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url }, zoteroConnectorUrl: zotero.url } } });
  exported = async (path) => {
    await beforeWatchEvent?.();
    if (watching) await client.filesChanged([{ uri: uriOf(path), type: FileChangeType.Changed }]);
  };
  try {
    const uri = await client.open(texPath);
    const editor = { uri, languageId: 'latex', position: CURSOR };
    const host = zoteroHost(dir);
    const answers: RelatedCiteResult[] = [];
    const backend = new ServerRelatedBackend(recording(relatedTransport(client), answers), host);
    const notices: { message: string; answered: number }[] = [];
    backend.onNotice((message) => notices.push({ message, answered: answers.length }));

    const cited = await backend.citeHere(`s2:${CITED.paperId}`, editor);
    // The export came at once here: the server's "waiting" may be read after the answer, and is then not shown.
    for (const n of notices) {
      assert.equal(n.message, `Added “${CITED.title}” to your Zotero library; waiting up to ${ZOTERO_EXPORT_WAIT_MS / 1000} s for Better BibTeX to export it to zotero-export.bib…`);
      assert.equal(n.answered, answers.length - 1, 'never shown after the answer');
    }
    assert.equal(host.questions.length, 1, 'asked where the paper goes');
    assert.match(host.questions[0].reason, /zotero-export\.bib is not written to: .*Better BibTeX/);
    assert.equal(zotero.library.length, 1);
    assert.equal(zotero.library[0].DOI, CITED.externalIds?.DOI);
    assert.match(readFileSync(exportPath, 'utf8'), /@article\{okaforTransformerTaggersProteins2022,/, 'the stand-in exported it');
    const answer = answers.at(-1);
    assert.equal(answer?.key, 'okaforTransformerTaggersProteins2022');
    assert.deepEqual(answer?.bib, {
      kind: 'zotero', key: 'okaforTransformerTaggersProteins2022', uri: uriOf(exportPath),
      reason: `Added “${CITED.title}” to your Zotero library; Better BibTeX exported it to zotero-export.bib`,
    });
    // The manuscript's own cite command, at the cursor; nothing for the export, which SciWrite never writes.
    assert.deepEqual(host.edits, [{ changes: { [uri]: [{ range: { start: CURSOR, end: CURSOR }, newText: '~\\autocite{okaforTransformerTaggersProteins2022}' }] } }]);
    assert.match(cited.notice ?? '', /^Cited okaforTransformerTaggersProteins2022\. Added “Transformer taggers for proteins in biomedical abstracts” to your Zotero library; Better BibTeX exported it to zotero-export\.bib\.$/);

    // The user types while the server waits: the citation is not inserted at the old cursor; the notice says what to cite.
    beforeWatchEvent = async () => {
      host.version = await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'Indeed, ' }]);
    };
    const typed = await backend.citeHere(`s2:${TYPED_MEANWHILE.paperId}`, editor);
    assert.equal(answers.at(-1)?.key, 'lindqvistGeneMentionNormalisation2022', 'the server found the exported key');
    assert.equal(host.version, 2, 'the manuscript changed while the server waited');
    assert.equal(host.edits.length, 1, 'no edit applied: the citation would land at a stale position');
    assert.doesNotMatch(typed.notice ?? '', /^Cited/);
    assert.match(typed.notice ?? '', /Better BibTeX exported it to zotero-export\.bib\. The manuscript changed meanwhile: cite it as \\autocite\{lindqvistGeneMentionNormalisation2022\}\.$/);

    // No file-watch event comes; the client cancels the request while the server waits for the export.
    beforeWatchEvent = undefined;
    watching = false;
    const source = new CancellationTokenSource();
    const saved = zotero.nextSave();
    const pending = client.connection.sendRequest(RelatedCiteRequest.method, {
      uri, paperId: `s2:${CANCELLED.paperId}`, position: CURSOR, client: await host.clientContext(), target: { kind: 'zotero' },
    }, source.token);
    assert.equal((await saved)[0]?.DOI, CANCELLED.externalIds?.DOI, 'saved to Zotero before the cancel');
    const cancelledAt = Date.now();
    source.cancel();
    await assert.rejects(pending, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
    // Answered on the cancel, not at the end of the wait (which would also report the cancel).
    assert.ok(Date.now() - cancelledAt < ZOTERO_EXPORT_WAIT_MS, `answered ${Date.now() - cancelledAt} ms after the cancel`);
  } finally {
    await client.stop();
    await zotero.close();
    await s2.close();
  }
});

test('Cite here into a Better BibTeX export that never exports the paper: after the time-out, says to cite it once it appears', async () => {
  const { dir, texPath, exportPath } = project();
  const s2 = await startS2StandIn([CITED]);
  const zotero = await startZoteroStandIn();
  // A short wait, for this server only.
  process.env.SCIWRITE_ZOTERO_EXPORT_WAIT_MS = '200';
  let client: LspTestClient;
  try {
    client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url }, zoteroConnectorUrl: zotero.url } } });
  } finally {
    delete process.env.SCIWRITE_ZOTERO_EXPORT_WAIT_MS;
  }
  try {
    const uri = await client.open(texPath);
    const host = zoteroHost(dir);
    const answers: RelatedCiteResult[] = [];
    const backend = new ServerRelatedBackend(recording(relatedTransport(client), answers), host);
    const notices: { message: string; answered: number }[] = [];
    backend.onNotice((message) => notices.push({ message, answered: answers.length }));
    const result = await backend.citeHere(`s2:${CITED.paperId}`, { uri, languageId: 'latex', position: CURSOR });
    // answers: "where should it go?", then the cite's own answer; the notice came between them
    assert.deepEqual(notices, [{ message: `Added “${CITED.title}” to your Zotero library; waiting up to 1 s for Better BibTeX to export it to zotero-export.bib…`, answered: answers.length - 1 }],
      'while the server waited, the panel was told what for');
    assert.equal(zotero.library.length, 1, 'saved to Zotero');
    assert.deepEqual(answers.at(-1), {
      bib: { kind: 'zotero', reason: `Added “${CITED.title}” to your Zotero library, but Better BibTeX has not exported it yet: cite it once it appears in zotero-export.bib` },
      notice: `Added “${CITED.title}” to your Zotero library, but Better BibTeX has not exported it yet: cite it once it appears in zotero-export.bib`,
    });
    assert.match(result.notice ?? '', /has not exported it yet: cite it once it appears in zotero-export\.bib/);
    assert.deepEqual(host.edits, [], 'nothing cited');
    assert.equal(readFileSync(exportPath, 'utf8'), EXPORT, 'the export is untouched');
  } finally {
    await client.stop();
    await zotero.close();
    await s2.close();
  }
});

test('Cite here on a paper the export already holds (same title): cites its key at once, nothing asked or saved to Zotero', async () => {
  const { dir, texPath, exportPath } = project();
  const held = { ...paper(4, 'Tagging proteins with transformers', 'Okafor'), year: 2020 };
  const s2 = await startS2StandIn([held]);
  const zotero = await startZoteroStandIn();
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url }, zoteroConnectorUrl: zotero.url } } });
  try {
    const uri = await client.open(texPath);
    const host = zoteroHost(dir);
    const backend = new ServerRelatedBackend(relatedTransport(client), host);
    const result = await backend.citeHere(`s2:${held.paperId}`, { uri, languageId: 'latex', position: CURSOR });
    assert.deepEqual(host.questions, [], 'nothing asked');
    assert.deepEqual(zotero.library, [], 'no second copy in Zotero');
    assert.deepEqual(host.edits, [{ changes: { [uri]: [{ range: { start: CURSOR, end: CURSOR }, newText: '~\\autocite{okafor2020}' }] } }]);
    assert.match(result.notice ?? '', /^Cited okafor2020\. okafor2020 is already in zotero-export\.bib/);
    assert.equal(readFileSync(exportPath, 'utf8'), EXPORT, 'the export is untouched');
  } finally {
    await client.stop();
    await zotero.close();
    await s2.close();
  }
});
