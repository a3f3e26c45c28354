// Words in capitals that the document shows to be names of tools, data sets, builds, products or
// publications, not abbreviations an author must spell out: a version after them, a number in them,
// a citation after the name they begin, the software evidence of software-names.ts. Each case is one
// of the false reports on the six corpus papers; the right reports beside them stay. Real segmenter
// and BibTeX parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAbbreviations } from '../../extension/core/abbreviations/index.ts';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import { softwareNames } from '../../extension/core/entities/software-names.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

/** Without `software`, no software evidence (`softwareNames`): the cited titles' rule alone. */
function undefinedIn(body: string, bib = '', languageId: 'latex' | 'markdown' = 'latex', software = true): string[] {
  const text = languageId === 'latex' ? `\\begin{document}\n${body}\n\\end{document}\n` : `${body}\n`;
  const { segments } = segmentDocument({ file: languageId === 'latex' ? '/p/a.tex' : '/p/a.md', text, languageId });
  const entries = new Map(parseBibTeX('/p/refs.bib', bib).entries.map((e) => [e.key.toLowerCase(), e]));
  const names = software ? softwareNames({ segments, text, language: languageId }, (key) => entries.get(key.toLowerCase())) : undefined;
  return analyzeAbbreviations(segments, text, { names, citedTitle: (key) => entries.get(key.toLowerCase())?.title }).undefined.map((u) => u.text);
}

test('a version after a name, or after the words of its name, makes it a tool or a data set', () => {
  assert.deepEqual(undefinedIn(String.raw`We ran BLASR~(v1.MC.rc64; \cite{c}), STAR~(v2.5.3a; \cite{d}) and SNAP (v1.0beta23; \cite{e}).
SNPs were called with GATK HaplotypeCaller v3.5~\cite{g} after a run of the MOOSE simulator (\url{https://moose.ncbs.res.in}, version 3.1.4).
We used the SILVA non-redundant database v132 and the EnsEMBL gene annotation, release 89. The NMDA receptor binds.`), ['SNPs', 'NMDA']);
  // what one mention shows holds for the mentions before it
  assert.deepEqual(undefinedIn(String.raw`STAR maps spliced reads. We ran STAR~(v2.5.3a; \cite{d}).`), []);
  // not across a function word or a sentence: "in version 2" is the model's
  assert.deepEqual(undefinedIn(String.raw`The ITD in version 2 of the model grows. We used the ILD. Version 3 followed.`), ['ITD', 'ILD']);
});

test('capitals, lower-case letters and a number make a build or a release, a CamelCase word a coined name', () => {
  assert.deepEqual(undefinedIn(String.raw`Reads were mapped to GRCh38 and GRCm38 and compared by MUMmer4 on PyPy.`), []);
  // a capital run and a number: a gene or protein symbol may want its long form
  assert.deepEqual(undefinedIn(String.raw`We used HSP90 inhibitors in the CA1 region.`), ['HSP90', 'CA1']);
  assert.deepEqual(undefinedIn(String.raw`CaMKII binds the NMDA receptor; PKM and the ERB scale.`), ['CaMKII', 'NMDA', 'PKM', 'ERB']);
});

test('a citation after the capitalised words or the number that a name begins with names the whole of it', () => {
  assert.deepEqual(undefinedIn(String.raw`It was featured in SIAM News\cite{siam} and uses ALGORITHM 644\cite{amos}.`), []);
  // a common noun between: the citation is for what the sentence says of the receptor
  assert.deepEqual(undefinedIn(String.raw`CaMKII attaches to the NMDA receptor \cite{dosemeci}. We used the SRA toolkit \cite{sra}.`), ['CaMKII', 'NMDA', 'SRA']);
});

test('what the document shows to be software, and programming languages, are names', () => {
  const bib = '@article{wu, title = {GMAP: a genomic mapping and alignment program for mRNA and EST sequences}}\n';
  assert.deepEqual(undefinedIn(String.raw`We compared GMAP with it \cite{wu}, then read MATLAB, IDL and WAV files, and FORTRAN code, with \texttt{KDTree} objects. The ERB scale.`, bib), ['ERB']);
  // an abbreviation is what a software noun's modifier often is: "the PyPy JIT compiler" names no JIT
  assert.deepEqual(undefinedIn(String.raw`The latest JIT compilation approaches. Our tests passed with the PyPy JIT compiler \cite{bolz}.`), ['JIT']);
  // a language qualifier between the name and its noun is evidence still
  assert.deepEqual(undefinedIn(String.raw`SciPy relied on the venerable FITPACK. FITPACK is the FITPACK Fortran library.`), []);
});

