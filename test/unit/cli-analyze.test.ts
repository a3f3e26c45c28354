// `sciwrite analyze`: the JSON shape documented in README.md and its values, checked against the
// fixture sources; the dispatcher's usage for unknown commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../../extension/cli/dispatch.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import type { AnalyzeResult } from '../../extension/analysis/index.ts';
import { textAt } from '../helpers/lsp-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const latex = join(repo, 'test/fixtures/lsp/latex');
const markdown = join(repo, 'test/fixtures/lsp/markdown');

async function analyzeJson(...args: string[]): Promise<AnalyzeResult> {
  const io = new BufferIo();
  const status = await dispatch(['analyze', ...args, '--json'], io);
  assert.equal(status, 0, io.err);
  return JSON.parse(io.out) as AnalyzeResult;
}

const source = (file: string) => readFileSync(file, 'utf8');

test('analyze --json on a root file covers the project: files, citations, segments, bibliographies, diagnostics', async () => {
  const result = await analyzeJson(join(latex, 'main.tex'));
  assert.equal(result.version, 1);
  assert.equal(result.root, join(latex, 'main.tex'));
  assert.deepEqual(result.files, [join(latex, 'main.tex'), join(latex, 'sections/intro.tex')]);
  assert.deepEqual(result.bibliographies, [{ file: join(latex, 'refs.bib'), entries: 5, problems: 0 }]);
  assert.equal(result.citations.length, 9);
  for (const citation of result.citations) {
    assert.deepEqual(Object.keys(citation).sort(), ['command', 'entries', 'file', 'form', 'intent', 'keys', 'range', 'rendered', 'sentence', 'unresolved']);
    const written = textAt(source(citation.file), citation.range);
    assert.ok(written.startsWith(`\\${citation.command}`), written);
    for (const key of citation.keys) assert.ok(written.includes(key), `${written} holds ${key}`);
    if (citation.sentence) assert.ok(citation.sentence.includes(citation.rendered), `${citation.sentence} holds ${citation.rendered}`);
  }
  const missing = result.citations.find((c) => c.keys.includes('smith2099missing'))!;
  assert.deepEqual(missing.unresolved, ['smith2099missing']);
  assert.deepEqual(missing.entries, []);
  const mixed = result.citations.find((c) => c.keys.includes('Jumper2021'))!;
  assert.deepEqual(mixed.unresolved, [], 'keys match case-insensitively');
  assert.deepEqual(mixed.entries.map((e) => e.key), ['jumper2021', 'rives2021biological']);
  assert.equal(textAt(source(join(latex, 'refs.bib')), mixed.entries[0].range), 'jumper2021');
  assert.match(mixed.sentence, /^structure prediction reached experimental accuracy|reached experimental accuracy/);
  const macro = result.citations.find((c) => c.command === 'inlinecite')!;
  assert.deepEqual(macro.keys, ['jumper2021']);
  assert.deepEqual(result.diagnostics.map((d) => d.code).sort(), ['key-case-mismatch', 'key-case-mismatch', 'unresolved-key']);
  for (const segment of result.segments) {
    assert.ok(segment.sentences.length > 0, 'segment.sentences.length > 0');
    for (const sentence of segment.sentences) assert.ok(segment.text.includes(sentence), 'each sentence is part of its segment');
  }
});

test('analyze --json --document leaves out the rest of the project', async () => {
  const result = await analyzeJson(join(latex, 'sections/intro.tex'), '--document');
  assert.equal(result.root, join(latex, 'main.tex'));
  assert.deepEqual(result.files, [join(latex, 'sections/intro.tex')]);
  assert.equal(result.citations.length, 3);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), []);
});

test('analyze --json on pandoc Markdown: ranges hold the citations, @fig- is not one', async () => {
  const result = await analyzeJson(join(markdown, 'paper.md'));
  const text = source(join(markdown, 'paper.md'));
  assert.deepEqual(result.citations.map((c) => textAt(text, c.range)), [
    '[@regev2017human; @tabula2018, p. 4]',
    '@travaglini2020molecular',
    '[-@schiller2019]',
    '[@unknown2020]',
  ]);
  assert.deepEqual(result.citations.map((c) => c.unresolved), [[], [], [], ['unknown2020']]);
});

test('the text report is readable and the exit codes say what happened', async () => {
  const io = new BufferIo();
  assert.equal(await dispatch(['analyze', join(latex, 'main.tex')], io), 0);
  assert.match(io.out, /Citations \(9\):/);
  // each cited entry on a line of its own: key, authors, year, title; a key no bibliography defines says so
  assert.match(io.out, /^ {6}jumper2021: John Jumper et al\. \(2021\) Highly accurate protein structure prediction with AlphaFold$/m);
  assert.match(io.out, /^ {6}Jumper2021: John Jumper et al\. \(2021\) Highly accurate/m, 'the key as written, its entry found in any case');
  assert.match(io.out, /^ {6}rives2021biological: Alexander Rives et al\. \(2021\) Biological structure and function emerge from…$/m);
  assert.match(io.out, /^ {6}smith2099missing: unresolved, in no bibliography$/m);
  for (const line of io.out.split('\n').filter((l) => /^ {6}[\w:-]+: /.test(l))) assert.ok(line.length <= 6 + 100, line);
  assert.match(io.out, /Diagnostics \(3\):/);

  const missing = new BufferIo();
  assert.equal(await dispatch(['analyze', join(latex, 'nope.tex')], missing), 1);
  assert.match(missing.err, /no such file/);

  const unknown = new BufferIo();
  assert.equal(await dispatch(['frobnicate'], unknown), 2);
  assert.match(unknown.err, /unknown command 'frobnicate'/);
  assert.match(unknown.err, /analyze <file>/);
});

test('the sciwrite command prints the same JSON from its own process', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'extension/cli/main.ts'), 'analyze', join(markdown, 'paper.md'), '--json'], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as AnalyzeResult;
  assert.equal(result.citations.length, 4);
});

test('a real paper: every natbib citation of minimap2 is found, none left unresolved', async () => {
  const file = join(repo, 'test/fixtures/corpus/minimap2/minimap2.tex');
  const text = source(file).split('\n').map((line) => line.replace(/(?<!\\)%.*$/, '')).join('\n');
  const expected = [...text.matchAll(/\\(cite[a-z]*)\*?(?:\[[^\]]*\])*\{([^}]*)\}/g)].map((m) => m[2].split(',').map((k) => k.trim()));
  const result = await analyzeJson(file);
  assert.deepEqual(result.citations.map((c) => c.keys), expected);
  assert.deepEqual(result.citations.flatMap((c) => c.unresolved), []);
});

test('the built `sciwrite` bin (dist/cli.cjs) runs on its own shebang', () => {
  const bin = join(repo, 'dist/cli.cjs');
  if (!existsSync(bin)) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  const run = spawnSync(bin, ['analyze', join(latex, 'main.tex'), '--json'], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as AnalyzeResult;
  assert.equal(result.citations.length, 9);
  const help = spawnSync(bin, [], { encoding: 'utf8' });
  assert.equal(help.status, 2);
  assert.match(help.stderr, /usage: sciwrite <command>/);
});
