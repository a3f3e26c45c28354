// sciwrite ner --model <builtin|hf-id|folder> (--text T | --file F) [--aggregation S] [--json]
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.ts';
import { loadBuiltinTagger } from '../../inference/builtin/tagger.ts';
import { labelSchemeOf, type AggregationStrategy } from '../../inference/pipelines/token-aggregation.ts';
import { COMMON_HELP, COMMON_OPTIONS, inputText, openFromArgs, threadsOption } from './model-command.ts';
import { UsageError, guarded } from '../usage.ts';

const USAGE = `usage: sciwrite ner --model <builtin|hf-id|folder> (--text T | --file F) [--aggregation none|simple|first|average|max] [--json]
Named entities from a token-classification model, as transformers' pipeline gives them (except
that a model with BIOES or BILOU labels gets whole entities, where transformers splits them); with
--model builtin, the tagger shipped in SciWrite (its spans, typed by the taxonomy; no aggregation).
  --model M               builtin (the tagger shipped in SciWrite), a Hugging Face repo id
                          (downloaded once, cached) or a local model folder
${COMMON_HELP}  --aggregation S         how tokens become entities (default simple)
`;

/** The built-in tagger's entities, printed as the pipeline's grouped entities are. */
async function builtinEntities(text: string, io: CommandIo, json: boolean): Promise<number> {
  const tagger = await loadBuiltinTagger();
  const entities = (await tagger.tag(text)).map((e) => ({ entity_group: e.type, score: e.score, word: text.slice(e.start, e.end), start: e.start, end: e.end }));
  if (json) io.stdout.write(`${JSON.stringify(entities)}\n`);
  else for (const e of entities) io.stdout.write(`${e.start}-${e.end}\t${e.entity_group}\t${e.score.toFixed(3)}\t${e.word}\n`);
  return 0;
}

const STRATEGIES: AggregationStrategy[] = ['none', 'simple', 'first', 'average', 'max'];

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'ner', USAGE, async () => {
    const { values } = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, aggregation: { type: 'string' } }, strict: true });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const aggregation = (values.aggregation ?? 'simple') as AggregationStrategy;
    if (!STRATEGIES.includes(aggregation)) throw new UsageError(`--aggregation must be one of ${STRATEGIES.join(', ')}`);
    const builtin = values.model === 'builtin' || values.model === 'builtin:tagger';
    if (builtin && values.aggregation !== undefined) throw new UsageError('--aggregation groups a Hub model\'s word pieces into entities; the built-in tagger reads whole words and has none to group');
    threadsOption(values);
    const text = await inputText(values);
    if (builtin) return builtinEntities(text, io, values.json);
    const model = await openFromArgs(values, io, { task: 'token-classification' });
    try {
      if (model.task !== 'token-classification') throw new Error(`${values.model} is not a token-classification model (its head: ${model.task})`);
      const [entities] = await model.ner([text], { aggregation, labelScheme: labelSchemeOf(model.labels.id2label) });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(entities)}\n`);
      } else {
        for (const e of entities) {
          const label = 'entity_group' in e ? e.entity_group : e.entity;
          io.stdout.write(`${e.start}-${e.end}\t${label}\t${e.score.toFixed(3)}\t${e.word}\n`);
        }
      }
      return 0;
    } finally {
      await model.release();
    }
  });
}
