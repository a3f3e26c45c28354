// Acronyms of the acronym, acro and glossaries packages: their declarations, and how uses read in
// prose (a paragraph's first \ac or \gls as the packages print a first use, then the short form).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, createWorkspace } from '../../extension/analysis/index.ts';
import { scanLatexStructure } from '../../extension/core/latex/structure.ts';
import { DocumentSegmenter, segmentDocument } from '../../extension/core/prose/segmenter.ts';

test('declarations of the acronym, acro and glossaries packages', () => {
  const text = [
    '\\acrodef{SFS}{sound field synthesis}% acronym',
    '\\acrodef{NFC-HOA}[NFC-HOA]{Near-Field Compensated Higher Order Ambisonics}',
    '\\begin{acronym}\\acro{ITD}{interaural time difference}\\end{acronym}',
    '\\newacronym[longplural={tumor necrosis factors}]{tnf}{TNF}{tumor necrosis factor}',
    '\\DeclareAcronym{pcr}{short = PCR, long = {polymerase chain reaction, real-time}}',
    '\\newglossaryentry{camkii}{name={CaMKII}, description={a kinase}}',
    '% \\acrodef{NOT}{commented out}',
  ].join('\n');
  assert.deepEqual(scanLatexStructure(text).acronyms, [
    { key: 'SFS', short: 'SFS', long: 'sound field synthesis' },
    { key: 'NFC-HOA', short: 'NFC-HOA', long: 'Near-Field Compensated Higher Order Ambisonics' },
    { key: 'ITD', short: 'ITD', long: 'interaural time difference' },
    { key: 'tnf', short: 'TNF', long: 'tumor necrosis factor' },
    { key: 'pcr', short: 'PCR', long: 'polymerase chain reaction, real-time' },
    { key: 'camkii', short: 'CaMKII' },
  ]);
});

const DOC = `\\documentclass{article}
\\usepackage{acronym}
\\usepackage{glossaries}
\\acrodef{HRTF}{head-related transfer function}
\\newacronym{tnf}{TNF}{tumor necrosis factor}
\\begin{document}
We measured \\ac{HRTF} data; the \\acp{HRTF} of \\ac{HRTF} sets differ.

\\Ac{HRTF} again, \\acs{HRTF}, \\acl{HRTF}, \\acf{HRTF}, \\gls{tnf} and \\gls{tnf}; \\gls{unknown} stays a key.\\acused{HRTF}
\\end{document}
`;

test('the file\'s first use reads as the long form with the short one, later uses (in later paragraphs too) as the short form', () => {
  const { segments, problems } = segmentDocument({ file: '/doc.tex', text: DOC, languageId: 'latex' });
  assert.deepEqual(problems, []);
  assert.deepEqual(segments.map((s) => s.prose.text), [
    'We measured head-related transfer function (HRTF) data; the HRTFs of HRTF sets differ.',
    'HRTF again, HRTF, head-related transfer function, head-related transfer function (HRTF), tumor necrosis factor (TNF) and TNF; unknown stays a key.',
  ]);
});

test('\\acresetall, \\acreset and \\acused change what reads as a first use, as in the acronym package; starred uses do not count', () => {
  const text = `\\acrodef{HRTF}{head-related transfer function}
\\acrodef{ITD}{interaural time difference}
\\begin{document}
First \\ac*{HRTF} and \\ac{HRTF}.\\acused{ITD}

Then \\ac{HRTF} and \\ac{ITD}.\\acresetall

After the reset \\ac{HRTF}.\\acreset{HRTF} Again \\ac{HRTF}; \\ac{HRTF}.
\\end{document}
`;
  const { segments } = segmentDocument({ file: '/doc.tex', text, languageId: 'latex' });
  assert.deepEqual(segments.map((s) => s.prose.text), [
    // \\ac* prints the form due but leaves the acronym unused
    'First head-related transfer function (HRTF) and head-related transfer function (HRTF).',
    'Then HRTF and ITD.',
    'After the reset head-related transfer function (HRTF). Again head-related transfer function (HRTF); HRTF.',
  ]);
  // An edit before the first use moves it: the next paragraph is converted again, not taken from the cache.
  const segmenter = new DocumentSegmenter('/doc.tex', 'latex');
  segmenter.update(text);
  const edited = segmenter.update(text.replace('First \\ac*{HRTF} and \\ac{HRTF}.', 'First nothing.'));
  assert.deepEqual(edited.segments.map((s) => s.prose.text).slice(0, 2), ['First nothing.', 'Then head-related transfer function (HRTF) and ITD.']);
});

