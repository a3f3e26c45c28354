// The extension ↔ webview message module: the extension accepts exactly the well-formed webview
// messages, whatever a (possibly compromised) webview posts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/fast-check.ts';
import { OPEN_TARGETS, SCOPES, parseExtensionMessage, parseWebviewMessage, type WebviewMessage } from '../../webview/src/protocol.ts';

const id = fc.string({ minLength: 1, maxLength: 80 });
const validMessage: fc.Arbitrary<WebviewMessage> = fc.oneof(
  fc.constantFrom<WebviewMessage>({ type: 'ready' }, { type: 'refresh' }, { type: 'enableSemanticScholar' }, { type: 'disableSemanticScholar' }, { type: 'downloadSpecter2' }),
  fc.constantFrom(...SCOPES).map((scope): WebviewMessage => ({ type: 'setScope', scope })),
  fc.tuple(fc.constantFrom('citeHere', 'addToBib', 'copyBibtex', 'notRelevant') , id).map(([type, paperId]) => ({ type, paperId }) as WebviewMessage),
  fc.tuple(id, fc.constantFrom(...OPEN_TARGETS)).map(([paperId, target]): WebviewMessage => ({ type: 'open', paperId, target })),
  fc.tuple(id, fc.boolean()).map(([consentId, granted]): WebviewMessage => ({ type: 'consentAnswer', consentId, granted })),
  fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim() === s && s.length > 0).map((identifier): WebviewMessage => ({ type: 'addById', identifier })),
  fc.constantFrom('sciwrite-test/tiny-bert-embed', 'allenai/specter2_base').map((repo): WebviewMessage => ({ type: 'downloadModelAgain', repo })),
);

test('every well-formed webview message is accepted unchanged', () => {
  fc.assert(fc.property(validMessage, (message) => {
    assert.deepEqual(parseWebviewMessage(structuredClone(message)), message);
  }));
});

test('extra fields are dropped, so nothing unexpected reaches the backend', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'citeHere', paperId: 's2:1', __proto__junk: 1, command: 'rm -rf' }), { type: 'citeHere', paperId: 's2:1' });
  assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: true }), { type: 'ready' });
});

test('malformed messages are refused', () => {
  const bad: unknown[] = [
    null, undefined, 'ready', 42, [], { }, { type: 'nope' }, { type: 'setScope', scope: 'chapter' },
    { type: 'citeHere' }, { type: 'citeHere', paperId: '' }, { type: 'citeHere', paperId: 7 },
    { type: 'open', paperId: 'x', target: 'javascript:alert(1)' }, { type: 'open', paperId: 'x' },
    { type: 'consentAnswer', consentId: 'c', granted: 'yes' }, { type: 'addById', identifier: '   ' },
    { type: 'citeHere', paperId: 'x'.repeat(5000) },
    { type: 'downloadModelAgain' }, { type: 'downloadModelAgain', repo: '../../etc' }, { type: 'downloadModelAgain', repo: 'https://example.org/model' },
  ];
  for (const value of bad) assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
});

test('arbitrary values never throw and anything accepted is a known message', () => {
  const types = new Set(['ready', 'refresh', 'setScope', 'citeHere', 'addToBib', 'open', 'copyBibtex', 'notRelevant', 'enableSemanticScholar', 'disableSemanticScholar', 'consentAnswer', 'downloadSpecter2', 'downloadModelAgain', 'addById']);
  fc.assert(fc.property(fc.anything(), fc.constantFrom(...types), fc.dictionary(fc.constantFrom('paperId', 'scope', 'target', 'consentId', 'granted', 'identifier', 'repo'), fc.anything()), (any, type, fields) => {
    for (const value of [any, { type, ...fields }]) {
      const parsed = parseWebviewMessage(value);
      if (parsed) assert.ok(types.has(parsed.type), 'a known message type');
    }
  }));
});

test('the addById identifier is trimmed', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'addById', identifier: ' 10.1/abc \n' }), { type: 'addById', identifier: '10.1/abc' });
});

test('the webview accepts the extension messages and refuses broken ones', () => {
  assert.deepEqual(parseExtensionMessage({ type: 'busy', busy: true }), { type: 'busy', busy: true, message: undefined });
  assert.deepEqual(parseExtensionMessage({ type: 'notice', message: 'ok' }), { type: 'notice', message: 'ok' });
  assert.equal(parseExtensionMessage({ type: 'state', state: { papers: 'none', scope: 'paragraph' } }), undefined);
  assert.equal(parseExtensionMessage({ type: 'state', state: { papers: [], scope: 'chapter' } }), undefined);
  assert.equal(parseExtensionMessage({ type: 'error' }), undefined);
  const status = { ranker: 'bm25', specter2: { state: 'ready' }, semanticScholar: 'on', messages: [] };
  const paper = { id: 'bib:a', title: 'A', authors: [], reasons: [], openTargets: ['doi'], score: 1, source: 'library', inBib: true, citedHere: false };
  const good = { type: 'state', state: { scope: 'paragraph', status, papers: [paper] } };
  assert.deepEqual(parseExtensionMessage(good), good);
  assert.equal(parseExtensionMessage({ type: 'state', state: { scope: 'paragraph', papers: [paper] } }), undefined, 'no status');
  assert.equal(parseExtensionMessage({ type: 'state', state: { scope: 'paragraph', status, papers: [{ ...paper, reasons: undefined }] } }), undefined, 'a paper from an older version');
  assert.equal(parseExtensionMessage({ type: 'state', state: { scope: 'paragraph', status, papers: [{ ...paper, openTargets: ['ftp'] }] } }), undefined);
  assert.equal(parseExtensionMessage('state'), undefined);
});
