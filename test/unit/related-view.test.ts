// The related-work view's VS Code-free parts: the webview HTML and its Content-Security-Policy,
// the message router, and the mapping from the core ranking to what the panel shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankCandidates, type RankedPaper, type RelatedCandidate } from '../../extension/core/related/index.ts';
import type { ActionResult, EditorContext, RelatedBackend } from '../../extension/client/related/backend.ts';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../extension/client/related/html.ts';
import { toPaperView, type RankedPaperFields } from '../../extension/client/related/paper-view.ts';
import { routeWebviewMessage } from '../../extension/client/related/router.ts';
import type { PanelState, WebviewMessage } from '../../webview/src/protocol.ts';

test('the HTML allows only our stylesheet and the one nonce-tagged script', () => {
  const nonce = makeNonce();
  const html = webviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce, scriptUri: 'https://x/dist/webview/main.js', styleUri: 'https://x/dist/webview/main.css' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(csp, contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', nonce));
  const directives = new Map(csp?.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('style-src'), 'https://file+.vscode-resource.vscode-cdn.net');
  assert.equal(directives.get('script-src'), `'nonce-${nonce}'`);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], new RegExp(`nonce="${nonce}"`));
  assert.equal(scripts[0][2], '', 'no inline code');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline styles');
});

test('nonces are fresh, long and safe in an attribute', () => {
  const nonces = new Set(Array.from({ length: 200 }, makeNonce));
  assert.equal(nonces.size, 200);
  for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{43}$/);
});

test('attribute values are escaped', () => {
  const html = webviewHtml({ cspSource: 'a', nonce: 'n', scriptUri: 'x" onload="alert(1)', styleUri: 's', title: '<b>' });
  assert.doesNotMatch(html, /" onload="/);
  assert.doesNotMatch(html, /<b>/);
});

/** A backend that records its calls (the router must call exactly one method with the right arguments). */
function recordingBackend(calls: unknown[][]): RelatedBackend {
  const record = (name: string) => (...args: unknown[]): ActionResult => {
    calls.push([name, ...args]);
    return { notice: name };
  };
  return {
    rank: async () => {
      throw new Error('the router never ranks');
    },
    citeHere: record('citeHere'),
    addToBib: record('addToBib'),
    open: record('open'),
    copyBibtex: record('copyBibtex'),
    notRelevant: record('notRelevant'),
    enableSemanticScholar: record('enableSemanticScholar'),
    disableSemanticScholar: record('disableSemanticScholar'),
    consentAnswer: record('consentAnswer'),
    downloadSpecter2: record('downloadSpecter2'),
    addById: record('addById'),
  };
}

test('each action message reaches its backend method with the editor context', async () => {
  const editor: EditorContext = { uri: 'file:///paper.tex', languageId: 'latex', position: { line: 41, character: 7 } };
  const cases: [WebviewMessage, unknown[]][] = [
    [{ type: 'citeHere', paperId: 's2:a' }, ['citeHere', 's2:a', editor]],
    [{ type: 'addToBib', paperId: 's2:a' }, ['addToBib', 's2:a', editor]],
    [{ type: 'open', paperId: 's2:a', target: 'pdf' }, ['open', 's2:a', 'pdf']],
    [{ type: 'copyBibtex', paperId: 'bib:k' }, ['copyBibtex', 'bib:k']],
    [{ type: 'notRelevant', paperId: 'bib:k' }, ['notRelevant', 'bib:k', editor]],
    [{ type: 'enableSemanticScholar' }, ['enableSemanticScholar', editor]],
    [{ type: 'disableSemanticScholar' }, ['disableSemanticScholar']],
    [{ type: 'consentAnswer', consentId: 'c1', granted: true }, ['consentAnswer', 'c1', true]],
    [{ type: 'downloadSpecter2' }, ['downloadSpecter2']],
    [{ type: 'addById', identifier: '10.1/x' }, ['addById', '10.1/x', editor]],
  ];
  for (const [message, expected] of cases) {
    const calls: unknown[][] = [];
    const routed = routeWebviewMessage(message, recordingBackend(calls), editor);
    assert.equal(routed.kind, 'backend');
    if (routed.kind === 'backend') assert.deepEqual(await routed.result, { notice: expected[0] });
    assert.deepEqual(calls, [expected]);
  }
});

