// Golden re-recorded by scripts/record-tokenizer-golden.mjs (the crate's Node binding; inputs kept in the golden).
// Adversarial texts (final sigma, CJK outside the BMP, BOM, NEL, lone surrogates, combining marks, compatibility
// and format characters, special tokens written in the text, emoji sequences...) against the encodings the
// tokenizers crate itself produced for the same tokenizer.json — transformers' fast tokenizers are that crate.
// tokenizer-rust-golden.json was recorded once with the crate's Node binding (see its note); ids and offsets
// must match exactly, from tokenizer.json and from the vocab files alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import type { Tokenizer } from '../../extension/inference/tokenizer/types.ts';
import { HF_FIXTURES, codePointToUtf16 } from '../helpers/hf-recorded.ts';

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'tokenizer-rust-golden.json'), 'utf8')) as {
  texts: string[];
  models: Record<string, { ids: number[]; offsets: [number, number][] }[]>;
};

function check(tokenizer: Tokenizer, model: string): void {
  golden.texts.forEach((text, k) => {
    const want = golden.models[model][k];
    const e = tokenizer.encode(text);
    const wellFormed = text.replace(/\p{Cs}/gu, '\uFFFD');
    assert.deepEqual(e.ids, want.ids, `${model} text ${k} ${JSON.stringify(text)}`);
    assert.deepEqual(
      e.offsets,
      want.offsets.map(([s, t]) => [codePointToUtf16(wellFormed, s), codePointToUtf16(wellFormed, t)]),
      `${model} offsets of text ${k} ${JSON.stringify(text)}`,
    );
  });
}

const vocabFiles: Record<string, string[]> = {
  'tiny-bert-ner': ['vocab.txt', 'tokenizer_config.json'],
  'tiny-bert-cite': ['vocab.txt', 'tokenizer_config.json'],
  'tiny-roberta-ner': ['vocab.json', 'merges.txt', 'tokenizer_config.json'],
};

for (const model of Object.keys(golden.models)) {
  test(`${model}: adversarial texts encode exactly as the tokenizers crate does (tokenizer.json and vocab files)`, async () => {
    check(await loadTokenizer(join(HF_FIXTURES, model)), model);
    const dir = await mkdtemp(join(tmpdir(), 'sciwrite-golden-'));
    try {
      for (const f of vocabFiles[model]) await copyFile(join(HF_FIXTURES, model, f), join(dir, f));
      check(await loadTokenizer(dir), model);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

const decoded = (golden as unknown as { decoded: Record<string, { tokens: string[]; text: string }[]> }).decoded;

for (const model of Object.keys(decoded)) {
  test(`${model}: tokens back to text exactly as the crate's decoder (transformers' convert_tokens_to_string)`, async () => {
    const tokenizer = await loadTokenizer(join(HF_FIXTURES, model));
    for (const { tokens, text } of decoded[model]) assert.equal(tokenizer.convertTokensToString(tokens), text, JSON.stringify(tokens));
  });
}

const pairs = (golden as unknown as {
  pairs: {
    cases: { a: string; b: string; maxLength: number | null }[];
    models: Record<string, { ids: number[]; typeIds: number[]; offsets: [number, number][]; sequenceIds: (number | null)[]; specialTokensMask: number[] }[]>;
  };
}).pairs;

for (const model of Object.keys(pairs.models)) {
  test(`${model}: sentence pairs, with longest-first truncation, encode exactly as the crate does`, async () => {
    const tokenizer = await loadTokenizer(join(HF_FIXTURES, model));
    pairs.cases.forEach(({ a, b, maxLength }, k) => {
      const want = pairs.models[model][k];
      const e = tokenizer.encode(a, { pair: b, maxLength: maxLength ?? undefined });
      assert.deepEqual(e.ids, want.ids, `pair ${k}`);
      assert.deepEqual(e.typeIds, want.typeIds, `pair ${k}`);
      assert.deepEqual(e.sequenceIds, want.sequenceIds, `pair ${k}`);
      assert.deepEqual(e.specialTokensMask, want.specialTokensMask, `pair ${k}`);
      const offsets = want.offsets.map(([s, t], i) => {
        const source = want.sequenceIds[i] === 1 ? b : a;
        return [codePointToUtf16(source, s), codePointToUtf16(source, t)];
      });
      assert.deepEqual(e.offsets, offsets, `pair ${k}`);
    });
  });
}

const windows = (golden as unknown as {
  windows: { cases: { text: string; maxLength: number; stride: number }[]; models: Record<string, { ids: number[]; offsets: [number, number][] }[][]> };
}).windows;

for (const model of Object.keys(windows.models)) {
  test(`${model}: overlapping windows of a long text equal the crate's overflowing encodings`, async () => {
    const tokenizer = await loadTokenizer(join(HF_FIXTURES, model));
    windows.cases.forEach(({ text, maxLength, stride }, k) => {
      const want = windows.models[model][k];
      const got = tokenizer.encodeWindows(text, { maxLength, stride });
      assert.equal(got.length, want.length, `case ${k}`);
      got.forEach((w, i) => {
        assert.deepEqual(w.ids, want[i].ids, `case ${k} window ${i}`);
        assert.deepEqual(w.offsets, want[i].offsets.map(([s, t]) => [codePointToUtf16(text, s), codePointToUtf16(text, t)]), `case ${k} window ${i}`);
      });
    });
  });
}
