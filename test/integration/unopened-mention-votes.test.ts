// A name's type votes from the project's files nobody opened: after an open file's pass, the
// paragraphs of the unopened files that mention one of its names are tagged in the background, so the
// editor shows what `sciwrite analyze` (the whole project) shows. The sample's paper.tex alone calls
// SciBERT a protein; sections/methods.tex, never opened, makes it a method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { entityKey, finishedPass } from '../helpers/editor-vs-analyze.ts';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { addEditorAnalysis } from '../../extension/analysis/editor/index.ts';
import type { EntitiesParams } from '../../extension/protocol/editor.ts';

const SAMPLE = fileURLToPath(new URL('../../sample/latex/', import.meta.url));

test('an open file takes the type votes of its project\'s unopened files for the names it writes, as `analyze` counts them', { timeout: 120_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-mention-votes-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const project = join(root, 'latex');
  await cp(SAMPLE, project, { recursive: true });
  const paper = join(project, 'paper.tex');
  const text = await readFile(paper, 'utf8');

  const workspace = createWorkspace();
  const analysed = await addEditorAnalysis(workspace, await analyzeFile(workspace, paper));
  const expected = analysed.entities.filter((e) => e.file === paper).map(entityKey).sort();
  const sciBert = expected.filter((k) => k.includes(' SciBERT '));
  assert.deepEqual(sciBert.map((k) => k.replace(/:\d+ /, ' ').replace(/ [\d.]+$/, '')), ['23 SciBERT Method', '43 SciBERT Method'], 'the whole project\'s analysis');

  const client = await LspTestClient.start({ rootDir: root });
  try {
    const methodOn43 = (p: EntitiesParams) => p.entities.some((e) => e.text === 'SciBERT' && e.range.start.line === 42 && e.type === 'Method');
    const settled = finishedPass(client, t, methodOn43, 'no SciBERT Method on line 43');
    await client.open(paper, text);
    const published = await settled;
    assert.deepEqual(published.entities.map(entityKey).sort(), expected, 'the editor, paper.tex alone open, shows the whole project\'s analysis');
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});
