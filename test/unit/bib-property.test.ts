// Random, truncated and damaged BibTeX: the parser never throws, always ends, and never loses a
// well-formed entry that precedes the damage (nor, for a lost brace, any entry but the damaged one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/fast-check.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { parseCslJson } from '../../extension/core/bib/csl-json.ts';

const FRAGMENTS = ['Deep', 'learning', 'of', '{\\"o}', "\\'e", '$\\alpha$', '{Nested {braces}}', '--', 'M{\\"u}ller', '{\\ss}', '10.1000/x', 'CO$_2$', '(a)', 'p.~3', ','];

const value = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const field = fc.record({
  name: fc.constantFrom('title', 'author', 'journal', 'note', 'booktitle', 'publisher'),
  value,
  quoted: fc.boolean(),
});
const entry = fc.record({
  type: fc.constantFrom('article', 'inproceedings', 'book', 'misc', 'Article'),
  fields: fc.uniqueArray(field, { minLength: 1, maxLength: 4, selector: (f) => f.name }),
  year: fc.integer({ min: 1900, max: 2030 }),
});

function render(entries: { type: string; fields: { name: string; value: string; quoted: boolean }[]; year: number }[]): { text: string; keys: string[]; ends: number[] } {
  let text = '';
  const keys: string[] = [];
  const ends: number[] = [];
  entries.forEach((e, i) => {
    const key = `key${i}:${e.year}`;
    keys.push(key);
    const fields = e.fields.map((f) => `  ${f.name} = ${f.quoted ? `"${f.value}"` : `{${f.value}}`},`).join('\n');
    text += `@${e.type}{${key},\n${fields}\n  year = ${e.year}\n}\n`;
    ends.push(text.length);
    text += '\n';
  });
  return { text, keys, ends };
}

test('well-formed random files load completely', () => {
  fc.assert(fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
    const { text, keys } = render(entries);
    const result = parseBibTeX('r.bib', text);
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(result.entries.map((e) => e.key), keys);
  }), { numRuns: 200 });
});

test('truncated anywhere: every entry that ends before the cut is kept', () => {
  fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (entries, at) => {
    const { text, keys, ends } = render(entries);
    const cut = Math.floor(text.length * at);
    const result = parseBibTeX('t.bib', text.slice(0, cut));
    const found = new Set(result.entries.map((e) => e.key));
    keys.forEach((k, i) => {
      if (ends[i] <= cut) assert.ok(found.has(k), `${k} ends at ${ends[i]} before the cut at ${cut}`);
    });
  }), { numRuns: 300 });
});

test('one brace lost: every other entry still loads with its fields intact', () => {
  fc.assert(fc.property(fc.array(entry, { minLength: 2, maxLength: 6 }), fc.nat(), (entries, pick) => {
    const { text, keys } = render(entries);
    const braces = [...text.matchAll(/[{}]/g)].map((m) => m.index!);
    const at = braces[pick % braces.length];
    const damaged = text.slice(0, at) + text.slice(at + 1);
    const damagedEntry = text.slice(0, at).split(/\n(?=@)/).length - 1;
    const intact = parseBibTeX('i.bib', text).entries;
    const result = parseBibTeX('d.bib', damaged);
    const byKey = new Map(result.entries.map((e) => [e.key, e]));
    keys.forEach((k, i) => {
      if (i === damagedEntry) return;
      const e = byKey.get(k);
      assert.ok(e, `${k} lost after removing the brace at ${at} (in entry ${damagedEntry})`);
      assert.deepEqual(e.fields, intact[i].fields);
    });
    assert.ok(result.problems.length > 0, 'the damage is reported');
  }), { numRuns: 300 });
});

test('random noise before, between and after entries never throws; entries before it survive', () => {
  const noise = fc.string({ unit: fc.constantFrom('@', '{', '}', '(', ')', '"', '#', ',', '=', '\\', '%', '\n', ' ', 'a', 'Z', '1', 'é'), maxLength: 60 });
  fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), noise, fc.nat(), (entries, junk, pick) => {
    const { text, keys, ends } = render(entries);
    const cuts = [0, ...ends, text.length];
    const at = cuts[pick % cuts.length];
    const result = parseBibTeX('n.bib', text.slice(0, at) + junk + text.slice(at));
    const found = new Set(result.entries.map((e) => e.key));
    keys.forEach((k, i) => {
      if (ends[i] <= at) assert.ok(found.has(k), `${k} lost to noise inserted at ${at}`);
    });
  }), { numRuns: 300 });
});

test('arbitrary text never throws (BibTeX and CSL-JSON)', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    const r = parseBibTeX('a.bib', s);
    assert.ok(Array.isArray(r.entries), 'entries is an array');
    assert.ok(Array.isArray(parseCslJson('a.json', s).entries), 'entries is an array');
    assert.ok(Array.isArray(parseCslJson('a.json', `[${s}`).entries), 'entries is an array');
  }), { numRuns: 500 });
});

test('token soup (entry types, braces, quotes, #, commas) never throws', () => {
  const token = fc.constantFrom('@string', '@misc', '@comment', '@preamble', '@Article', '{', '}', '(', ')', '=', '"', '#', ',', 'key', ' ', '\n', 'jan', '\\"o', '$', '%', 'and', '@');
  fc.assert(fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
    const r = parseBibTeX('s.bib', tokens.join(''));
    for (const e of r.entries) assert.equal(typeof e.key, 'string');
    for (const p of r.problems) assert.ok(p.line >= 0 && p.column >= 0, 'problem positions are not negative');
  }), { numRuns: 3000 });
});