test('ready, refresh and setScope stay with the view', () => {
  const calls: unknown[][] = [];
  const backend = recordingBackend(calls);
  assert.deepEqual(routeWebviewMessage({ type: 'ready' }, backend, undefined), { kind: 'view', action: { kind: 'ready' } });
  assert.deepEqual(routeWebviewMessage({ type: 'refresh' }, backend, undefined), { kind: 'view', action: { kind: 'rerank' } });
  assert.deepEqual(routeWebviewMessage({ type: 'setScope', scope: 'section' }, backend, undefined), { kind: 'view', action: { kind: 'scope', scope: 'section' } });
  assert.deepEqual(calls, []);
});

test('a backend that throws synchronously gives a rejected result, not a crash', async () => {
  const backend = { ...recordingBackend([]), copyBibtex: () => { throw new Error('no BibTeX for this paper'); } };
  const routed = routeWebviewMessage({ type: 'copyBibtex', paperId: 'x' }, backend, undefined);
  assert.equal(routed.kind, 'backend');
  if (routed.kind === 'backend') await assert.rejects(routed.result, /no BibTeX/);
});

test("the core ranking maps onto the panel's papers", () => {
  const candidates: RelatedCandidate[] = [
    { id: 'bib:beltagy2019scibert', key: 'beltagy2019scibert', title: 'SciBERT: A Pretrained Language Model for Scientific Text', authors: ['Iz Beltagy', 'Kyle Lo', 'Arman Cohan'], year: 2019, venue: 'EMNLP', abstract: 'We release SciBERT, a pretrained language model based on BERT to address the lack of high-quality, large-scale labeled scientific data.', doi: '10.18653/v1/D19-1371', sources: ['library'] },
    { id: 's2:specter', s2Id: 'a'.repeat(40), title: 'SPECTER: Document-level Representation Learning using Citation-informed Transformers', authors: ['Arman Cohan'], year: 2020, abstract: 'Document-level embeddings of scientific papers from citation-informed transformers pretrained on the citation graph.', citationCount: 1024, arxiv: '2004.07180', sources: ['semantic-scholar'] },
    { id: 'bib:unrelated', key: 'unrelated', title: 'Glacier mass balance in the Alps', authors: ['A. Nonymous'], sources: ['library'] },
  ];
  const { papers } = rankCandidates(candidates, { query: 'pretrained scientific language model embeddings of citation graph', citedKeys: new Set(['beltagy2019scibert']) });
  const fields: RankedPaperFields[] = papers satisfies RankedPaper[];
  const views = fields.map((paper) => toPaperView(paper));
  assert.deepEqual(views.map((v) => v.id).sort(), ['bib:beltagy2019scibert', 's2:specter']);
  const scibert = views.find((v) => v.id === 'bib:beltagy2019scibert');
  assert.equal(scibert?.inBib, true);
  assert.equal(scibert?.citedHere, true);
  assert.equal(scibert?.key, 'beltagy2019scibert');
  assert.deepEqual(scibert?.openTargets, ['doi']);
  const specter = views.find((v) => v.id === 's2:specter');
  assert.equal(specter?.inBib, false);
  assert.equal(specter?.citedHere, false);
  assert.equal(specter?.citationCount, 1024);
  assert.deepEqual(specter?.openTargets, ['page', 'pdf']);
  for (const view of views) {
    const ranked = papers.find((p) => p.id === view.id);
    assert.ok(ranked, 'the paper is ranked');
    assert.equal(view.score, ranked.score);
    const terms = view.reasons.find((r) => r.kind === 'sharedTerms');
    assert.deepEqual(terms?.kind === 'sharedTerms' ? terms.terms : [], ranked.sharedTerms.slice(0, 8), 'the heaviest shared terms, at most eight');
    assert.ok(ranked.sharedTerms.length > 0, 'shared terms are listed');
    assert.deepEqual(view.reasons.filter((r) => r.kind === 'lexical').map((r) => r.kind === 'lexical' && r.value), [ranked.lexicalScore]);
  }
  // What the provider posts survives VS Code's structured clone unchanged.
  const state: PanelState = { scope: 'paragraph', status: { ranker: 'bm25', specter2: { state: 'missing' }, semanticScholar: 'off', messages: [] }, papers: views };
  assert.deepEqual(structuredClone(state), JSON.parse(JSON.stringify(state)));
});

