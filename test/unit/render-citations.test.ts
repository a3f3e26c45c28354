// Rendering examples checked by hand against natbib's documented output and the way the
// citation-intent datasets print citations ("(Collins, 1997; Charniak, 1997a)", "[12]").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBibliography } from '../../extension/core/bib/bibliography.ts';
import { createCitationRenderer, compressNumbers, cleanNote } from '../../extension/core/render/citation-renderer.ts';
import { buildNumbering } from '../../extension/core/render/numbering.ts';
import type { CitationForm, CitationOccurrence } from '../../extension/core/types.ts';

const path = fileURLToPath(new URL('../fixture/bib/render.bib', import.meta.url));
const bib = await loadBibliography([path], (p) => readFileSync(p, 'utf8'));

function cite(command: string, form: CitationForm, keys: string[], prefix?: string, suffix?: string): CitationOccurrence {
  const occ: CitationOccurrence = {
    file: 'paper.tex', span: { start: 0, end: 1 }, command, form,
    keys: keys.map((key) => ({ key, span: { start: 0, end: 1 } })),
  };
  if (prefix !== undefined) occ.prefix = prefix;
  if (suffix !== undefined) occ.suffix = suffix;
  return occ;
}

test('author-year parenthetical: et al., two authors, several keys, notes', () => {
  const r = createCitationRenderer(bib, 'author-year');
  assert.equal(r(cite('citep', 'parenthetical', ['smith2020'])), '(Smith et al., 2020)');
  assert.equal(r(cite('citep', 'parenthetical', ['SmithJones2019', 'lee2021'])), '(Smith and Jones, 2019; Lee, 2021)');
  assert.equal(r(cite('citep', 'parenthetical', ['smith2020'], 'see', 'p.~3')), '(see Smith et al., 2020, p. 3)');
  assert.equal(r(cite('pandoc', 'parenthetical', ['smith2020'], 'see', ', pp. 33-35')), '(see Smith et al., 2020, pp. 33-35)');
  assert.equal(r(cite('citep', 'parenthetical', ['smith2019', 'smith2020'])), '(Smith et al., 2019, 2020)');
  assert.equal(r(cite('citealp', 'parenthetical', ['lee2021'])), 'Lee, 2021');
});

test('natbib author-year: a bare \\cite prints as \\citet; numeric styles keep their brackets', () => {
  const natbib = createCitationRenderer(bib, 'author-year', undefined, { textualCite: true });
  assert.equal(natbib(cite('cite', 'parenthetical', ['smith2020'])), 'Smith et al. (2020)');
  assert.equal(natbib(cite('citep', 'parenthetical', ['smith2020'])), '(Smith et al., 2020)');
  assert.equal(createCitationRenderer(bib, 'author-year')(cite('cite', 'parenthetical', ['smith2020'])), '(Smith et al., 2020)');
  assert.match(createCitationRenderer(bib, 'numeric', undefined, { textualCite: true })(cite('cite', 'parenthetical', ['smith2020'])), /^\[\d+\]$/);
});

test('author-year narrative, author-only, year-only, capitalised forms', () => {
  const r = createCitationRenderer(bib, 'author-year');
  assert.equal(r(cite('citet', 'narrative', ['smith2020'])), 'Smith et al. (2020)');
  assert.equal(r(cite('citet', 'narrative', ['smith2020'], undefined, 'p.~3')), 'Smith et al. (2020, p. 3)');
  assert.equal(r(cite('citet', 'narrative', ['SmithJones2019', 'lee2021'])), 'Smith and Jones (2019); Lee (2021)');
  assert.equal(r(cite('citealt', 'narrative', ['lee2021'])), 'Lee 2021');
  assert.equal(r(cite('citeauthor', 'author-only', ['smith2020'])), 'Smith et al.');
  assert.equal(r(cite('citefullauthor', 'author-only', ['smith2020'])), 'Smith, Jones, and Lee');
  assert.equal(r(cite('citeyear', 'year-only', ['smith2020'])), '2020');
  assert.equal(r(cite('citeyearpar', 'year-only', ['smith2020'])), '(2020)');
  // pandoc's "Lee says blah [-@lee2021]" prints "Lee says blah (2021)" (its LaTeX writer: \citeyearpar)
  assert.equal(r(cite('pandoc', 'year-only', ['lee2021'])), '(2021)');
  assert.equal(r(cite('pandoc', 'year-only', ['lee2021'], 'see', 'p. 4')), '(see 2021, p. 4)');
  const both = cite('pandoc', 'year-only', ['lee2021', 'smith2020']);
  both.keys[0].prefix = 'see';
  both.keys[0].suffix = 'p. 3';
  assert.equal(r(both), '(see 2021, p. 3; 2020)', 'each item keeps its notes');
  assert.equal(createCitationRenderer(bib, 'numeric', buildNumbering([cite('pandoc', 'year-only', ['lee2021'])], bib))(cite('pandoc', 'year-only', ['lee2021'])), '[1]', 'a numeric style prints the number');
  assert.equal(r(cite('citet', 'narrative', ['beethoven1800'])), 'van Beethoven (1800)');
  assert.equal(r(cite('Citet', 'narrative', ['beethoven1800'])), 'Van Beethoven (1800)');
  assert.equal(r(cite('nocite', 'invisible', ['lee2021'])), '');
});

test('literal names, editors, "and others", missing year, unknown keys', () => {
  const r = createCitationRenderer(bib, 'author-year');
  assert.equal(r(cite('citep', 'parenthetical', ['scipy2020'])), '(The SciPy Community, 2020)');
  assert.equal(r(cite('citep', 'parenthetical', ['edited2010'])), '(Roe and Poe, 2010)');
  assert.equal(r(cite('citep', 'parenthetical', ['nodate'])), '(Doe et al., n.d.)');
  assert.equal(r(cite('citep', 'parenthetical', ['lee2021', 'nosuchkey'])), '(Lee, 2021; nosuchkey)');
  assert.equal(r(cite('citet', 'narrative', ['nosuchkey'])), 'nosuchkey');
  assert.equal(r(cite('citep', 'parenthetical', ['LEE2021'])), '(Lee, 2021)');
});