test('a cited work whose title names the word (its head before a colon, with a tool\'s or a resource\'s noun; or its long form) makes it a name at every mention', () => {
  const body = String.raw`BLAST is fast. Hits were found with BLAST~\cite{blast}. BLAST hits were then filtered.`;
  for (const title of [
    'Gapped {BLAST} and {PSI-BLAST}: a new generation of protein database search programs',
    '{BLAST}: basic local alignment search tool',
    'Basic local alignment search tool',
  ]) assert.deepEqual(undefinedIn(body, `@article{blast, title = {${title}}}\n`), [], title);
  assert.deepEqual(undefinedIn(String.raw`GEO holds it. Data came from GEO~\cite{geo}.`, '@article{geo, title = {{GEO}: archive for functional genomics data sets -- update}}\n'), []);
  // "tools for" without an article describes the named suite ("MEME SUITE: tools for motif discovery")
  const meme = String.raw`Motifs were found with MEME~\cite{r}. MEME reported motifs.`;
  for (const title of ['{MEME} {SUITE}: tools for motif discovery and searching', '{MEME}: tool for motif discovery']) {
    assert.deepEqual(undefinedIn(meme, `@article{r, title = {${title}}}\n`, 'latex', false), [], title);
  }
  // no entry, or a title that names something else: the uncited mention is still reported
  assert.deepEqual(undefinedIn(body), ['BLAST']);
  assert.deepEqual(undefinedIn(body, '@article{blast, title = {Improved tools for biological sequence comparison}}\n'), ['BLAST']);
});

test('an abbreviation cited once stays reported where its cited title does not name it as a tool\'s or a resource\'s name', () => {
  const cases: [string, string, string][] = [
    ['AUC', String.raw`The AUC was 0.91. We computed the AUC~\cite{r}.`, 'The meaning and use of the area under a receiver operating characteristic ({ROC}) curve'],
    ['MRI', String.raw`MRI was done yearly. Lesions were seen on MRI~\cite{r}.`, 'Functional {MRI} of the human brain'],
    ['MRI', String.raw`MRI was done yearly. Lesions were seen on MRI~\cite{r}.`, '{MRI}: basic principles and applications'],
    // a tool for a purpose is what a review calls a technique: "tool", "tools" or "toolbox" before "for" names no software
    ['MRI', String.raw`MRI was done yearly. Lesions were seen on MRI~\cite{r}.`, 'Functional {MRI} in the clinic: a tool for presurgical planning'],
    ['ZFN', String.raw`ZFN cuts DNA. Edits were made with ZFN~\cite{r}.`, '{ZFN}, {TALEN} and {CRISPR/Cas}-based methods: a toolbox for genome engineering'],
    ['BDNF', String.raw`BDNF levels rose. BDNF~\cite{r} regulates plasticity.`, '{BDNF}: a key regulator for protein synthesis-dependent {LTP} and long-term memory?'],
    ['BDNF', String.raw`BDNF levels rose. BDNF~\cite{r} regulates plasticity.`, 'Brain-derived neurotrophic factor'],
    ['SNPs', String.raw`SNPs were called. We removed SNPs~\cite{r}.`, 'A map of human genome sequence variation containing 1.42 million single nucleotide polymorphisms'],
    ['SNPs', String.raw`SNPs were called. We removed SNPs~\cite{r}.`, '{SNPs} and {CNVs}: a review of methods'],
    // a title that spells the word out with no tool's or resource's noun: a review of a disease
    ['MS', String.raw`MS is common. Patients with MS~\cite{r} were seen.`, 'Multiple sclerosis'],
  ];
  for (const [word, body, title] of cases) assert.deepEqual(undefinedIn(body, `@article{r, title = {${title}}}\n`), [word], title);
  // a one-word head before a colon and a tool's noun after it is software evidence too (software-names.ts,
  // "VSEARCH: a versatile open source tool for metagenomics"): the cited title alone names no "MRI" here
  const mri = String.raw`MRI was done yearly. Lesions were seen on MRI~\cite{r}.`;
  assert.deepEqual(undefinedIn(mri, '@article{r, title = {{MRI}: a tool for studying brain structure}}\n', 'latex', false), ['MRI']);
});

test('a brain area or a clause after a comma is no version: the abbreviation before it is still reported', () => {
  assert.deepEqual(undefinedIn(String.raw`We recorded from PFC, V1 and LGN. The PFC was silent.`), ['PFC', 'LGN']);
  assert.deepEqual(undefinedIn(String.raw`In MDD, version 2 of the scale was used.`), ['MDD']);
});

