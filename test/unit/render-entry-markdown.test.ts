import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { escapeMarkdown, formatEntryMarkdown } from '../../extension/core/render/entry-markdown.ts';

const read = (name: string) => {
  const path = fileURLToPath(new URL(`../fixture/bib/${name}`, import.meta.url));
  return new Map(parseBibTeX(path, readFileSync(path, 'utf8')).entries.map((e) => [e.key, e]));
};

test('hover Markdown: title, authors, year, venue, DOI link', () => {
  const md = formatEntryMarkdown(read('accents.bib').get('Garcia2020')!);
  assert.equal(md, [
    "**Schölkopf's kernels: O\\(n²\\) is too slow**",
    'María García, Jan Šedivý, Renée Cohen · 2020',
    '*Proceedings of the 37th International Conference on Machine Learning \\(ICML\\)*',
    '[doi:10\\.5555/3524938\\.3525001](https://doi.org/10.5555/3524938.3525001)',
  ].join('  \n'));
});

test('hover Markdown: literal names, "and others", URL and arXiv links, editors', () => {
  const e = read('biblatex.bib');
  const b = formatEntryMarkdown(e.get('vanbeethoven2020')!);
  assert.match(b, /^\*\*Symphonies for Scientists\*\*  \nLudwig van Beethoven, Henry Ford, Jr\\\., The SciPy Community et al\\\. · 2020  \n/);
  const v = formatEntryMarkdown(e.get('vaswani2017')!);
  assert.match(v, /\[arXiv:1706\\\.03762\]\(https:\/\/arxiv\.org\/abs\/1706\.03762\)$/);
  const w = formatEntryMarkdown(e.get('noauthor')!);
  assert.match(w, /\[who\\\.int\/report\]\(https:\/\/who\.int\/report\)$/);
  assert.match(w, /World Health Organization/);
  const ed = formatEntryMarkdown(e.get('edited2010')!);
  assert.match(ed, /Richard Roe, Edgar Poe \\\(eds\\\.\\\) · 2010/);
});

test('Markdown in titles is escaped, link targets cannot break out', () => {
  const [entry] = parseBibTeX('x.bib', '@misc{x, title={*Bold* [link](javascript:x) <b>}, url={https://e.org/a(b)c}}').entries;
  const md = formatEntryMarkdown(entry);
  assert.ok(md.startsWith('**\\*Bold\\* \\[link\\]\\(javascript:x\\) \\<b\\>**'), 'Markdown in the title is escaped');
  assert.match(md, /\(https:\/\/e\.org\/a%28b%29c\)$/);
  assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
});
