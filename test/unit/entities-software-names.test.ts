// Software names are methods, not chemicals or genes: the evidence a file gives (a software noun
// after the name, code font, a cited title "NAME: a … program", a list with software in it), read
// through the real segmenter and BibTeX parser; checked against the NER datasets' gold entities,
// none of which may become a software name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { softwareNames, softwareReason } from '../../extension/core/entities/software-names.ts';
import { BIOMEDICAL_TYPES, COMPUTER_SCIENCE_TYPES } from '../../extension/core/entities/domain-types.ts';
import { normalizeMention } from '../../extension/core/entities/dismissals.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';
import { readNer } from '../../extension/core/eval/readers.ts';
import { sentenceText } from '../../extension/core/eval/ner-eval.ts';
import { composeEntities } from '../../extension/analysis/editor/compose.ts';
import { entitiesOfProject } from '../../extension/analysis/editor/document-entities.ts';
import type { EntityTagger } from '../../extension/analysis/editor/models.ts';
import { segmentDocument, type ManuscriptLanguage } from '../../extension/core/prose/segmenter.ts';

function namesOf(text: string, language: ManuscriptLanguage = 'latex', bib = ''): string[] {
  const file = language === 'latex' ? '/p/paper.tex' : '/p/paper.md';
  const { segments } = segmentDocument({ file, text, languageId: language });
  const entries = new Map(parseBibTeX('/p/refs.bib', bib).entries.map((e) => [e.key.toLowerCase(), e]));
  return [...softwareNames({ segments, text, language }, (key) => entries.get(key.toLowerCase())).keys()].sort();
}

const latex = (body: string) => `\\begin{document}\n${body}\n\\end{document}\n`;

test('the biomedical types are the taxonomy\'s', () => {
  const taxonomy = JSON.parse(readFileSync(new URL('../../models/taxonomy.json', import.meta.url), 'utf8')) as { types: { id: string; domain: string }[] };
  assert.deepEqual([...BIOMEDICAL_TYPES].sort(), taxonomy.types.filter((t) => t.domain === 'biomedical').map((t) => t.id).sort());
  assert.deepEqual([...COMPUTER_SCIENCE_TYPES].sort(), taxonomy.types.filter((t) => t.domain === 'computer-science').map((t) => t.id).sort());
});

test('a name right before a software noun is software; common words, molecules and metaphors are not', () => {
  assert.deepEqual(namesOf(latex('SciPy is built on the SciPy library. We ran the minimap2 package and the FITPACK Fortran library, then the Galaxy web server.')), ['fitpack', 'galaxy', 'minimap2', 'scipy']);
  assert.deepEqual(namesOf(latex('We screened a cDNA library and RNAi libraries. The LEM module binds. The extended PP1 toolkit and the Cas9 toolbox. The CD9 interface. Training pipelines help. Statistical software was used.')), []);
  assert.deepEqual(namesOf(latex('SciPy, library of many.')), [], 'punctuation between the name and the noun');
  assert.deepEqual(namesOf(latex('Wrappers for the Fortran library ODRPACK and the program GMAP; the software was used.')), ['gmap', 'odrpack'], 'a name after its noun');
});

test('code font names software: LaTeX typewriter and code commands, Markdown inline code but not knitr expressions', () => {
  assert.deepEqual(namesOf(latex('The \\texttt{scipy.spatial.cKDTree.query} method and \\verb|NumPy| and \\pkg{ggplot2}.')), ['ckdtree', 'ggplot2', 'numpy']);
  assert.deepEqual(namesOf('We ran `QIIME2` on `r nrow(OTUs)` samples; ``BRCA1`` is not code here.\n', 'markdown'), ['qiime2']);
  assert.deepEqual(namesOf(latex('As `Nature\' says, `BRCA1` is a gene.')), [], 'LaTeX quotes are no code');
});

