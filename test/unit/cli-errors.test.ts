// What `sciwrite` says when it is given something it cannot use: a missing --bib, a model folder that
// does not exist, a broken or relative workspace setting, a file that is no manuscript, a line past the
// end, a folder or a missing file where a file is expected, an empty text, a bad --threads; its help;
// and a reader that stops early (`| head`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../../extension/cli/dispatch.ts';
import { BufferIo, stopOnClosedPipe, type ErrorEmitter } from '../../extension/cli/io.ts';
import { MANUSCRIPT_EXTENSIONS_HELP, analyzeFile, createWorkspace, manuscriptLanguage, type AnalyzeResult } from '../../extension/analysis/index.ts';
import type { EditorAnalyzeResult } from '../../extension/analysis/editor/analyze-extras.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const latex = join(repo, 'test/fixtures/lsp/latex');
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-cli-errors-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function sciwrite(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = new BufferIo();
  const status = await dispatch(args, io);
  return { status, out: io.out, err: io.err };
}

test('piped into a reader that stops early (| head -1), sciwrite stops quietly with status 0', { skip: process.platform === 'win32' && 'no sh' }, () => {
  const file = join(repo, 'test/fixtures/corpus/minimap2/minimap2.tex');
  const main = join(repo, 'extension/cli/main.ts');
  const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" --import tsx "${main}" analyze "${file}" --json | head -1`], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.stdout, '{\n');
  assert.doesNotMatch(run.stderr, /EPIPE|at /, run.stderr);
  assert.equal(run.status, 0, run.stderr);
});

