import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectProject } from '../../extension/core/project/collect.ts';
import { memoryProjectFileSystem } from '../../extension/core/project/file-system.ts';
import { findRootFileDetail } from '../../extension/core/project/root.ts';

test('a subfile\'s root is the main file its \\documentclass[main]{subfiles} names, though it holds \\begin{document}', async () => {
  const fs = memoryProjectFileSystem({
    '/p/main.tex': '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\subfile{ch/one}\n\\end{document}',
    '/p/refs.bib': '@article{a, title={A}}',
    '/p/ch/one.tex': '\\documentclass[../main.tex]{subfiles}\n\\begin{document}\nOne cites \\cite{a}.\n\\end{document}',
    '/p/ch/two.tex': '\\documentclass[ ../main % the book\n]{subfiles}\n\\begin{document}Two.\\end{document}',
    '/p/ch/lost.tex': '\\documentclass[../nowhere.tex]{subfiles}\n\\begin{document}Lost.\\end{document}',
  });
  assert.deepEqual(await findRootFileDetail('/p/ch/one.tex', fs), { root: '/p/main.tex', reason: 'subfiles-class' });
  assert.deepEqual(await findRootFileDetail('/p/ch/two.tex', fs), { root: '/p/main.tex', reason: 'subfiles-class' });
  assert.deepEqual(await findRootFileDetail('/p/ch/lost.tex', fs), { root: '/p/ch/lost.tex', reason: 'document-environment' });
  const project = await collectProject('/p/main.tex', fs);
  assert.deepEqual([project.files, project.bibFiles], [['/p/main.tex', '/p/ch/one.tex'], ['/p/refs.bib']]);
});
