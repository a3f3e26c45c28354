// The divergences between the server's state after edits and a fresh server's that the random runs of
// incremental-equals-fresh.test.ts found, each reduced to its cause: a .bib change (on disk or in the
// editor) left the open paper's highlights as the old .bib made them; a missing include's diagnostic
// stayed where the include stood before lines were typed above it; an edit of one file of a project,
// open or changed on disk, left the other open file's highlights as they were.
import { test, type TestContext } from 'node:test';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EditingSession, type Paper } from '../helpers/incremental-session.ts';
import { seededRandom, type Edit, type TextEditor } from '../helpers/random-edits.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const LATEX_CITATION = /\\cite[a-z]*\{([^}]+)\}/g;
const MINIMAP2: Paper = { name: 'minimap2', folder: `${corpus}minimap2`, manuscript: 'minimap2.tex', bib: 'minimap2.bib', languageId: 'latex', citation: LATEX_CITATION };

/** Replaces the first match of `pattern` (its group 1) in a mirrored text: one change in one didChange. */
function replaceFirst(editor: TextEditor, pattern: RegExp, text: string, kind: string): Edit {
  const [found] = editor.matches(pattern);
  if (!found) throw new Error(`${pattern} not found`);
  return { kind, didChanges: [[editor.replace(found.start, found.end, text)]] };
}

// A cited title that names SmartDenovo software makes its highlight a method, not a chemical: a .bib
// changed on disk or in the editor left the open paper's entities and intents as the old .bib had them.
test('a .bib rewritten on disk, then edited in the editor: the open paper is analysed again with it', { timeout: 120_000 }, async (t) => {
  const session = await EditingSession.open(MINIMAP2, seededRandom(1), t.signal);
  try {
    await session.rewriteBib(replaceFirst(session.bib, /Title = \{\{(Mapping single molecule[^}]*)\}/, 'SmartDenovo: a de novo assembly program for noisy long reads', 'bib: retitle Chaisson:2012aa'));
    await session.compareWithFresh('retitled on disk');
    await session.openBib();
    await session.editBib(replaceFirst(session.bib, /Author = \{(Chaisson), Mark J/, 'Moreau', 'bib: rename Chaisson'));
    await session.compareWithFresh('author renamed in the editor');
  } finally {
    await session.close();
  }
  session.dispose();
});

// A file the manuscript includes that does not exist is reported where it is included: lines typed
// above it left the report where the include stood before (the project's structure was unchanged).
test('a missing \\input, then lines typed above it: its diagnostic moves with it', { timeout: 120_000 }, async (t) => {
  const session = await EditingSession.open(MINIMAP2, seededRandom(1), t.signal);
  try {
    const editor = session.manuscript;
    const end = editor.text.indexOf('\\end{document}');
    await session.editManuscript({ kind: 'include a missing file', didChanges: [[editor.replace(end, end, '\\input{supplement}\n')]] });
    await session.settled();
    const intro = editor.text.indexOf('\\section{Introduction}');
    await session.editManuscript({ kind: 'lines above it', didChanges: [[editor.replace(intro, intro, 'A first line.\n\nA second line.\n\n')]] });
    await session.compareWithFresh('lines typed above a missing include');
  } finally {
    await session.close();
  }
  session.dispose();
});

/**
 * A two-file project in a temp folder: the SciPy paper's subpackages section as the root, numbered in
 * citation order, after `\\input{chapter}`, a chapter with no entity and no abbreviation in it: no vote
 * of the chapter starts a pass of the root by chance, which could hide one that is missing.
 */
function twoFileProject(t: TestContext): Paper {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-two-files-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const body = readFileSync(`${corpus}scipy-1.0/subpackages.tex`, 'utf8');
  writeFileSync(join(folder, 'root.tex'), `\\documentclass{article}\n\\begin{document}\n\\input{chapter}\n\n${body}\n\\bibliographystyle{unsrt}\n\\bibliography{references}\n\\end{document}\n`);
  writeFileSync(join(folder, 'chapter.tex'), 'See also.\n');
  copyFileSync(`${corpus}scipy-1.0/references.bib`, join(folder, 'references.bib'));
  return { name: 'two-files', folder, manuscript: 'root.tex', bib: 'references.bib', languageId: 'latex', citation: LATEX_CITATION };
}

const CITE_IN_CHAPTER = 'See also\\cite{harwellboeing}.\n';
const SOFTWARE_IN_CHAPTER = 'We use the Matrix library.\n';

// A numeric style numbers the root's citations after the chapter's, and software one file names is
// software in all: an edit of the open chapter left the open root's highlights as they were.
for (const [change, text] of [['cites a reference first', CITE_IN_CHAPTER], ['names Matrix a library', SOFTWARE_IN_CHAPTER]]) {
  test(`two files of a project open: the chapter ${change}, the root follows`, { timeout: 120_000 }, async (t) => {
    const session = await EditingSession.open(twoFileProject(t), seededRandom(1), t.signal);
    try {
      const chapter = await session.openManuscript('chapter.tex');
      await session.editManuscript({ kind: `the chapter ${change}`, didChanges: [[chapter.replace(0, chapter.text.length, text)]] }, chapter);
      await session.compareWithFresh(`the chapter ${change}`);
    } finally {
      await session.close();
    }
    session.dispose();
  });

  // the same with the chapter changed on disk (a pull) while only the root is open
  test(`the chapter rewritten on disk ${change}, the open root follows`, { timeout: 120_000 }, async (t) => {
    const session = await EditingSession.open(twoFileProject(t), seededRandom(1), t.signal);
    try {
      await session.rewriteOnDisk('chapter.tex', () => text);
      await session.compareWithFresh(`the chapter on disk ${change}`);
    } finally {
      await session.close();
    }
    session.dispose();
  });
}

// The client reloads its citation-intents view when intents are pushed: with its last citation
// deleted, a file pushed none, and the view went on showing it.
test('the last citation deleted: the intents pushed say there are none', { timeout: 120_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'sciwrite-last-citation-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  writeFileSync(join(folder, 'paper.tex'), '\\documentclass{article}\n\\begin{document}\nThe p53 protein binds DNA in HeLa cells~\\cite{smith2020}.\n\n\\bibliography{refs}\n\\end{document}\n');
  writeFileSync(join(folder, 'refs.bib'), '@article{smith2020, author = {Smith, Jane}, title = {Receptors}, journal = {J. Biol.}, year = {2020}}\n');
  const session = await EditingSession.open({ name: 'last-citation', folder, manuscript: 'paper.tex', bib: 'refs.bib', languageId: 'latex', citation: LATEX_CITATION }, seededRandom(1), t.signal);
  try {
    const paper = session.manuscript;
    await session.editManuscript(replaceFirst(paper, /(~\\cite\{smith2020\})/, '', 'delete the citation'));
    await session.compareWithFresh('the last citation deleted');
  } finally {
    await session.close();
  }
  session.dispose();
});
