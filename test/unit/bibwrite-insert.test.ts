// Every .bib writing rule, proved on bytes: after each insert path the existing bytes are unchanged
// (the new file is the old bytes plus an appendix), the appendix follows the file's own style, and the
// result parses back (with the project's BibTeX reader) to the old entries plus exactly the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from '../helpers/fast-check.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { planBibInsertion, type BibInsertPlan } from '../../extension/core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../extension/core/bibwrite/metadata.ts';
import { addPaperToBibFile } from '../../extension/analysis/related/bib-file.ts';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;

const VASWANI: PaperMetadata = {
  title: 'Attention is All you Need',
  authors: [{ family: 'Vaswani', given: 'Ashish' }, { family: 'Shazeer', given: 'Noam' }],
  year: 2017,
  booktitle: 'Advances in Neural Information Processing Systems',
  journal: undefined,
  doi: '10.48550/arXiv.1706.03762',
};
delete (VASWANI as Partial<PaperMetadata>).journal;

const ARTICLE: PaperMetadata = {
  title: 'Minimap2: pairwise alignment for nucleotide sequences',
  authors: [{ family: 'Li', given: 'Heng' }],
  year: 2018,
  journal: 'Bioinformatics',
  volume: '34',
  number: '18',
  pages: '3094-3100',
  doi: '10.1093/bioinformatics/bty191',
};

function appended(plan: BibInsertPlan): Extract<BibInsertPlan, { kind: 'append' }> {
  assert.equal(plan.kind, 'append', JSON.stringify(plan));
  return plan as Extract<BibInsertPlan, { kind: 'append' }>;
}

/** The invariant of every insert: old text is a prefix, old entries keep their exact text, one entry more. */
function checkInsert(old: string, plan: Extract<BibInsertPlan, { kind: 'append' }>): string {
  assert.equal(plan.offset, old.length);
  const next = old + plan.text;
  const before = parseBibTeX('a.bib', old);
  const after = parseBibTeX('a.bib', next);
  assert.equal(after.entries.length, before.entries.length + 1);
  for (const entry of before.entries) {
    const same = after.entries.find((e) => e.key === entry.key);
    assert.ok(same, `entry ${entry.key} survives`);
    assert.equal(next.slice(same.span.start, same.span.end), old.slice(entry.span.start, entry.span.end));
  }
  assert.equal(after.problems.filter((p) => p.severity === 'error').length, before.problems.filter((p) => p.severity === 'error').length, 'no new errors');
  const added = after.entries.find((e) => e.key === plan.key);
  assert.ok(added, 'the new entry parses');
  return next;
}

const LF_SPACES = `@article{smith2020attention,
  author = {Smith, John and Doe, Jane},
  title = {Attention in the wild},
  journal = {Journal of Things},
  year = {2020},
}

@inproceedings{lee2019graph,
  author = {Lee, Kim},
  title = {Graph networks for everything},
  booktitle = {Proceedings of Stuff},
  year = {2019},
}
`;