test('a cited title "NAME: … program" names software; a title about a molecule or a metaphor does not; uncited entries do not count', () => {
  const bib = `@article{gmap, title = {{GMAP}: a genomic mapping and alignment program for {mRNA} and {EST} sequences}, author = {Wu, T.}, year = {2005}}
@article{star, title = {{STAR}: ultrafast universal {RNA-seq} aligner}, author = {Dobin, A.}, year = {2013}}
@article{cis, title = {Cisplatin: mode of cytotoxic action and molecular basis of resistance}, author = {Siddik, Z.}, year = {2003}}
@article{pp1, title = {The extended {PP1} toolkit: designed to create specificity}, author = {Bollen, M.}, year = {2010}}
@article{uncited, title = {{ODRPACK}: software for orthogonal distance regression}, author = {Boggs, P.}, year = {1992}}
`;
  assert.deepEqual(namesOf(latex('Reads were aligned \\cite{gmap,star}; cisplatin \\cite{cis} acts on PP1 \\cite{pp1}.'), 'latex', bib), ['gmap', 'rna-seq', 'star'], 'the name before "aligner" in a title counts too');
});

test('a list that names software names software throughout; a list of genes stays genes', () => {
  assert.deepEqual(namesOf(latex('Functions read MATLAB, IDL, Matrix Market, NetCDF and WAV files with the NetCDF library.')), ['idl', 'matrix market', 'netcdf', 'wav'], 'MATLAB is a programming language anyway');
  assert.deepEqual(namesOf(latex('The GMAP program is slow: minimap2 is faster than GMAP and SpAln (v2.3).')), ['gmap', 'spaln'], 'the words at a list\'s ends');
  assert.deepEqual(namesOf(latex('The minimap2 package is faster than GMAP and SpAln.')), ['minimap2'], 'a list must name known software');
  assert.deepEqual(namesOf(latex('The following tools: minimap2 (`-ax splice\'); GMAP (`-n 0\'); STARlong (see http://bit.ly/star-pb). The minimap2 package is fast.')), ['gmap', 'minimap2', 'starlong']);
  assert.deepEqual(namesOf(latex('BRCA1, BRCA2 and TP53 were sequenced with the Illumina software.')), ['illumina']);
});

test('a software name\'s biomedical highlights become methods, with the reason in words; its other types and other names stay', () => {
  const text = latex('We extend the SciPy library, as \\texttt{scipy.spatial.cKDTree} shows; MATLAB, IDL and NetCDF files.');
  const names = softwareNames({ segments: segmentDocument({ file: '/p/paper.tex', text, languageId: 'latex' }).segments, text });
  assert.equal(softwareReason('SciPy', 'GeneProtein', names), 'named as software: “SciPy library”');
  assert.equal(softwareReason('cKDTree', 'Chemical', names), 'written as code: “scipy.spatial.cKDTree”');
  assert.equal(softwareReason('IDL', 'Chemical', names), 'listed with software: matlab');
  assert.equal(softwareReason('SciPy', 'Material', names), undefined, 'not a biomedical type');
  assert.equal(softwareReason('cisplatin', 'Chemical', names), undefined);
  assert.equal(softwareReason('Matlab', 'Chemical', new Map()), 'a programming language', 'a programming language is software wherever it is named');
  assert.equal(softwareReason('Python', 'Organism', new Map()), undefined, 'a python is also a snake');
  assert.equal(softwareReason('FFT', 'GeneProtein', new Map()), 'a computing term', 'the FFT is no protein');
  assert.equal(softwareReason('GPUs', 'Chemical', new Map()), 'a computing term');
});

function mention(text: string, name: string, type: string, from = 0): ProseEntity {
  const start = text.indexOf(name, from);
  assert.notEqual(start, -1, `${name} is in "${text}"`);
  return { start, end: start + name.length, type, score: 0.8, model: 'test' };
}

