// Real .bib files from the corpus papers: every entry loads (counted independently by the entry
// headers in the text), no errors, and a few entries checked by hand against the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const read = (path: string) => readFileSync(path, 'utf8');

/** Entry headers at the start of a line, without @string/@comment/@preamble: an independent count. */
function countHeaders(text: string): number {
  return (text.match(/^[ \t]*@(?!string\b|comment\b|preamble\b)[A-Za-z]+[ \t]*[{(]/gim) ?? []).length;
}

const FILES = [
  'camkii-subunit-exchange/bibliography.bib',
  'donor-responses/references.bib',
  'minimap2/minimap2.bib',
  'optifit/references.bib',
  'scipy-1.0/references.bib',
  'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib',
];

for (const name of FILES) {
  test(`corpus ${name}: every entry loads, no errors`, () => {
    const text = read(corpus + name);
    const { entries, problems } = parseBibTeX(name, text);
    assert.equal(entries.length, countHeaders(text));
    assert.ok(entries.length > 30, 'more than 30 entries');
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    for (const e of entries) assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
  });
}

test('corpus: hand-checked entries', () => {
  const minimap = parseBibTeX('m', read(corpus + 'minimap2/minimap2.bib')).entries;
  const sosic = minimap.find((e) => e.key === 'Sosic:2017aa')!;
  assert.deepEqual(sosic.authors, [{ family: 'Šošić', given: 'Martin' }, { family: 'Šikic', given: 'Mile' }]);
  assert.equal(sosic.title, 'Edlib: a C/C++ library for fast, exact sequence alignment using edit distance');
  assert.equal(sosic.venue, 'Bioinformatics');

  const optifit = parseBibTeX('o', read(corpus + 'optifit/references.bib')).entries;
  const rognes = optifit.find((e) => e.key === 'rognes_vsearch_2016')!;
  assert.equal(rognes.title, 'VSEARCH: A Versatile Open Source Tool for Metagenomics');
  assert.deepEqual(rognes.authors.map((a) => a.family), ['Rognes', 'Flouri', 'Nichols', 'Quince', 'Mahé']);
  assert.equal(rognes.authors[1].given, 'Tomáš');
  assert.equal(rognes.fields.month, 'October');
  const top = optifit.find((e) => e.key === 'topcuoglu_effective_2019')!;
  assert.deepEqual(top.authors[0], { family: 'Topçuoğlu', given: 'Begüm D.' });

  const scipy = parseBibTeX('s', read(corpus + 'scipy-1.0/references.bib')).entries;
  const vdw = scipy.find((e) => e.key === 'vanderwalt2008scipy')!;
  assert.deepEqual(vdw.authors, [{ family: 'Walt', given: 'Stéfan', particle: 'van der' }]);
  assert.equal(vdw.venue, 'Proceedings of the 7th Python in Science Conference (SciPy 2008)');
  assert.deepEqual(vdw.editors!.map((n) => n.family), ['Varoquaux', 'Vaught', 'Millman']);
  assert.equal(vdw.url, 'http://conference.scipy.org/proceedings/scipy2008/paper_5/');
});

test('corpus sfs-thesis: the @string-only long.bib gives the thesis .bib its journal names', async () => {
  const dir = corpus + 'sfs-thesis-wierstorf/';
  const main = `${dir}wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib`;
  const alone = parseBibTeX(main, read(main));
  assert.ok(alone.undefinedMacros.includes('jasa'), 'jasa is reported as undefined');
  const stringsText = read(`${dir}long.bib`);
  const longOnly = parseBibTeX('long.bib', stringsText);
  assert.equal(longOnly.entries.length, 0);
  assert.equal(Object.keys(longOnly.strings).length, (stringsText.match(/^@string\{/gm) ?? []).length);
  const bib = await loadBibliography([`${dir}long.bib`, main], read);
  assert.deepEqual(bib.problems, []);
  assert.equal(bib.entries.size, countHeaders(read(main)));
  const fazi = bib.entries.get('fazi2013')!;
  assert.equal(fazi.key, 'Fazi2013');
  assert.equal(fazi.venue, 'The Journal of the Acoustical Society of America');
  assert.equal(fazi.title, 'Sound field reproduction as an equivalent acoustical scattering problem');
});