test('same author label and year get a/b suffixes when the cited keys are given', () => {
  const r = createCitationRenderer(bib, 'author-year', undefined, { citedKeys: ['smith2020', 'smith2020b', 'lee2021'] });
  // Ordered by title: "Axolotl regeneration" (smith2020b) before "Zebrafish regeneration" (smith2020).
  assert.equal(r(cite('citep', 'parenthetical', ['smith2020', 'smith2020b'])), '(Smith et al., 2020b, 2020a)');
  assert.equal(r(cite('citet', 'narrative', ['smith2020b'])), 'Smith et al. (2020a)');
  assert.equal(r(cite('citep', 'parenthetical', ['lee2021'])), '(Lee, 2021)');
});

test('numeric: numbers in order of first citation, sorted and compressed, notes, narrative', () => {
  const doc = [
    cite('cite', 'parenthetical', ['lee2021']),
    cite('cite', 'parenthetical', ['smith2020', 'nosuchkey']),
    cite('cite', 'parenthetical', ['smith2019', 'SmithJones2019', 'beethoven1800']),
    cite('nocite', 'invisible', ['scipy2020']),
  ];
  const numbering = buildNumbering(doc, bib);
  assert.deepEqual([...numbering], [['lee2021', 1], ['smith2020', 2], ['smith2019', 3], ['smithjones2019', 4], ['beethoven1800', 5], ['scipy2020', 6]]);
  const r = createCitationRenderer(bib, 'numeric', numbering);
  assert.equal(r(doc[0]), '[1]');
  assert.equal(r(doc[1]), '[2, nosuchkey]');
  assert.equal(r(doc[2]), '[3–5]');
  assert.equal(r(cite('cite', 'parenthetical', ['smith2020', 'lee2021', 'SmithJones2019', 'beethoven1800', 'smith2019'].slice(0, 3))), '[1, 2, 4]');
  assert.equal(r(cite('cite', 'parenthetical', ['lee2021', 'smith2019', 'SmithJones2019', 'beethoven1800'])), '[1, 3–5]');
  assert.equal(r(cite('citep', 'parenthetical', ['smith2020'], 'see', 'p.~3')), '[see 2, p. 3]');
  assert.equal(r(cite('citet', 'narrative', ['smith2020'])), 'Smith et al. [2]');
  assert.equal(r(cite('citen', 'numeric', ['lee2021'])), '[1]');
  assert.equal(r(cite('citeauthor', 'author-only', ['lee2021'])), 'Lee');
});

test('keys with notes of their own: each between its notes, not merged or compressed', () => {
  const noted = (command: string, form: CitationForm, notes: [string, string?, string?][]): CitationOccurrence => ({
    ...cite(command, form, notes.map(([key]) => key)),
    keys: notes.map(([key, prefix, suffix]) => ({ key, span: { start: 0, end: 1 }, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) })),
  });
  const ay = createCitationRenderer(bib, 'author-year');
  assert.equal(ay(noted('pandoc', 'parenthetical', [['smith2019', 'see', 'sec.~2'], ['smith2020', 'also']])), '(see Smith et al., 2019, sec. 2; also Smith et al., 2020)');
  assert.equal(ay(noted('textcites', 'narrative', [['smith2020', undefined, '12'], ['lee2021', 'cf.']])), 'Smith et al. (2020, 12); cf. Lee (2021)');
  const numeric = createCitationRenderer(bib, 'numeric', buildNumbering([cite('cite', 'parenthetical', ['lee2021', 'smith2020', 'smith2019'])], bib));
  assert.equal(numeric(noted('parencites', 'parenthetical', [['lee2021', 'see', 'p. 3'], ['smith2020'], ['smith2019', undefined, 'ch. 4']])), '[see 1, p. 3; 2; 3, ch. 4]');
});

test('numeric without a numbering numbers keys as they are met', () => {
  const r = createCitationRenderer(bib, 'numeric');
  assert.equal(r(cite('cite', 'parenthetical', ['smith2020'])), '[1]');
  assert.equal(r(cite('cite', 'parenthetical', ['lee2021', 'smith2020'])), '[1, 2]');
  assert.equal(r(cite('cite', 'parenthetical', ['lee2021'])), '[2]');
});

test('\\nocite{*} numbers the rest of the bibliography in its order', () => {
  const numbering = buildNumbering([cite('cite', 'parenthetical', ['lee2021']), cite('nocite', 'invisible', ['*'])], bib);
  assert.equal(numbering.get('lee2021'), 1);
  assert.equal(numbering.get('smith2020'), 2);
  assert.equal(numbering.size, bib.entries.size);
});

test('full citations print the whole reference', () => {
  const r = createCitationRenderer(bib, 'author-year');
  assert.equal(r(cite('fullcite', 'full', ['SmithJones2019'])), 'Anna Smith, Kate Jones. 2019. Two authors. Proceedings of ACL.');
});

test('helpers: number compression and note cleaning', () => {
  assert.equal(compressNumbers([7, 3, 5, 6, 3]), '3, 5–7');
  assert.equal(compressNumbers([1, 2]), '1, 2');
  assert.equal(compressNumbers([]), '');
  assert.equal(cleanNote(', p.~3'), 'p. 3');
  assert.equal(cleanNote('chap.~2--3'), 'chap. 2–3');
  assert.equal(cleanNote('  '), undefined);
});