test('the analysis layer’s result for a real manuscript maps onto the panel state, each status said once', async () => {
  const { findRelated } = await import('../../extension/analysis/related/find-related.ts');
  const { createWorkspace } = await import('../../extension/analysis/index.ts');
  const { toPanelState } = await import('../../extension/client/related/panel-state.ts');
  const { statusLines } = await import('../../webview/src/format.ts');
  const { parseExtensionMessage } = await import('../../webview/src/protocol.ts');
  const { pathToFileURL } = await import('node:url');
  const { readFileSync } = await import('node:fs');
  const file = new URL('../../sample/latex/paper.tex', import.meta.url).pathname;
  const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('Reading this literature by hand'));
  assert.ok(line > 0, 'the sample paragraph is found');
  const result = await findRelated({ workspace: createWorkspace() }, { file, line, scope: 'paragraph', offline: true });
  assert.ok(result.papers.length > 0, 'the sample library has related papers');
  const editor: EditorContext = { uri: pathToFileURL(file).href, languageId: 'latex', position: { line, character: 0 } };
  const state = toPanelState(result, editor, { specter2DownloadSize: '440 MB', hiddenCount: 0 });
  assert.deepEqual(state.papers.map((p) => p.id), result.papers.map((p) => p.id));
  assert.equal(state.scopeLabel, `paragraph at line ${line + 1} of paper.tex`);
  assert.equal(state.status.ranker, 'bm25');
  assert.deepEqual(state.status.specter2, { state: 'missing', downloadSize: '440 MB' });
  assert.equal(state.status.semanticScholar, 'off');
  const inScope = new Set(result.citedKeys.map((k) => k.toLowerCase()));
  assert.ok(inScope.has('beltagy2019scibert'), 'the paragraph cites SciBERT');
  for (const paper of state.papers) {
    const ranked = result.papers.find((p) => p.id === paper.id);
    assert.equal(paper.citedHere, ranked?.cited, paper.id);
    assert.equal(paper.citedInScope ?? false, paper.key !== undefined && inScope.has(paper.key.toLowerCase()), paper.id);
    if (paper.citedInScope) assert.equal(paper.citedHere, true, 'cited in the scope means cited in the manuscript');
  }
  assert.ok(state.papers.some((p) => p.citedHere && !p.citedInScope), 'the sample cites some suggestions elsewhere only');
  const lines = statusLines(state.status).map((l) => l.text);
  assert.equal(lines.filter((l) => /SPECTER2/.test(l)).length, 1, lines.join(' | '));
  assert.equal(lines.filter((l) => /Semantic Scholar/.test(l)).length, 1, lines.join(' | '));
  const message = { type: 'state', state } as const;
  assert.deepEqual(parseExtensionMessage(structuredClone(message)), message);
  assert.deepEqual(structuredClone(state), JSON.parse(JSON.stringify(state)), 'no undefined fields cross the boundary');
});

test('a paper sharing many terms with the query shows only the eight heaviest', async () => {
  const { reasonsOf } = await import('../../extension/client/related/paper-view.ts');
  const sharedTerms = Array.from({ length: 30 }, (_, i) => `term${i}`);
  const reasons = reasonsOf({ sharedTerms, source: 'library', lexicalScore: 12 });
  const terms = reasons.find((r) => r.kind === 'sharedTerms');
  assert.deepEqual(terms?.kind === 'sharedTerms' ? terms.terms : [], sharedTerms.slice(0, 8));
});
