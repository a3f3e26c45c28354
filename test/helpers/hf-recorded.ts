// Helpers for tests against the transformers outputs recorded in test/fixtures/hf/*/expected.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HF_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'hf');

export function readFixtureJson<T>(model: string, file: string): T {
  return JSON.parse(readFileSync(join(HF_FIXTURES, model, file), 'utf8')) as T;
}

/** transformers reports Python code-point offsets; SciWrite's are UTF-16. */
export function codePointToUtf16(text: string, cp: number): number {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen === cp) break;
    units += ch.length;
    seen++;
  }
  return units;
}

/** Same entities as a recorded transformers pipeline output: labels, words, spans identical, scores within 1e-4. */
export function assertSameEntities(text: string, actual: object[], expected: Record<string, number | string>[], label: string): void {
  const words = (list: object[]) => JSON.stringify(list.map((e) => (e as Record<string, unknown>).word));
  assert.equal(actual.length, expected.length, `${label}: ${words(actual)} vs ${words(expected)}`);
  expected.forEach((exp, i) => {
    const act = actual[i] as Record<string, number | string>;
    const where = `${label} #${i}`;
    for (const key of ['entity', 'entity_group', 'word', 'index']) {
      if (key in exp) assert.equal(act[key], exp[key], `${where} ${key}`);
    }
    assert.equal(act.start, codePointToUtf16(text, exp.start as number), `${where} start`);
    assert.equal(act.end, codePointToUtf16(text, exp.end as number), `${where} end`);
    assert.ok(Math.abs((act.score as number) - (exp.score as number)) < 1e-4, `${where} score ${act.score} vs ${exp.score}`);
  });
}
