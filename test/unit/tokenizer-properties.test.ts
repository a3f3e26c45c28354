// Properties of the offset computation on arbitrary text: ids always equal @huggingface/tokenizers' own encode()
// (offsets are computed beside the library, never instead of it), and every offset points at the text the
// token stands for. Pairs and truncation are checked against the library too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from '../helpers/fast-check.ts';
import { Tokenizer as LibTokenizer } from '@huggingface/tokenizers';
import { loadTokenizer } from '../../extension/inference/tokenizer/load.ts';
import { byteLevelDecode } from '../../extension/inference/tokenizer/byte-level.ts';
import type { Encoding, Tokenizer } from '../../extension/inference/tokenizer/types.ts';
import type { TokenizerConfigJson, TokenizerJson } from '../../extension/inference/tokenizer/json-shapes.ts';

const HF = join(import.meta.dirname, '..', 'fixtures', 'hf');

function library(model: string): LibTokenizer {
  const json = JSON.parse(readFileSync(join(HF, model, 'tokenizer.json'), 'utf8')) as object;
  const config = JSON.parse(readFileSync(join(HF, model, 'tokenizer_config.json'), 'utf8')) as object;
  return new LibTokenizer(json, config);
}

const fragments = [
  'IL-2', ' gene', ' NF-κB', 'Résumé', 'cafe\u0301', ' CD28', '5-lipoxygenase', '(Vaswani et al., 2017)', ' [12]', '细胞', '🧬',
  '\u200b', '\t', '  ', '\u00a0', 'ΣΑΣ', 'İstanbul', '°C ± 0.5', '[SEP]', '[CLS]', 'x²', 'ﬁ', '\u0000', 'Na+/K+-ATPase', 'e.g.', '—',
];
// Where @huggingface/tokenizers 0.2 itself departs from the tokenizers crate (transformers), SciWrite follows the
// crate (tokenizer-rust-golden.test.ts checks those texts): CJK outside the BMP, a final sigma, U+FEFF, U+0085 and
// unassigned code points. The library stays the reference for ids on all other text.
const LIBRARY_DEPARTS = /[\u{20000}-\u{3FFFF}\uFEFF\u0085\u03A3\p{Cn}]/u;
const sciText = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((a) => a.join(''));

function checkOffsetsWellFormed(text: string, e: Encoding): void {
  let lastStart = 0;
  e.offsets.forEach(([s, t], i) => {
    assert.ok(0 <= s && s <= t && t <= text.length, `offset ${i} [${s},${t}) inside text of length ${text.length}`);
    if (e.specialTokensMask[i] === 0) {
      assert.ok(s >= lastStart, `offsets go forward at token ${i}`);
      lastStart = s;
    }
  });
}

const models: [string, 'cased' | 'uncased' | 'bytes'][] = [
  ['tiny-bert-ner', 'cased'],
  ['tiny-bert-cite', 'uncased'],
  ['tiny-roberta-ner', 'bytes'],
];

for (const [model, kind] of models) {
  test(`${model}: ids equal the library's and offsets point at each token's text, on arbitrary text`, async () => {
    const ours = await loadTokenizer(join(HF, model));
    const lib = library(model);
    const normalize = lib.normalizer;
    fc.assert(
      fc.property(sciText, (text) => {
        const e = ours.encode(text);
        if (!LIBRARY_DEPARTS.test(text)) assert.deepEqual(e.ids, lib.encode(text).ids);
        checkOffsetsWellFormed(text, e);
        e.tokens.forEach((token, i) => {
          if (e.specialTokensMask[i] === 1 || e.ids[i] === ours.unkTokenId) return;
          const slice = text.slice(e.offsets[i][0], e.offsets[i][1]);
          if (kind === 'bytes') {
            const decoded = byteLevelDecode([token]);
            if (!decoded.includes('\uFFFD') && decoded.trim() !== '') assert.equal(slice.trim(), decoded.trim(), `token ${token}`);
            return;
          }
          const surface = token.startsWith('##') ? token.slice(2) : token;
          if (ours.specialTokens.sep === token || ours.specialTokens.cls === token) return assert.equal(slice, token);
          // the normalizer drops control and format characters (a zero-width space inside "A\u200Bs" is
          // part of the token's span) and, cased or not, pads CJK characters with spaces
          assert.equal((normalize as (s: string) => string)(slice).trim(), surface, `token ${token} at ${e.offsets[i]}`);
        });
      }),
      { numRuns: 300 },
    );
  });
}