test('a cited title naming a data resource with its noun — a bank, an encyclopedia — makes the word a name', () => {
  const cases: [string, string, string][] = [
    ['PDB', String.raw`Structures were taken from the PDB~\cite{r}. PDB entries were filtered.`, 'The Protein Data Bank'],
    ['KEGG', String.raw`Pathways were mapped with KEGG~\cite{r}. KEGG maps were drawn.`, '{KEGG}: Kyoto Encyclopedia of Genes and Genomes'],
    ['BMRB', String.raw`Shifts were taken from BMRB~\cite{r}. BMRB shifts were compared.`, '{BMRB}: the Biological Magnetic Resonance Data Bank'],
  ];
  for (const [word, body, title] of cases) {
    assert.deepEqual(undefinedIn(body, `@article{r, title = {${title}}}\n`, 'latex', false), [], title);
    assert.deepEqual(undefinedIn(body, '', 'latex', false), [word], `${title}, uncited`);
  }
  // a review that spells a condition out, or names a measure, with a resource's noun elsewhere is no name
  const ms = String.raw`MS is common. Patients with MS~\cite{r} were seen.`;
  assert.deepEqual(undefinedIn(ms, '@article{r, title = {Multiple sclerosis: lessons from a tissue bank}}\n', 'latex', false), ['MS']);
});

test('a cited title that spells the word out as a study, a cohort, an initiative or a consortium names a cohort, not a condition', () => {
  const adni = String.raw`We enrolled 300 ADNI~\cite{adni} patients. ADNI~\cite{adni} subjects were scanned.`;
  for (const title of [
    'The {Alzheimer\'s} Disease Neuroimaging Initiative ({ADNI}): {MRI} methods',
    'Ways toward an early diagnosis in {Alzheimer\'s} disease: the {Alzheimer\'s} Disease Neuroimaging Initiative ({ADNI})',
    'The {Alzheimer\'s} Disease Neuroimaging Initiative',
  ]) assert.deepEqual(undefinedIn(adni, `@article{adni, title = {${title}}}\n`, 'latex', false), [], title);
  const bib = [
    '@article{ppmi, title = {The {Parkinson} Progression Marker Initiative ({PPMI})}}',
    '@article{fhs, title = {Epidemiological approaches to heart disease: the {Framingham} Study}}',
    '@article{ukb, title = {{UK} Biobank: an open access resource for identifying the causes of a wide range of complex diseases}}',
  ].join('\n');
  assert.deepEqual(undefinedIn(String.raw`PPMI~\cite{ppmi} patients, FS~\cite{fhs} patients and UKB~\cite{ukb} patients were compared.`, bib, 'latex', false), []);
  // without the title, "ADNI [1] patients" is written as a condition
  assert.deepEqual(undefinedIn(adni, '', 'latex', false), ['ADNI']);
  // conditions cited with titles about them, a cohort study of them among them, stay reported
  const conditions: [string, string, string][] = [
    ['IBD', String.raw`Patients with IBD~\cite{r} received biologic therapy.`, 'Inflammatory bowel disease: a population-based cohort study'],
    ['RA', String.raw`We enrolled 120 RA~\cite{r} patients.`, 'Rheumatoid arthritis in the {Nurses\' Health Study}'],
    ['COPD', String.raw`COPD~\cite{r} exacerbations were frequent.`, '{COPD}: the {ECLIPSE} study of chronic obstructive pulmonary disease'],
    ['MS', String.raw`MS~\cite{r} patients showed lesions.`, 'The {Multiple Sclerosis} Study'],
    // a study's design is no name: "a multicentre study", "A Prospective Cohort"
    ['MS', String.raw`Patients with MS~\cite{r} were seen.`, 'Natalizumab in relapsing disease: a multicentre study'],
    ['MS', String.raw`Patients with MS~\cite{r} were seen.`, 'Natalizumab in Relapsing Disease: A Multicentre Study'],
    ['SS', String.raw`Patients with SS~\cite{r} had dry eyes.`, 'Primary {Sjögren\'s} syndrome: a single-centre study'],
    ['PC', String.raw`We enrolled 120 PC~\cite{r} patients.`, 'Prostate cancer risk in a prospective cohort'],
    ['PC', String.raw`We enrolled 120 PC~\cite{r} patients.`, 'Prostate Cancer Risk in a Prospective Cohort'],
    ['CS', String.raw`Patients with CS~\cite{r} were seen.`, '{Cushing\'s} syndrome: a cohort study'],
    ['AS', String.raw`We enrolled 50 AS~\cite{r} patients.`, 'Ankylosing spondylitis: an autopsy study'],
    ['HS', String.raw`Patients with HS~\cite{r} were seen.`, 'Hidradenitis suppurativa in a national health survey'],
  ];
  for (const [word, body, title] of conditions) assert.deepEqual(undefinedIn(body, `@article{r, title = {${title}}}\n`, 'latex', false), [word], title);
});
