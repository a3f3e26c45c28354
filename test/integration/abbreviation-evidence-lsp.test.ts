// The server's undefined-abbreviation diagnostics with the evidence only the project and the entity
// pass hold: the entity types of the file's finished pass (published again when a pass changes them),
// and the acronym declarations of another file of the project. Real server over stdio, built-in tagger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DismissEntityCommand } from '../../extension/protocol/editor.ts';
import { LspTestClient } from '../helpers/lsp-client.ts';

const reported = (list: Diagnostic[]) => list.filter((d) => d.code === 'undefined-abbreviation').map((d) => (typeof d.message === 'string' ? d.message : d.message.value).match(/'([^']+)'/)?.[1]);

test('after the entity pass, a disease cited at each mention and "E2" typed a chemical are reported; a cited tool and panels are not, and a pass with other types publishes them again', { timeout: 60_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-abbreviation-evidence-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  await writeFile(path, String.raw`\documentclass{article}
\begin{document}
We enrolled patients with COPD~\cite{gold}. Hits were found with BLAST~\cite{altschul}.

Serum E2 levels were measured. See panel V1 and S1 Fig for details. Exacerbations of COPD~\cite{gold} were recorded.
\bibliography{refs}
\end{document}
`);
  await writeFile(join(root, 'refs.bib'), '@article{gold, title = {Global strategy}, year = {2020}}\n@article{altschul, title = {Basic local alignment search tool}, year = {1990}}\n');
  const client = await LspTestClient.start({ rootDir: root });
  // diagnostics that never come fail the test at its timeout, and the server stops then
  t.signal.addEventListener('abort', () => void client.stop());
  try {
    const uri = await client.open(path);
    // "E2" is reported only by its type, so only after the pass (COPD, four capitals written as a condition, before it too)
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => reported(list).includes('E2'));
    assert.deepEqual(reported(diagnostics), ['COPD', 'E2']);
    // a new pass with other types publishes the diagnostics again, the text unchanged: E2 dismissed
    // as an entity has no type any more, and one capital and a number is then no abbreviation
    await client.executeCommand(DismissEntityCommand, [{ uri, kind: 'never', text: 'E2' }]);
    const after = await client.waitForDiagnostics(uri, (p) => !reported(p.diagnostics).includes('E2'));
    assert.deepEqual(reported(after.diagnostics), ['COPD']);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('a tool whose cited title names it is not reported at its uncited mentions; an abbreviation cited with another title still is', { timeout: 60_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-abbreviation-titles-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  await writeFile(path, String.raw`\documentclass{article}
\begin{document}
BLAST is fast. Hits were found with BLAST~\cite{altschul}.

The AUC was 0.91. We computed the AUC~\cite{hanley}.
\bibliography{refs}
\end{document}
`);
  await writeFile(join(root, 'refs.bib'), '@article{altschul, title = {Basic local alignment search tool}, year = {1990}}\n@article{hanley, title = {The meaning and use of the area under a receiver operating characteristic ({ROC}) curve}, year = {1982}}\n');
  const client = await LspTestClient.start({ rootDir: root });
  t.signal.addEventListener('abort', () => void client.stop());
  try {
    const uri = await client.open(path);
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => reported(list).includes('AUC'));
    assert.deepEqual(reported(diagnostics), ['AUC']);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('a glossary entry declared in the root file hides only its printed form in a chapter: "\\gls{sat}" printing "sat" leaves "SAT scores" reported', { timeout: 60_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-abbreviation-glossary-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  await writeFile(join(root, 'thesis.tex'), '\\documentclass{book}\n\\usepackage[acronym]{glossaries}\n\\newacronym{sat}{sat}{saturation}\n\\begin{document}\n\\include{intro}\n\\end{document}\n');
  await writeFile(join(root, 'intro.tex'), '\\chapter{Intro}\nOxygen \\gls{sat} was low in students with high SAT scores and a high ILD.\n');
  const client = await LspTestClient.start({ rootDir: root });
  t.signal.addEventListener('abort', () => void client.stop());
  try {
    const uri = await client.open(join(root, 'intro.tex'));
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => reported(list).includes('ILD'));
    assert.deepEqual(reported(diagnostics), ['SAT', 'ILD']);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});