test('every character of a rendered acronym stands for the whole command, so a highlight covers all of it', () => {
  const { segments } = segmentDocument({ file: '/doc.tex', text: DOC, languageId: 'latex' });
  const prose = segments[0].prose;
  const at = prose.text.indexOf('head-related');
  const command = DOC.indexOf('\\ac{HRTF}');
  for (let i = at; i < at + 'head-related transfer function (HRTF)'.length; i++) {
    assert.equal(prose.sourceStart[i], command, `char ${i} starts at the command`);
    assert.equal(prose.sourceEnd[i], command + '\\ac{HRTF}'.length, `char ${i} ends with the command`);
  }
});

test('an acronym declared in the root file reads the same in an included chapter', () => {
  const root = '\\acrodef{SFS}{sound field synthesis}\n\\begin{document}\\input{chapter}\\end{document}\n';
  const chapter = 'Methods of \\ac{SFS} differ from binaural \\ac{SFS}.\n';
  const alone = segmentDocument({ file: '/chapter.tex', text: chapter, languageId: 'latex' });
  assert.equal(alone.segments[0].prose.text, 'Methods of SFS differ from binaural SFS.', 'without the declaration, the key');
  const withProject = segmentDocument({ file: '/chapter.tex', text: chapter, languageId: 'latex' }, { acronyms: scanLatexStructure(root).acronyms });
  assert.equal(withProject.segments[0].prose.text, 'Methods of sound field synthesis (SFS) differ from binaural SFS.');
});

test('the real thesis: chapters read the acronyms its root file declares (project discovery to segments)', { timeout: 60_000 }, async () => {
  const dir = join(import.meta.dirname, '../fixtures/corpus/sfs-thesis-wierstorf');
  const chapter = join(dir, '01_introduction/01_introduction.tex');
  const workspace = createWorkspace();
  const project = await workspace.project(chapter, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [], workspaceFolder: dir });
  const analysis = await project.file(chapter);
  assert.ok(analysis, 'the chapter is analysed');
  const texts = analysis.segments.map((s) => s.prose.text);
  const first = texts.find((t) => t.includes('(SFS)'));
  assert.ok(first?.includes('with a focus on sound field synthesis (SFS) techniques'), `the \\acrodef of the root file is read: ${first?.slice(0, 200)}`);
  assert.ok(!texts.some((t) => /\\ac\b|\{SFS\}/.test(t)), 'no acronym markup is left in the prose');
});

test('acronyms of a file loaded by \\loadglsentries are read; a missing one is reported like a missing \\input', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-glossary-'));
  try {
    const root = join(dir, 'paper.tex');
    writeFileSync(root, '\\documentclass{article}\n\\usepackage[acronym]{glossaries}\n\\loadglsentries[acronym]{glossary}\n\\begin{document}\nBlocking \\gls{camkii} blocks \\gls{ltp}; \\gls{camkii} again.\n\\end{document}\n');
    writeFileSync(join(dir, 'glossary.tex'), '\\newacronym{camkii}{CaMKII}{calcium/calmodulin-dependent protein kinase II}\n\\newacronym{ltp}{LTP}{long-term potentiation}\n');
    const options = { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [], workspaceFolder: dir };
    const analysis = await (await createWorkspace().project(root, options)).file(root);
    assert.ok(analysis, 'the paper is analysed');
    assert.deepEqual(analysis.segments.map((s) => s.prose.text),
      ['Blocking calcium/calmodulin-dependent protein kinase II (CaMKII) blocks long-term potentiation (LTP); CaMKII again.']);

    rmSync(join(dir, 'glossary.tex'));
    const missing = await analyzeFile(createWorkspace(), root, { analysis: options });
    assert.ok(missing.diagnostics.some((d) => d.message === 'Included file not found: glossary'), JSON.stringify(missing.diagnostics));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
