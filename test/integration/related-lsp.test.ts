// The related-work messages end to end over LSP (JSON-RPC over stdio, no VS Code): ranking from the
// local libraries with Semantic Scholar off sends nothing; with it on (and the user's consent) the
// stand-in on 127.0.0.1 answers and its papers appear; "Cite here" returns the manuscript's own cite
// syntax and adds exactly one entry to the .bib, leaving every existing byte as it was — on disk when
// the .bib is closed, as a workspace edit when it is open in an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  RelatedAddByIdRequest, RelatedAddToBibRequest, RelatedCiteRequest, RelatedConsentRequest, RelatedCopyBibtexRequest, RelatedNotRelevantRequest, RelatedRankRequest,
  type RelatedClientContext, type RelatedRankResult, type RequestDef,
} from '../../extension/protocol/index.ts';
import { applyEdits, LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import { startS2StandIn, type StandInPaper } from '../helpers/s2-stand-in.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const NEW_PAPER: StandInPaper = {
  paperId: 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
  title: 'Transformer encoders for biomedical named entity recognition in abstracts',
  abstract: 'We pre-train transformer encoders on scientific text and tag biomedical entities such as proteins and cell lines.',
  year: 2022,
  authors: [{ authorId: '1', name: 'Maria Okafor' }, { authorId: '2', name: 'Jan de Vries' }],
  externalIds: { DOI: '10.5555/gr.treg.2022' },
  publicationTypes: ['JournalArticle'],
  journal: { name: 'Journal of Immunology', volume: '208', pages: '100-110' },
};
const SECOND_PAPER: StandInPaper = {
  paperId: 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2',
  title: 'Scaling biomedical entity recognition with pre-trained transformer taggers',
  year: 2023,
  authors: [{ authorId: '3', name: 'Wei Zhang' }],
  externalIds: { ArXiv: '2301.01234' },
};

function call<P, R>(client: LspTestClient, def: RequestDef<P, R>, params: P): Promise<R> {
  return client.connection.sendRequest(def.method, params) as Promise<R>;
}

function copySample(name: 'latex' | 'markdown'): string {
  const dir = mkdtempSync(join(tmpdir(), `related-lsp-${name}-`));
  cpSync(join(repo, 'sample', name), dir, { recursive: true });
  return dir;
}

