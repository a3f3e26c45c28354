// The panel's server backend (extension/client/related/server-backend.ts) driving the real language
// server over JSON-RPC, with a recording host in place of VS Code: the consent prompt is shown before
// anything is sent and lists the query; its answer turns Semantic Scholar on; "Cite here" hands the
// host one workspace edit with the citation; Open, Copy BibTeX and turning the source off again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RelatedClientContext, RelatedConsentInfo, WireWorkspaceEdit } from '../../extension/protocol/index.ts';
import { consentLines, ServerRelatedBackend, type RelatedHost } from '../../extension/client/related/server-backend.ts';
import type { EditorContext } from '../../extension/client/related/backend.ts';
import { applyEdits, LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { relatedTransport } from '../helpers/related-transport.ts';
import { startS2StandIn } from '../helpers/s2-stand-in.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const PAPER_ID = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';

class RecordingHost implements RelatedHost {
  consent = false;
  answer = true;
  edits: WireWorkspaceEdit[] = [];
  asked: RelatedConsentInfo[] = [];
  copied: string[] = [];
  opened: string[] = [];

  constructor(
    private readonly client: LspTestClient,
    private readonly baseUrl: string,
    private readonly storageDir: string,
  ) {}

  async clientContext(): Promise<RelatedClientContext> {
    return { semanticScholarConsent: this.consent, storageDir: this.storageDir };
  }

  async applyEdit(edit: WireWorkspaceEdit): Promise<boolean> {
    this.edits.push(edit);
    return true;
  }

  async copy(text: string): Promise<void> {
    this.copied.push(text);
  }

  async openLink(url: string): Promise<boolean> {
    this.opened.push(url);
    return true;
  }

  async askConsent(info: RelatedConsentInfo): Promise<boolean> {
    this.asked.push(info);
    return this.answer;
  }

  async setSemanticScholar(on: boolean): Promise<void> {
    this.consent = on;
    await this.client.setSettings({ related: { semanticScholar: { enabled: on, baseUrl: this.baseUrl } } });
  }
}

test('server backend: consent before anything is sent, then S2 papers, cite, open, copy, off again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-backend-'));
  cpSync(join(repo, 'sample', 'latex'), dir, { recursive: true });
  const s2 = await startS2StandIn([{
    paperId: PAPER_ID,
    title: 'Pre-trained transformer encoders for biomedical named entity recognition',
    year: 2021,
    authors: [{ authorId: '9', name: 'Ana Lima' }],
    externalIds: { DOI: '10.5555/ner.2021' },
    journal: { name: 'Bioinformatics' },
    publicationTypes: ['JournalArticle'],
  }]);
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: false, baseUrl: s2.url } } } });
  const host = new RecordingHost(client, s2.url, mkdtempSync(join(tmpdir(), 'related-backend-storage-')));
  const backend = new ServerRelatedBackend(relatedTransport(client), host);
  try {
    const texPath = join(dir, 'paper.tex');
    const tex = readFileSync(texPath, 'utf8');
    const uri = await client.open(texPath);
    const editor: EditorContext = { uri, languageId: 'latex', position: positionOf(tex, 'Reading this literature by hand') };

    const local = await backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);
    assert.equal(local.status.semanticScholar, 'off');
    assert.ok(local.papers.length > 0 && local.papers.every((paper) => paper.source === 'library' && paper.inBib), 'library papers only, all in the .bib');
    assert.match(local.scopeLabel ?? '', /paragraph at line \d+ of paper\.tex/);

    const enabled = await backend.enableSemanticScholar(editor);
    assert.equal(host.asked.length, 1);
    const lines = consentLines(host.asked[0]);
    assert.match(lines[0], /never whole sentences or paragraphs/);
    assert.ok(host.asked[0].preview && lines.some((line) => line.includes(host.asked[0].preview?.query ?? '\u0000')), 'the consent preview shows the query');
    assert.equal(s2.seen.length, 0, 'the prompt itself sent nothing');
    assert.equal(enabled.rerank, true);
    assert.equal(host.consent, true);

    const remote = await backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);
    assert.equal(remote.status.semanticScholar, 'on');
    assert.ok(s2.seen.length > 0, 'Semantic Scholar was asked');
    assert.ok(remote.status.messages.some((m) => m.startsWith('Sent to Semantic Scholar')), 'the status says what was sent');
    const paper = remote.papers.find((p) => p.id === `s2:${PAPER_ID}`);
    assert.ok(paper, 'the stand-in paper is in the panel');
    assert.equal(paper.inBib, false);

    const before = readFileSync(join(dir, 'references.bib'), 'utf8');
    const cited = await backend.citeHere(paper.id, editor);
    assert.match(cited.notice ?? '', /^Cited /);
    assert.equal(host.edits.length, 1);
    const inserted = applyEdits(tex, host.edits[0].changes[uri] ?? []);
    assert.match(inserted, /\\citep\{\w+\} Reading this literature by hand/);
    const after = readFileSync(join(dir, 'references.bib'), 'utf8');
    assert.ok(after.startsWith(before) && after.length > before.length, 'the .bib is appended to, not rewritten');

    await backend.open(paper.id, 'doi');
    assert.deepEqual(host.opened, ['https://doi.org/10.5555/ner.2021']);
    // the paragraph cites lee2020biobert: papers cited here are left out by default, the others of the .bib are suggested
    assert.ok(!remote.papers.some((p) => p.key === 'lee2020biobert'), 'a paper cited in the paragraph is not suggested');
    const library = remote.papers.find((p) => p.inBib && p.key !== undefined);
    assert.ok(library?.key, 'a library paper is suggested');
    await backend.copyBibtex(library.id);
    assert.ok((host.copied[0] ?? '').startsWith(`@`) && (host.copied[0] ?? '').includes(`{${library.key},`), 'its BibTeX entry is copied');

    await backend.disableSemanticScholar();
    const count = s2.seen.length;
    const offAgain = await backend.rank({ scope: 'paragraph', editor }, new AbortController().signal);
    assert.equal(offAgain.status.semanticScholar, 'off');
    assert.equal(s2.seen.length, count, 'nothing sent once turned off');

    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(backend.rank({ scope: 'paragraph', editor }, aborted.signal));
  } finally {
    await client.stop();
    await s2.close();
  }
});
