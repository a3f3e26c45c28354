// Re-records test/unit/tokenizer-rust-golden.json with the tokenizers crate itself (the Rust library behind
// transformers' fast tokenizers) through its old Node binding: npm `tokenizers` 0.13.3, whose linux-x64 binary was
// only ever published as tokenizers-linux-x64-gnu 0.13.4-rc2. @huggingface/tokenizers, our dependency, is a JS port
// that departs from the crate, so it cannot be the oracle.
// The inputs (texts, token lists, pair and window cases, which models each part covers) are read from the golden
// itself: most are random strings whose generator was not kept. Only the note and the outputs are recomputed.
//
//   node scripts/record-tokenizer-golden.mjs <out.json>
//
// Pass the golden's own path to update it (on purpose only). The binding is installed once under the temp folder,
// outside the project (package.json is not touched). Linux x64 only: the note names that binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const GOLDEN = join(root, 'test', 'unit', 'tokenizer-rust-golden.json');
const FIXTURES = join(root, 'test', 'fixtures', 'hf');
const PACKAGES = ['tokenizers@0.13.3', 'tokenizers-linux-x64-gnu@0.13.4-rc2'];
const NOTE =
  'Encodings by the tokenizers crate (Rust; npm tokenizers 0.13.3 with tokenizers-linux-x64-gnu 0.13.4-rc2) of the ' +
  "fixtures' tokenizer.json. Offsets are code points, as the crate reports them. Regenerate only on purpose. " +
  "\"decoded\": the crate's decoder.decode(tokens), i.e. transformers' convert_tokens_to_string. " +
  '"pairs": encode(a, b) with LongestFirst truncation to maxLength. ' +
  "\"windows\": truncation to maxLength with stride and the overflowing encodings, as transformers' return_overflowing_tokens.";

function loadBinding() {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('linux-x64 only: the golden names that binary');
  const prefix = join(tmpdir(), 'sciwrite-tokenizers-0.13.3');
  if (!existsSync(join(prefix, 'node_modules', 'tokenizers-linux-x64-gnu'))) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...PACKAGES], { cwd: prefix, stdio: 'inherit' });
  }
  return createRequire(join(prefix, 'package.json'))('tokenizers');
}

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/record-tokenizer-golden.mjs <out.json>');
  process.exit(2);
}

const { Tokenizer } = loadBinding();
const inputs = JSON.parse(readFileSync(GOLDEN, 'utf8'));

// The crate 0.13 reads BPE merges only as "a b" strings; tokenizer.json files written since 0.20 hold [a, b] pairs.
function load(model) {
  const json = JSON.parse(readFileSync(join(FIXTURES, model, 'tokenizer.json'), 'utf8'));
  if (Array.isArray(json.model.merges?.[0])) {
    if (json.model.merges.some((pair) => pair.some((part) => part.includes(' ')))) throw new Error(`${model}: a merge holds a space`);
    json.model.merges = json.model.merges.map((pair) => pair.join(' '));
  }
  return Tokenizer.fromString(JSON.stringify(json));
}

// Each part of the golden covers the models it already lists, in the same order.
async function perModel(part, record) {
  const result = {};
  for (const model of Object.keys(part)) result[model] = await record(load(model), model);
  return result;
}

async function inOrder(items, record) {
  const result = [];
  for (const item of items) result.push(await record(item));
  return result;
}

const golden = {
  note: NOTE,
  texts: inputs.texts,
  models: await perModel(inputs.models, (tokenizer) =>
    inOrder(inputs.texts, async (text) => {
      const e = await tokenizer.encode(text);
      return { ids: e.getIds(), offsets: e.getOffsets() };
    }),
  ),
  decoded: await perModel(inputs.decoded, async (tokenizer, model) =>
    inputs.decoded[model].map(({ tokens }) => ({ tokens, text: tokenizer.getDecoder().decode(tokens) })),
  ),
  pairs: {
    cases: inputs.pairs.cases,
    models: await perModel(inputs.pairs.models, (tokenizer) =>
      inOrder(inputs.pairs.cases, async ({ a, b, maxLength }) => {
        if (maxLength === null) tokenizer.disableTruncation();
        else tokenizer.setTruncation(maxLength, { strategy: 'LongestFirst' });
        const e = await tokenizer.encode(a, b);
        return {
          ids: e.getIds(),
          typeIds: e.getTypeIds(),
          offsets: e.getOffsets(),
          sequenceIds: e.getSequenceIds(),
          specialTokensMask: e.getSpecialTokensMask(),
        };
      }),
    ),
  },
  windows: {
    cases: inputs.windows.cases,
    models: await perModel(inputs.windows.models, (tokenizer) =>
      inOrder(inputs.windows.cases, async ({ text, maxLength, stride }) => {
        tokenizer.setTruncation(maxLength, { stride });
        const e = await tokenizer.encode(text);
        return [e, ...e.getOverflowing()].map((w) => ({ ids: w.getIds(), offsets: w.getOffsets() }));
      }),
    ),
  },
};
writeFileSync(out, JSON.stringify(golden));