/** Entries of a .bib text (not @string / @comment / @preamble). */
function entryCount(text: string): number {
  return (text.match(/^@(?!string|comment|preamble)\w+\s*\{/gim) ?? []).length;
}

test('LaTeX: S2 off sends nothing; S2 on brings remote papers; cite inserts \\citep and appends one entry on disk', async () => {
  const dir = copySample('latex');
  const s2 = await startS2StandIn([NEW_PAPER, SECOND_PAPER]);
  const storage = mkdtempSync(join(tmpdir(), 'related-lsp-storage-'));
  // An extra library (e.g. a Zotero export) outside the project: suggested from, copied into the .bib when cited.
  const libraryPath = join(storage, 'zotero.bib');
  writeFileSync(libraryPath, '@article{okafor2024taggers,\n  author = {Okafor, Maria},\n  title = {Transformer encoders that tag biomedical entities in scientific abstracts},\n  journal = {Bioinformatics Advances},\n  year = {2024}\n}\n');
  const related = (enabled: boolean) => ({ related: { semanticScholar: { enabled, baseUrl: s2.url }, libraries: [libraryPath] } });
  const settings = related(false);
  const client = await LspTestClient.start({ rootDir: dir, settings });
  try {
    const texPath = join(dir, 'paper.tex');
    const tex = readFileSync(texPath, 'utf8');
    const uri = await client.open(texPath);
    const position = positionOf(tex, 'Reading this literature by hand');
    const consented: RelatedClientContext = { semanticScholarConsent: true, storageDir: storage };

    const off = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: consented });
    assert.equal(off.status.s2, 'off');
    assert.ok(off.papers.length > 0, 'the local library gives suggestions');
    for (const paper of off.papers) {
      assert.deepEqual(paper.sources, ['library']);
      assert.ok(paper.key, 'the paper has a key');
      assert.equal(paper.inBibliography, paper.key !== 'okafor2024taggers', paper.key);
    }
    assert.ok(off.papers.some((paper) => paper.key === 'okafor2024taggers'), 'the extra library is a source');
    assert.equal(off.sent, undefined);
    assert.equal(s2.seen.length, 0, 'nothing reached the stand-in');

    // On in settings, but the user said no in the prompt: still nothing leaves.
    await client.setSettings(related(true));
    const refused = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: { ...consented, semanticScholarConsent: false } });
    assert.equal(refused.status.s2, 'off');
    assert.equal(s2.seen.length, 0);

    const on: RelatedRankResult = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: consented });
    assert.equal(on.status.s2, 'ok', on.status.messages.join('; '));
    assert.ok(s2.seen.length > 0, 'Semantic Scholar was asked');
    assert.ok(on.sent && on.sent.query.split(' ').length <= 8, 'at most 8 query terms were sent');
    for (const request of s2.seen) assert.ok(!request.body.includes('Reading this literature') && !request.url.search.includes('Reading'), 'no prose sent');
    const remote = on.papers.find((paper) => paper.s2Id === NEW_PAPER.paperId);
    assert.ok(remote, `the stand-in paper is suggested: ${JSON.stringify(on.papers.map((p) => [p.id, p.score]))}`);
    assert.equal(remote.inBibliography, false);
    assert.ok(on.papers.some((paper) => paper.sources.includes('library')), 'library papers still there');

    // Cite it with the .bib closed: the server appends atomically on disk.
    const bibPath = join(dir, 'references.bib');
    const before = readFileSync(bibPath);
    const cite = await call(client, RelatedCiteRequest, { uri, paperId: remote.id, position, client: consented });
    assert.equal(cite.bib.kind, 'written');
    assert.ok(cite.key, 'the cited paper has a key');
    // The sample cites with \citep more than with any other parenthetical command.
    assert.equal(cite.citation, `\\citep{${cite.key}}`);
    assert.deepEqual(Object.keys(cite.edit?.changes ?? {}), [uri], 'only the manuscript is edited by the client');
    const edited = applyEdits(tex, cite.edit?.changes[uri] ?? []);
    // At the start of a paragraph, before a word: a space keeps the citation off it.
    assert.equal(edited, tex.slice(0, tex.indexOf('Reading this literature')) + `\\citep{${cite.key}} ` + tex.slice(tex.indexOf('Reading this literature')));
    const after = readFileSync(bibPath);
    assert.deepEqual(after.subarray(0, before.length), before, 'existing bytes unchanged');
    assert.equal(entryCount(after.toString('utf8')), entryCount(before.toString('utf8')) + 1);
    const added = after.subarray(before.length).toString('utf8');
    assert.match(added, new RegExp(`@article\\{${cite.key},`));
    assert.match(added, /Transformer encoders for biomedical named entity recognition/);
    assert.match(added, /10\.5555\/gr\.treg\.2022/);

    // Citing it again adds nothing: the DOI is already in the .bib.
    const again = await call(client, RelatedCiteRequest, { uri, paperId: remote.id, position, client: consented });
    assert.equal(again.bib.kind, 'present');
    assert.equal(again.key, cite.key);
    assert.deepEqual(readFileSync(bibPath), after);

    // A library paper already in the .bib: cite inserts its key and touches no .bib.
    const library = on.papers.find((paper) => paper.key && paper.inBibliography);
    assert.ok(library?.key, 'the library paper has a key');
    const libCite = await call(client, RelatedCiteRequest, { uri, paperId: library.id, position, client: consented });
    assert.equal(libCite.bib.kind, 'present');
    assert.equal(libCite.citation, `\\citep{${library.key}}`);
    // An extra-library entry: cited under its own key, and copied into the manuscript's .bib.
    const extra = on.papers.find((paper) => paper.key === 'okafor2024taggers');
    assert.ok(extra, 'the extra library paper is suggested');
    const beforeExtra = readFileSync(bibPath);
    const extraCite = await call(client, RelatedCiteRequest, { uri, paperId: extra.id, position, client: consented });
    assert.equal(extraCite.bib.kind, 'written');
    assert.equal(extraCite.citation, '\\citep{okafor2024taggers}');
    const afterExtra = readFileSync(bibPath);
    assert.deepEqual(afterExtra.subarray(0, beforeExtra.length), beforeExtra);
    assert.equal(entryCount(afterExtra.toString('utf8')), entryCount(beforeExtra.toString('utf8')) + 1);
    assert.match(afterExtra.subarray(beforeExtra.length).toString('utf8'), /@article\{okafor2024taggers,[\s\S]*Bioinformatics Advances/);

    // The cursor inside a citation: the key joins it instead of nesting a second \citep in it.
    const cited = '\\citep{ashwell2000glucocorticoids,taves2021glucocorticoids}';
    const joined = await call(client, RelatedCiteRequest, { uri, paperId: extra.id, position: positionOf(tex, cited, '\\citep{ashwell'.length), client: consented });
    assert.equal(joined.bib.kind, 'present', joined.notice);
    assert.ok(applyEdits(tex, joined.edit?.changes[uri] ?? []).includes('\\citep{ashwell2000glucocorticoids,taves2021glucocorticoids,okafor2024taggers}'), JSON.stringify(joined.edit));

    // After a word: a tie; right after a sentence's full stop: before it. In math or a comment: refused, nothing added anywhere.
    const tied = await call(client, RelatedCiteRequest, { uri, paperId: extra.id, position: positionOf(tex, 'Reading this literature', 'Reading'.length), client: consented });
    assert.ok(applyEdits(tex, tied.edit?.changes[uri] ?? []).includes('Reading~\\citep{okafor2024taggers} this literature'), JSON.stringify(tied.edit));
    const scales = 'by hand no longer scales.';
    const stop = await call(client, RelatedCiteRequest, { uri, paperId: extra.id, position: positionOf(tex, scales, scales.length), client: consented });
    assert.ok(applyEdits(tex, stop.edit?.changes[uri] ?? []).includes('by hand no longer scales~\\citep{okafor2024taggers}. Transformer'), JSON.stringify(stop.edit));
    const bibBeforeRefusal = readFileSync(bibPath);
    // The figure's file name and the table's column spec are arguments, not prose (outside every paragraph).
    for (const [where, needle, delta] of [
      ['math', 'NF-$\\kappa', 'NF-$\\ka'.length], ['comment', '% A citation wrapped', '% A cit'.length],
      ['\\\\includegraphics\\{…\\}', '{figures/pipeline}', '{figures/pi'.length], ['the arguments of \\\\begin\\{tabular\\}', '{lrrr}', 2],
    ] as const) {
      await assert.rejects(
        call(client, RelatedCiteRequest, { uri, paperId: remote.id, position: positionOf(tex, needle, delta), client: consented }),
        (error: Error) => new RegExp(`No citation inserted: the cursor is (inside|in a) ${where}.*prose`).test(error.message),
        where,
      );
    }
    assert.deepEqual(readFileSync(bibPath), bibBeforeRefusal, 'a refused citation adds nothing to the .bib');

    const copied = await call(client, RelatedCopyBibtexRequest, { uri, paperId: library.id, client: consented });
    assert.ok(after.toString('utf8').includes(copied.bibtex), 'the entry as the .bib spells it');
    assert.match(copied.bibtex, new RegExp(`^@\\w+\\{${library.key},`));

    // With the .bib open in an editor: a workspace edit on its unsaved text, the file on disk untouched.
    const unsaved = `${readFileSync(bibPath, 'utf8')}% an unsaved note\n`;
    const bibUri = await client.open(bibPath, unsaved);
    const second = on.papers.find((paper) => paper.s2Id === SECOND_PAPER.paperId);
    assert.ok(second, 'a second paper is suggested');
    const add = await call(client, RelatedAddToBibRequest, { uri, paperId: second.id, client: consented });
    assert.equal(add.bib.kind, 'edit');
    assert.equal(readFileSync(bibPath, 'utf8'), unsaved.slice(0, -'% an unsaved note\n'.length), 'disk untouched');
    const bibEdits = add.edit?.changes[bibUri] ?? [];
    assert.equal(bibEdits.length, 1);
    const newBib = applyEdits(unsaved, bibEdits);
    assert.ok(newBib.startsWith(unsaved), 'unsaved text kept, nothing before the insertion changed');
    assert.equal(entryCount(newBib), entryCount(unsaved) + 1);
    assert.match(newBib.slice(unsaved.length), /Scaling biomedical entity recognition with pre-trained/);

    // Not relevant: hidden from the next ranking.
    const hidden = await call(client, RelatedNotRelevantRequest, { uri, paperId: second.id, client: consented });
    assert.equal(hidden.hiddenCount, 1);
    const afterHide = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: consented });
    assert.equal(afterHide.hiddenCount, 1);
    assert.ok(!afterHide.papers.some((paper) => paper.s2Id === SECOND_PAPER.paperId), 'the hidden paper is gone');

    // The consent preview is computed locally: no request reaches the stand-in.
    const count = s2.seen.length;
    const consent = await call(client, RelatedConsentRequest, { uri, position, scope: 'paragraph' });
    assert.match(consent.text, /never whole sentences or paragraphs/);
    assert.ok(consent.preview && consent.preview.query.length > 0, 'the consent preview has a query');
    assert.equal(s2.seen.length, count);
  } finally {
    await client.stop();
    await s2.close();
  }
});

