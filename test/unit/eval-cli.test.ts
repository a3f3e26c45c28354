// `sciwrite eval` end to end through its run() entry point, on real data files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../extension/cli/commands/eval.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import { findModelsDir } from '../../extension/core/taxonomy/models-dir.ts';
import { macroF1 } from '../../extension/core/eval/macro-f1.ts';
import { readIntentJsonl } from '../../extension/core/eval/readers.ts';
import { canonicalIntentLabel, intentLabelMismatch } from '../../extension/inference/builtin/intent.ts';

const scicite = new URL('../../../shared/datasets/citation-intent/sci-cite/dev.jsonl', import.meta.url);

test('eval intent --json on SciCite dev agrees with the recipe’s own predictions', { skip: !existsSync(scicite) && 'shared/datasets is not on this machine' }, async () => {
  const io = new BufferIo();
  const code = await run(['intent', '--model', 'builtin', '--data', scicite.pathname, '--limit', '200', '--json'], io);
  assert.equal(code, 0, io.err);
  const out = JSON.parse(io.out) as { task: string; macroF1: number; perClass: Record<string, { f1: number }> };
  assert.equal(out.task, 'scicite');
  const gold = readIntentJsonl(readFileSync(scicite, 'utf8')).slice(0, 200).map((r) => r.label);
  const logged = JSON.parse(readFileSync(join(findModelsDir(), 'intent', 'scicite', 'dev-predictions.json'), 'utf8')) as { predictions: string[] };
  const want = macroF1(gold, logged.predictions.slice(0, 200));
  assert.ok(Math.abs(out.macroF1 - want.macroF1) < 0.01, `${out.macroF1} vs ${want.macroF1}`);
  assert.deepEqual(Object.keys(out.perClass).sort(), ['background', 'method', 'result']);
});

test('eval ner --json scores only the file’s types, mapped through the taxonomy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-eval-'));
  const file = join(dir, 'tiny.tsv');
  // two BC5CDR-style sentences; SciERC-only types never appear in the result
  writeFileSync(file, 'Naloxone\tB-Chemical\nreverses\tO\nthe\tO\nantihypertensive\tO\neffect\tO\nof\tO\nclonidine\tB-Chemical\n.\tO\n\nLidocaine\tB-Chemical\n-\tO\ninduced\tO\ncardiac\tB-Disease\nasystole\tI-Disease\n.\tO\n');
  const io = new BufferIo();
  const code = await run(['ner', '--model', 'builtin', '--data', file, '--json'], io);
  assert.equal(code, 0, io.err);
  const out = JSON.parse(io.out) as { micro: { gold: number; precision: number; recall: number; f1: number }; perType: Record<string, { gold: number }>; labelMap: Record<string, string[]> };
  assert.equal(out.micro.gold, 4);
  assert.deepEqual(out.labelMap, { Chemical: ['Chemical'], Disease: ['Disease'] });
  for (const t of Object.keys(out.perType)) assert.ok(t === 'Chemical' || t === 'Disease', t);
  for (const v of [out.micro.precision, out.micro.recall, out.micro.f1]) assert.ok(v >= 0 && v <= 1, 'micro scores in [0, 1]');
});

test('eval: usage errors exit 2 with a message', async () => {
  const io = new BufferIo();
  assert.equal(await run(['ner', '--data', 'x.tsv'], io), 2);
  assert.match(io.err, /--model is required/);
  const io2 = new BufferIo();
  assert.equal(await run(['pos'], io2), 2);
  const io3 = new BufferIo();
  assert.equal(await run(['--help'], io3), 0);
  assert.match(io3.out, /sciwrite eval ner/);
});

test('an intent model\'s labels must be its task\'s, in any case; transformers\' default names come with a hint', () => {
  assert.equal(intentLabelMismatch('scicite', ['BACKGROUND', 'Method', 'result']), undefined);
  assert.equal(canonicalIntentLabel('aclarc', 'compareorcontrast'), 'CompareOrContrast');
  // ACL-ARC's first release and SciCite's paper spell them so
  assert.deepEqual(['BACKGROUND', 'COMPARES_CONTRASTS', 'EXTENDS', 'FUTURE', 'MOTIVATION', 'USES'].map((l) => canonicalIntentLabel('aclarc', l)), ['Background', 'CompareOrContrast', 'Extends', 'Future', 'Motivation', 'Uses']);
  assert.deepEqual(['background information', 'method', 'results comparison'].map((l) => canonicalIntentLabel('scicite', l)), ['background', 'method', 'result']);
  assert.equal(canonicalIntentLabel('scicite', 'Uses'), undefined);
  assert.equal(intentLabelMismatch('aclarc', ['background', 'method', 'result']), "its labels are background, method, result, not ACL-ARC's: Background, Uses, CompareOrContrast, Motivation, Extends, Future");
  assert.match(intentLabelMismatch('scicite', ['LABEL_0', 'LABEL_1', 'LABEL_2']) ?? '', /not SciCite's: background, method, result \(a copy in a folder, its config\.json's id2label naming them, can be used\)$/);
});

/** A data file in a fresh temporary folder. */
function dataFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sciwrite-eval-data-')), name);
  writeFileSync(file, text);
  return file;
}

test('eval ner refuses data it cannot score: JSON lines, an empty file, no tag lines, no taxonomy types', async () => {
  const cases: [string, string, RegExp][] = [
    ['intents.jsonl', '{"text": "We use BERT [1].", "label": "method"}\n', /intents\.jsonl: line 1 is a JSON object, not a token and its tag: .*sciwrite eval intent/],
    ['empty.tsv', '', /empty\.tsv holds no token and tag lines/],
    ['prose.txt', 'This is a sentence of prose.\n', /prose\.txt: line 1: "prose\." is not a tag/],
    ['per.tsv', 'John\tB-PER\nlives\tO\nin\tO\nParis\tB-LOC\n', /per\.tsv has no entities of a type SciWrite scores: its labels \(LOC, PER\)/],
    ['all-o.tsv', 'Nothing\tO\nhere\tO\n', /all-o\.tsv has no entities to score: every tag is O/],
  ];
  for (const [name, text, message] of cases) {
    const io = new BufferIo();
    assert.equal(await run(['ner', '--model', 'builtin', '--data', dataFile(name, text)], io), 1, `${name}: ${io.err}`);
    assert.match(io.err, message);
    assert.equal(io.out, '', 'no score table');
  }
});

test('eval intent: a line that is not JSON and a foreign label are named with their line', async () => {
  let io = new BufferIo();
  const tsv = dataFile('ner.tsv', 'BRCA1\tO\n');
  assert.equal(await run(['intent', '--model', 'builtin', '--data', tsv], io), 1);
  assert.match(io.err, /ner\.tsv: line 1 is not JSON \(a token and its tag\? .*sciwrite eval ner\): "BRCA1\\tO"/);

  const rows = ['background', 'method', 'result', 'method', '', 'uses', 'result'].map((label) => (label ? JSON.stringify({ text: 'A citing sentence [1].', label }) : ''));
  io = new BufferIo();
  assert.equal(await run(['intent', '--model', 'builtin', '--data', dataFile('one-foreign.jsonl', rows.join('\n'))], io), 1);
  assert.match(io.err, /one-foreign\.jsonl is labelled with SciCite's intents \(background, method, result\) except "uses" \(line 6\)/);

  io = new BufferIo();
  assert.equal(await run(['intent', '--model', 'builtin', '--data', dataFile('empty.jsonl', '\n')], io), 1);
  assert.match(io.err, /empty\.jsonl holds no examples/);
});
