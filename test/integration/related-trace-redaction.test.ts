// The language client's message trace writes request params to the log: the Semantic Scholar API key a
// related-work request carries must not reach it. The trace text here is vscode-jsonrpc's own, as the
// language client writes it to the channel that redactingLog wraps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { RelatedRankRequest } from '../../extension/protocol/index.ts';
import { redactSecrets, redactingLog } from '../../extension/client/redacting-log.ts';
import type * as vscode from 'vscode';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'S2-SECRET-API-KEY-abc123';

test('a traced related-work request shows no API key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-trace-'));
  cpSync(join(repo, 'sample', 'latex'), dir, { recursive: true });
  const client = await LspTestClient.start({ rootDir: dir, settings: {} });
  const traced: string[] = [];
  try {
    await client.connection.trace(2 /* Trace.Verbose */, { log: (message: string, data?: string) => traced.push(`${message}\n${data ?? ''}`) });
    const uri = await client.open(join(dir, 'paper.tex'));
    await client.connection.sendRequest(RelatedRankRequest.method, { uri, position: { line: 0, character: 0 }, scope: 'paragraph', client: { semanticScholarConsent: true, apiKey: KEY, storageDir: dir } });
  } finally {
    await client.stop();
  }
  const sent = traced.find((line) => line.includes(KEY));
  assert.ok(sent, 'the raw trace holds the key (what the language client would write)');
  assert.ok(!redactSecrets(sent).includes(KEY), 'masked');
  assert.match(redactSecrets(sent), /"apiKey":\s*"\(hidden\)"/);

  // The wrapped channel masks what the language client writes and keeps the channel's own level.
  const written: string[] = [];
  const channel = { logLevel: 1, trace: (m: string) => written.push(m), name: 'SciWrite' } as unknown as vscode.LogOutputChannel;
  const wrapped = redactingLog(channel);
  wrapped.trace(sent);
  assert.equal(wrapped.logLevel, 1);
  assert.equal(written.length, 1);
  assert.ok(!written[0].includes(KEY), 'nothing of the key is written');
});
