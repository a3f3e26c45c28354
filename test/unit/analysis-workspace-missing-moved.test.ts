// A missing \input or \bibliography is reported where the manuscript names it now: lines typed above
// it leave the project's structure as it was, and its report moved with it all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, defaultAnalysisOptions, manuscriptDiagnostics } from '../../extension/analysis/index.ts';

const TEXT = '\\documentclass{article}\n\\begin{document}\nSome text.\n\n\\input{supplement}\n\\bibliography{nowhere}\n\\end{document}\n';

test('lines typed above a missing include and bibliography move their diagnostics', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-missing-moved-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  writeFileSync(main, TEXT);
  const workspace = createWorkspace();
  const missing = async () => {
    const project = await workspace.project(main, defaultAnalysisOptions);
    const file = await project.file(main);
    assert.ok(file, 'the manuscript is analysed');
    return manuscriptDiagnostics(project, file).filter((d) => d.code.endsWith('-missing'))
      .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
  };
  workspace.setDocument(main, TEXT, 'latex');
  assert.deepEqual(await missing(), ['bibliography-missing@5:0-5:22', 'include-missing@4:0-4:18']);
  const typed = TEXT.replace('Some text.', 'Some text.\nMore text.\n\nA paragraph.');
  workspace.setDocument(main, typed, 'latex');
  assert.deepEqual(await missing(), ['bibliography-missing@8:0-8:22', 'include-missing@7:0-7:18']);
  // lines deleted above, then a space typed inside the include (the same structure)
  workspace.setDocument(main, TEXT.replace('Some text.\n', ''), 'latex');
  assert.deepEqual(await missing(), ['bibliography-missing@4:0-4:22', 'include-missing@3:0-3:18']);
  workspace.setDocument(main, TEXT.replace('\\input{', '\\input {'), 'latex');
  assert.deepEqual(await missing(), ['bibliography-missing@5:0-5:22', 'include-missing@4:0-4:19']);
  await workspace.dispose();
});
