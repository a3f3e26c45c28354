// sciwrite classify --model <builtin:scicite|builtin:aclarc|hf-id|folder> (--text T | --file F) [--json]
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.ts';
import { COMMON_HELP, COMMON_OPTIONS, inputText, openFromArgs, threadsOption } from './model-command.ts';
import { UsageError, guarded } from '../usage.ts';
import { loadBuiltinIntentClassifier } from '../../inference/builtin/intent.ts';

const USAGE = `usage: sciwrite classify --model <builtin:scicite|builtin:aclarc|hf-id|folder> (--text T | --file F) [--json]
Every label of a sequence-classification model with its score, highest first; builtin:scicite and
builtin:aclarc are SciWrite's citation-intent classifiers (the text: a citing sentence, its
citation shown as "(Smith et al., 2020)" or "[12]").
  --model M               builtin:scicite or builtin:aclarc (shipped in SciWrite), a Hugging Face repo
                          id (downloaded once, cached) or a local model folder
${COMMON_HELP}`;

function print(scores: { label: string; score: number }[], io: CommandIo, json: boolean): void {
  if (json) io.stdout.write(`${JSON.stringify(scores.map(({ label, score }) => ({ label, score })))}\n`);
  else for (const s of scores) io.stdout.write(`${s.score.toFixed(4)}\t${s.label}\n`);
}

async function builtinScores(model: string, text: string): Promise<{ label: string; score: number }[]> {
  const task = model.slice('builtin:'.length);
  if (task !== 'scicite' && task !== 'aclarc') throw new UsageError(`the built-in classifiers are builtin:scicite and builtin:aclarc, not ${model}`);
  const [prediction] = await (await loadBuiltinIntentClassifier(task)).classify([text]);
  return Object.entries(prediction.scores)
    .map(([label, score]) => ({ label, score }))
    .sort((a, b) => b.score - a.score);
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'classify', USAGE, async () => {
    const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS, strict: true });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    threadsOption(values);
    const text = await inputText(values);
    if (values.model === 'builtin') throw new UsageError('name the built-in classifier: builtin:scicite or builtin:aclarc');
    if (values.model?.startsWith('builtin:')) {
      print(await builtinScores(values.model, text), io, values.json);
      return 0;
    }
    const model = await openFromArgs(values, io, { task: 'sequence-classification' });
    try {
      if (model.task !== 'sequence-classification') throw new Error(`${values.model} is not a sequence-classification model (its head: ${model.task})`);
      const [scores] = await model.classify([text]);
      print(scores, io, values.json);
      return 0;
    } finally {
      await model.release();
    }
  });
}
