import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import type { BibEntry } from '../../extension/core/types.ts';

const dir = fileURLToPath(new URL('../fixture/bib/', import.meta.url));
const read = (name: string) => readFileSync(dir + name, 'utf8');
const byKey = (entries: BibEntry[]) => new Map(entries.map((e) => [e.key, e]));
/** 1-based line of an offset, for comparing with what an editor shows. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

test('accents, special letters, math and nested braces become Unicode for display', () => {
  const text = read('accents.bib');
  const { entries, problems } = parseBibTeX('accents.bib', text);
  assert.deepEqual(problems, []);
  const e = byKey(entries);
  const m = e.get('mueller2019')!;
  assert.equal(m.title, 'Straße und École: a CO₂ study of α-helices in E. coli');
  assert.equal(m.venue, 'Zeitschrift für Naturforschung');
  assert.deepEqual(m.authors, [
    { family: 'Müller', given: 'Jörg' }, { family: 'Schröder', given: 'Anna' }, { family: 'Østergaard', given: 'Bo' },
  ]);
  assert.equal(m.fields.pages, '10–20');
  assert.equal(m.year, '2019');
  const g = e.get('Garcia2020')!;
  assert.equal(g.title, "Schölkopf's kernels: O(n²) is too slow");
  assert.equal(g.venue, 'Proceedings of the 37th International Conference on Machine Learning (ICML)');
  assert.deepEqual(g.authors.map((a) => a.family), ['García', 'Šedivý', 'Cohen']);
  assert.equal(g.authors[0].given, 'María');
  assert.equal(g.doi, '10.5555/3524938.3525001');
  const k = e.get('knuth1984')!;
  assert.equal(k.title, 'The TeXbook');
  assert.equal(k.url, 'https://ctan.org/pkg/texbook_src?x=1%2');
});

test('entry span and key span point at the source text', () => {
  const text = read('accents.bib');
  const { entries } = parseBibTeX('accents.bib', text);
  for (const e of entries) {
    assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
    assert.match(text.slice(e.span.start, e.span.end), /^@\w+\{[^]*\}$/);
    assert.equal(e.file, 'accents.bib');
  }
  const g = entries.find((x) => x.key === 'Garcia2020')!;
  assert.equal(lineOf(text, g.span.start), 10);
  assert.equal(lineOf(text, g.span.end), 16);
});

test('@string macros, # concatenation, month macros, case-insensitive macro names', () => {
  const { entries, problems, strings, undefinedMacros } = parseBibTeX('strings.bib', read('strings.bib'));
  const e = byKey(entries);
  assert.equal(e.get('smith2020')!.venue, 'Journal of Geophysical Research: Space Physics');
  assert.equal(e.get('smith2020')!.fields.month, 'January');
  assert.equal(e.get('lee2021')!.title, 'Part one and two');
  assert.equal(e.get('lee2021')!.venue, 'Nature');
  assert.equal(e.get('lee2021')!.fields.month, 'September 1');
  assert.deepEqual(Object.keys(strings).sort(), ['jgr', 'jgra', 'nature']);
  assert.deepEqual(undefinedMacros, ['nosuchmacro']);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'warning');
  assert.match(problems[0].message, /nosuchmacro/);
  assert.equal(problems[0].line, 22);
});

test('macros from another file are used when passed in', () => {
  const { entries, undefinedMacros } = parseBibTeX('uses-strings.bib', read('uses-strings.bib'), {
    strings: { jasa: 'The Journal of the Acoustical Society of America', aes: 'Audio Engineering Society Convention' },
  });
  assert.deepEqual(undefinedMacros, []);
  assert.equal(entries[0].venue, 'The Journal of the Acoustical Society of America');
  assert.equal(entries[1].venue, 'Audio Engineering Society Convention 117');
});

test('damage costs only the damaged entries; problems carry line and column', () => {
  const text = read('damaged.bib');
  const { entries, problems } = parseBibTeX('damaged.bib', text);
  assert.deepEqual(entries.map((e) => e.key), ['first2001', 'third2003', 'fifth2005', 'First2001', 'last2008']);
  const errors = problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors.map((p) => p.line + 1), [7, 18, 31]);
  assert.match(errors[0].message, /unterminated2002.*not closed/);
  assert.match(errors[1].message, /missingBrace2004.*not closed/);
  assert.match(errors[2].message, /syntax error/);
  assert.equal(errors[2].column, text.split('\n')[30].indexOf('{Field}'));
  const dup = problems.find((p) => /Duplicate key/.test(p.message))!;
  assert.equal(dup.severity, 'warning');
  assert.equal(dup.line + 1, 35);
  assert.match(dup.message, /ignore case/);
  // Titles survive as written, so nothing after the damage was glued onto another entry.
  assert.equal(entries.find((e) => e.key === 'third2003')!.title, 'The Third Entry');
  assert.equal(entries.find((e) => e.key === 'fifth2005')!.title, 'The Fifth Entry');
});

test('biblatex: date, journaltitle, eprint, DOI as URL, von/Jr/literal names, and others, editors', () => {
  const e = byKey(parseBibTeX('biblatex.bib', read('biblatex.bib')).entries);
  const b = e.get('vanbeethoven2020')!;
  assert.equal(b.year, '2020');
  assert.equal(b.venue, 'Journal of Music');
  assert.equal(b.doi, '10.1000/XYZ.123');
  assert.equal(b.authorsTruncated, true);
  assert.deepEqual(b.authors, [
    { family: 'Beethoven', given: 'Ludwig', particle: 'van' },
    { family: 'Ford', given: 'Henry', suffix: 'Jr.' },
    { family: 'The SciPy Community', literal: 'The SciPy Community' },
  ]);
  const v = e.get('vaswani2017')!;
  assert.equal(v.year, '2017');
  assert.equal(v.arxiv, '1706.03762');
  assert.equal(e.get('noauthor')!.url, 'https://who.int/report');
  assert.deepEqual(e.get('edited2010')!.editors!.map((n) => n.family), ['Roe', 'Poe']);
  assert.deepEqual(e.get('edited2010')!.authors, []);
  assert.deepEqual(e.get('delavallee1896')!.authors[0], { family: 'Vallée Poussin', given: 'Charles Louis Xavier Joseph', particle: 'de la' });
});

test('@comment, @preamble, %-commented entries and free text between entries are skipped', () => {
  const text = [
    'Free text with an @ sign.',
    '@comment{ @article{commented, title={x}} }',
    '@preamble{ "\\newcommand{\\noop}[1]{}" }',
    '% @article{percent, title={y}}',
    '@Article(paren2000, Title = "Parenthesised (entry)", Year = 2000)',
    '@misc{ spaced , title = {Key with spaces around} }',
    '@misc{pct, note = {100% sure}} @misc{sameLine, title = {After a percent sign on the same line}}',
  ].join('\n');
  const { entries, problems } = parseBibTeX('x.bib', text);
  assert.deepEqual(problems, []);
  assert.deepEqual(entries.map((e) => e.key), ['paren2000', 'spaced', 'pct', 'sameLine']);
  assert.equal(entries[0].title, 'Parenthesised (entry)');
  assert.equal(entries[0].type, 'article');
  assert.equal(text.slice(entries[1].keySpan.start, entries[1].keySpan.end), 'spaced');
});

test('an entry without a key is reported, the next one still loads', () => {
  const { entries, problems } = parseBibTeX('x.bib', '@misc{, title={No key}}\n@misc{ok, title={OK}}');
  assert.deepEqual(entries.map((e) => e.key), ['ok']);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /without a key/);
});

test('@string with several definitions or a trailing comma', () => {
  const { entries, strings, problems } = parseBibTeX('x.bib', '@string{a = "Alpha", b = a # " Beta",}\n@misc{k, title = b}');
  assert.deepEqual(strings, { a: 'Alpha', b: 'Alpha Beta' });
  assert.equal(entries[0].title, 'Alpha Beta');
  assert.deepEqual(problems, []);
});

test('what BibTeX reads and the grammar did not: a key with no fields, space after the @; spans are the source\'s own', () => {
  const text = '@misc{nf}\n@misc(nf2)\n@ article{k4, title={x}}\n@misc{ nf3 }\n@book{ok, title = {Fine}}\n';
  const result = parseBibTeX('a.bib', text);
  assert.deepEqual(result.entries.map((e) => [e.key, e.type, text.slice(e.span.start, e.span.end)]), [
    ['nf', 'misc', '@misc{nf}'], ['nf2', 'misc', '@misc(nf2)'], ['k4', 'article', '@ article{k4, title={x}}'], ['nf3', 'misc', '@misc{ nf3 }'], ['ok', 'book', '@book{ok, title = {Fine}}'],
  ]);
  assert.equal(result.entries[2].title, 'x');
  assert.deepEqual(result.problems, []);
});

test('lone carriage returns end lines (old Mac files): a % line does not hide the entries after it, problems land on their lines', () => {
  const text = ['% exported', '@article{smith2020,', '  title={Insulin},', '  year={2020}}', '@article{broken, title={x}', '% c', '@book{b2, title={B}}', ''].join('\r');
  const result = parseBibTeX('cr.bib', text);
  assert.deepEqual(result.entries.map((e) => e.key), ['smith2020', 'b2']);
  assert.deepEqual(result.problems.map((p) => [p.line, p.severity]), [[4, 'error']]);
});