test('pairs: [CLS] A [SEP] B [SEP] with type ids 0/1, as the library encodes them', async () => {
  for (const model of ['tiny-bert-ner', 'tiny-roberta-ner']) {
    const ours = await loadTokenizer(join(HF, model));
    const lib = library(model);
    const a = 'Glucocorticoid receptor binding in T cells.';
    const b = 'We use the transformer architecture (Vaswani et al., 2017).';
    const e = ours.encode(a, { pair: b });
    const expected = lib.encode(a, { text_pair: b, return_token_type_ids: true });
    assert.deepEqual(e.ids, expected.ids, model);
    if (model === 'tiny-bert-ner') assert.deepEqual(e.typeIds, expected.token_type_ids, model);
    // Offsets of the pair's tokens point into the pair text.
    e.sequenceIds.forEach((seq, i) => {
      if (seq === null) return;
      const source = seq === 0 ? a : b;
      assert.ok(e.offsets[i][1] <= source.length, 'offset inside its sequence');
    });
    assert.equal(e.sequenceIds.filter((s) => s === null).length, ours.numSpecialTokensToAdd(true));
  }
});

test('truncation keeps the first tokens and the special tokens; longest-first for pairs', async () => {
  const ours: Tokenizer = await loadTokenizer(join(HF, 'tiny-bert-ner'));
  const text = 'Protein binding of transcription factors to the promoter induced expression of the gene in human T cells.';
  const full = ours.encode(text);
  const cut = ours.encode(text, { maxLength: 8 });
  assert.equal(cut.ids.length, 8);
  assert.deepEqual(cut.ids.slice(0, 7), full.ids.slice(0, 7));
  assert.equal(cut.ids[7], ours.sepTokenId);
  const pair = ours.encode(text, { pair: 'T cells.', maxLength: 10 });
  // 10 - 3 specials = 7 text tokens: the short pair (3 tokens) is kept whole, the long text gets 4.
  assert.equal(pair.ids.length, 10);
  assert.equal(pair.sequenceIds.filter((s) => s === 1).length, 3);
  assert.equal(pair.sequenceIds.filter((s) => s === 0).length, 4);
});

test('windows: overlapping parts start every (window - specials - stride) tokens and carry their own specials', async () => {
  const ours = await loadTokenizer(join(HF, 'tiny-bert-ner'));
  const text = Array.from({ length: 6 }, () => 'Protein binding of transcription factors to the promoter induced expression.').join(' ');
  const full = ours.encode(text);
  const content = full.ids.slice(1, -1);
  const windows = ours.encodeWindows(text, { maxLength: 16, stride: 4 });
  assert.ok(windows.length > 1, 'more than one window');
  windows.forEach((w, k) => {
    assert.equal(w.ids[0], ours.clsTokenId);
    assert.equal(w.ids[w.ids.length - 1], ours.sepTokenId);
    assert.deepEqual(w.ids.slice(1, -1), content.slice(k * 10, k * 10 + 14));
    assert.deepEqual(w.offsets.slice(1, -1), full.offsets.slice(1, -1).slice(k * 10, k * 10 + 14));
  });
  const last = windows[windows.length - 1];
  assert.equal(last.offsets[last.offsets.length - 2][1], full.offsets[full.offsets.length - 2][1]);
  assert.equal(ours.encodeWindows('short text', { maxLength: 16, stride: 4 }).length, 1);
});

const otherNormalizers: [string, object][] = [
  ['Sequence[NFD, Lowercase, StripAccents]', { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }, { type: 'StripAccents' }] }],
  ['NFC', { type: 'NFC' }],
  ['NFKC', { type: 'NFKC' }],
];

for (const [name, normalizer] of otherNormalizers) {
  test(`normalizer ${name}: ids equal the library's; each token's span normalises to text containing the token`, async () => {
    const { HfTokenizer } = await import('../../extension/inference/tokenizer/hf-tokenizer.ts');
    const json = JSON.parse(readFileSync(join(HF, 'tiny-bert-cite', 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    json.normalizer = normalizer;
    const config = JSON.parse(readFileSync(join(HF, 'tiny-bert-cite', 'tokenizer_config.json'), 'utf8')) as TokenizerConfigJson;
    const ours = new HfTokenizer(json as unknown as TokenizerJson, config);
    const lib = new LibTokenizer(json, config);
    const normalize = lib.normalizer as (s: string) => string;
    fc.assert(
      fc.property(sciText, (text) => {
        const e = ours.encode(text);
        if (!LIBRARY_DEPARTS.test(text)) assert.deepEqual(e.ids, lib.encode(text).ids);
        checkOffsetsWellFormed(text, e);
        e.tokens.forEach((token, i) => {
          if (e.specialTokensMask[i] === 1 || e.ids[i] === ours.unkTokenId || token === '[SEP]' || token === '[CLS]') return;
          const surface = token.startsWith('##') ? token.slice(2) : token;
          const slice = text.slice(e.offsets[i][0], e.offsets[i][1]);
          assert.ok(normalize(slice).includes(surface), `${JSON.stringify(token)} in ${JSON.stringify(slice)}`);
        });
      }),
      { numRuns: 200 },
    );
  });
}
