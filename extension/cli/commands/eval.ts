// `sciwrite eval ner|intent --model <builtin|folder|hf-id> --data <file> [--json] [--limit N]`:
// entity-level exact-match P/R/F1 per type and micro (conlleval), or per-class and macro-F1.
import { readFile } from 'node:fs/promises';
import type { CommandIo } from '../io.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import { readIntentJsonl, readNer } from '../../core/eval/readers.ts';
import { evaluateNer, type NerEvaluation } from '../../core/eval/ner-eval.ts';
import { macroF1, type ClassScores } from '../../core/eval/macro-f1.ts';
import type { Prf } from '../../core/eval/conlleval.ts';
import { loadBuiltinTagger } from '../../inference/builtin/tagger.ts';
import { intentTaskForLabels, loadBuiltinIntentClassifier } from '../../inference/builtin/intent.ts';

const USAGE = `usage: sciwrite eval ner --model <builtin|folder|hf-id> --data <file.tsv|file.conll> [--json] [--limit N]
       sciwrite eval intent --model <builtin|folder|hf-id> --data <file.jsonl> [--json] [--limit N]

ner     entity-level exact-match precision/recall/F1 per taxonomy type and micro-averaged (conlleval),
        counting only the entity types the data file contains, mapped through models/taxonomy.json
intent  per-class precision/recall/F1 and macro-F1; --model builtin picks the SciCite or ACL-ARC
        classifier from the labels in the file
`;

interface EvalArgs {
  role: 'ner' | 'intent';
  model: string;
  data: string;
  json: boolean;
  limit?: number;
}

function parseArgs(argv: string[]): EvalArgs | string {
  const [role, ...rest] = argv;
  if (role !== 'ner' && role !== 'intent') return `expected 'ner' or 'intent', got ${role === undefined ? 'nothing' : `'${role}'`}`;
  let model: string | undefined;
  let data: string | undefined;
  let json = false;
  let limit: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--model' || a === '--data' || a === '--limit') {
      const v = rest[++i];
      if (v === undefined) return `${a} needs a value`;
      if (a === '--model') model = v;
      else if (a === '--data') data = v;
      else {
        limit = Number(v);
        if (!Number.isInteger(limit) || limit <= 0) return '--limit needs a positive integer';
      }
    } else return `unknown argument '${a}'`;
  }
  if (model === undefined) return '--model is required';
  if (data === undefined) return '--data is required';
  return { role, model, data, json, limit };
}

const pct = (x: number): string => (100 * x).toFixed(2).padStart(7);

function table(rows: [string, Prf][], io: CommandIo, first = 'type'): void {
  const width = Math.max(10, ...rows.map(([name]) => name.length));
  io.stdout.write(`${first.padEnd(width)}  precision  recall      f1    gold  predicted  correct\n`);
  for (const [name, s] of rows) {
    io.stdout.write(`${name.padEnd(width)}  ${pct(s.precision)}   ${pct(s.recall)} ${pct(s.f1)}  ${String(s.gold).padStart(6)}  ${String(s.predicted).padStart(9)}  ${String(s.correct).padStart(7)}\n`);
  }
}

async function evalNer(args: EvalArgs, io: CommandIo): Promise<number> {
  if (args.model !== 'builtin') {
    io.stderr.write(`sciwrite eval: only --model builtin is available for ner so far (Hub and folder models come through the inference engine's token-classification pipeline)\n`);
    return 2;
  }
  let sentences = readNer(await readFile(args.data, 'utf8'));
  if (args.limit !== undefined) sentences = sentences.slice(0, args.limit);
  const taxonomy = loadTaxonomy();
  const tagger = await loadBuiltinTagger();
  const result: NerEvaluation = await evaluateNer(sentences, taxonomy, (text, types) => tagger.tag(text, { types }));
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ model: tagger.name, data: args.data, ...result }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`model ${tagger.name}, ${result.sentences} sentences of ${args.data}\n`);
  if (result.unscoredLabels.length > 0) io.stdout.write(`not scored (not taxonomy types): ${result.unscoredLabels.join(', ')}\n`);
  table([...Object.entries(result.perType), ['micro', result.micro]], io);
  return 0;
}

async function evalIntent(args: EvalArgs, io: CommandIo): Promise<number> {
  let rows = readIntentJsonl(await readFile(args.data, 'utf8'));
  if (args.limit !== undefined) rows = rows.slice(0, args.limit);
  if (args.model !== 'builtin') {
    io.stderr.write(`sciwrite eval: only --model builtin is available for intent so far (Hub and folder models come through the inference engine's text-classification pipeline)\n`);
    return 2;
  }
  const task = intentTaskForLabels(rows.map((r) => r.label));
  if (task === null) {
    io.stderr.write(`sciwrite eval: the labels of ${args.data} are neither SciCite's (background, method, result) nor ACL-ARC's (Background, Uses, CompareOrContrast, Motivation, Extends, Future)\n`);
    return 1;
  }
  const classifier = await loadBuiltinIntentClassifier(task);
  const preds = await classifier.classify(rows.map((r) => r.text));
  const result: ClassScores = macroF1(rows.map((r) => r.label), preds.map((p) => p.label));
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ model: classifier.name, task, data: args.data, examples: rows.length, ...result }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`model ${classifier.name}, ${rows.length} examples of ${args.data}\n`);
  table(Object.entries(result.perClass), io, 'class');
  io.stdout.write(`macro-F1 ${(100 * result.macroF1).toFixed(2)}, accuracy ${(100 * result.accuracy).toFixed(2)}\n`);
  return 0;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`sciwrite eval: ${args}\n\n${USAGE}`);
    return 2;
  }
  try {
    return args.role === 'ner' ? await evalNer(args, io) : await evalIntent(args, io);
  } catch (err) {
    io.stderr.write(`sciwrite eval: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