test('composition and project analysis type a software name as a method, before the one-type-per-name vote', async () => {
  const text = latex('SciPy is a library. We extend the SciPy library with cisplatin.');
  const { segments } = segmentDocument({ file: '/p/paper.tex', text, languageId: 'latex' });
  const prose = segments[0].prose.text;
  const tagged = [[mention(prose, 'SciPy', 'GeneProtein'), mention(prose, 'SciPy', 'Chemical', 20), mention(prose, 'cisplatin', 'Chemical')]];
  const typed = (list: { text: string; type: string }[]) => list.map((e) => `${e.text}:${e.type}`);
  const names = softwareNames({ segments, text });
  const composed = composeEntities(segments, text, tagged, { softwareNames: names });
  assert.deepEqual(typed(composed), ['SciPy:Method', 'SciPy:Method', 'cisplatin:Chemical']);
  assert.deepEqual(composed.map((e) => e.typedBecause), ['named as software: “SciPy library”', 'named as software: “SciPy library”', undefined]);
  assert.deepEqual(typed(composeEntities(segments, text, tagged)), ['SciPy:GeneProtein', 'SciPy:Chemical', 'cisplatin:Chemical'], 'without the names, the tagger\'s types');
  const tagger = { id: 'stand-in', tag: async (list: readonly string[]) => list.map((t) => (t.includes('SciPy') ? [mention(t, 'SciPy', 'GeneProtein')] : [])) } as unknown as EntityTagger;
  const [entities] = await entitiesOfProject([{ file: '/p/paper.tex', text, segments }], tagger);
  // the second SciPy, which this tagger misses, takes the first one's type (missed-mentions.ts)
  assert.deepEqual(typed(entities), ['SciPy:Method', 'SciPy:Method']);
});

test('a project\'s files share the software they state: one chapter\'s FITPACK library makes another chapter\'s list software', async () => {
  const files = [
    latex('The FITPACK Fortran library fits splines.'),
    latex('We wrap FITPACK, ODRPACK and MINPACK for curve fitting.'),
  ].map((text, i) => ({ file: `/p/ch${i}.tex`, text, segments: segmentDocument({ file: `/p/ch${i}.tex`, text, languageId: 'latex' }).segments }));
  const tagger = { id: 'stand-in', tag: async (list: readonly string[]) => list.map((t) => (t.includes('ODRPACK') ? [mention(t, 'ODRPACK', 'GeneProtein')] : [])) } as unknown as EntityTagger;
  const [, second] = await entitiesOfProject(files, tagger);
  // the names listed with it take its type (coordinated-names.ts)
  assert.deepEqual(second.map((e) => `${e.text}:${e.type}`), ['FITPACK:Method', 'ODRPACK:Method', 'MINPACK:Method']);
  const [alone] = await entitiesOfProject([files[1]], tagger);
  assert.deepEqual(alone.filter((e) => e.text === 'ODRPACK').map((e) => `${e.text}:${e.type}`), ['ODRPACK:GeneProtein'], 'alone, nothing says what FITPACK is');
});

const NER = ['BC5CDR/train.tsv', 'BC5CDR/devel.tsv', 'BioNLP13CG/train.tsv', 'BioNLP13CG/devel.tsv', 'BC2GM/devel.tsv', 'NCBI-disease/train.tsv', 'linnaeus/train.tsv', 'JNLPBA/devel.tsv']
  .map((f) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url));

test('no gold biomedical entity of the NER datasets becomes a software name (text read ten sentences at a time)', { skip: !NER.every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  let gold = 0;
  let names = 0;
  const retyped: string[] = [];
  for (const url of NER) {
    const sentences = readNer(readFileSync(url, 'utf8'));
    for (let at = 0; at < sentences.length; at += 10) {
      const chunk = sentences.slice(at, at + 10);
      let text = '';
      const spans = [];
      for (const s of chunk) {
        const { text: sentence } = sentenceText(s.tokens);
        spans.push({ start: text.length, end: text.length + sentence.length });
        text += `${sentence} `;
      }
      const segment = { prose: { text, sourceStart: new Int32Array(0), sourceEnd: new Int32Array(0) }, citations: [], sentences: spans };
      const found = softwareNames({ segments: [segment], text: '' });
      names += found.size;
      for (const s of chunk) {
        for (const e of s.entities) {
          gold++;
          const mentioned = s.tokens.slice(e.start, e.end).join(' ');
          if (found.has(normalizeMention(mentioned))) retyped.push(mentioned);
        }
      }
    }
  }
  assert.ok(gold > 40_000 && names > 30, `${gold} gold entities, ${names} software names found`);
  assert.deepEqual(retyped, []);
});
