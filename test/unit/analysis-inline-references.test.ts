// A Markdown manuscript's front matter `references:` (pandoc's inline bibliography) through the
// analysis layer: keys resolve, entries point into the manuscript, inline entries win over the
// .bib for the same id, malformed items are diagnostics of the manuscript, keystrokes in the body
// neither re-read the .bib nor rebuild the bibliography, and adding a paper never targets the manuscript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyzeFile, createWorkspace, defaultAnalysisOptions, manuscriptDiagnostics, nodeFileSystem, type AnalysisFileSystem,
} from '../../extension/analysis/index.ts';
import { planAddToProject } from '../../extension/analysis/related/add-paper.ts';
import { dispatch } from '../../extension/cli/dispatch.ts';
import { BufferIo } from '../../extension/cli/io.ts';

const FRONT = [
  '---',
  'title: Atlas',
  'bibliography: refs.bib',
  'references:',
  '- id: smith2020',
  '  type: article-journal',
  '  title: A cell atlas of everything',
  '  author: [{family: Smith, given: Jane}]',
  '  issued: {date-parts: [[2020]]}',
  '  container-title: Nature',
  '  DOI: 10.1000/xyz',
  '- id: shared2018',
  '  type: book',
  '  title: The front matter copy',
  '  author: [{family: Inline, given: Ina}]',
  '  issued: {date-parts: [[2018]]}',
  '---',
].join('\n');
const BODY = '\nAs shown [@smith2020], and in @shared2018 and [@fromfile2017].\n';
const BIB = '@article{fromfile2017, title = {From the file}, author = {File, Fay}, year = {2017}, journal = {J}}\n@book{shared2018, title = {The bib copy}, author = {Bib, Bob}, year = {2018}}\n';

function project(t: { after(fn: () => void): void }, front = FRONT, bib: string | undefined = BIB): { dir: string; paper: string; bibPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-inline-refs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const paper = join(dir, 'paper.md');
  writeFileSync(paper, `${front}\n${BODY}`);
  const bibPath = join(dir, 'refs.bib');
  if (bib !== undefined) writeFileSync(bibPath, bib);
  return { dir, paper, bibPath };
}

test('keys defined in the front matter resolve; their entries point into the manuscript', async (t) => {
  const { paper } = project(t);
  const workspace = createWorkspace();
  const snapshot = await workspace.project(paper, defaultAnalysisOptions);
  const found = snapshot.lookup('smith2020');
  assert.ok(found, 'smith2020 defined');
  assert.equal(found.entry.file, paper);
  assert.equal(found.entry.year, '2020');
  assert.deepEqual(found.entry.authors.map((a) => a.family), ['Smith']);
  const text = `${FRONT}\n${BODY}`;
  assert.equal(text.slice(found.entry.keySpan.start, found.entry.keySpan.end), 'smith2020');
  // Go-to-definition and hovers find the manuscript's front matter through bibFile().
  const source = snapshot.bibFile(paper);
  assert.ok(source, 'the front matter is a source of entries');
  assert.equal(source.lines.positionAt(found.entry.keySpan.start).line, 4);
  assert.deepEqual(snapshot.bibFiles.map((bib) => bib.file), [join(paper, '..', 'refs.bib')], 'but not a bibliography file');
  const file = await snapshot.file(paper);
  assert.ok(file, 'file');
  assert.deepEqual(manuscriptDiagnostics(snapshot, file).filter((d) => d.code === 'unresolved-key'), []);
});

test('an id in both the front matter and the .bib: the front matter entry is used, with a notice', async (t) => {
  const { paper } = project(t);
  const workspace = createWorkspace();
  const snapshot = await workspace.project(paper, defaultAnalysisOptions);
  assert.equal(snapshot.lookup('shared2018')?.entry.title, 'The front matter copy');
  assert.equal(snapshot.lookup('fromfile2017')?.entry.title, 'From the file');
  const file = await snapshot.file(paper);
  const notices = manuscriptDiagnostics(snapshot, file!).filter((d) => d.code === 'bibliography');
  assert.equal(notices.length, 1);
  assert.equal(notices[0].severity, 'information');
  assert.match(notices[0].message, /shared2018.*refs\.bib/);
  assert.equal(notices[0].range.start.line, 11);
  // The .bib's own diagnostics are untouched.
  for (const list of (await import('../../extension/analysis/diagnostics.ts')).bibliographyDiagnostics(snapshot).values()) assert.deepEqual(list, []);
});

test('the CLI\'s analyze --json shows the front matter entries resolved', async (t) => {
  const { paper } = project(t);
  const io = new BufferIo();
  assert.equal(await dispatch(['analyze', paper, '--json'], io), 0, io.err);
  const result = JSON.parse(io.out) as Awaited<ReturnType<typeof analyzeFile>>;
  const citation = result.citations.find((c) => c.keys.includes('smith2020'));
  assert.ok(citation, 'citation');
  assert.deepEqual(citation.unresolved, []);
  assert.equal(citation.entries[0].file, paper);
  assert.equal(citation.entries[0].year, '2020');
  assert.equal(citation.entries[0].range.start.line, 4);
  assert.match(citation.rendered, /Smith/);
  assert.ok(!result.diagnostics.some((d) => d.code === 'unresolved-key'), JSON.stringify(result.diagnostics));
});

