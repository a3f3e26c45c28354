// Tokenizers against transformers 5.17's own encodings recorded in test/fixtures/hf/*/expected.json:
// ids, type ids, attention mask, tokens, offsets and word ids, from every source of tokenizer a repo can have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import type { Tokenizer } from '../../extension/inference/tokenizer/types.ts';
import { codePointToUtf16 } from '../helpers/hf-recorded.ts';

const HF = join(import.meta.dirname, '..', 'fixtures', 'hf');

interface RecordedCase {
  text: string;
  input_ids: number[];
  token_type_ids?: number[];
  attention_mask?: number[];
  tokens: string[];
  offsets: [number, number][];
  word_ids?: (number | null)[];
}

function cases(model: string): RecordedCase[] {
  return (JSON.parse(readFileSync(join(HF, model, 'expected.json'), 'utf8')) as { cases: RecordedCase[] }).cases;
}

function checkCases(tokenizer: Tokenizer, model: string): void {
  for (const c of cases(model)) {
    const e = tokenizer.encode(c.text, { maxLength: tokenizer.modelMaxLength });
    const label = `${model}: ${JSON.stringify(c.text.slice(0, 40))}`;
    assert.deepEqual(e.tokens, c.tokens, label);
    assert.deepEqual(e.ids, c.input_ids, label);
    if (c.token_type_ids) assert.deepEqual(e.typeIds, c.token_type_ids, label);
    if (c.attention_mask) assert.deepEqual(e.attentionMask, c.attention_mask, label);
    const expectedOffsets = c.offsets.map(([s, t]) => [codePointToUtf16(c.text, s), codePointToUtf16(c.text, t)]);
    assert.deepEqual(e.offsets, expectedOffsets, label);
    if (c.word_ids) assert.deepEqual(e.wordIds, c.word_ids, label);
  }
}

async function withFiles(model: string, files: string[], run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-tok-'));
  try {
    for (const f of files) await copyFile(join(HF, model, f), join(dir, f));
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const model of ['tiny-bert-ner', 'tiny-bert-cite', 'tiny-roberta-ner']) {
  test(`${model}: tokenizer.json reproduces transformers' encodings`, async () => {
    checkCases(await loadTokenizer(join(HF, model)), model);
  });
}

test('tiny-bert-ner-vocabonly: vocab.txt + empty tokenizer_config.json lower-cases like BertTokenizer', async () => {
  const tokenizer = await loadTokenizer(join(HF, 'tiny-bert-ner-vocabonly'));
  assert.equal(tokenizer.modelMaxLength, 128);
  checkCases(tokenizer, 'tiny-bert-ner-vocabonly');
});

for (const model of ['tiny-bert-ner', 'tiny-bert-cite']) {
  test(`${model}: vocab.txt + tokenizer_config.json alone give the same encodings`, async () => {
    await withFiles(model, ['vocab.txt', 'tokenizer_config.json', 'config.json'], async (dir) => {
      checkCases(await loadTokenizer(dir), model);
    });
  });
}

test('tiny-roberta-ner: vocab.json + merges.txt alone give the same encodings (byte-level BPE, trimmed offsets)', async () => {
  await withFiles('tiny-roberta-ner', ['vocab.json', 'merges.txt', 'tokenizer_config.json', 'config.json'], async (dir) => {
    checkCases(await loadTokenizer(dir), 'tiny-roberta-ner');
  });
  await withFiles('tiny-roberta-ner', ['vocab.json', 'merges.txt'], async (dir) => {
    checkCases(await loadTokenizer(dir), 'tiny-roberta-ner');
  });
});

test('tiny-bert-embed: a padded batch with [SEP] inside the text matches the recorded batch', async () => {
  const expected = JSON.parse(readFileSync(join(HF, 'tiny-bert-embed', 'expected.json'), 'utf8')) as {
    texts: string[];
    input_ids: number[][];
    attention_mask: number[][];
  };
  const tokenizer = await loadTokenizer(join(HF, 'tiny-bert-embed'));
  const batch = tokenizer.encodeBatch(expected.texts);
  assert.deepEqual(batch.map((e) => e.ids), expected.input_ids);
  assert.deepEqual(batch.map((e) => e.attentionMask), expected.attention_mask);
  // The [SEP] written in the text is an ordinary token of the text (special_tokens_mask 0) with its own span.
  const first = batch[0];
  const sepAt = first.ids.indexOf(tokenizer.sepTokenId as number);
  assert.deepEqual(first.offsets[sepAt], [4, 9]);
  assert.equal(first.specialTokensMask[sepAt], 0);
  assert.equal(first.specialTokensMask[first.specialTokensMask.length - 1], 1);
});

test('tokenizer.json alone (no tokenizer_config.json): special tokens come from the template and conventional names', async () => {
  for (const [model, pad] of [['tiny-bert-ner', 0], ['tiny-roberta-ner', 1]] as const) {
    await withFiles(model, ['tokenizer.json'], async (dir) => {
      const tokenizer = await loadTokenizer(dir);
      assert.equal(tokenizer.padTokenId, pad, model);
      assert.equal(tokenizer.clsTokenId, model === 'tiny-bert-ner' ? 2 : 0);
      assert.equal(tokenizer.sepTokenId, model === 'tiny-bert-ner' ? 3 : 2);
      assert.equal(tokenizer.modelMaxLength, 512);
      checkCases(tokenizer, model);
    });
  }
});

test('vocab.txt with do_lower_case=false is the cased tokenizer of tiny-bert-ner (same vocabulary)', async () => {
  await withFiles('tiny-bert-ner-vocabonly', ['vocab.txt', 'config.json'], async (dir) => {
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: false, model_max_length: 128 }));
    // special_tokens_map.json in its object form, as newer transformers writes it.
    const obj = (content: string) => ({ content, lstrip: false, rstrip: false, normalized: false, single_word: false });
    await writeFile(
      join(dir, 'special_tokens_map.json'),
      JSON.stringify({ unk_token: obj('[UNK]'), sep_token: obj('[SEP]'), pad_token: obj('[PAD]'), cls_token: obj('[CLS]'), mask_token: obj('[MASK]') }),
    );
    checkCases(await loadTokenizer(dir), 'tiny-bert-ner');
  });
});

test('a folder without any tokenizer files is refused with a clear error', async () => {
  await withFiles('tiny-bert-ner', ['config.json'], async (dir) => {
    await assert.rejects(loadTokenizer(dir), /no tokenizer\.json, vocab\.txt, or vocab\.json with merges\.txt/);
  });
});