test('stopOnClosedPipe ends with 0 on EPIPE only', () => {
  const listeners: ((error: NodeJS.ErrnoException) => void)[] = [];
  const stream: ErrorEmitter = { on: (_event, listener) => listeners.push(listener) };
  const exits: number[] = [];
  stopOnClosedPipe(stream, (status) => exits.push(status));
  listeners[0](Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  assert.deepEqual(exits, [0]);
  assert.throws(() => listeners[0](Object.assign(new Error('write EIO'), { code: 'EIO' })), /EIO/);
});

test('a --bib file that does not exist is a diagnostic of analyze and a warning of related', async () => {
  const missing = join(work, 'nope.bib');
  const analyzed = await sciwrite('analyze', join(latex, 'main.tex'), '--bib', missing, '--json');
  assert.equal(analyzed.status, 0, analyzed.err);
  const result = JSON.parse(analyzed.out) as AnalyzeResult;
  assert.deepEqual(result.bibliographies.find((b) => b.file === missing), { file: missing, entries: 0, problems: 1 });
  const said = result.diagnostics.filter((d) => d.file === missing);
  assert.deepEqual(said.map((d) => [d.code, d.message]), [['bibliography-missing', 'Bibliography file not found: nope.bib']]);

  const related = await sciwrite('related', join(latex, 'main.tex'), '--offline', '--embeddings', 'builtin', '--bib', 'nope-at-all.bib');
  assert.equal(related.status, 0, related.err);
  assert.match(related.err, /Bibliography file not found: nope-at-all\.bib/);
});

test('a model folder that does not exist: analyze warns on stderr and falls back; ner, classify, embed say no such folder', async () => {
  const analyzed = await sciwrite('analyze', join(latex, 'main.tex'), '--model-entities', './nonexistent-folder', '--json');
  assert.equal(analyzed.status, 0, analyzed.err);
  assert.match(analyzed.err, /warning: entities model: no such model folder: \.\/nonexistent-folder.*using builtin:tagger instead/);
  for (const [command, flag, value] of [['ner', '--model', '/nonexistent'], ['classify', '--model', './nope/model'], ['embed', '--model', '~/no-such-model']]) {
    const run = await sciwrite(command, flag, value, '--text', 'hi', '--offline');
    assert.equal(run.status, 1, run.err);
    assert.match(run.err, new RegExp(`${flag}: no such model folder: ${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(nor is it a Hugging Face repo id`));
  }
  const adapter = await sciwrite('embed', '--model', 'some/encoder', '--adapter', './no-adapter', '--text', 'hi', '--offline');
  assert.equal(adapter.status, 1);
  assert.match(adapter.err, /--adapter: no such model folder: \.\/no-adapter/);
});

test('the workspace settings: a relative model folder is read from the workspace folder; a broken settings.json is a warning', async () => {
  const ws = join(work, 'ws');
  await mkdir(join(ws, '.vscode'), { recursive: true });
  await mkdir(join(ws, 'models', 'ner'), { recursive: true });
  await mkdir(join(ws, 'paper'), { recursive: true });
  await writeFile(join(ws, 'paper', 'paper.tex'), '\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n');
  await writeFile(join(ws, '.vscode', 'settings.json'), '{ "sciwrite.models.entities": "models/ner" }');
  const analyzed = await sciwrite('analyze', join(ws, 'paper', 'paper.tex'), '--json');
  assert.equal(analyzed.status, 0, analyzed.err);
  const entities = (JSON.parse(analyzed.out) as EditorAnalyzeResult).models.find((m) => m.role === 'entities');
  assert.equal(entities?.requested, join(ws, 'models', 'ner'), 'models/ner of the workspace, not of the current folder');

  await writeFile(join(ws, '.vscode', 'settings.json'), '{ "sciwrite.models.entities": "models/ner" ');
  for (const command of ['analyze', 'related']) {
    const run = await sciwrite(command, join(ws, 'paper', 'paper.tex'), ...(command === 'related' ? ['--offline'] : []));
    assert.equal(run.status, 0, run.err);
    assert.match(run.err, new RegExp(`warning: ${join(ws, '.vscode', 'settings.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be read .*ignored`));
  }
});

test('a file that is no manuscript: the formats SciWrite reads; a .bib: analyse a manuscript that cites it', async () => {
  for (const name of ['f.docx', 'f.txt', 'f.bib']) await writeFile(join(work, name), 'x');
  for (const command of ['analyze', 'related']) {
    const docx = await sciwrite(command, join(work, 'f.docx'));
    assert.equal(docx.status, 1);
    assert.match(docx.err, /\.docx files are not manuscripts SciWrite reads; it reads \.tex, .*\.qmd/);
    const txt = await sciwrite(command, join(work, 'f.txt'));
    assert.match(txt.err, /\.txt files are not manuscripts/);
    const bib = await sciwrite(command, join(work, 'f.bib'));
    assert.equal(bib.status, 1);
    assert.match(bib.err, /f\.bib is a bibliography, not a manuscript: analyse a manuscript that cites it/);
  }
  for (const ext of MANUSCRIPT_EXTENSIONS_HELP.match(/\.\w+/g) ?? []) assert.ok(manuscriptLanguage(`x${ext}`), `${ext} is read`);
});

test('a folder where a manuscript or a text file is expected: said so, status 1', async () => {
  const folder = join(work, 'chapters.tex');
  await mkdir(folder, { recursive: true });
  const plain = join(work, 'paper');
  await mkdir(plain, { recursive: true });
  for (const [command, given] of [['analyze', plain], ['analyze', folder], ['related', folder], ['related', plain]]) {
    const run = await sciwrite(command, given, ...(command === 'related' ? ['--offline'] : []));
    assert.equal(run.status, 1, run.err);
    assert.equal(run.err, `sciwrite ${command}: ${given} is a folder: give the manuscript's root .tex or .md file\n`);
  }
  // the analysis layer (sciwrite/analyzeDocument) says the same
  const workspace = createWorkspace();
  try {
    await assert.rejects(analyzeFile(workspace, folder), { message: `${folder} is a folder: give the manuscript's root .tex or .md file` });
  } finally {
    await workspace.dispose();
  }
  for (const [command, model] of [['ner', 'builtin'], ['classify', 'builtin:scicite'], ['embed', 'some/encoder']]) {
    const run = await sciwrite(command, '--model', model, '--file', folder, '--offline');
    assert.equal(run.status, 1, run.err);
    assert.equal(run.err, `sciwrite ${command}: --file: ${folder} is a folder, not a text file\n`);
  }
  const data = await sciwrite('eval', 'ner', '--model', 'builtin', '--data', work);
  assert.equal(data.status, 1, data.err);
  assert.equal(data.err, `sciwrite eval: --data: ${work} is a folder, not a data file\n`);
});

test('a missing input file: "no such file", with the option that named it', async () => {
  for (const command of ['analyze', 'related']) {
    const run = await sciwrite(command, 'missing.tex');
    assert.equal(run.status, 1, run.err);
    assert.equal(run.err, `sciwrite ${command}: no such file: missing.tex\n`);
  }
  for (const [command, model] of [['ner', 'builtin'], ['classify', 'builtin:scicite'], ['embed', 'some/encoder']]) {
    const run = await sciwrite(command, '--model', model, '--file', 'missing.txt', '--offline');
    assert.equal(run.status, 1, run.err);
    assert.equal(run.err, `sciwrite ${command}: --file: no such file: missing.txt\n`);
  }
  for (const role of ['ner', 'intent']) {
    const run = await sciwrite('eval', role, '--model', 'builtin', '--data', 'missing.tsv');
    assert.equal(run.status, 1, run.err);
    assert.equal(run.err, 'sciwrite eval: --data: no such file: missing.tsv\n');
  }
});

test('an empty text is a usage error of ner, classify and embed; an empty manuscript is analysed with a notice', async () => {
  const blank = join(work, 'blank.txt');
  await writeFile(blank, ' \n\t\n');
  for (const [command, model] of [['ner', 'builtin'], ['classify', 'builtin:scicite'], ['classify', 'builtin:aclarc'], ['embed', 'some/encoder']]) {
    for (const input of [['--text', ''], ['--text', '   '], ['--file', blank]]) {
      const run = await sciwrite(command, '--model', model, ...input, '--offline');
      assert.equal(run.status, 2, `${command} ${input.join(' ')}: ${run.err}`);
      assert.match(run.err, new RegExp(`^sciwrite ${command}: the text is empty`));
      assert.equal(run.out, '');
    }
  }
  const empty = join(work, 'empty.tex');
  await writeFile(empty, '');
  const analyzed = await sciwrite('analyze', empty);
  assert.equal(analyzed.status, 0, analyzed.err);
  assert.match(analyzed.out, /Prose: 0 paragraphs/);
  assert.match(analyzed.err, /^sciwrite analyze: notice: .*empty\.tex has no prose/m);
  const json = await sciwrite('analyze', empty, '--json');
  assert.equal(json.status, 0, json.err);
  assert.match(json.err, /empty\.tex has no prose/);
  const prose = await sciwrite('analyze', join(latex, 'main.tex'));
  assert.doesNotMatch(prose.err, /no prose/);
});

test('--threads is checked for the built-in models too', async () => {
  for (const args of [
    ['ner', '--model', 'builtin', '--threads', 'abc', '--text', 'hi'],
    ['classify', '--model', 'builtin:scicite', '--threads', '0', '--text', 'hi'],
    ['eval', 'ner', '--model', 'builtin', '--threads', 'abc', '--data', 'missing.tsv'],
  ]) {
    const run = await sciwrite(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.err}`);
    assert.match(run.err, /--threads needs a positive integer/);
  }
  const ok = await sciwrite('ner', '--model', 'builtin', '--threads', '2', '--text', 'Dexamethasone binds the glucocorticoid receptor.');
  assert.equal(ok.status, 0, ok.err);
});

test('small usage mistakes: related --line past the end, embed --model builtin', async () => {
  const line = await sciwrite('related', join(latex, 'main.tex'), '--line', '99999', '--offline');
  assert.equal(line.status, 2);
  assert.match(line.err, /--line 99999 is past the end of .*main\.tex, whose lines are numbered 0 to \d+/);
  const embed = await sciwrite('embed', '--model', 'builtin', '--text', 'x');
  assert.equal(embed.status, 2);
  assert.match(embed.err, /no built-in embeddings model/);
  assert.match(embed.err, /BM25/);
});

test('help: `sciwrite help analyze` is analyze --help; ner and classify name their built-in models', async () => {
  const help = await sciwrite('help', 'analyze');
  assert.equal(help.status, 0);
  assert.match(help.out, /^usage: sciwrite analyze <file>/);
  assert.match(help.out, /up to 3 folders above it/);
  const ner = await sciwrite('ner', '--help');
  assert.match(ner.out, /--model M +builtin \(the tagger shipped in SciWrite\)/);
  const classify = await sciwrite('classify', '--help');
  assert.match(classify.out, /--model M +builtin:scicite or builtin:aclarc/);
  const embed = await sciwrite('embed', '--help');
  assert.match(embed.out, /--model <hf-id\|folder>/);
});

test('the README\'s command summary names every option of every command', async () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `sciwrite` command'), readme.indexOf('### JSON output'));
  const summary = section.slice(section.indexOf('```'), section.indexOf('```', section.indexOf('```') + 3));
  for (const command of ['analyze', 'ner', 'classify', 'embed', 'eval', 'related']) {
    const { out } = await sciwrite(command, '--help');
    const options = new Set([...out.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]));
    options.delete('--help');
    for (const option of options) assert.ok(summary.includes(option), `README lists ${command} ${option}`);
  }
});
