// sciwrite embed --model <hf-id|folder> (--text T | --file F) [--adapter A] [--pooling cls|mean] [--json]
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.ts';
import { COMMON_HELP, COMMON_OPTIONS, MODEL_HELP, inputText, openFromArgs, threadsOption } from './model-command.ts';
import { UsageError, guarded } from '../usage.ts';

const USAGE = `usage: sciwrite embed --model <hf-id|folder> (--text T | --file F) [--adapter <hf-id|folder>] [--pooling cls|mean] [--json]
The text's embedding from the encoder's last hidden state (SPECTER2: "title[SEP]abstract", CLS pooling).
${MODEL_HELP}${COMMON_HELP}  --adapter A             an adapters-library bottleneck adapter (e.g. allenai/specter2)
  --pooling cls|mean      first-token or attention-masked mean pooling (default cls)
`;

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'embed', USAGE, async () => {
    const { values } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, adapter: { type: 'string' }, pooling: { type: 'string', default: 'cls' } },
      strict: true,
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const pooling = values.pooling;
    if (pooling !== 'cls' && pooling !== 'mean') throw new UsageError('--pooling must be cls or mean');
    if (values.model === 'builtin' || values.model?.startsWith('builtin:')) {
      throw new UsageError('there is no built-in embeddings model: name a Hugging Face encoder (e.g. allenai/specter2_base) or a model folder; without one, sciwrite related ranks papers by BM25 alone');
    }
    threadsOption(values);
    const text = await inputText(values);
    const model = await openFromArgs(values, io, { head: 'embedding', adapter: values.adapter });
    try {
      if (model.task !== 'embedding') throw new Error('internal: embedding head expected');
      const [vector] = await model.embed([text], { pooling });
      io.stdout.write(values.json ? `${JSON.stringify(Array.from(vector))}\n` : `${Array.from(vector, (v) => v.toFixed(6)).join(' ')}\n`);
      return 0;
    } finally {
      await model.release();
    }
  });
}
