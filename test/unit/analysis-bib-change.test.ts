// A .bib edit segments again only the files whose citations now print differently: an abstract, a
// note or an uncited entry changes no chapter's prose; an author or year changes the chapters citing
// that entry; a number shifted by the bibliography's order changes the chapters citing what moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, defaultAnalysisOptions, type FileAnalysis } from '../../extension/analysis/index.ts';

const smith = (extra = '', year = '2020', author = 'Smith, Ann') => `@article{smith2020,\n  author = {${author}},\n  title = {Sound fields},\n  year = {${year}},${extra}\n}\n`;
const jones = `@article{jones2019,\n  author = {Jones, Bob},\n  title = {Binaural synthesis},\n  year = {2019}\n}\n`;
const unused = (title: string) => `@book{unused2001,\n  author = {Nobody, Carl},\n  title = {${title}},\n  year = {2001}\n}\n`;

function thesis(t: { after: (fn: () => void) => void }, bibliographyStyle: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-bib-change-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.tex');
  writeFileSync(main, `\\documentclass{book}\n\\usepackage{natbib}\n\\begin{document}\n\\input{a}\n\\input{b}\n\\bibliographystyle{${bibliographyStyle}}\n\\bibliography{refs}\n\\end{document}\n`);
  writeFileSync(join(dir, 'a.tex'), 'Chapter A follows \\citet{smith2020} closely.\n\nA second paragraph without citations.\n');
  writeFileSync(join(dir, 'b.tex'), 'Chapter B builds on earlier work \\citep{jones2019}.\n');
  const bib = join(dir, 'refs.bib');
  const workspace = createWorkspace();
  t.after(() => workspace.dispose());
  return {
    workspace,
    write(text: string) {
      writeFileSync(bib, text);
      workspace.filesChanged([bib]);
    },
    async chapters(): Promise<{ a: FileAnalysis; b: FileAnalysis; main: FileAnalysis }> {
      const files = await (await workspace.project(main, defaultAnalysisOptions)).files();
      const named = (name: string) => files.find((f) => f.file === join(dir, name))!;
      return { a: named('a.tex'), b: named('b.tex'), main: named('main.tex') };
    },
  };
}

const prose = (file: FileAnalysis) => file.segments.map((s) => s.prose.text).join('\n');

test('a .bib edit that changes no printed citation keeps every chapter\'s segments; an author-year change re-segments only its citers', async (t) => {
  const project = thesis(t, 'plainnat');
  project.write(smith() + jones + unused('Old'));
  const before = await project.chapters();
  assert.match(prose(before.a), /Smith \(2020\)/);
  assert.match(prose(before.b), /\(Jones, 2019\)/);

  project.write(smith('\n  abstract = {We study sound fields.},\n  note = {In press}') + jones + unused('Old'));
  const annotated = await project.chapters();
  assert.equal(annotated.a.segments, before.a.segments, 'an abstract and a note print nowhere');
  assert.equal(annotated.b.segments, before.b.segments);
  assert.equal(annotated.main.segments, before.main.segments);

  project.write(smith() + jones + unused('New title'));
  const uncited = await project.chapters();
  assert.equal(uncited.a.segments, before.a.segments, 'an entry nobody cites prints nowhere');
  assert.equal(uncited.b.segments, before.b.segments);

  project.write(smith('', '2021', 'Smythe, Ann') + jones + unused('New title'));
  const redated = await project.chapters();
  assert.match(prose(redated.a), /Smythe \(2021\)/);
  assert.notEqual(redated.a.segments, before.a.segments);
  assert.equal(redated.b.segments, before.b.segments, 'chapter B cites nothing that changed');
  assert.equal(redated.main.segments, before.main.segments);
});

test('a .bib edit that moves an entry in a sorted numeric bibliography re-segments the chapters whose numbers changed', async (t) => {
  const project = thesis(t, 'plain');
  project.write(smith() + jones);
  const before = await project.chapters();
  assert.match(prose(before.a), /Smith \[2\]/);
  assert.match(prose(before.b), /\[1\]/);

  // "Adams" sorts before "Jones": smith2020 becomes [1], jones2019 [2].
  project.write(smith('', '2020', 'Adams, Ann') + jones);
  const moved = await project.chapters();
  assert.match(prose(moved.a), /Adams \[1\]/);
  assert.match(prose(moved.b), /\[2\]/);
  assert.equal(moved.main.segments, before.main.segments);
});

test('a chapter kept across a .bib edit renders a citation typed afterwards with the new bibliography', async (t) => {
  const project = thesis(t, 'plainnat');
  project.write(smith() + jones);
  const before = await project.chapters();
  project.write(smith('', '2022') + jones);
  const after = await project.chapters();
  assert.equal(after.b.segments, before.b.segments);
  const b = after.b.file;
  const typed = 'Chapter B builds on earlier work \\citep{jones2019}.\n\nAs \\citet{smith2020} showed.\n';
  project.workspace.setDocument(b, typed, 'latex');
  const edited = await project.chapters();
  assert.match(prose(edited.b), /Smith \(2022\)/);
  assert.match(prose(edited.b), /\(Jones, 2019\)/);
});

test('the citations typed and deleted are not kept for the next bibliography check: only the text\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-rendered-forms-'));
  const workspace = createWorkspace();
  try {
    writeFileSync(join(dir, 'refs.bib'), '@article{smith, author = {Smith, A}, title = {T}, year = {2020}}\n');
    const path = join(dir, 'paper.tex');
    const head = '\\documentclass{article}\\begin{document}\n';
    const tail = '\n\\bibliography{refs}\\end{document}\n';
    let body = 'Intro text.';
    const keys = Array.from({ length: 40 }, (_, i) => `author${i}year`);
    for (const key of keys) {
      // each key typed letter by letter: every prefix is a citation for a moment
      for (let n = 1; n <= key.length; n++) {
        workspace.setDocument(path, `${head}${body}\n\nSee \\cite{${key.slice(0, n)}}.${tail}`, 'latex');
        await (await workspace.project(path, defaultAnalysisOptions)).file(path);
      }
      body += `\n\nSee \\cite{${key}}.`;
    }
    const forms = workspace.renderedCitationForms(path);
    assert.ok(forms <= 2 * keys.length + 100, `${forms} citation forms kept for a text of ${keys.length} citations`);
  } finally {
    await workspace.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
