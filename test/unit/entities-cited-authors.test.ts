// A cited author's name is not an entity ("the Suzuki-Kasahara formulation", "the library by
// P. Dierckx \cite{...}": both were tagged Chemical on the corpus; "Paul Dubois" a Material).
// Names come from the entries the file itself cites, through the real BibTeX parser and segmenter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { citedAuthorNames, isCitedAuthorName } from '../../extension/core/entities/cited-authors.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { entitiesOfProject } from '../../extension/analysis/editor/document-entities.ts';
import type { EntityTagger } from '../../extension/analysis/editor/models.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

// minimap2's own entries (shared/corpus/minimap2), one with an accented name and one uncited
const BIB = `@article{Suzuki:2018aa,
	Author = {Suzuki, Hajime and Kasahara, Masahiro},
	Journal = {BMC Bioinformatics}, Title = {Introducing difference recurrence relations}, Year = {2018}}
@book{Dierckx:1993,
	author = {Dierckx, P. and Rice, John and Cat, A.}, title = {Curve and Surface Fitting with Splines}, year = {1993}}
@article{uncited, author = {Notch, Ada}, title = {Never cited}, year = {2001}}
`;
const entries = new Map(parseBibTeX('/p/refs.bib', BIB).entries.map((e) => [e.key.toLowerCase(), e]));
const lookupEntry = (key: string) => entries.get(key.toLowerCase());

const TEX = `\\begin{document}
We use the Suzuki-Kasahara formulation~\\citep{Suzuki:2018aa} with CaMKII.

FITPACK is the Fortran library by P.~Dierckx \\cite{Dierckx:1993}, maintained by John Smith; Notch signalling and rice and CAT too.
\\end{document}
`;
const { segments } = segmentDocument({ file: '/p/paper.tex', text: TEX, languageId: 'latex' });

function mention(text: string, name: string, type: string): ProseEntity {
  const start = text.indexOf(name);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score: 0.7, model: 'test' };
}

test('the names of the authors the file cites, lower-cased, hyphenated names split, initials left out; uncited entries do not count', () => {
  const names = citedAuthorNames(segments, lookupEntry);
  assert.deepEqual([...names.families].sort(), ['cat', 'dierckx', 'kasahara', 'rice', 'suzuki']);
  assert.deepEqual([...names.givens].sort(), ['hajime', 'john', 'masahiro']);
});

test('a span of cited family names only, capitalised, is a name; initials, dashes, possessives and a long name misspelt by one letter allowed', () => {
  const names = citedAuthorNames(segments, lookupEntry);
  for (const name of ['Suzuki-Kasahara', 'Suzuki–Kasahara', 'Dierckx', 'P. Dierckx', "Dierckx's", 'Suzuki and Kasahara', "Suzuki's and Kasahara", "Kasahara' and Suzuki's", 'Suzuki et al.', 'John Smith', 'John F. Kennedy', 'Hajime Tanaka',
    'Kasahra', 'Suzuki and Kashaara', 'Dierckz']) {
    assert.equal(isCitedAuthorName(name, names), true, name);
  }
  for (const name of ['Suzuki-Kasahara formulation', 'rice', 'CAT', 'Notch', 'CaMKII', 'Kasahara1', 'John', 'John Smith Jones Lab', 'John DNA', 'Ada Lovelace', 'john smith',
    'Rico', 'Suzuka', 'Kasahara-Ito', 'Kasaharaan', "Suzuki's formulation"]) {
    assert.equal(isCitedAuthorName(name, names), false, name);
  }
  assert.equal(isCitedAuthorName('Dierckx', { families: new Set(), givens: new Set() }), false, 'no citations, no names');
});

test('composition drops cited authors\' names and keeps the rest; without a bibliography nothing changes', () => {
  const prose = segments.map((s) => s.prose.text);
  const tagged = [
    [mention(prose[0], 'Suzuki-Kasahara', 'Chemical'), mention(prose[0], 'CaMKII', 'GeneProtein')],
    [mention(prose[1], 'FITPACK', 'Method'), mention(prose[1], 'Dierckx', 'Chemical'), mention(prose[1], 'John Smith', 'Material'), mention(prose[1], 'Notch', 'GeneProtein'), mention(prose[1], 'rice', 'Organism'), mention(prose[1], 'CAT', 'GeneProtein')],
  ];
  const texts = (list: { text: string }[]) => list.map((e) => e.text);
  assert.deepEqual(texts(composeEntities(segments, TEX, tagged, { citedNames: citedAuthorNames(segments, lookupEntry) })), ['CaMKII', 'FITPACK', 'Notch', 'rice', 'CAT']);
  assert.deepEqual(texts(composeEntities(segments, TEX, tagged)), ['Suzuki-Kasahara', 'CaMKII', 'FITPACK', 'Dierckx', 'John Smith', 'Notch', 'rice', 'CAT']);
});

test('a project analysed together: cited authors\' names neither show nor vote', async () => {
  const other = '\\begin{document}\nDierckx is here.\n\\end{document}\n';
  const analyses = [
    { file: '/p/paper.tex', text: TEX, segments },
    { file: '/p/other.tex', text: other, segments: segmentDocument({ file: '/p/other.tex', text: other, languageId: 'latex' }).segments },
  ];
  const tagger = { id: 'stand-in', tag: async (list: readonly string[]) => list.map((t) => (t.includes('Dierckx') ? [mention(t, 'Dierckx', 'Chemical')] : [])) } as unknown as EntityTagger;
  const [paper, second] = await entitiesOfProject(analyses, tagger, { lookupEntry });
  assert.deepEqual(paper, [], 'the file that cites Dierckx');
  assert.deepEqual(second.map((e) => `${e.text}:${e.type}`), ['Dierckx:Chemical'], 'a file that cites nobody keeps its highlight');
});
