// sciwrite classify --model <hf-id|folder> (--text T | --file F) [--json]
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.ts';
import { COMMON_HELP, COMMON_OPTIONS, inputText, openFromArgs } from './model-command.ts';
import { guarded } from '../usage.ts';

const USAGE = `usage: sciwrite classify --model <hf-id|folder> (--text T | --file F) [--json]
Every label of a sequence-classification model with its score, highest first.
${COMMON_HELP}`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'classify', USAGE, async () => {
    const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS, strict: true });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const text = await inputText(values);
    const model = await openFromArgs(values, io);
    try {
      if (model.task !== 'sequence-classification') throw new Error(`${values.model} is not a sequence-classification model (its head: ${model.task})`);
      const [scores] = await model.classify([text]);
      if (values.json) io.stdout.write(`${JSON.stringify(scores.map(({ label, score }) => ({ label, score })))}\n`);
      else for (const s of scores) io.stdout.write(`${s.score.toFixed(4)}\t${s.label}\n`);
      return 0;
    } finally {
      await model.release();
    }
  });
}
