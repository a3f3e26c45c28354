// A paper from an extra .bib library copied into the manuscript's .bib keeps what its type needs:
// a thesis its school, a report its institution, a chapter its editors and place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { planBibInsertion } from '../../extension/core/bibwrite/plan.ts';
import { entryMetadata } from '../../extension/server/related/bib-insert.ts';

const LIBRARY = `@phdthesis{doe2019,
  author = {Doe, Jane}, title = {Tagging Proteins}, school = {University of Oslo}, year = {2019}, month = jun, address = {Oslo}
}
@techreport{nasa1999,
  author = {Smith, A.}, title = {Rocket Report}, institution = {NASA}, number = {TR-12}, year = {1999}
}
@incollection{lee2001,
  author = {Lee, Kim}, title = {A Chapter}, booktitle = {The Book}, editor = {Ng, Andrew and Roe, Richard}, publisher = {Springer},
  address = {Berlin}, edition = {2}, series = {Lecture Notes}, pages = {1--20}, year = {2001}, isbn = {978-3-16-148410-0}
}
`;

function copied(key: string, target: string): string {
  const entry = parseBibTeX('library.bib', LIBRARY).entries.find((e) => e.key === key);
  assert.ok(entry, key);
  const plan = planBibInsertion(target, entryMetadata(entry), { file: 'refs.bib', key });
  assert.equal(plan.kind, 'append');
  return (plan as { entry: string }).entry;
}

const BIBTEX = '@article{x1,\n  title = {X},\n  journal = {J},\n  year = {2001}\n}\n';
const BIBLATEX = '@article{x1,\n  title = {X},\n  journaltitle = {J},\n  date = {2001}\n}\n';

test('BibTeX: school, institution, editor, address, edition, series, month and ISBN survive the copy', () => {
  const thesis = copied('doe2019', BIBTEX);
  assert.match(thesis, /^@phdthesis\{doe2019,/);
  assert.match(thesis, /school = \{University of Oslo\}/);
  assert.match(thesis, /address = \{Oslo\}/);
  assert.match(thesis, /month = \{June\}/);
  assert.match(copied('nasa1999', BIBTEX), /number = \{TR-12\},\n  institution = \{NASA\}/);
  const chapter = copied('lee2001', BIBTEX);
  for (const field of [/editor = \{Ng, Andrew and Roe, Richard\}/, /series = \{Lecture Notes\}/, /edition = \{2\}/, /address = \{Berlin\}/, /isbn = \{978-3-16-148410-0\}/, /pages = \{1--20\}/]) assert.match(chapter, field);
});

test('BibLaTeX: a thesis\'s school is its institution, the place its location', () => {
  const thesis = copied('doe2019', BIBLATEX);
  assert.match(thesis, /institution = \{University of Oslo\}/);
  assert.match(thesis, /location = \{Oslo\}/);
  assert.doesNotMatch(thesis, /school|address/);
});