test('LF file with two-space indentation: appended in its style, key like smith2020attention', () => {
  const plan = appended(planBibInsertion(LF_SPACES, VASWANI, { file: 'a.bib' }));
  const next = checkInsert(LF_SPACES, plan);
  assert.equal(plan.key, 'vaswani2017attention');
  assert.ok(!plan.text.includes('\r'), 'no CR in the planned text');
  assert.match(plan.text, /^\n@inproceedings\{vaswani2017attention,\n  author = \{Vaswani, Ashish and Shazeer, Noam\},\n/);
  assert.ok(plan.text.endsWith('},\n}\n'), 'trailing comma kept like the file');
  const entry = parseBibTeX('a.bib', next).entries.find((e) => e.key === plan.key);
  assert.equal(entry?.title, 'Attention is All you Need');
  assert.equal(entry?.fields.year, '2017');
  assert.equal(entry?.doi, '10.48550/arXiv.1706.03762');
});

test('CRLF file with tabs and aligned equals: CRLF only, tab indentation, aligned', () => {
  const text = '@Article{Smith2020,\r\n\tauthor    = {Smith, John},\r\n\ttitle     = {Attention in the wild},\r\n\tjournal   = {Journal of Things},\r\n\tyear      = {2020}\r\n}\r\n\r\n@Article{Lee2019,\r\n\tauthor    = {Lee, Kim},\r\n\ttitle     = {Graph networks},\r\n\tyear      = {2019}\r\n}\r\n';
  const plan = appended(planBibInsertion(text, ARTICLE, { file: 'a.bib' }));
  checkInsert(text, plan);
  assert.equal(plan.key, 'Li2018');
  assert.equal(plan.text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
  assert.match(plan.text, /^\r\n@Article\{Li2018,\r\n\tauthor    = \{Li, Heng\},\r\n\ttitle     = \{Minimap2: pairwise alignment for nucleotide sequences\},\r\n/);
  assert.match(plan.text, /\tpages     = \{3094--3100\},/);
  assert.ok(plan.text.endsWith('}\r\n}\r\n'), 'no trailing comma, like the file');
});

test('UTF-8 BOM on disk: kept, old bytes unchanged, UTF-8 appended', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibwrite-'));
  const path = join(dir, 'refs.bib');
  const old = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@book{muller2001theory,\n  author = {Müller, Jörg},\n  title = {Theory of Ärger},\n  year = {2001}\n}\n', 'utf8')]);
  writeFileSync(path, old);
  const result = await addPaperToBibFile(path, { ...ARTICLE, authors: [{ family: 'Łukasz', given: 'Zoë' }] });
  assert.equal(result.written, true);
  assert.equal(result.encoding, 'utf8-bom');
  const now = readFileSync(path);
  assert.deepEqual(now.subarray(0, old.length), old);
  assert.ok(now.subarray(old.length).toString('utf8').includes('Łukasz, Zoë'), 'UTF-8 file takes Unicode as is');
  assert.equal(readdirSync(dir).length, 1, 'no temporary file left');
});

test('no trailing newline: a line ending is added before the entry, the last entry untouched', () => {
  const text = LF_SPACES.trimEnd();
  const plan = appended(planBibInsertion(text, ARTICLE, { file: 'a.bib' }));
  checkInsert(text, plan);
  assert.ok(plan.text.startsWith('\n\n@article{li2018minimap2,'), JSON.stringify(plan.text.slice(0, 40)));
});

test('BibLaTeX file, no declared engine: journaltitle and date; BibTeX file: journal and year', () => {
  const biblatex = '@article{smith2020attention,\n  author = {Smith, John},\n  title = {Attention in the wild},\n  journaltitle = {Journal of Things},\n  date = {2020-05-01},\n}\n';
  const plan = appended(planBibInsertion(biblatex, { ...ARTICLE, date: '2018-05-01' }, { file: 'a.bib' }));
  checkInsert(biblatex, plan);
  assert.match(plan.text, /journaltitle = \{Bioinformatics\}/);
  assert.match(plan.text, /date = \{2018-05-01\}/);
  assert.doesNotMatch(plan.text, /\b(journal|year) =/);
  // An empty file in a biblatex project follows the project.
  const empty = appended(planBibInsertion('', ARTICLE, { file: 'a.bib', biblatexProject: true }));
  assert.match(empty.text, /journaltitle = /);
  assert.equal(parseBibTeX('a.bib', empty.text).entries.length, 1);
  // Without a declared engine the file's habit decides.
  const bibtex = appended(planBibInsertion(LF_SPACES, ARTICLE, { file: 'a.bib' }));
  assert.match(bibtex.text, /journal = \{Bioinformatics\}/, 'the file says BibTeX and the project says nothing');
  assert.match(bibtex.text, /year = \{2018\}/);
});

test('duplicate by DOI (any spelling) is found and nothing is written', async () => {
  const text = `${LF_SPACES}\n@article{heng2018,\n  author = {Li, Heng},\n  title = {A different title on purpose},\n  doi = {https://doi.org/10.1093/BIOINFORMATICS/bty191},\n  year = {2018}\n}\n`;
  const plan = planBibInsertion(text, ARTICLE, { file: 'a.bib' });
  assert.deepEqual(plan, { kind: 'duplicate', key: 'heng2018', file: 'a.bib', match: 'doi' });
  const dir = mkdtempSync(join(tmpdir(), 'bibwrite-'));
  const path = join(dir, 'refs.bib');
  writeFileSync(path, text);
  const result = await addPaperToBibFile(path, ARTICLE);
  assert.equal(result.written, false);
  assert.equal(readFileSync(path, 'utf8'), text);
});

test('duplicate by normalised title (braces, case, accents, punctuation) in another file of the bibliography', () => {
  const other = parseBibTeX('/p/other.bib', '@misc{x,\n  title = {{MINIMAP2}: Pairwise Alignment for Nucleotide Sequences.},\n  year = 2018\n}\n').entries;
  const plan = planBibInsertion(LF_SPACES, { ...ARTICLE, doi: undefined }, { file: '/p/a.bib', bibliography: other });
  assert.deepEqual(plan, { kind: 'duplicate', key: 'x', file: '/p/other.bib', match: 'title' });
  // Same title, years far apart: a different paper (e.g. a second edition), so it is added.
  const far = planBibInsertion(LF_SPACES, { ...ARTICLE, doi: undefined, year: 2030 }, { file: '/p/a.bib', bibliography: other });
  assert.equal(far.kind, 'append');
});

test('a Better BibTeX auto-export is refused with a clear reason, unless the user allowed it', async () => {
  const text = `% Exported by Zotero Better BibTeX (auto-export). Changes will be overwritten.\n\n${LF_SPACES}`;
  const plan = planBibInsertion(text, ARTICLE, { file: 'zotero.bib' });
  assert.equal(plan.kind, 'refused');
  assert.match((plan as { reason: string }).reason, /Better BibTeX.*Zotero/);
  const dir = mkdtempSync(join(tmpdir(), 'bibwrite-'));
  const path = join(dir, 'zotero.bib');
  writeFileSync(path, text);
  assert.equal((await addPaperToBibFile(path, ARTICLE)).written, false);
  assert.equal(readFileSync(path, 'utf8'), text);
  checkInsert(text, appended(planBibInsertion(text, ARTICLE, { file: 'zotero.bib', allowAutoExport: true })));
});

test('key styles: Smith2020, smith_2020, smith2020attention, vaswaniAttentionAllYou2017; collisions get a letter', () => {
  const make = (keys: string[]) => keys.map((key, i) => `@article{${key},\n  author = {${['Smith, John', 'Lee, Kim', 'Brown, Ann'][i]}},\n  title = {${['Attention in the wild', 'Graph networks for everything', 'Deep nets everywhere'][i]}},\n  year = {${2020 - i}}\n}\n`).join('\n');
  const cases: [string[], string][] = [
    [['Smith2020', 'Lee2019', 'Brown2018'], 'Li2018'],
    [['smith_2020', 'lee_2019', 'brown_2018'], 'li_2018'],
    [['smith2020attention', 'lee2019graph', 'brown2018deep'], 'li2018minimap2'],
    [['smithAttentionWild2020', 'leeGraphNetworksEverything2019', 'brownDeepNetsEverywhere2018'], 'liMinimap2PairwiseAlignment2018'],
    [['Smith:2020', 'Lee:2019', 'Brown:2018'], 'Li:2018'],
  ];
  for (const [keys, want] of cases) {
    const text = make(keys);
    const plan = appended(planBibInsertion(text, ARTICLE, { file: 'a.bib' }));
    assert.equal(plan.key, want, keys.join(','));
    checkInsert(text, plan);
  }
  const taken = `${make(['smith2020attention', 'lee2019graph'])}\n@misc{li2018minimap2,\n  title = {Something else entirely},\n  author = {Li, Other},\n  year = 2018\n}\n`;
  const plan = appended(planBibInsertion(taken, ARTICLE, { file: 'a.bib' }));
  assert.equal(plan.key, 'li2018minimap2a');
  checkInsert(taken, plan);
});

test('Latin-1 file: bytes kept, non-Latin-1 characters written as LaTeX', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibwrite-'));
  const path = join(dir, 'latin.bib');
  const old = Buffer.from('@book{muller2001,\n  author = {M\xfcller, J\xf6rg},\n  title = {Theorie},\n  year = {2001}\n}\n', 'latin1');
  writeFileSync(path, old);
  const result = await addPaperToBibFile(path, { ...ARTICLE, authors: [{ family: 'Łukasz', given: 'Zoë' }] });
  assert.equal(result.encoding, 'latin1');
  const now = readFileSync(path);
  assert.deepEqual(now.subarray(0, old.length), old);
  const tail = now.subarray(old.length).toString('latin1');
  assert.match(tail, /author = \{\{\\L\}ukasz, Zo(ë|\{\\"e\})\}/);
  const parsed = parseBibTeX('latin.bib', now.toString('latin1'));
  assert.equal(parsed.entries.length, 2);
});

test('every corpus .bib: appending keeps each existing entry byte for byte and adds one entry', () => {
  const files: string[] = [];
  for (const paper of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!paper.isDirectory()) continue;
    for (const name of readdirSync(join(CORPUS, paper.name))) if (name.endsWith('.bib')) files.push(join(CORPUS, paper.name, name));
  }
  assert.ok(files.length >= 6, 'at least 6 files');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const plan = planBibInsertion(text, { ...VASWANI, title: `${VASWANI.title} (corpus check)`, doi: undefined }, { file });
    if (file.endsWith('wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib')) {
      // Its header: "Automatically generated by Mendeley Desktop ... Any changes to this file will be lost".
      assert.equal(plan.kind, 'refused');
      assert.match((plan as { reason: string }).reason, /Mendeley/);
      continue;
    }
    const next = checkInsert(text, appended(plan));
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    assert.ok(next.endsWith(`}${eol}`), 'the file ends with the closing brace and its EOL');
  }
});

test('property: any title and names round-trip through the appended entry (UTF-8 and ASCII files)', () => {
  const word = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ éüß&%$#_{}~^\\-:ŁØ'.split('')) });
  fc.assert(
    fc.property(word, word, word, fc.boolean(), (title, family, given, ascii) => {
      fc.pre(/[A-Za-z]/.test(family) && title.trim().length > 0);
      const text = ascii ? '@misc{a2000x,\n  title = {Existing entry X},\n  author = {A, B},\n  year = {1990}\n}\n' : '@misc{a2000x,\n  title = {Existing entry Ä},\n  author = {A, B},\n  year = {1990}\n}\n';
      const plan = appended(planBibInsertion(text, { title, authors: [{ family: family.trim() || 'X', given }], year: 2001 }, { file: 'a.bib' }));
      const next = checkInsert(text, plan);
      if (ascii) assert.match(plan.text, /^[\x00-\x7f]*$/, 'ASCII file stays ASCII');
      const entry = parseBibTeX('a.bib', next).entries.find((e) => e.key === plan.key);
      const norm = (s: string | undefined) => (s ?? '').replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
      assert.equal(norm(entry?.title), norm(title.replace(/[{}]/g, '')));
    }),
    { numRuns: 150 },
  );
});

test('the same title is another paper when the DOIs or the first authors differ ("Introduction" is not one paper)', () => {
  const old = '@article{smith2020intro,\n  author = {Smith, John},\n  title = {Introduction},\n  year = {2020},\n  doi = {10.1000/journal-a.2020.1}\n}\n@misc{supp,\n  author = {Lee, Kim},\n  title = {Supplementary Material}\n}\n';
  const otherDoi = planBibInsertion(old, { title: 'Introduction', authors: [{ family: 'Smith', given: 'John' }], year: 2021, doi: '10.2000/journal-b.2021.7' }, { file: 'a.bib' });
  assert.equal(otherDoi.kind, 'append');
  const otherAuthor = planBibInsertion(old, { title: 'Supplementary material', authors: [{ family: 'Jones' }] }, { file: 'a.bib' });
  assert.equal(otherAuthor.kind, 'append');
  const same = planBibInsertion(old, { title: 'Supplementary Material', authors: [{ family: 'Lee', given: 'K.' }] }, { file: 'a.bib' });
  assert.deepEqual(same.kind === 'duplicate' && [same.key, same.match], ['supp', 'title']);
  // names as Semantic Scholar or a library gives them against BibTeX's parts: particles, suffixes, organisations
  const bib = '@article{vandijk2020,\n  author = {van Dijk, Jan},\n  title = {Graphs},\n  year = {2020}\n}\n'
    + '@article{king2019,\n  author = {King, Jr., Martin L.},\n  title = {Dreams},\n  year = {2019}\n}\n'
    + '@article{who2021,\n  author = {World Health Organization},\n  title = {Report},\n  year = {2021}\n}\n';
  for (const [title, family, year, key] of [['Graphs', 'van Dijk', 2020, 'vandijk2020'], ['Dreams', 'King Jr.', 2019, 'king2019'], ['Report', 'World Health Organization', 2021, 'who2021']] as const) {
    const plan = planBibInsertion(bib, { title, authors: [{ family }], year }, { file: 'a.bib' });
    assert.deepEqual(plan.kind === 'duplicate' && plan.key, key, `${family}: ${JSON.stringify(plan)}`);
  }
});

test('an entry that is never closed: refused with its line, since BibTeX would read the new entry inside it', () => {
  const old = '@article{b2,\n  title = {Z},\n  year = {2002}\n}\n@article{a1,\n  title = {X {Y},\n  year = {2001}\n}\n';
  const plan = planBibInsertion(old, ARTICLE, { file: 'refs.bib' });
  assert.equal(plan.kind, 'refused');
  assert.match((plan as { reason: string }).reason, /^refs\.bib, line 5: .*a1.*not closed.*nothing was written/);
});

test('an entry that does not parse still holds its key: a new entry takes another', () => {
  const old = '@article{li2018minimap2,\n  author = {Li, H}\n  title = {Broken: a comma is missing}\n}\n';
  const plan = appended(planBibInsertion(old, ARTICLE, { file: 'a.bib' }));
  assert.notEqual(plan.key.toLowerCase(), 'li2018minimap2');
  assert.match(plan.key, /^li2018minimap2./);
});

test('keys from names with letters that do not decompose, and from Cyrillic', () => {
  const key = (family: string) => appended(planBibInsertion('', { title: 'Theory', authors: [{ family }], year: 2020 }, { file: 'a.bib' })).key;
  assert.deepEqual(['Ørsted', 'Łukasiewicz', 'Đặng', 'Þórsson', 'Иванов', '王'].map(key), ['orsted2020theory', 'lukasiewicz2020theory', 'dang2020theory', 'thorsson2020theory', 'ivanov2020theory', 'anon2020theory']);
});

test('a large file whose entries the caller parsed: the same plan without parsing it again; unclosed entries still refused', () => {
  const entries: string[] = [];
  for (let i = 0; entries.join('').length < 1_100_000; i++) {
    entries.push(`@article{Author${i}:${1970 + (i % 50)},\n  author = {Author${i}, First},\n  title = {Generated title number ${i}},\n  journal = {Journal of Results},\n  year = {${1970 + (i % 50)}},\n  doi = {10.1000/gen.${i}},\n  abstract = {Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.}\n}\n\n`);
  }
  const text = entries.join('');
  const parsed = parseBibTeX('big.bib', text).entries;
  const fresh = appended(planBibInsertion(text, ARTICLE, { file: 'big.bib' }));
  const reused = appended(planBibInsertion(text, ARTICLE, { file: 'big.bib', bibliography: parsed }));
  assert.equal(reused.text, fresh.text);
  assert.equal(reused.key, 'Li:2018', 'the key habit of the file\'s first entries');
  const last = parsed[parsed.length - 1];
  const duplicate = planBibInsertion(text, { title: last.title ?? '', authors: [{ family: last.authors[0].family ?? '' }], year: Number(last.year) }, { file: 'big.bib', bibliography: parsed });
  assert.deepEqual(duplicate.kind === 'duplicate' && duplicate.key, last.key);
  // an add queued behind another sees the entry the first appended, though the caller's parse predates it
  const first = appended(planBibInsertion(text, ARTICLE, { file: 'big.bib', bibliography: parsed }));
  assert.deepEqual(planBibInsertion(text + first.text, ARTICLE, { file: 'big.bib', bibliography: parsed }).kind, 'duplicate');
  const broken = `${text}@article{open1,\n  title = {Never {closed},\n  year = {2001}\n}\n`;
  assert.equal(planBibInsertion(broken, ARTICLE, { file: 'big.bib', bibliography: parsed }).kind, 'refused');
});

test('an unclosed entry that the next entry\'s line ends (BibTeX skips to it) does not stop an append, whatever the line endings', () => {
  const lf = '@article{a1,\n  title = {X},\n  year = {2001}\n\n@article{b2,\n  title = {Z}\n}\n';
  for (const old of [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')]) {
    const plan = planBibInsertion(old, ARTICLE, { file: 'refs.bib' });
    assert.equal(plan.kind, 'append', old);
  }
});
