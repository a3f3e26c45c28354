// An independent oracle: @retorquere/bibtex-parser (Better BibTeX's parser, built on unified-latex)
// reads the same corpus files; its decoded titles and author names must equal ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@retorquere/bibtex-parser';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
// The oracle puts a combining accent on a dotless i for \'\i ("ı́"); TeX prints "í".
const nfc = (s: string) => s.normalize('NFC').replace(/\u0131\u0301/g, 'í').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

for (const name of ['scipy-1.0/references.bib', 'optifit/references.bib', 'minimap2/minimap2.bib', 'donor-responses/references.bib']) {
  test(`titles and author names agree with @retorquere/bibtex-parser: ${name}`, () => {
    const text = readFileSync(corpus + name, 'utf8');
    const theirs = parse(text, { sentenceCase: false, caseProtection: false, english: false });
    const ours = new Map(parseBibTeX(name, text).entries.map((e) => [e.key, e]));
    assert.equal(ours.size, theirs.entries.length);
    for (const t of theirs.entries) {
      const o = ours.get(t.key);
      assert.ok(o, t.key);
      assert.equal(nfc(o.title ?? ''), nfc(t.fields.title ?? ''), `${t.key} title`);
      // The oracle typesets both branches of \ifmmode ("Rosiń ńska"); bib-names tests cover that case.
      if (text.slice(o.span.start, o.span.end).includes('\\ifmmode')) continue;
      const theirNames = (t.fields.author ?? [])
        .filter((c) => (c.name ?? c.lastName) !== 'others')
        .map((c) => nfc(c.name ?? [c.prefix, c.lastName].filter(Boolean).join(' ')));
      const ourNames = o.authors.map((n) => nfc(n.literal ?? [n.particle, n.family].filter(Boolean).join(' ')));
      assert.deepEqual(ourNames, theirNames, `${t.key} authors`);
      const theirGiven = (t.fields.author ?? []).filter((c) => c.firstName).map((c) => nfc(c.firstName!));
      assert.deepEqual(o.authors.filter((n) => n.given).map((n) => nfc(n.given!)), theirGiven, `${t.key} given names`);
    }
  });
}
