// `sciwrite eval ner|intent --model <builtin[:name]|folder|hf-id> --data <file> [--json] [--limit N]`:
// entity-level exact-match P/R/F1 per type and micro (conlleval), or per-class and macro-F1. Built-in
// models run as shipped; Hub and folder models run through the inference engine's pipelines, their
// labels mapped onto the taxonomy (entities) or onto the data's intent labels.
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.ts';
import { readOptionFile } from '../inputs.ts';
import { UsageError, guarded } from '../usage.ts';
import { COMMON_OPTIONS, openFromArgs, threadsOption, type CommonValues } from './model-command.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';
import { taxonomyEntities } from '../../analysis/editor/models.ts';
import { readIntentRows, readNer, type IntentRow, type NerSentence } from '../../core/eval/readers.ts';
import { mapEntityLabel } from '../../core/entities/labels.ts';
import { bareLabel, mapLabel, projectType } from '../../core/taxonomy/map.ts';
import { evaluateNer, type CharEntity, type SentenceTagger } from '../../core/eval/ner-eval.ts';
import { macroF1, type ClassScores } from '../../core/eval/macro-f1.ts';
import type { Prf } from '../../core/eval/conlleval.ts';
import { loadBuiltinTagger } from '../../inference/builtin/tagger.ts';
import { canonicalIntentLabel, INTENT_TASK_LABELS, intentLabelMismatch, intentTaskForLabels, loadBuiltinIntentClassifier, type IntentTask } from '../../inference/builtin/intent.ts';
import type { TokenClassifierModel, TextClassifierModel } from '../../inference/runtime/model.ts';
import { labelSchemeOf, type AggregationStrategy } from '../../inference/pipelines/token-aggregation.ts';

const USAGE = `usage: sciwrite eval ner --model <builtin|folder|hf-id> --data <file.tsv|file.conll> [--json] [--limit N]
       sciwrite eval intent --model <builtin|builtin:scicite|builtin:aclarc|folder|hf-id> --data <file.jsonl> [--json] [--limit N]

ner     entity-level exact-match precision/recall/F1 per taxonomy type and micro-averaged (conlleval),
        counting only the entity types the data file contains, mapped through models/taxonomy.json
        (a Hub or folder model's labels too: JNLPBA's "protein" is Gene/Protein)
intent  per-class precision/recall/F1 and macro-F1; --model builtin picks the SciCite or ACL-ARC
        classifier from the labels in the file; a Hub or folder model must have the file's labels
  --model M               builtin (builtin:tagger, builtin:scicite, builtin:aclarc), a Hugging Face
                          repo id (downloaded once, cached) or a local model folder
  --data F                the data file: token per line (IOB2 or SciERC's IO) for ner, JSON lines for intent
  --limit N               only the first N sentences or examples
  --json                  machine-readable output
  --aggregation S         how a Hub model's tokens become entities: simple (default, as the editor
                          shows them), first, average or max
  --int8, --threads N, --revision R, --offline   for Hub and folder models, as in sciwrite ner
`;

const { text: _text, file: _file, ...MODEL_OPTIONS } = COMMON_OPTIONS;
const OPTIONS = {
  ...MODEL_OPTIONS,
  data: { type: 'string' },
  limit: { type: 'string' },
  aggregation: { type: 'string', default: 'simple' },
} as const;

const AGGREGATIONS: AggregationStrategy[] = ['simple', 'first', 'average', 'max'];

interface EvalArgs extends CommonValues {
  model: string;
  data: string;
  limit?: number;
  aggregation: AggregationStrategy;
}

