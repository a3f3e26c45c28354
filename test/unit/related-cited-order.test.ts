// Papers the manuscript already cites do not take the panel's top places: the ranking lists the papers
// it does not cite first, then those it cites elsewhere, and leaves out those cited in the scope itself
// unless asked ("Show papers cited here"). An extra library's entry whose key the manuscript's .bib
// gives to another paper is a candidate of its own (identity by DOI/title, not key alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrangeCited, rankCandidates } from '../../extension/core/related/rank.ts';
import type { RelatedCandidate } from '../../extension/core/related/types.ts';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { libraryIndexOf, shadowedEntry } from '../../extension/analysis/related/library.ts';
import { parseWebviewMessage, type PanelState } from '../../webview/src/protocol.ts';
import type { RankRequest, RelatedBackend } from '../../extension/client/related/backend.ts';
import { RelatedController } from '../../extension/client/related/controller.ts';
import { toPanelState } from '../../extension/client/related/panel-state.ts';

const candidates: RelatedCandidate[] = [
  { id: 'bib:here', key: 'here', title: 'protein folding with deep learning transformers', authors: [], sources: ['library'] },
  { id: 'bib:elsewhere', key: 'Elsewhere', title: 'protein folding transformers', authors: [], sources: ['library'] },
  { id: 'bib:new', key: 'new', title: 'protein folding', authors: [], sources: ['library'] },
  { id: 's2:x', title: 'folding of proteins by molecular dynamics', authors: [], sources: ['semantic-scholar'] },
];
const query = 'protein folding with deep learning transformers';

test('ranking: papers the manuscript cites come after those it does not, whatever their scores', () => {
  const { papers } = rankCandidates(candidates, { query, citedKeys: new Set(['here', 'elsewhere']) });
  assert.deepEqual(papers.map((p) => [p.id, p.cited]), [['bib:new', false], ['s2:x', false], ['bib:here', true], ['bib:elsewhere', true]]);
  const limited = rankCandidates(candidates, { query, citedKeys: new Set(['here', 'elsewhere']), limit: 2 });
  assert.deepEqual(limited.papers.map((p) => p.id), ['bib:new', 's2:x'], 'the limit keeps the uncited ones');
  const none = rankCandidates(candidates, { query });
  assert.equal(none.papers[0].id, 'bib:here', 'without cited keys the best score is first');
});

test('arrangeCited: cited in the scope left out by default (counted), listed last when asked', () => {
  const { papers } = rankCandidates(candidates, { query, citedKeys: new Set(['here', 'elsewhere']) });
  const hidden = arrangeCited(papers, { scopeKeys: ['HERE'] });
  assert.deepEqual(hidden.papers.map((p) => p.id), ['bib:new', 's2:x', 'bib:elsewhere']);
  assert.equal(hidden.citedHereHidden, 1);
  const shown = arrangeCited(papers, { scopeKeys: ['here'], showCitedHere: true });
  assert.deepEqual(shown.papers.map((p) => p.id), ['bib:new', 's2:x', 'bib:elsewhere', 'bib:here'], 'cited here after cited elsewhere');
  assert.equal(shown.citedHereHidden, 0);
  const limited = arrangeCited(papers, { scopeKeys: ['here'], showCitedHere: true, limit: 3 });
  assert.deepEqual(limited.papers.map((p) => p.id), ['bib:new', 's2:x', 'bib:here'], 'shown, a paper cited here keeps its place within the limit');
  assert.equal(limited.citedHereHidden, 0);
  // More uncited papers than the limit: those cited here still fit when shown, and are counted when not.
  const many = [...Array.from({ length: 30 }, (_, i) => ({ key: `new${i}`, cited: false })), { key: 'away', cited: true }, { key: 'Here1', cited: true }, { key: 'here2', cited: true }];
  const shownMany = arrangeCited(many, { scopeKeys: ['here1', 'HERE2'], showCitedHere: true, limit: 20 });
  assert.equal(shownMany.papers.length, 20);
  assert.deepEqual(shownMany.papers.slice(-3).map((p) => p.key), ['new17', 'Here1', 'here2']);
  assert.equal(shownMany.citedHereHidden, 0);
  const hiddenMany = arrangeCited(many, { scopeKeys: ['here1', 'HERE2'], limit: 20 });
  assert.deepEqual(hiddenMany.papers.map((p) => p.key), Array.from({ length: 20 }, (_, i) => `new${i}`));
  assert.equal(hiddenMany.citedHereHidden, 2);
  assert.equal(arrangeCited(many, { scopeKeys: ['here1', 'here2'], showCitedHere: true, limit: 1 }).citedHereHidden, 1, 'more cited here than the limit: the rest are counted');
  // A ranking that scored a cited-here paper best (an older server, another ranker) is reordered too.
  const reordered = arrangeCited([{ key: 'here', cited: true }, { key: 'b', cited: false }], { scopeKeys: ['here'], showCitedHere: true });
  assert.deepEqual(reordered.papers.map((p) => p.key), ['b', 'here']);
});

test('webview protocol: the "Show papers cited here" toggle is a typed message', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'setShowCitedHere', show: true }), { type: 'setShowCitedHere', show: true });
  assert.deepEqual(parseWebviewMessage({ type: 'setShowCitedHere', show: false, junk: 1 }), { type: 'setShowCitedHere', show: false });
  assert.equal(parseWebviewMessage({ type: 'setShowCitedHere', show: 'yes' }), undefined);
});

