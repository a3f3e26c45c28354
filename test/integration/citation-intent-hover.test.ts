// The intent part of the citation hover through the LSP, with the built-in classifiers: a footnote's
// citation read in the sentence of its mark, no intent in headings and acknowledgements (and why),
// how sure the model is and what its label means, the other citations that share the sentence's label,
// and a per-reference count that agrees with the hover's "Cited N× in this project"; the hover right
// after the intent model setting changed uses the new model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspTestClient, positionOf } from '../helpers/lsp-client.ts';
import type { IntentsParams } from '../../extension/protocol/editor.ts';

const TEX = String.raw`\documentclass{article}
\begin{document}
\section{Spatial Fidelity \cite{heading}}
Receptor kinetics have been studied extensively.\footnote{\cite{smith2020}} We used the toolbox of \citet{toolbox} and the data of \citet{data}, as in \citet{smith2020}.

Coincidence detectors compare the arrival times at the two ears \citep{a,b}.

\begin{table}\begin{tabular}{l}A \cite{smith2020}\end{tabular}\end{table}

\section*{Acknowledgements}
We thank the authors of \citet{thanks} for the mice.
\bibliography{refs}
\end{document}
`;

const BIB = ['smith2020', 'toolbox', 'data', 'heading', 'thanks', 'a', 'b'].map((k) => `@article{${k}, author = {Smith, Jane}, title = {On ${k}}, journal = {J. Biol.}, year = {2020}}\n`).join('');

test('citation hover: the sentence read, how sure, what the label means, who shares it, and counts that agree', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-intent-hover-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  await writeFile(path, TEX);
  await writeFile(join(root, 'refs.bib'), BIB);
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin' } } });
  try {
    const intents = new Promise<IntentsParams>((resolve) => client.connection.onNotification('sciwrite/intents', (p: IntentsParams) => resolve(p)));
    const uri = await client.open(path, TEX);
    await intents;
    const hover = async (key: string): Promise<string> => {
      const h = await client.hover(uri, positionOf(TEX, `{${key}}`, 2));
      assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents, `a Markdown hover on ${key}`);
      return h.contents.value.replace(/\\(.)/g, '$1');
    };

    const note = await hover('smith2020');
    assert.match(note, /Read: \*“Receptor kinetics have been studied extensively\.\[\d\]”\*/, 'the footnote citation is read where its mark is');
    assert.match(note, /SciCite: \*\*(background|method|result)\*\*/);
    assert.match(note, /SciCite: \*\*\w+\*\* (\(\d+% sure\)|or \*\*\w+\*\* \(0\.\d\d \/ 0\.\d\d: too close to call\)) — /, 'how sure the model is, or that it cannot tell');
    assert.match(note, /— (context or prior work|uses the cited method, tool or data|compares results with it)/, 'what the label means');
    assert.match(note, /Cited 3× in this project/);
    assert.match(note, /`smith2020` cited 3×, 2 of them in sentences the models read: .*\(SciCite\) · .*\(ACL-ARC\)/, 'the counts agree with the entry\'s');

    const shared = await hover('toolbox');
    assert.match(shared, /The same for the 2 other citations in this sentence: the models read the sentence, not which reference\./);
    assert.doesNotMatch(note, /other citation/, 'the footnote\'s citation is alone in the sentence of its mark');
    assert.match(await hover('a,b'), /One label for its 2 references: the models read the sentence, not which reference\./);

    const heading = await hover('heading');
    assert.match(heading, /\*\*No intent\*\*: in a heading/);
    assert.doesNotMatch(heading, /SciCite:/);
    assert.match(heading, /`heading` cited 1×, none in a sentence the models read/);

    const thanks = await hover('thanks');
    assert.match(thanks, /\*\*No intent\*\*: in the acknowledgements/);
    assert.doesNotMatch(thanks, /SciCite:/);
  } finally {
    await client.stop();
  }
});

test('the first citation hover after the SciCite model setting changed reads with the new model', { timeout: 180_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-intent-hover-model-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  const tex = String.raw`\documentclass{article}
\begin{document}
We used the toolbox of \citet{toolbox} to measure the receptor kinetics.
\bibliography{refs}
\end{document}
`;
  await writeFile(path, tex);
  await writeFile(join(root, 'refs.bib'), BIB);
  const tinyCite = fileURLToPath(new URL('../fixtures/hf/tiny-bert-cite/', import.meta.url));
  const builtin = { models: { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin' } };
  const client = await LspTestClient.start({ rootDir: root, settings: builtin });
  try {
    const published: IntentsParams[] = [];
    let next: ((p: IntentsParams) => void) | undefined;
    client.connection.onNotification('sciwrite/intents', (p: IntentsParams) => {
      published.push(p);
      next?.(p);
    });
    const intents = () => new Promise<IntentsParams>((resolve) => (next = resolve));
    const opened = intents();
    const uri = await client.open(path, tex);
    await opened;
    const sciciteLine = async (): Promise<string> => {
      const h = await client.hover(uri, positionOf(tex, '{toolbox}', 2));
      assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents, 'a Markdown hover');
      const line = h.contents.value.split('\n').find((l) => l.startsWith('SciCite:'));
      assert.ok(line, `a SciCite line in ${h.contents.value}`);
      return line;
    };
    const before = await sciciteLine();

    const republished = intents();
    await client.setSettings({ models: { ...builtin.models, scicite: tinyCite } });
    const right = await sciciteLine();
    const pass = await republished;
    assert.notDeepEqual(pass.citations[0].scicite?.scores, published[0].citations[0].scicite?.scores, 'the pass reads with another model');
    const settled = await sciciteLine();
    assert.notEqual(settled, before, 'the new model labels otherwise');
    assert.equal(right, settled, 'the hover right after the change already shows the new model\'s labels');
  } finally {
    await client.stop();
  }
});
