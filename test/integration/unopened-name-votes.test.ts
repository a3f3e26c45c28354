// A distinctive name only the project's other files type is typed in a chapter that writes it bare:
// the sample's paper.tex and sections/methods.tex type SciBERT a method, a chapter added to it writes
// "such as SciBERT [8]" where the tagger sees nothing. With that chapter alone open, the editor tags the
// unopened files' paragraphs that mention the distinctive names it writes, and shows what `analyze`
// (the whole project) shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { entityKey, finishedPass } from '../helpers/editor-vs-analyze.ts';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { addEditorAnalysis } from '../../extension/analysis/editor/index.ts';
import type { EntitiesParams } from '../../extension/protocol/editor.ts';

const SAMPLE = fileURLToPath(new URL('../../sample/latex/', import.meta.url));

const LIMITS = String.raw`% !TEX root = ../paper.tex
\section{Limitations}
Encoders pre-trained on scientific text, such as SciBERT \citep{beltagy2019scibert}, still miss
rare gene names, and our counts inherit their errors.
`;

test('a chapter alone open types a distinctive name only its project\'s unopened files type, as `analyze` does', { timeout: 120_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-name-votes-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const project = join(root, 'latex');
  await cp(SAMPLE, project, { recursive: true });
  const paper = join(project, 'paper.tex');
  await writeFile(paper, (await readFile(paper, 'utf8')).replace('\\input{sections/methods}', '\\input{sections/methods}\n\\input{sections/limits}'));
  const limits = join(project, 'sections', 'limits.tex');
  await writeFile(limits, LIMITS);

  const workspace = createWorkspace();
  const analysed = await addEditorAnalysis(workspace, await analyzeFile(workspace, paper));
  const inLimits = analysed.entities.filter((e) => e.file === limits);
  assert.deepEqual(
    inLimits.filter((e) => e.text === 'SciBERT').map((e) => [e.range.start.line + 1, e.type, e.typedBecause]),
    [[3, 'Method', 'its mentions in the project\'s other files have this type']],
    'the whole project\'s analysis',
  );
  const expected = inLimits.map(entityKey).sort();

  const client = await LspTestClient.start({ rootDir: root });
  try {
    const methodOn3 = (p: EntitiesParams) => p.entities.some((e) => e.text === 'SciBERT' && e.range.start.line === 2 && e.type === 'Method');
    const settled = finishedPass(client, t, methodOn3, 'no SciBERT Method on line 3');
    await client.open(limits, LIMITS);
    const published = await settled;
    assert.deepEqual(published.entities.map(entityKey).sort(), expected, 'the editor, the chapter alone open, shows the whole project\'s analysis');
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});