test('without a bibliography file the front matter is the bibliography; an item without id is reported at the item', async (t) => {
  const front = '---\ntitle: Atlas\nreferences:\n- id: smith2020\n  title: A cell atlas\n- title: Forgot the id\n---';
  const { paper } = project(t, front, undefined);
  const workspace = createWorkspace();
  const snapshot = await workspace.project(paper, defaultAnalysisOptions);
  const file = await snapshot.file(paper);
  const diagnostics = manuscriptDiagnostics(snapshot, file!);
  const unresolved = diagnostics.filter((d) => d.code === 'unresolved-key').map((d) => d.key);
  assert.deepEqual(unresolved, ['shared2018', 'fromfile2017']);
  assert.match(diagnostics.find((d) => d.key === 'shared2018')!.message, /front matter/);
  const malformed = diagnostics.filter((d) => d.code === 'bibliography');
  assert.equal(malformed.length, 1);
  assert.equal(malformed[0].range.start.line, 5);
  assert.match(malformed[0].message, /without an "id"/);
  // Adding a paper: there is still no .bib to write to, and the manuscript is never one.
  const { target } = planAddToProject(snapshot, { title: 'A new paper', authors: [{ family: 'New', given: 'N' }], year: 2024 });
  assert.equal(target.kind, 'none');
});

test('adding a paper the front matter already holds finds it there and writes nothing into the manuscript', async (t) => {
  const { paper, bibPath } = project(t);
  const workspace = createWorkspace();
  const snapshot = await workspace.project(paper, defaultAnalysisOptions);
  const { target, plan } = planAddToProject(snapshot, { title: 'A cell atlas of everything', authors: [{ family: 'Smith', given: 'Jane' }], year: 2020, doi: '10.1000/xyz' });
  assert.deepEqual(target.kind === 'file' && target.file, bibPath);
  assert.deepEqual(plan && plan.kind === 'duplicate' && [plan.key, plan.file], ['smith2020', paper]);
  const fresh = planAddToProject(snapshot, { title: 'Something else entirely', authors: [{ family: 'New', given: 'N' }], year: 2024 });
  assert.equal(fresh.target.kind === 'file' && fresh.target.file, bibPath);
});

test('keystrokes in the body re-read no .bib and keep the bibliography; a front matter edit re-reads only the front matter', async (t) => {
  const { paper, bibPath } = project(t);
  let bibReads = 0;
  const counting: AnalysisFileSystem = {
    ...nodeFileSystem,
    readFile: (path) => {
      if (path === bibPath) bibReads++;
      return nodeFileSystem.readFile(path);
    },
  };
  const workspace = createWorkspace(counting);
  let text = `${FRONT}\n${BODY}`;
  workspace.setDocument(paper, text, 'markdown');
  const first = await workspace.project(paper, defaultAnalysisOptions);
  assert.equal(bibReads, 1);
  for (const typed of ['M', 'o', 'r', 'e']) {
    text = `${text}${typed}`;
    workspace.setDocument(paper, text, 'markdown');
    const again = await workspace.project(paper, defaultAnalysisOptions);
    assert.equal(again.bibliography, first.bibliography, 'the same bibliography object');
    assert.equal(again.renderKey, first.renderKey);
  }
  // Typing in the title shifts the entries' offsets but not their content: spans follow, the render key stays.
  text = text.replace('title: Atlas', 'title: Atlases');
  workspace.setDocument(paper, text, 'markdown');
  const retitled = await workspace.project(paper, defaultAnalysisOptions);
  assert.equal(retitled.renderKey, first.renderKey, 'nothing to render again');
  const smith = retitled.lookup('smith2020')!.entry;
  assert.equal(text.slice(smith.keySpan.start, smith.keySpan.end), 'smith2020');
  // A new inline entry is seen at once; the .bib is still not read again.
  text = text.replace('---\n\nAs shown', '- id: added2021\n  title: Added\n---\n\nAs shown');
  workspace.setDocument(paper, text, 'markdown');
  const added = await workspace.project(paper, defaultAnalysisOptions);
  assert.equal(added.lookup('added2021')?.entry.title, 'Added');
  assert.notEqual(added.renderKey, first.renderKey);
  assert.equal(bibReads, 1);
  // Removing the references field brings the .bib's entry back.
  text = `---\ntitle: Atlas\nbibliography: refs.bib\n---\n${BODY}`;
  workspace.setDocument(paper, text, 'markdown');
  const removed = await workspace.project(paper, defaultAnalysisOptions);
  assert.equal(removed.lookup('smith2020'), undefined);
  assert.equal(removed.lookup('shared2018')?.entry.title, 'The bib copy');
  assert.equal(removed.bibFile(paper), undefined);
});