function parse(argv: string[]): { role: 'ner' | 'intent'; args: EvalArgs } | 'help' {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return 'help';
  const [role, ...extra] = positionals;
  if (role !== 'ner' && role !== 'intent') throw new UsageError(`expected 'ner' or 'intent', got ${role === undefined ? 'nothing' : `'${role}'`}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (values.model === undefined) throw new UsageError('--model is required');
  if (values.data === undefined) throw new UsageError('--data is required');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new UsageError('--limit needs a positive integer');
  const aggregation = values.aggregation as AggregationStrategy;
  if (!AGGREGATIONS.includes(aggregation)) throw new UsageError(`--aggregation must be one of ${AGGREGATIONS.join(', ')}`);
  threadsOption(values);
  return { role, args: { ...values, model: values.model, data: values.data, limit, aggregation } };
}

/** The built-in model a --model value names, or null for a Hub id or folder. */
function builtinName(model: string): string | null {
  if (model === 'builtin') return '';
  return model.startsWith('builtin:') ? model.slice('builtin:'.length) : null;
}

const pct = (x: number): string => (100 * x).toFixed(2).padStart(7);

/** Progress on stderr for the slow runs (Hub models on a CPU): a line every few seconds, and the last. */
function progressLine(io: CommandIo, what: string): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    if (done < total && Date.now() - last < 5000) return;
    last = Date.now();
    io.stderr.write(`${what} ${done} of ${total}\n`);
  };
}

function table(rows: [string, Prf][], io: CommandIo, first = 'type'): void {
  const width = Math.max(10, ...rows.map(([name]) => name.length));
  io.stdout.write(`${first.padEnd(width)}  precision  recall      f1    gold  predicted  correct\n`);
  for (const [name, s] of rows) {
    io.stdout.write(`${name.padEnd(width)}  ${pct(s.precision)}   ${pct(s.recall)} ${pct(s.f1)}  ${String(s.gold).padStart(6)}  ${String(s.predicted).padStart(9)}  ${String(s.correct).padStart(7)}\n`);
  }
}

/** A Hub or folder NER model as a sentence tagger; labels the taxonomy does not know are collected, not scored. */
function hubTagger(model: TokenClassifierModel, spec: string, taxonomy: Taxonomy, aggregation: AggregationStrategy, unknown: Set<string>): SentenceTagger {
  const labelScheme = labelSchemeOf(model.labels.id2label);
  return async (texts) => (await model.ner([...texts], { aggregation, labelScheme })).map((list) => taxonomyEntities(list, taxonomy, spec, unknown));
}

/** The data file read by `read`, its errors naming the file. */
async function readData<T>(file: string, read: (text: string) => T): Promise<T> {
  const text = await readOptionFile('--data', file, 'a data file');
  try {
    return read(text);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The taxonomy types the gold entities count as (what evaluateNer scores); an error when there are none. */
function scoredTypes(sentences: readonly NerSentence[], taxonomy: Taxonomy, data: string): Set<string> {
  const types = new Set<string>();
  const labels = new Set<string>();
  for (const s of sentences) {
    for (const e of s.entities) {
      labels.add(e.label);
      const type = mapLabel(taxonomy, e.label);
      if (type !== null) types.add(type);
    }
  }
  if (types.size > 0) return types;
  if (labels.size === 0) throw new Error(`${data} has no entities to score: every tag is O`);
  throw new Error(`${data} has no entities of a type SciWrite scores: its labels (${[...labels].sort().join(', ')}) are no entity types of models/taxonomy.json`);
}

/**
 * Says which of the data's types the model can never predict (their recall is 0): a warning on stderr,
 * an error when it can predict none of them.
 */
function checkPredictable(name: string, modelTypes: readonly string[], scored: ReadonlySet<string>, taxonomy: Taxonomy, data: string, io: CommandIo): void {
  const reachable = new Set(modelTypes.map((t) => projectType(taxonomy, t, scored)).filter((t): t is string => t !== null));
  const missing = [...scored].filter((t) => !reachable.has(t)).sort();
  const known = [...new Set(modelTypes)].sort().join(', ') || 'none';
  if (reachable.size === 0) throw new Error(`${name} cannot predict any type ${data} is scored on (${[...scored].sort().join(', ')}): its types are ${known}`);
  if (missing.length > 0) io.stderr.write(`sciwrite eval: warning: ${name} cannot predict ${missing.join(', ')} (its types are ${known}): recall 0 there\n`);
}

async function evalNer(args: EvalArgs, io: CommandIo): Promise<number> {
  let sentences = await readData(args.data, (text) => readNer(text));
  if (sentences.length === 0) {
    throw new Error(`${args.data} holds no token and tag lines (expected "token TAB tag" per line, IOB2, or SciERC's "token POS chunk tag", sentences separated by blank lines)`);
  }
  if (args.limit !== undefined) sentences = sentences.slice(0, args.limit);
  const taxonomy = loadTaxonomy();
  const scored = scoredTypes(sentences, taxonomy, args.data);
  const builtin = builtinName(args.model);
  const unknownLabels = new Set<string>();
  let name: string;
  let tagger: SentenceTagger;
  let modelTypes: string[];
  let release = async (): Promise<void> => undefined;
  if (builtin !== null) {
    if (builtin !== '' && builtin !== 'tagger') throw new UsageError(`the built-in entity model is builtin:tagger, not ${args.model}`);
    const model = await loadBuiltinTagger();
    name = model.name;
    modelTypes = model.types;
    tagger = async (texts, types) => {
      const out: CharEntity[][] = [];
      for (const t of texts) out.push(await model.tag(t, { types }));
      return out;
    };
  } else {
    const model = await openFromArgs(args, io);
    release = () => model.release();
    if (model.task !== 'token-classification') {
      await release();
      throw new Error(`${args.model} is a ${model.task} model, not a token-classification (NER) model`);
    }
    name = args.model;
    modelTypes = model.labels.id2label.flatMap((label) => {
      const mapped = mapEntityLabel(taxonomy, bareLabel(label), args.model);
      return mapped?.known ? [mapped.type] : [];
    });
    tagger = hubTagger(model, args.model, taxonomy, args.aggregation, unknownLabels);
  }
  try {
    checkPredictable(name, modelTypes, scored, taxonomy, args.data, io);
    const result = await evaluateNer(sentences, taxonomy, tagger, builtin === null ? { onProgress: progressLine(io, 'sentences tagged:') } : {});
    const unmappedModelLabels = [...unknownLabels].sort();
    if (args.json) {
      io.stdout.write(`${JSON.stringify({ model: name, data: args.data, ...result, ...(builtin === null ? { aggregation: args.aggregation, unmappedModelLabels } : {}) }, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`model ${name}, ${result.sentences} sentences of ${args.data}\n`);
    if (result.unscoredLabels.length > 0) io.stdout.write(`not scored (not taxonomy types): ${result.unscoredLabels.join(', ')}\n`);
    if (unmappedModelLabels.length > 0) io.stdout.write(`model labels the taxonomy does not know (their entities are not counted): ${unmappedModelLabels.join(', ')}\n`);
    // each taxonomy type with the file's own labels it stands for ("Cell = cell_line + cell_type")
    const named = Object.entries(result.perType).map(([type, scores]): [string, Prf] => {
      const labels = result.labelMap[type] ?? [];
      return [labels.length === 1 && labels[0] === type ? type : `${type} = ${labels.join(' + ')}`, scores];
    });
    table([...named, ['micro', result.micro]], io);
    return 0;
  } finally {
    await release();
  }
}

/** Citing sentences a Hub classifier runs as one padded batch. */
const HUB_BATCH = 32;

interface IntentModel {
  name: string;
  classify(texts: readonly string[]): Promise<string[]>;
  release(): Promise<void>;
}

/**
 * A Hub or folder text classifier whose labels are the task's (compared without case: "BACKGROUND" is
 * "background"); any other label set is an error, since its predictions could never be scored.
 */
function hubIntentModel(model: TextClassifierModel, spec: string, task: IntentTask, data: string, io: CommandIo): IntentModel {
  const mismatch = intentLabelMismatch(task, model.labels.id2label);
  if (mismatch) throw new Error(`${spec} cannot be scored on ${data}: ${mismatch}`);
  return {
    name: spec,
    async classify(texts) {
      const progress = progressLine(io, 'examples classified:');
      const labels: string[] = [];
      for (let i = 0; i < texts.length; i += HUB_BATCH) {
        const rows = await model.classify(texts.slice(i, i + HUB_BATCH));
        labels.push(...rows.map((row) => canonicalIntentLabel(task, row[0].label) ?? row[0].label));
        progress(labels.length, texts.length);
      }
      return labels;
    },
    release: () => model.release(),
  };
}

async function openIntentModel(args: EvalArgs, task: IntentTask, io: CommandIo): Promise<IntentModel> {
  const builtin = builtinName(args.model);
  if (builtin !== null) {
    if (builtin !== '' && builtin !== 'scicite' && builtin !== 'aclarc') throw new UsageError(`the built-in intent models are builtin:scicite and builtin:aclarc, not ${args.model}`);
    if (builtin !== '' && builtin !== task) {
      throw new Error(`${args.model} labels ${builtin === 'aclarc' ? 'ACL-ARC' : 'SciCite'} intents; ${args.data} is labelled ${INTENT_TASK_LABELS[task].join(', ')}`);
    }
    const classifier = await loadBuiltinIntentClassifier(task);
    return { name: classifier.name, classify: async (texts) => (await classifier.classify(texts)).map((p) => p.label), release: async () => undefined };
  }
  const model = await openFromArgs(args, io);
  if (model.task !== 'sequence-classification') {
    await model.release();
    throw new Error(`${args.model} is a ${model.task} model, not a text-classification model`);
  }
  try {
    return hubIntentModel(model, args.model, task, args.data, io);
  } catch (error) {
    await model.release();
    throw error;
  }
}

const TASK_NAMES: Record<IntentTask, string> = { scicite: 'SciCite', aclarc: 'ACL-ARC' };

/** Why the rows' labels are no task's: the labels that do not fit the task most of them fit, with their first line. */
function intentLabelsProblem(rows: readonly IntentRow[], data: string): string {
  const misfits = (task: IntentTask) => rows.filter((r) => !INTENT_TASK_LABELS[task].includes(r.label));
  const [task, foreign] = (['scicite', 'aclarc'] as const).map((t): [IntentTask, IntentRow[]] => [t, misfits(t)]).sort((a, b) => a[1].length - b[1].length)[0];
  if (foreign.length === rows.length) {
    return `the labels of ${data} (${[...new Set(rows.map((r) => r.label))].slice(0, 8).join(', ')}) are neither SciCite's (${INTENT_TASK_LABELS.scicite.join(', ')}) nor ACL-ARC's (${INTENT_TASK_LABELS.aclarc.join(', ')})`;
  }
  const first = new Map<string, number>();
  for (const r of foreign) if (!first.has(r.label)) first.set(r.label, r.line);
  const named = [...first].slice(0, 5).map(([label, line]) => `"${label}" (line ${line})`).join(', ');
  return `${data} is labelled with ${TASK_NAMES[task]}'s intents (${INTENT_TASK_LABELS[task].join(', ')}) except ${named}${first.size > 5 ? ` and ${first.size - 5} more` : ''}`;
}

async function evalIntent(args: EvalArgs, io: CommandIo): Promise<number> {
  let rows = await readData(args.data, (text) => readIntentRows(text));
  if (rows.length === 0) throw new Error(`${args.data} holds no examples (expected JSON lines {"text": ..., "label": ...})`);
  if (args.limit !== undefined) rows = rows.slice(0, args.limit);
  const task = intentTaskForLabels(rows.map((r) => r.label));
  if (task === null) throw new Error(intentLabelsProblem(rows, args.data));
  const model = await openIntentModel(args, task, io);
  try {
    const preds = await model.classify(rows.map((r) => r.text));
    const result: ClassScores = macroF1(rows.map((r) => r.label), preds);
    if (args.json) {
      io.stdout.write(`${JSON.stringify({ model: model.name, task, data: args.data, examples: rows.length, ...result }, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`model ${model.name}, ${rows.length} examples of ${args.data}\n`);
    table(Object.entries(result.perClass), io, 'class');
    io.stdout.write(`macro-F1 ${(100 * result.macroF1).toFixed(2)}, accuracy ${(100 * result.accuracy).toFixed(2)}\n`);
    return 0;
  } finally {
    await model.release();
  }
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'eval', USAGE, async () => {
    const parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    return parsed.role === 'ner' ? evalNer(parsed.args, io) : evalIntent(parsed.args, io);
  });
}
