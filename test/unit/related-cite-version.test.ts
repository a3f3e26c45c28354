// "Cite here" in the panel's server backend: the citation edit is placed at the cursor of the request, so
// it is applied only while the manuscript still has the version it had when the user clicked (the server
// may wait for Zotero's export meanwhile). A changed manuscript gets the rest of the answer (the .bib edit)
// and a notice naming the citation to insert by hand; the server's notices while it waits reach the panel.
// Fake transport and host: no server, no VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerRelatedBackend, type RelatedHost, type RelatedTransport } from '../../extension/client/related/server-backend.ts';
import { RelatedCiteRequest, type NotificationDef, type RelatedCiteParams, type RelatedCiteResult, type RequestDef, type WireWorkspaceEdit } from '../../extension/protocol/index.ts';

const MANUSCRIPT = 'file:///papers/paper.tex';
const BIB = 'file:///papers/refs.bib';
const CURSOR = { line: 4, character: 12 };

/** The server's answer: the citation at the request's cursor, and the entry for the open .bib. */
function answer(params: RelatedCiteParams): RelatedCiteResult {
  return {
    key: 'li2018minimap2',
    citation: '\\citep{li2018minimap2}',
    bib: { kind: 'edit', uri: BIB, key: 'li2018minimap2' },
    edit: { changes: {
      [params.uri]: [{ range: { start: params.position, end: params.position }, newText: '\\citep{li2018minimap2}' }],
      [BIB]: [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: '@article{li2018minimap2,\n}\n' }],
    } },
    notice: 'Cited li2018minimap2. Added li2018minimap2 to refs.bib.',
    bibNotice: 'Added li2018minimap2 to refs.bib',
  };
}

/** A transport whose server takes its time: `typing` runs (the user edits) before the answer comes. */
function slowServer(typing: () => void): RelatedTransport {
  return {
    async request<P, R>(def: RequestDef<P, R>, params: P): Promise<R> {
      assert.equal(def.method, RelatedCiteRequest.method);
      typing();
      return answer(params as RelatedCiteParams) as R;
    },
  };
}

class Host implements RelatedHost {
  edits: WireWorkspaceEdit[] = [];
  constructor(public version: number | undefined) {}
  async clientContext() {
    return { semanticScholarConsent: false };
  }
  async applyEdit(edit: WireWorkspaceEdit): Promise<boolean> {
    this.edits.push(edit);
    return true;
  }
  documentVersion(uri: string): number | undefined {
    return uri === MANUSCRIPT ? this.version : undefined;
  }
  async copy(): Promise<void> {}
  async openLink(): Promise<boolean> {
    return true;
  }
  async askConsent(): Promise<boolean> {
    return false;
  }
  async setSemanticScholar(): Promise<void> {}
}

const editor = { uri: MANUSCRIPT, languageId: 'latex', position: CURSOR };

test('the manuscript unchanged while the server answered: the citation and the .bib entry are applied', async () => {
  const host = new Host(7);
  const result = await new ServerRelatedBackend(slowServer(() => undefined), host).citeHere('s2:x', editor);
  assert.deepEqual(host.edits, [answer({ uri: MANUSCRIPT, paperId: 's2:x', position: CURSOR }).edit]);
  assert.equal(result.notice, 'Cited li2018minimap2. Added li2018minimap2 to refs.bib.');
});

test('the manuscript changed while the server answered: only the .bib entry, and the notice says what to cite', async () => {
  const host = new Host(7);
  const result = await new ServerRelatedBackend(slowServer(() => { host.version = 8; }), host).citeHere('s2:x', editor);
  assert.equal(host.edits.length, 1);
  assert.deepEqual(Object.keys(host.edits[0].changes), [BIB], 'the citation edit is left out');
  assert.equal(result.notice, 'Added li2018minimap2 to refs.bib. The manuscript changed meanwhile: cite it as \\citep{li2018minimap2}.');
  assert.equal(result.rerank, true);
});

test('the manuscript closed while the server answered: not cited either', async () => {
  const host = new Host(7);
  const result = await new ServerRelatedBackend(slowServer(() => { host.version = undefined; }), host).citeHere('s2:x', editor);
  assert.deepEqual(host.edits.map((edit) => Object.keys(edit.changes)), [[BIB]]);
  assert.match(result.notice ?? '', /cite it as \\citep\{li2018minimap2\}\.$/);
});

test('a host that cannot tell versions applies the answer as before', async () => {
  const host = new Host(undefined);
  const result = await new ServerRelatedBackend(slowServer(() => undefined), hostWithoutVersions(host)).citeHere('s2:x', editor);
  assert.deepEqual(host.edits.map((edit) => Object.keys(edit.changes).sort()), [[BIB, MANUSCRIPT].sort()]);
  assert.match(result.notice ?? '', /^Cited li2018minimap2\./);
});

function hostWithoutVersions(host: Host): RelatedHost {
  return {
    clientContext: () => host.clientContext(),
    applyEdit: (edit) => host.applyEdit(edit),
    copy: () => host.copy(),
    openLink: () => host.openLink(),
    askConsent: () => host.askConsent(),
    setSemanticScholar: () => host.setSemanticScholar(),
  };
}

test('the manuscript changed between reading the cursor and the click: the version the cursor was read at decides', async () => {
  const host = new Host(9);
  const result = await new ServerRelatedBackend(slowServer(() => undefined), host).citeHere('s2:x', { ...editor, version: 7 });
  assert.deepEqual(host.edits.map((edit) => Object.keys(edit.changes)), [[BIB]], 'no citation at a cursor read two versions ago');
  assert.match(result.notice ?? '', /The manuscript changed meanwhile: cite it as \\citep\{li2018minimap2\}\.$/);
});

test('the server\'s notices reach the panel only while a Cite here waits for its answer', async () => {
  let notify: ((params: { message: string }) => void) | undefined;
  const transport: RelatedTransport = {
    ...slowServer(() => notify?.({ message: 'waiting for Better BibTeX…' })),
    onNotification: <P>(_def: NotificationDef<P>, handler: (params: P) => void) => {
      notify = handler as unknown as (params: { message: string }) => void;
      return { dispose: () => { notify = undefined; } };
    },
  };
  const backend = new ServerRelatedBackend(transport, new Host(7));
  const shown: string[] = [];
  const subscription = backend.onNotice((message) => shown.push(message));
  await backend.citeHere('s2:x', editor);
  assert.deepEqual(shown, ['waiting for Better BibTeX…'], 'told while the request ran');
  notify?.({ message: 'read after the answer' });
  assert.deepEqual(shown, ['waiting for Better BibTeX…'], 'a notice read after the answer would hide the answer\'s own');
  subscription.dispose();
  assert.equal(notify, undefined, 'unsubscribed');
});
