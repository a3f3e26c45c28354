// Over the real language server: the panel's ranking leaves out papers cited in the paragraph itself
// (and says how many) unless the panel asks for them, then lists them last; papers cited elsewhere in
// the manuscript come after those it does not cite. An extra library's paper whose key the manuscript's
// .bib gives to another paper is suggested too, and citing it adds it to the .bib under a fresh key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelatedCiteRequest, RelatedRankRequest, type RequestDef } from '../../extension/protocol/index.ts';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';

function call<P, R>(client: LspTestClient, def: RequestDef<P, R>, params: P): Promise<R> {
  return client.connection.sendRequest(def.method, params) as Promise<R>;
}

const BIB = `@article{fold2020here,
  author = {Smith, John},
  title = {Protein folding with deep learning transformers},
  journal = {Nature},
  year = {2020}
}
@article{fold2019elsewhere,
  author = {Doe, Jane},
  title = {Deep learning transformers for protein folding and structure},
  journal = {Science},
  year = {2019}
}
@article{fold2021new,
  author = {Roe, Rita},
  title = {Protein structure from folding simulations},
  journal = {Cell},
  year = {2021}
}
@article{smith2020deep,
  author = {Smith, John},
  title = {Deep learning for protein folding},
  journal = {Nature},
  year = {2020}
}
`;

const TEX = String.raw`\documentclass{article}
\usepackage{natbib}
\begin{document}
\section{Introduction}
Protein folding with deep learning transformers predicts protein structure \citep{fold2020here,smith2020deep}.

\section{Discussion}
Transformers changed the field \citep{fold2019elsewhere}.
\bibliography{refs}
\end{document}
`;

const EXTRA = `@article{smith2020deep,
  author = {Smith, Alice},
  title = {Quantum chemistry of protein folding transformers},
  journal = {Journal of Chemical Physics},
  year = {2020}
}
`;

test('ranking over LSP: cited-here papers left out by default and last when shown; an extra library paper sharing a key is its own candidate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-cited-here-'));
  writeFileSync(join(dir, 'paper.tex'), TEX);
  writeFileSync(join(dir, 'refs.bib'), BIB);
  const storage = mkdtempSync(join(tmpdir(), 'related-cited-here-storage-'));
  mkdirSync(storage, { recursive: true });
  const extraPath = join(storage, 'zotero.bib');
  writeFileSync(extraPath, EXTRA);
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { libraries: [extraPath] } } });
  try {
    const uri = await client.open(join(dir, 'paper.tex'));
    const position = positionOf(TEX, 'predicts protein structure');
    const params = { uri, position, scope: 'paragraph' as const, offline: true, client: { storageDir: storage } };

    const byDefault = await call(client, RelatedRankRequest, params);
    assert.deepEqual([...byDefault.citedKeys].sort(), ['fold2020here', 'smith2020deep']);
    const keys = byDefault.papers.map((p) => p.key ?? p.id);
    assert.ok(!byDefault.papers.some((p) => p.key === 'fold2020here' || p.key === 'smith2020deep'), `nothing cited here is listed: ${keys.join(' ')}`);
    assert.equal(byDefault.citedHereHidden, 2, 'the two papers cited here are counted');
    const quantum = byDefault.papers.find((p) => p.title.startsWith('Quantum chemistry'));
    assert.ok(quantum, `the extra library's smith2020deep is suggested: ${keys.join(' ')}`);
    assert.equal(quantum.inBibliography, false);
    assert.equal(quantum.cited, false);
    const elsewhere = byDefault.papers.findIndex((p) => p.key === 'fold2019elsewhere');
    assert.ok(elsewhere >= 0, 'a paper cited elsewhere is still listed');
    for (const [i, paper] of byDefault.papers.entries()) if (!paper.cited) assert.ok(i < elsewhere, `${paper.key ?? paper.id} (not cited) comes before the paper cited elsewhere`);

    const shown = await call(client, RelatedRankRequest, { ...params, showCitedHere: true });
    const last = shown.papers.slice(-2).map((p) => p.key).sort();
    assert.deepEqual(last, ['fold2020here', 'smith2020deep'], `cited here, last: ${shown.papers.map((p) => p.key ?? p.id).join(' ')}`);
    assert.equal(shown.citedHereHidden ?? 0, 0);

    // Citing the extra library's paper: a fresh key, its own entry in refs.bib; the manuscript's smith2020deep stays.
    const cite = await call(client, RelatedCiteRequest, { uri, paperId: quantum.id, position, client: { storageDir: storage } });
    assert.ok(cite.key && cite.key.toLowerCase() !== 'smith2020deep', `a fresh key: ${cite.key} (${cite.notice})`);
    const bib = readFileSync(join(dir, 'refs.bib'), 'utf8');
    assert.ok(bib.startsWith(BIB), 'the existing entries are untouched');
    assert.match(bib.slice(BIB.length), /Quantum chemistry of protein folding transformers/);
    assert.ok(bib.slice(BIB.length).includes(`{${cite.key},`), 'under the key cited');
  } finally {
    await client.stop();
  }
});

