// What `sciwrite ner|classify|embed` share: --model/--text/--file/--json/--int8/--threads/--offline
// parsing and opening the model.
import type { ParseArgsConfig } from 'node:util';
import { readOptionFile } from '../inputs.ts';
import type { CommandIo } from '../io.ts';
import { missingModelFolder } from '../model-spec.ts';
import { UsageError } from '../usage.ts';
import { openModel, type OpenModelOptions } from '../../inference/runtime/open.ts';
import type { LoadedModel } from '../../inference/runtime/model.ts';

export const MODEL_HELP = `  --model <hf-id|folder>  a Hugging Face repo id (downloaded once, cached) or a local model folder
`;

export const COMMON_OPTIONS = {
  model: { type: 'string' },
  text: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean', default: false },
  int8: { type: 'boolean', default: false },
  threads: { type: 'string' },
  revision: { type: 'string' },
  offline: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** The options every model command shares, after its own `--model` line (MODEL_HELP or its own). */
export const COMMON_HELP = `  --text T | --file F     the input text, given inline or read from a UTF-8 file
  --json                  machine-readable output
  --int8                  run an int8-quantised copy of the model (faster, slightly less exact)
  --threads N             onnxruntime intra-op threads
  --revision R            Hub branch, tag or commit (default main)
  --offline               use only models already downloaded
`;

export interface CommonValues {
  model?: string;
  text?: string;
  file?: string;
  json: boolean;
  int8: boolean;
  threads?: string;
  revision?: string;
  offline: boolean;
}

/** The input text of --text or --file; an empty one (white space only) is a usage error. */
export async function inputText(v: CommonValues): Promise<string> {
  if ((v.text === undefined) === (v.file === undefined)) throw new UsageError('give exactly one of --text and --file');
  const text = v.text ?? (await readOptionFile('--file', v.file!, 'a text file'));
  if (text.trim() === '') throw new UsageError(v.text === undefined ? `the text is empty: --file ${v.file} holds no text` : 'the text is empty: give --text a sentence or more');
  return text;
}

/**
 * --threads as a number (undefined when not given); anything but a positive integer is a usage error.
 * Commands call it before their built-in models' early return, so a mistake is said for those too.
 */
export function threadsOption(v: Pick<CommonValues, 'threads'>): number | undefined {
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new UsageError('--threads needs a positive integer');
  return threads;
}

export async function openFromArgs(v: CommonValues, io: CommandIo, extra: OpenModelOptions = {}): Promise<LoadedModel> {
  if (!v.model) throw new UsageError('--model is required');
  for (const [flag, spec] of [['--model', v.model], ['--adapter', extra.adapter]] as const) {
    const missing = spec === undefined ? undefined : missingModelFolder(spec);
    if (missing) throw new Error(`${flag}: ${missing}`);
  }
  const threads = threadsOption(v);
  let lastFile = '';
  return openModel(v.model, {
    ...extra,
    revision: v.revision,
    quantization: v.int8 ? 'int8' : 'none',
    session: threads ? { intraOpThreads: threads } : {},
    onWarning: (message) => io.stderr.write(`${message}\n`),
    store: {
      ...(v.offline ? { offline: true } : {}),
      onProgress: (p) => {
        if (p.note) io.stderr.write(`${p.note}\n`);
        else if (!p.cached && p.file !== lastFile) {
          io.stderr.write(`downloading ${p.file}\n`);
          lastFile = p.file;
        }
      },
    },
  });
}