test('Markdown: cite inserts [@key] and appends one entry to the front matter\'s .bib', async () => {
  const dir = copySample('markdown');
  const s2 = await startS2StandIn([NEW_PAPER, SECOND_PAPER]);
  const storage = mkdtempSync(join(tmpdir(), 'related-lsp-storage-'));
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: true, baseUrl: s2.url } } } });
  try {
    const mdPath = join(dir, 'paper.md');
    const md = readFileSync(mdPath, 'utf8');
    const uri = await client.open(mdPath);
    const position = positionOf(md, 'Knowing *why* a reference');
    const context: RelatedClientContext = { semanticScholarConsent: true, storageDir: storage };
    const ranked = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: context });
    assert.equal(ranked.status.s2, 'ok', ranked.status.messages.join('; '));
    const remote = ranked.papers.find((paper) => paper.s2Id === NEW_PAPER.paperId);
    assert.ok(remote, 'a Semantic Scholar paper is suggested');
    const bibPath = join(dir, 'references.bib');
    const before = readFileSync(bibPath);
    const cite = await call(client, RelatedCiteRequest, { uri, paperId: remote.id, position, client: context });
    assert.equal(cite.bib.kind, 'written');
    assert.equal(cite.citation, `[@${cite.key}]`);
    // The cursor starts the sentence after "…p. 3587].": the citation goes before that full stop.
    const stop = md.indexOf('].\nKnowing *why*') + 1;
    assert.equal(applyEdits(md, cite.edit?.changes[uri] ?? []), md.slice(0, stop) + ` [@${cite.key}]` + md.slice(stop));
    await assert.rejects(
      call(client, RelatedCiteRequest, { uri, paperId: remote.id, position: positionOf(md, 'bibliography:', 3), client: context }),
      /in the front matter/,
    );
    await assert.rejects(
      call(client, RelatedCiteRequest, { uri, paperId: remote.id, position: positionOf(md, '{#fig-attention}', 4), client: context }),
      /inside an attribute block/,
    );
    // Inside a bracketed citation with a locator: the key joins the group after it.
    const group = '[@jurgens2018measuring; @cohan2019structural, p. 3587]';
    const joined = await call(client, RelatedCiteRequest, { uri, paperId: remote.id, position: positionOf(md, group, 3), client: context });
    assert.ok(applyEdits(md, joined.edit?.changes[uri] ?? []).includes(`[@jurgens2018measuring; @cohan2019structural, p. 3587; @${cite.key}]`), JSON.stringify(joined.edit));
    const after = readFileSync(bibPath);
    assert.deepEqual(after.subarray(0, before.length), before);
    assert.equal(entryCount(after.toString('utf8')), entryCount(before.toString('utf8')) + 1);

    // Add by arXiv id: looked up through the batch endpoint, appended once; a second time finds it.
    const beforeAdd = readFileSync(bibPath);
    const added = await call(client, RelatedAddByIdRequest, { uri, identifier: 'arXiv:2301.01234', client: context });
    assert.equal(added.bib.kind, 'written', added.notice);
    const afterAdd = readFileSync(bibPath);
    assert.deepEqual(afterAdd.subarray(0, beforeAdd.length), beforeAdd);
    assert.equal(entryCount(afterAdd.toString('utf8')), entryCount(beforeAdd.toString('utf8')) + 1);
    assert.match(afterAdd.subarray(beforeAdd.length).toString('utf8'), /2301\.01234/);
    const twice = await call(client, RelatedAddByIdRequest, { uri, identifier: 'arXiv:2301.01234', client: context });
    assert.equal(twice.bib.kind, 'present');
    assert.deepEqual(readFileSync(bibPath), afterAdd);
    assert.ok(s2.seen.some((request) => request.body.includes('ARXIV:2301.01234')), 'the cited arXiv id was sent');
  } finally {
    await client.stop();
    await s2.close();
  }
});

