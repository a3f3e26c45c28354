// Indexing a big local library for the related-work panel must not freeze the language server: while the
// BM25 index of a 20,000-entry library is being built, a hover on a citation is answered. The server runs
// in this process over an in-memory JSON-RPC pipe, so the test can watch the index build's start and end
// (published on the `sciwrite:related:library-index` diagnostics channel) and order them against the hover
// answer: hover answered after the build started and before it ended. An index built in one blocking
// pass cannot give that order (start and end would come in the same turn of the event loop). The library
// is made of real entries from the corpus papers' .bib files, repeated under fresh keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  ConfigurationRequest, DidOpenTextDocumentNotification, HoverRequest, InitializedNotification, InitializeRequest, ShutdownRequest, type Hover,
} from 'vscode-languageserver-protocol';
import { rawEntries } from '../../extension/core/bibwrite/raw-entries.ts';
import { RelatedRankRequest, type RelatedRankResult } from '../../extension/protocol/index.ts';
import { startServer } from '../../extension/server/server.ts';
import { positionOf } from '../helpers/lsp-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const corpus = join(repo, 'test/fixtures/corpus');
const SOURCES = [
  'camkii-subunit-exchange/bibliography.bib', 'donor-responses/references.bib', 'minimap2/minimap2.bib', 'optifit/references.bib',
  'scipy-1.0/references.bib', 'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib',
];

// Big enough that indexing takes many turns of the event loop (~150 slices) while a warm hover needs a
// few, so the order below holds on a loaded machine too (5,000 entries once lost the race under CI load).
const ENTRIES = 20_000;

/** `size` entries of the corpus .bib files, each under a key of its own. */
function bigLibrary(size: number): string {
  const entries: string[] = [];
  for (const source of SOURCES) {
    const text = readFileSync(join(corpus, source), 'utf8');
    for (const entry of rawEntries(text).entries) {
      if (['comment', 'string', 'preamble'].includes(entry.type)) continue;
      entries.push(text.slice(entry.start, entry.end));
    }
  }
  const out: string[] = [];
  for (let i = 0; i < size; i++) out.push(entries[i % entries.length].replace(/^(@\s*\w+\s*[{(]\s*)([^,\s]+)/, `$1$2x${i}`));
  return `${out.join('\n\n')}\n`;
}

test('a hover is answered while a 20,000-entry library is being indexed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-index-'));
  cpSync(join(repo, 'sample', 'latex'), dir, { recursive: true });
  const libraryPath = join(dir, 'library.bib');
  writeFileSync(libraryPath, bigLibrary(ENTRIES));
  const settings = { related: { libraries: [libraryPath] } };

  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(ProposedFeatures.all, toServer, toClient));
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'sciwrite' ? settings : null)));
  client.onRequest(() => null);
  client.onNotification(() => undefined);
  client.listen();

  const events: string[] = [];
  let started: () => void = () => undefined;
  const indexing = new Promise<void>((done) => (started = done));
  const listener = (message: unknown) => {
    const { phase, entries } = message as { phase: string; entries: number };
    if (entries < ENTRIES) return;
    events.push(`index-${phase}`);
    if (phase === 'start') started();
  };
  subscribe('sciwrite:related:library-index', listener);
  try {
    const rootUri = pathToFileURL(dir).href;
    await client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      initializationOptions: {},
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    });
    await client.sendNotification(InitializedNotification.type, {});
    const texPath = join(dir, 'paper.tex');
    const tex = readFileSync(texPath, 'utf8');
    const uri = pathToFileURL(texPath).href;
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'latex', version: 1, text: tex } });
    // The manuscript's own bibliography is loaded first (a hover before any ranking).
    const warm: Hover | null = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(tex, 'cain2017immune', 2) });
    assert.ok(warm, 'hover works before the ranking');

    const ranking = client.sendRequest(RelatedRankRequest.method, { uri, position: positionOf(tex, 'Reading this literature by hand'), scope: 'paragraph', client: { semanticScholarConsent: false, storageDir: dir } }) as Promise<RelatedRankResult>;
    await indexing;
    const hover: Hover | null = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(tex, 'cain2017immune', 2) });
    events.push('hover-answered');
    assert.ok(hover && JSON.stringify(hover.contents).includes('Immune regulation by glucocorticoids'), JSON.stringify(hover));
    const ranked = await ranking;
    events.push('rank-answered');
    assert.ok(ranked.papers.length > 0, 'the ranking comes back');
    assert.ok(ranked.papers.some((paper) => /x\d+$/.test(paper.key ?? '')), 'papers of the big library are ranked');
    assert.deepEqual(events, ['index-start', 'hover-answered', 'index-end', 'rank-answered']);
  } finally {
    unsubscribe('sciwrite:related:library-index', listener);
    // Shut the server down but leave its input open: vscode-languageserver exits the process when its input ends.
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  }
});
