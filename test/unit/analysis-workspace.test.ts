// The analysis workspace: open editors override the disk, .bib files are re-read after a change
// notice (and only then), big .bib files parse on the worker thread with the same result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile, createWorkspace, defaultAnalysisOptions, referencesOf, uncitedEntries } from '../../extension/analysis/index.ts';

const fixture = fileURLToPath(new URL('../fixtures/lsp/latex', import.meta.url));

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-workspace-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

test('an open document overrides the disk until it is closed', async (t) => {
  const dir = copy();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const workspace = createWorkspace();
  const main = join(dir, 'main.tex');
  const text = readFileSync(main, 'utf8');
  workspace.setDocument(main, text.replace('\\cite{smith2099missing}', '\\cite{durbin1998}'));
  let result = await analyzeFile(workspace, main);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), []);
  assert.ok(result.citations.some((c) => c.keys.includes('durbin1998')), 'result.citations.some((c) => c.keys.includes(\'durbin1998\'))');
  workspace.closeDocument(main);
  result = await analyzeFile(workspace, main);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), ['smith2099missing']);
});

test('a .bib file is re-read after filesChanged, not before, and listeners hear of it', async (t) => {
  const dir = copy();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const workspace = createWorkspace();
  const main = join(dir, 'main.tex');
  const bib = join(dir, 'refs.bib');
  const changed: string[][] = [];
  workspace.onBibliographyChanged((paths) => changed.push(paths));
  const before = await workspace.project(main, defaultAnalysisOptions);
  assert.equal(before.bibliography.entries.size, 5);
  writeFileSync(bib, `${readFileSync(bib, 'utf8')}\n@misc{smith2099missing, title = {Late}, year = {2099}}\n`);
  assert.equal((await workspace.project(main, defaultAnalysisOptions)).bibliography.entries.size, 5, 'cached until told');
  workspace.filesChanged([bib]);
  const after = await workspace.project(main, defaultAnalysisOptions);
  assert.equal(after.bibliography.entries.size, 6);
  assert.deepEqual(changed, [[bib]]);
  assert.equal(after.lookup('SMITH2099MISSING')?.exactCase, false);
  assert.equal(after.lookup('smith2099missing')?.entry.title, 'Late');
});

test('queries: references across files and uncited entries', async () => {
  const workspace = createWorkspace();
  const project = await workspace.project(join(fixture, 'sections', 'intro.tex'), defaultAnalysisOptions);
  assert.equal(project.root, join(fixture, 'main.tex'));
  const references = await referencesOf(project, 'VASWANI2017ATTENTION');
  assert.deepEqual(references.map((r) => r.file.slice(fixture.length)), ['/main.tex', '/main.tex', '/sections/intro.tex', '/sections/intro.tex']);
  assert.deepEqual((await uncitedEntries(project)).map((entry) => entry.key), ['durbin1998']);
});

test('a bibliography parsed on the worker thread gives the same entries', async () => {
  const onThread = await createWorkspace().project(join(fixture, 'main.tex'), defaultAnalysisOptions);
  const workspace = createWorkspace(undefined, { offThreadFromChars: 1 });
  const offThread = await workspace.project(join(fixture, 'main.tex'), defaultAnalysisOptions);
  await workspace.dispose();
  assert.deepEqual([...offThread.bibliography.entries.keys()], [...onThread.bibliography.entries.keys()]);
  assert.deepEqual(offThread.lookup('jumper2021')?.entry, onThread.lookup('jumper2021')?.entry);
});
