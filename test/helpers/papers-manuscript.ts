// A one-paragraph LaTeX manuscript whose .bib holds the papers a fixture's expected.json recorded
// embeddings for, so related-work rankings can be checked against the transformers vectors.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The paragraph the related-work query comes from; its first words locate the cursor. */
export const QUERY_PARAGRAPH = 'Pretrained language models learn representations of scientific text with transformer encoders, '
  + 'where recurrent or convolutional neural networks were the dominant sequence transduction models before attention.';

export interface PapersManuscript {
  dir: string;
  texPath: string;
  text: string;
}

/** Writes `main.tex` and `refs.bib` (one `paper<i>` entry per paper) in a new folder under `parent`. */
export async function writePapersManuscript(parent: string, papers: { title: string; abstract: string | null }[]): Promise<PapersManuscript> {
  const dir = await mkdtemp(join(parent, 'paper-'));
  const entries = papers.map((paper, i) => [
    `@article{paper${i},`,
    '  author = {Doe, Jane},',
    `  title = {${paper.title}},`,
    ...(paper.abstract ? [`  abstract = {${paper.abstract}},`] : []),
    '  journal = {Journal of Tests},',
    `  year = {${2018 + i}}`,
    '}',
  ].join('\n'));
  await writeFile(join(dir, 'refs.bib'), `${entries.join('\n\n')}\n`);
  const text = `\\documentclass{article}\n\\begin{document}\n\\section{Related work}\n${QUERY_PARAGRAPH}\n\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n`;
  const texPath = join(dir, 'main.tex');
  await writeFile(texPath, text);
  return { dir, texPath, text };
}
