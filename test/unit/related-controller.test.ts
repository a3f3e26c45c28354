// The related-work view's behaviour without VS Code: ready handshake, cursor following with a
// debounce (node:test's mock timers, no real waiting), dropping superseded rankings, routing.
import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionResult, EditorContext, RankRequest, RelatedBackend } from '../../extension/client/related/backend.ts';
import { RelatedController } from '../../extension/client/related/controller.ts';
import type { ExtensionMessage, PanelState } from '../../webview/src/protocol.ts';

/** One turn of the event loop, so settled promises run their callbacks. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const stateFor = (request: RankRequest, title = `at line ${request.editor?.position.line}`): PanelState => ({
  scope: request.scope,
  scopeLabel: title,
  status: { ranker: 'bm25', specter2: { state: 'missing' }, semanticScholar: 'off', messages: [] },
  papers: [],
});

const at = (line: number, uri = 'file:///paper.tex'): EditorContext => ({ uri, languageId: 'latex', position: { line, character: 0 } });

interface Pending {
  request: RankRequest;
  signal: AbortSignal;
  resolve: (state: PanelState) => void;
  reject: (error: Error) => void;
}

function fixture(actions: Partial<RelatedBackend> = {}) {
  const requests: Pending[] = [];
  const posted: ExtensionMessage[] = [];
  const backend: RelatedBackend = {
    rank: (request, signal) => new Promise<PanelState>((resolve, reject) => requests.push({ request, signal, resolve, reject })),
    citeHere: () => undefined,
    addToBib: () => undefined,
    open: () => undefined,
    copyBibtex: () => undefined,
    notRelevant: () => undefined,
    enableSemanticScholar: () => undefined,
    disableSemanticScholar: () => undefined,
    consentAnswer: () => undefined,
    downloadSpecter2: () => undefined,
    addById: () => undefined,
    ...actions,
  };
  const controller = new RelatedController(backend, (m) => posted.push(m), { followDelay: 400 });
  return { controller, requests, posted };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('nothing is posted before the webview says ready; then it ranks the paragraph at the cursor', async () => {
  const { controller, requests, posted } = fixture();
  controller.attach(true);
  controller.editorChanged(at(41));
  controller.notify('early');
  mock.timers.tick(400);
  assert.equal(requests.length, 0, 'not ready: no ranking');
  assert.equal(posted.length, 0, 'not ready: nothing posted');
  await controller.receive({ type: 'ready' });
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0].request, { scope: 'paragraph', editor: at(41) });
  requests[0].resolve(stateFor(requests[0].request));
  await settle();
  assert.deepEqual(posted.map((m) => m.type), ['busy', 'state', 'busy']);
  assert.deepEqual(posted[2], { type: 'busy', busy: false });
});

test('a re-created webview gets the last state at once, before the new ranking', async () => {
  const { controller, requests, posted } = fixture();
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  requests[0].resolve(stateFor(requests[0].request, 'first'));
  await settle();
  controller.attach(true);
  posted.length = 0;
  await controller.receive({ type: 'ready' });
  assert.equal(posted[0].type, 'state');
  assert.equal(posted[0].type === 'state' && posted[0].state.scopeLabel, 'first');
  assert.equal(requests.length, 2);
});

test('cursor moves are debounced into one ranking, and the older ranking is aborted and dropped', async () => {
  const { controller, requests, posted } = fixture();
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  for (const line of [10, 11, 12, 13]) {
    controller.editorChanged(at(line));
    mock.timers.tick(399);
  }
  assert.equal(requests.length, 1, 'still typing/moving: no new ranking');
  mock.timers.tick(1);
  assert.equal(requests.length, 2);
  assert.equal(requests[1].request.editor?.position.line, 13);
  assert.equal(requests[0].signal.aborted, true);
  requests[1].resolve(stateFor(requests[1].request));
  requests[0].resolve(stateFor(requests[0].request, 'stale'));
  await settle();
  const states = posted.filter((m) => m.type === 'state');
  assert.equal(states.length, 1);
  assert.equal(states[0].type === 'state' && states[0].state.scopeLabel, 'at line 13');
});

test('the same place does not rank again; a new line or another document does', async () => {
  const { controller, requests } = fixture();
  controller.attach(true);
  controller.editorChanged(at(5));
  await controller.receive({ type: 'ready' });
  controller.editorChanged(at(5));
  mock.timers.tick(1000);
  assert.equal(requests.length, 1);
  controller.editorChanged(at(9));
  mock.timers.tick(400);
  assert.equal(requests.length, 2);
  controller.editorChanged(at(9, 'file:///intro.tex'));
  mock.timers.tick(400);
  assert.equal(requests.length, 3);
  assert.equal(requests[2].request.editor?.uri, 'file:///intro.tex');
});

test('the whole-manuscript scope ignores the cursor but follows the document', async () => {
  const { controller, requests } = fixture();
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  await controller.receive({ type: 'setScope', scope: 'document' });
  assert.equal(requests.length, 2);
  assert.equal(requests[1].request.scope, 'document');
  assert.equal(controller.scope, 'document');
  controller.editorChanged(at(3));
  mock.timers.tick(400);
  assert.equal(requests.length, 3, 'first editor: rank');
  controller.editorChanged(at(80));
  mock.timers.tick(400);
  assert.equal(requests.length, 3);
});

test('while hidden it does not rank; shown again it ranks once', async () => {
  const { controller, requests } = fixture();
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  controller.setVisible(false);
  controller.editorChanged(at(20));
  mock.timers.tick(400);
  controller.editorChanged(at(30));
  mock.timers.tick(400);
  assert.equal(requests.length, 1);
  controller.setVisible(true);
  assert.equal(requests.length, 2);
  assert.equal(requests[1].request.editor?.position.line, 30);
  controller.setVisible(false);
  controller.setVisible(true);
  assert.equal(requests.length, 2, 'nothing changed: no ranking');
});

test('a failed ranking shows an error; refresh ranks again', async () => {
  const { controller, requests, posted } = fixture();
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  requests[0].reject(new Error('the language server restarted'));
  await settle();
  assert.deepEqual(posted.find((m) => m.type === 'error'), { type: 'error', message: 'Could not rank related papers: the language server restarted' });
  await controller.receive({ type: 'refresh' });
  assert.equal(requests.length, 2);
});

test('action results: the notice is announced, a state shown, a rerank started; failures become errors', async () => {
  const calls: string[] = [];
  const after: PanelState = stateFor({ scope: 'paragraph', editor: at(1) }, 'after');
  const { controller, requests, posted } = fixture({
    citeHere: async (paperId, editor): Promise<ActionResult> => {
      calls.push(`cite ${paperId} at ${editor?.position.line}`);
      return { notice: 'Cited cohan2020specter', state: after, rerank: true };
    },
    copyBibtex: () => {
      throw new Error('no BibTeX for this paper');
    },
  });
  controller.attach(true);
  controller.editorChanged(at(7));
  await controller.receive({ type: 'ready' });
  posted.length = 0;
  await controller.receive({ type: 'citeHere', paperId: 's2:specter' });
  assert.deepEqual(calls, ['cite s2:specter at 7']);
  assert.deepEqual(posted.slice(0, 2), [{ type: 'state', state: after }, { type: 'notice', message: 'Cited cohan2020specter' }]);
  assert.equal(requests.length, 2, 'reranked');
  await controller.receive({ type: 'copyBibtex', paperId: 'x' });
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'no BibTeX for this paper' });
});

test('malformed webview messages reach nothing', async () => {
  let called = 0;
  const { controller, requests, posted } = fixture({ notRelevant: () => void (called += 1) });
  controller.attach(true);
  for (const raw of [{ type: 'notRelevant' }, { type: 'ready ' }, 'ready', null, { type: 'setScope', scope: 'book' }]) await controller.receive(raw);
  assert.equal(called, 0);
  assert.equal(requests.length, 0);
  assert.deepEqual(posted, []);
});