test('panel: the toggle ranks again with showCitedHere; the state carries the toggle and the count left out', async () => {
  const requests: RankRequest[] = [];
  const state: PanelState = { scope: 'paragraph', status: { ranker: 'bm25', specter2: { state: 'ready' }, semanticScholar: 'off', messages: [] }, papers: [] };
  const none = () => undefined;
  const backend: RelatedBackend = {
    rank: async (request) => { requests.push(request); return state; },
    citeHere: none, addToBib: none, open: none, copyBibtex: none, notRelevant: none, enableSemanticScholar: none, disableSemanticScholar: none, consentAnswer: none, downloadSpecter2: none, addById: none,
  };
  const controller = new RelatedController(backend, () => undefined);
  controller.attach(true);
  await controller.receive({ type: 'ready' });
  await controller.receive({ type: 'setShowCitedHere', show: true });
  await controller.receive({ type: 'refresh' });
  await controller.receive({ type: 'setShowCitedHere', show: false });
  assert.deepEqual(requests.map((r) => r.showCitedHere ?? false), [false, true, true, false]);
  controller.dispose();

  const result = { scope: 'paragraph' as const, citedKeys: ['a'], citedHereHidden: 2, papers: [], status: { ranker: 'bm25' as const, model: 'missing' as const, s2: 'off' as const, messages: [] } };
  assert.equal(toPanelState(result, undefined).citedHereHidden, 2);
  assert.equal(toPanelState(result, undefined).showCitedHere, undefined);
  assert.equal(toPanelState({ ...result, citedHereHidden: undefined }, undefined, { showCitedHere: true }).showCitedHere, true);
});

test('library: an extra library entry whose key the .bib gives to another paper is a candidate of its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-shadowed-'));
  const refs = join(dir, 'refs.bib');
  const extra = join(dir, 'zotero.bib');
  writeFileSync(refs, '@article{smith2020deep,\n  author={Smith, John},\n  title={Deep learning for protein folding},\n  journal={Nature},\n  year={2020}\n}\n@article{same2019,\n  title={The same paper in both},\n  doi={10.1000/same},\n  year={2019}\n}\n');
  writeFileSync(extra, '@article{other2018,\n  title={Unrelated},\n  year={2018}\n}\n\n@article{smith2020deep,\n  author={Smith, Alice},\n  title={Quantum chemistry of protein folding transformers},\n  journal={JCP},\n  doi={10.5555/qc},\n  year={2020}\n}\n@article{SAME2019,\n  title={The same paper in both (Zotero copy)},\n  doi={https://doi.org/10.1000/SAME},\n  year={2019}\n}\n');
  const bibliography = await loadBibliography([refs, extra], (path) => readFileSync(path, 'utf8'));
  const { candidates: library } = await libraryIndexOf(bibliography);
  const titles = library.map((c) => c.title).sort();
  assert.deepEqual(titles, ['Deep learning for protein folding', 'Quantum chemistry of protein folding transformers', 'The same paper in both', 'Unrelated']);
  const own = library.find((c) => c.title.startsWith('Deep'));
  const shadowed = library.find((c) => c.title.startsWith('Quantum'));
  assert.equal(own?.id, 'bib:smith2020deep');
  assert.equal(own?.key, 'smith2020deep');
  assert.ok(shadowed && shadowed.id !== own?.id, `a distinct id: ${shadowed?.id}`);
  assert.equal(shadowed.key, undefined, 'no key: the key names another paper in the manuscript');
  assert.equal(shadowed.doi, '10.5555/qc');
  const entry = await shadowedEntry(bibliography, shadowed.id);
  assert.equal(entry?.title, 'Quantum chemistry of protein folding transformers');
  assert.equal(entry?.fields.journal, 'JCP');
  assert.equal(await shadowedEntry(bibliography, 'bib:smith2020deep'), undefined);
  // Not flagged as cited when the manuscript cites the other paper's key.
  const ranked = rankCandidates(library, { query: 'protein folding transformers', citedKeys: new Set(['smith2020deep']) });
  const qc = ranked.papers.find((p) => p.id === shadowed.id);
  assert.equal(qc?.cited, false);
  assert.equal(qc?.inBibliography, false);
});

test('sciwrite related: the panel\'s order; --show-cited-here lists papers cited in the paragraph last, --hide-cited none cited', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'related-cited-cli-'));
  writeFileSync(join(dir, 'refs.bib'), '@article{here2020,\n  title={Protein folding with deep learning transformers},\n  year={2020}\n}\n@article{away2019,\n  title={Deep learning transformers for protein folding},\n  year={2019}\n}\n@article{new2021,\n  title={Protein folding simulations},\n  year={2021}\n}\n');
  writeFileSync(join(dir, 'paper.tex'), '\\documentclass{article}\n\\begin{document}\nProtein folding with deep learning transformers \\cite{here2020}.\n\nOther work \\cite{away2019}.\n\\bibliography{refs}\n\\end{document}\n');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !/^(XDG_|SCIWRITE_|HF_|HUGGING_FACE_|VSCODE_|SEMANTIC_SCHOLAR_)/.test(name)) env[name] = value;
  env.HOME = dir;
  const keys = (...flags: string[]) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'extension/cli/main.ts'), 'related', join(dir, 'paper.tex'), '--line', '2', '--offline', '--json', ...flags], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return { keys: (JSON.parse(run.stdout) as { key?: string }[]).map((p) => p.key), stderr: run.stderr };
  };
  const byDefault = keys();
  assert.deepEqual(byDefault.keys, ['new2021', 'away2019']);
  assert.match(byDefault.stderr, /1 paper cited in this paragraph not listed/);
  assert.deepEqual(keys('--show-cited-here').keys, ['new2021', 'away2019', 'here2020']);
  assert.deepEqual(keys('--hide-cited').keys, ['new2021']);
});