test('Cite here in a chapter with no citation yet: the root\'s package decides (biblatex \\autocite, natbib author-year \\citep)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'related-lsp-packages-'));
  const bib = '@article{smith2020deep,\n  author = {Smith, John},\n  title = {Deep learning for protein folding},\n  journal = {Nature},\n  year = {2020}\n}\n';
  const chapter = 'Protein folding with deep learning predicts protein structure well.\n';
  const roots: Record<string, string> = {
    biblatex: '\\documentclass{article}\n\\usepackage[style=authoryear]{biblatex}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\input{chapter}\n\\printbibliography\n\\end{document}\n',
    natbib: '\\documentclass{article}\n\\usepackage[authoryear,round]{natbib}\n\\begin{document}\n\\input{chapter}\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n',
  };
  for (const name of Object.keys(roots)) {
    const sub = join(dir, name);
    mkdirSync(sub);
    writeFileSync(join(sub, 'main.tex'), roots[name]);
    writeFileSync(join(sub, 'chapter.tex'), chapter);
    writeFileSync(join(sub, 'refs.bib'), bib);
  }
  const storage = mkdtempSync(join(tmpdir(), 'related-lsp-storage-'));
  const client = await LspTestClient.start({ rootDir: dir, settings: { related: { semanticScholar: { enabled: false, baseUrl: '' } } } });
  try {
    const context: RelatedClientContext = { semanticScholarConsent: false, storageDir: storage };
    for (const [name, expected] of [['biblatex', '\\autocite'], ['natbib', '\\citep']] as const) {
      const uri = await client.open(join(dir, name, 'chapter.tex'));
      const position = positionOf(chapter, 'deep learning', 'deep'.length);
      const ranked = await call(client, RelatedRankRequest, { uri, position, scope: 'paragraph', client: context });
      const paper = ranked.papers.find((p) => p.key === 'smith2020deep');
      assert.ok(paper, `${name}: the .bib entry is suggested`);
      const cite = await call(client, RelatedCiteRequest, { uri, paperId: paper.id, position, client: context });
      assert.equal(cite.citation, `${expected}{smith2020deep}`, name);
      assert.equal(applyEdits(chapter, cite.edit?.changes[uri] ?? []), `Protein folding with deep~${expected}{smith2020deep} learning predicts protein structure well.\n`);
    }
  } finally {
    await client.stop();
  }
});