// More matching papers the manuscript does not cite than the panel lists (20): those cited in the
// paragraph are still counted when left out, and listed (last, within the 20) when the panel asks.
const MANY = BIB + Array.from({ length: 30 }, (_, i) => `@article{extra${i},\n  author = {Roe, R${i}},\n  title = {Protein structure prediction study number ${i} with deep models},\n  journal = {Cell},\n  year = {2021}\n}\n`).join('');

test('ranking over LSP, more matching papers than the limit: cited-here papers counted by default, listed last when shown; Cite here with a selection keeps the text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-cited-here-many-'));
  writeFileSync(join(dir, 'paper.tex'), TEX);
  writeFileSync(join(dir, 'refs.bib'), MANY);
  const storage = mkdtempSync(join(tmpdir(), 'related-cited-here-many-storage-'));
  const client = await LspTestClient.start({ rootDir: dir });
  try {
    const uri = await client.open(join(dir, 'paper.tex'));
    const params = { uri, position: positionOf(TEX, 'predicts protein structure'), scope: 'paragraph' as const, offline: true, client: { storageDir: storage } };

    const byDefault = await call(client, RelatedRankRequest, params);
    assert.equal(byDefault.papers.length, 20);
    assert.ok(!byDefault.papers.some((p) => p.key === 'fold2020here' || p.key === 'smith2020deep'), 'nothing cited here is listed');
    assert.equal(byDefault.citedHereHidden, 2, 'the two papers cited here are counted although 30 others rank');

    const shown = await call(client, RelatedRankRequest, { ...params, showCitedHere: true });
    assert.equal(shown.papers.length, 20, 'still the limit');
    assert.deepEqual(shown.papers.slice(-2).map((p) => p.key).sort(), ['fold2020here', 'smith2020deep'], `cited here, last: ${shown.papers.map((p) => p.key ?? p.id).join(' ')}`);
    assert.equal(shown.citedHereHidden ?? 0, 0);

    // Cite here with the paragraph's opening words selected: the citation goes after them, nothing is replaced.
    const selected = 'Protein folding with deep learning transformers';
    const start = positionOf(TEX, selected);
    const end = { line: start.line, character: start.character + selected.length };
    const paper = shown.papers.find((p) => p.key === 'extra0');
    assert.ok(paper, 'extra0 is ranked');
    const cite = await call(client, RelatedCiteRequest, { uri, paperId: paper.id, position: end, selection: { start, end }, client: { storageDir: storage } });
    const edits = cite.edit?.changes[uri] ?? [];
    assert.equal(edits.length, 1, cite.notice);
    assert.deepEqual(edits[0].range, { start: end, end }, 'inserted at the selection\'s end: the selected text stays');
    assert.match(edits[0].newText, /^~\\citep\{extra0\}$/);
  } finally {
    await client.stop();
  }
});
