// A disease or an organism cited at every mention is an abbreviation to spell out ("patients with COPD
// [1]"), where a cited tool or data set is a name ("BLAST [1]"). The entity pass's type alone cannot tell
// them apart: the built-in tagger types cited databases diseases too ("annotated with OMIM [1]", "coded
// with ICD [2]"), so the prose must also write the word as a condition at one of its mentions. Built-in
// tagger over cited tools and data sets of bioinformatics and clinical research, each cited at every
// mention, and over disease abbreviations in clinical sentences. Real segmenter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitiesOfFile } from '../../extension/analysis/editor/document-entities.ts';
import { loadEntityTagger } from '../../extension/analysis/editor/models.ts';
import { analyzeAbbreviations, entityTypesByWord } from '../../extension/core/abbreviations/index.ts';
import { wordsWrittenAsConditions } from '../../extension/core/abbreviations/condition-context.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

const CONDITION_TYPES = new Set(['Disease', 'Cancer', 'PathologicalFormation', 'Organism']);

function segmentsOf(body: string) {
  const text = `\\begin{document}\n${body}\n\\end{document}\n`;
  return { text, segments: segmentDocument({ file: '/p/a.tex', text, languageId: 'latex' }).segments };
}

function undefinedIn(body: string, entityTypes: Record<string, string>): string[] {
  const { text, segments } = segmentsOf(body);
  return analyzeAbbreviations(segments, text, { entityTypes: new Map(Object.entries(entityTypes)) }).undefined.map((u) => u.text);
}

const tagger = await loadEntityTagger('builtin');

/** The words reported and the built-in tagger's type of each word, at the server's default threshold. */
async function tagged(body: string): Promise<{ reported: string[]; types: Map<string, string> }> {
  const { text, segments } = segmentsOf(body);
  const types = entityTypesByWord(await entitiesOfFile({ file: '/p/a.tex', text, segments }, tagger, { minScore: 0.5 }));
  return { reported: analyzeAbbreviations(segments, text, { entityTypes: types }).undefined.map((u) => u.text), types };
}

/** Names (comma-separated) and a methods sentence citing each at every mention. */
const CITED_TOOLS: [string, string][] = [
  ['OMIM', String.raw`Variants were annotated with OMIM~\cite{omim} and phenotypes were looked up there.`],
  ['ClinVar', String.raw`Pathogenic variants were taken from ClinVar~\cite{clinvar}.`],
  ['dbSNP', String.raw`Known polymorphisms were removed using dbSNP~\cite{dbsnp} build 151.`],
  ['gnomAD', String.raw`Allele frequencies were obtained from gnomAD~\cite{gnomad}.`],
  ['MutSigCV', String.raw`Cancer drivers were found with MutSigCV~\cite{m}.`],
  ['OncodriveFM', String.raw`Genes under positive selection were detected with OncodriveFM~\cite{o}.`],
  ['GISTIC', String.raw`Recurrent copy-number alterations were identified with GISTIC~\cite{gistic}.`],
  ['COSMIC', String.raw`Somatic mutations were compared with those in COSMIC~\cite{cosmic}.`],
  ['TCGA', String.raw`Expression data of tumours were downloaded from TCGA~\cite{tcga}.`],
  ['SEER', String.raw`Incidence data were extracted from SEER~\cite{seer}.`],
  ['MIMIC', String.raw`We used intensive-care records from MIMIC~\cite{mimic}.`],
  ['UKB', String.raw`Participants were drawn from the UKB~\cite{ukb} cohort.`],
  ['GTEx', String.raw`Tissue expression was taken from GTEx~\cite{gtex}.`],
  ['ENCODE', String.raw`Regulatory regions were defined using ENCODE~\cite{encode} annotations.`],
  ['KEGG', String.raw`Pathway enrichment was computed against KEGG~\cite{kegg}.`],
  ['GO', String.raw`Enriched terms were tested against GO~\cite{go} with a hypergeometric test.`],
  ['BLAST', String.raw`Homologues were searched with BLAST~\cite{blast}.`],
  ['BWA', String.raw`Reads were aligned to the reference with BWA~\cite{bwa}.`],
  ['GATK', String.raw`Variants were called with GATK~\cite{gatk} following best practices.`],
  ['STAR', String.raw`RNA-seq reads were mapped with STAR~\cite{star}.`],
  ['HISAT2', String.raw`Alternatively, reads were mapped with HISAT2~\cite{hisat2}.`],
  ['DESeq2', String.raw`Differential expression was tested with DESeq2~\cite{deseq2}.`],
  ['edgeR', String.raw`Counts were normalised with edgeR~\cite{edger}.`],
  ['PLINK', String.raw`Quality control of genotypes was done in PLINK~\cite{plink}.`],
  ['GCTA', String.raw`Heritability was estimated with GCTA~\cite{gcta}.`],
  ['LDSC', String.raw`Genetic correlations were computed with LDSC~\cite{ldsc}.`],
  ['MAGMA', String.raw`Gene-level association was tested with MAGMA~\cite{magma}.`],
  ['SIFT', String.raw`Missense variants were scored by SIFT~\cite{sift}.`],
  ['PolyPhen', String.raw`Damaging variants were predicted by PolyPhen~\cite{polyphen}.`],
  ['CADD', String.raw`Deleteriousness was scored with CADD~\cite{cadd}.`],
  ['REVEL', String.raw`Missense pathogenicity was predicted with REVEL~\cite{revel}.`],
  ['VEP', String.raw`Consequences were annotated with VEP~\cite{vep}.`],
  ['ANNOVAR', String.raw`Variants were annotated with ANNOVAR~\cite{annovar}.`],
  ['SnpEff', String.raw`Functional effects were predicted with SnpEff~\cite{snpeff}.`],
  ['PubMed', String.raw`We searched PubMed~\cite{pubmed} for case reports.`],
  ['MeSH', String.raw`Articles were indexed by MeSH~\cite{mesh} headings.`],
  ['UMLS', String.raw`Concepts were mapped to UMLS~\cite{umls}.`],
  ['SNOMED', String.raw`Diagnoses were coded in SNOMED~\cite{snomed}.`],
  ['ICD', String.raw`Diagnoses were coded with ICD~\cite{icd} codes.`],
  ['HPO', String.raw`Phenotypes were described with HPO~\cite{hpo} terms.`],
  ['MuSiC', String.raw`Significantly mutated genes were found with MuSiC~\cite{music}.`],
  ['DisGeNET', String.raw`Gene--disease associations were retrieved from DisGeNET~\cite{disgenet}.`],
  ['Orphanet', String.raw`Rare disease annotations came from Orphanet~\cite{orphanet}.`],
  ['HGMD', String.raw`Disease-causing mutations were retrieved from HGMD~\cite{hgmd}.`],
  ['CIViC', String.raw`Clinical interpretations of variants came from CIViC~\cite{civic}.`],
  ['OncoKB', String.raw`Actionable alterations were annotated with OncoKB~\cite{oncokb}.`],
  ['cBioPortal', String.raw`Survival data were obtained through cBioPortal~\cite{cbio}.`],
  ['ICGC', String.raw`Whole-genome data were taken from ICGC~\cite{icgc}.`],
  ['CCLE', String.raw`Cell-line expression was obtained from CCLE~\cite{ccle}.`],
  ['GDSC', String.raw`Drug sensitivity data were taken from GDSC~\cite{gdsc}.`],
  ['NHANES', String.raw`Dietary data were drawn from NHANES~\cite{nhanes}.`],
  ['GWAS', String.raw`Associations were looked up in the GWAS Catalog~\cite{gwascat}.`],
  ['MSigDB', String.raw`Gene sets were taken from MSigDB~\cite{msigdb}.`],
  ['GSEA', String.raw`Enrichment was assessed with GSEA~\cite{gsea}.`],
  ['DAVID', String.raw`Functional annotation was performed with DAVID~\cite{david}.`],
  ['STRING', String.raw`Protein interactions were retrieved from STRING~\cite{string}.`],
  ['MACS2', String.raw`Peaks were called with MACS2~\cite{macs2}.`],
  ['HOMER', String.raw`Motifs were found with HOMER~\cite{homer}.`],
  ['CIBERSORT', String.raw`Immune cell fractions were estimated with CIBERSORT~\cite{cibersort}.`],
  ['ESTIMATE', String.raw`Tumour purity was inferred with ESTIMATE~\cite{estimate}.`],
  ['ABSOLUTE', String.raw`Ploidy was estimated with ABSOLUTE~\cite{absolute}.`],
  ['MuTect', String.raw`Somatic SNVs were called with MuTect~\cite{mutect}.`],
  ['CNVkit', String.raw`Copy number was inferred with CNVkit~\cite{cnvkit}.`],
  ['REDCap', String.raw`Clinical data were collected in REDCap~\cite{redcap}.`],
  ['CTCAE', String.raw`Adverse events were graded according to CTCAE~\cite{ctcae}.`],
  ['RECIST', String.raw`Tumour response was assessed per RECIST~\cite{recist}.`],
  ['PROMIS', String.raw`Fatigue was measured with PROMIS~\cite{promis} short forms.`],
  ['PHQ', String.raw`Depressive symptoms were measured with the PHQ~\cite{phq}.`],
  ['MMSE', String.raw`Cognition was assessed with the MMSE~\cite{mmse}.`],
  ['HADS', String.raw`Anxiety was rated on the HADS~\cite{hads}.`],
  ['APACHE', String.raw`Severity of illness was scored with APACHE~\cite{apache}.`],
  ['SOFA', String.raw`Organ failure was scored with SOFA~\cite{sofa}.`],
  ['CONSORT', String.raw`The trial is reported following CONSORT~\cite{consort}.`],
  ['PRISMA', String.raw`The review followed PRISMA~\cite{prisma}.`],
  ['STROBE', String.raw`Reporting followed STROBE~\cite{strobe}.`],
  ['GRADE', String.raw`Certainty of evidence was rated with GRADE~\cite{grade}.`],
  ['SPSS', String.raw`Statistics were computed in SPSS~\cite{spss}.`],
  // several in one sentence: the tagger reads each in its neighbours' company
  ['OMIM,ClinVar,HPO', String.raw`Variants were annotated with OMIM~\cite{omim} and ClinVar~\cite{clinvar}; phenotypes with HPO~\cite{hpo}.`],
  ['MutSigCV,OncodriveFM,MuSiC', String.raw`Cancer drivers were found with MutSigCV~\cite{m}, OncodriveFM~\cite{o} and MuSiC~\cite{mu}.`],
  ['TCGA', String.raw`Expression data were downloaded from TCGA~\cite{tcga}; survival of TCGA~\cite{tcga} patients was modelled.`],
  ['TCGA,ICGC', String.raw`Samples from ICGC~\cite{icgc} and TCGA~\cite{tcga} were pooled and staged.`],
  ['UKB', String.raw`UKB~\cite{ukb} participants with diabetes were matched to controls.`],
  ['SIFT,PolyPhen,CADD,REVEL', String.raw`Variant effects were scored with SIFT~\cite{sift}, PolyPhen~\cite{pp}, CADD~\cite{cadd} and REVEL~\cite{revel}.`],
  ['BWA,GATK,VEP', String.raw`Reads were aligned with BWA~\cite{bwa}, variants called with GATK~\cite{gatk} and annotated with VEP~\cite{vep}.`],
  ['GISTIC,COSMIC,TCGA', String.raw`Tumour samples from TCGA~\cite{tcga} were analysed with GISTIC~\cite{gistic}; mutations were compared with COSMIC~\cite{cosmic}.`],
  ['KEGG,GO,MSigDB', String.raw`Pathways were taken from KEGG~\cite{kegg}, GO~\cite{go} and MSigDB~\cite{msigdb}.`],
  ['PubMed,MeSH,UMLS,SNOMED', String.raw`We searched PubMed~\cite{pubmed} with MeSH~\cite{mesh} terms mapped through UMLS~\cite{umls} to SNOMED~\cite{snomed}.`],
  ['SEER,MIMIC', String.raw`Cohorts were drawn from SEER~\cite{seer} and MIMIC~\cite{mimic}.`],
  ['PLINK,GCTA,LDSC,MAGMA', String.raw`Genotypes were cleaned in PLINK~\cite{plink}; heritability was estimated with GCTA~\cite{gcta} and LDSC~\cite{ldsc}, and gene tests run with MAGMA~\cite{magma}.`],
  ['DESeq2,edgeR,STAR,HISAT2', String.raw`Reads mapped with STAR~\cite{star} or HISAT2~\cite{hisat2} were tested with DESeq2~\cite{deseq2} and edgeR~\cite{edger}.`],
  ['ANNOVAR,SnpEff,gnomAD,dbSNP', String.raw`Variants absent from gnomAD~\cite{gnomad} and dbSNP~\cite{dbsnp} were annotated with ANNOVAR~\cite{annovar} and SnpEff~\cite{snpeff}.`],
  ['ICD,CTCAE', String.raw`Diagnoses were coded with ICD~\cite{icd} and toxicities graded by CTCAE~\cite{ctcae}.`],
  // in clinical papers, beside the words of a condition
  ['MIMIC', String.raw`Patients with sepsis were identified in MIMIC~\cite{mimic}.`],
  ['SEER', String.raw`Cases of breast cancer were extracted from SEER~\cite{seer}.`],
  ['TCGA', String.raw`Patients with lung cancer from TCGA~\cite{tcga} were included.`],
  ['OMIM', String.raw`Genes associated with epilepsy were retrieved from OMIM~\cite{omim}.`],
  ['ClinVar', String.raw`Variants reported in patients with cardiomyopathy in ClinVar~\cite{clinvar} were kept.`],
  ['UKB', String.raw`Subjects with diabetes in UKB~\cite{ukb} were matched to controls.`],
  ['ICD', String.raw`Patients diagnosed with stroke by ICD~\cite{icd} codes were included.`],
  ['SOFA', String.raw`Patients with sepsis were scored with SOFA~\cite{sofa}.`],
  ['MMSE', String.raw`Patients with dementia were assessed with the MMSE~\cite{mmse}.`],
  ['COSMIC', String.raw`Mutations found in patients with melanoma were compared with COSMIC~\cite{cosmic}.`],
  ['HPO', String.raw`Patients with ataxia were described with HPO~\cite{hpo} terms.`],
  ['GISTIC', String.raw`Risk of relapse was related to GISTIC~\cite{gistic} peaks.`],
  // written attributively: the codes of a classification, the patients of a data set
  ['ICD', String.raw`Diagnoses were coded with ICD~\cite{icd} codes, and patients with ICD~\cite{icd} codes for sepsis were selected.`],
  ['TCGA', String.raw`Expression data were downloaded from TCGA~\cite{tcga}, and survival of TCGA~\cite{tcga} patients was compared.`],
];

test('no cited tool or data set is reported, whatever type the built-in tagger gives it', async () => {
  const reported: string[] = [];
  const typedCondition: string[] = [];
  let names = 0;
  for (const [list, body] of CITED_TOOLS) {
    const found = await tagged(body);
    for (const name of list.split(',')) {
      names++;
      if (found.reported.includes(name)) reported.push(`${name} (${found.types.get(name) ?? 'untyped'}): ${body}`);
      if (CONDITION_TYPES.has(found.types.get(name) ?? '')) typedCondition.push(name);
    }
  }
  assert.ok(names >= 130, `${names}`);
  assert.deepEqual(reported, []);
  // not vacuous: the tagger does type some of them a disease ("OMIM", "ICD" when this was written)
  assert.ok(typedCondition.length > 0, 'no cited name typed a condition: the check proves nothing');
});

/** An abbreviation and clinical sentences citing it at every mention. */
const CITED_CONDITIONS: [string, string][] = [
  ['COPD', String.raw`We enrolled patients with COPD~\cite{gold}. Exacerbations of COPD~\cite{wedzicha} were recorded.`],
  ['IBD', String.raw`Patients with IBD~\cite{ibd} received biologic therapy.`],
  ['RA', String.raw`The incidence of RA~\cite{ra} increased with age.`],
  ['MS', String.raw`Subjects with MS~\cite{ms} underwent MRI every year.`],
  ['ALS', String.raw`Patients diagnosed with ALS~\cite{als} were followed for two years.`],
  ['AD', String.raw`The risk of AD~\cite{ad} doubled in carriers.`],
  ['PD', String.raw`Treatment of PD~\cite{pd} with levodopa improved motor scores.`],
  ['HCC', String.raw`Cases of HCC~\cite{hcc} were confirmed by biopsy.`],
  ['NSCLC', String.raw`NSCLC~\cite{nsclc} patients received chemotherapy.`],
  ['AML', String.raw`Patients with AML~\cite{aml} were treated with cytarabine.`],
  ['CKD', String.raw`The prevalence of CKD~\cite{ckd} was 12 percent.`],
  ['T2D', String.raw`Individuals with T2D~\cite{t2d} had higher glucose levels.`],
  ['HBV', String.raw`Chronic infection with HBV~\cite{hbv} was common.`],
  ['HIV', String.raw`People living with HIV~\cite{hiv} were enrolled.`],
  ['SLE', String.raw`Women with SLE~\cite{sle} were at higher risk.`],
  ['MDD', String.raw`Patients with MDD~\cite{mdd} were randomised to sertraline.`],
  ['ARDS', String.raw`Mortality of ARDS~\cite{ards} remains high.`],
  ['CAD', String.raw`Patients with CAD~\cite{cad} underwent angiography.`],
  ['HCV', String.raw`Treatment of HCV~\cite{hcv} with sofosbuvir was effective.`],
  ['CLL', String.raw`Patients with CLL~\cite{cll} received ibrutinib.`],
];

test('a disease abbreviation cited at every mention is reported where the tagger types it a condition, or leaves two to four capitals untyped or a chemical', async () => {
  const reported: string[] = [];
  const silent: string[] = [];
  for (const [name, body] of CITED_CONDITIONS) {
    const found = await tagged(body);
    (found.reported.includes(name) ? reported : silent).push(`${name}:${found.types.get(name) ?? '-'}`);
  }
  // the tagger gives "IBD", "MS", "SLE" no type and "RA" a chemical's: two to four capitals written as a
  // condition are one without the type
  assert.deepEqual(reported, [
    'COPD:Disease', 'IBD:-', 'RA:Chemical', 'MS:-', 'ALS:Disease', 'PD:Disease', 'HCC:Cancer', 'NSCLC:Cancer', 'AML:Disease', 'CKD:Disease', 'T2D:Disease',
    'HBV:Organism', 'SLE:-', 'MDD:Disease', 'ARDS:Disease', 'CAD:Cancer', 'HCV:Disease', 'CLL:Cancer',
  ]);
  // "AD" and "HIV" are well known
  assert.deepEqual(silent, ['AD:Disease', 'HIV:Disease']);
});

test('a word typed a disease is reported past its citation only where the prose writes it as a condition', () => {
  const omim = String.raw`Variants were annotated with OMIM~\cite{omim} and ICD~\cite{icd} codes.`;
  assert.deepEqual(undefinedIn(omim, { OMIM: 'Disease', ICD: 'Disease' }), []);
  // a condition at one mention makes the cited mentions conditions too
  const copd = String.raw`COPD~\cite{gold} is common. We enrolled patients with COPD~\cite{wedzicha}.`;
  assert.deepEqual(undefinedIn(copd, { COPD: 'Disease' }), ['COPD']);
  // written as a condition, two to four capitals untyped or typed a chemical (the built-in tagger's "RA") are one too
  assert.deepEqual(undefinedIn(copd, { COPD: 'Chemical' }), ['COPD']);
  assert.deepEqual(undefinedIn(copd, {}), ['COPD']);
  assert.deepEqual(undefinedIn(String.raw`Patients with IBD~\cite{ibd} received biologic therapy.`, {}), ['IBD']);
  // not a word typed a gene, a method or another name, not a longer or mixed-case word, not one shown to be software
  for (const type of ['GeneProtein', 'Method', 'Material', 'Dataset']) assert.deepEqual(undefinedIn(copd, { COPD: type }), [], type);
  assert.deepEqual(undefinedIn(String.raw`Patients with ABCDE~\cite{a} and with MiSeq~\cite{b} or CoV~\cite{c} were seen.`, {}), []);
  const { text, segments } = segmentsOf(copd);
  assert.deepEqual(analyzeAbbreviations(segments, text, { names: new Map([['copd', 'written as code: “COPD”']]) }).undefined, []);
});

test('a cited cohort before "subjects" or "cases" is no condition by its shape alone: only a cue before the word makes an untyped one', () => {
  const cohorts: [string, string, Record<string, string>][] = [
    ['ADNI', String.raw`We analysed ADNI~\cite{adni} subjects.`, {}],
    ['PPMI', String.raw`We included 400 PPMI~\cite{ppmi} subjects.`, {}],
    ['SEER', String.raw`We identified 3,000 SEER~\cite{seer} cases of melanoma.`, {}],
    ['UKB', String.raw`We included UKB~\cite{ukb} subjects aged 40 to 69.`, { UKB: 'Chemical' }],
    ['HCP', String.raw`We selected 1,000 unrelated HCP~\cite{hcp} subjects.`, {}],
  ];
  for (const [name, body, types] of cohorts) assert.deepEqual(undefinedIn(body, types), [], name);
  // a cue before it still makes one, and a word typed a disease keeps the noun after it
  assert.deepEqual(undefinedIn(String.raw`Patients with IBD~\cite{ibd} were seen. IBD~\cite{ibd2} patients were treated.`, {}), ['IBD']);
  assert.deepEqual(undefinedIn(String.raw`NSCLC~\cite{nsclc} patients received chemotherapy.`, { NSCLC: 'Cancer' }), ['NSCLC']);
});

test('a cited condition before a noun only a condition takes ("patients", "exacerbations") is reported by its shape alone; a cohort before "subjects" or "cases" stays silent', async () => {
  const conditions: [string, string][] = [
    ['RA', String.raw`We enrolled 120 RA~\cite{r} patients.`],
    ['IBD', String.raw`We recruited 40 IBD~\cite{r} patients and 40 controls.`],
    ['MS', String.raw`MS~\cite{r} patients showed lesions.`],
    ['COPD', String.raw`COPD~\cite{r} exacerbations were frequent.`],
  ];
  for (const [name, body] of conditions) {
    const found = await tagged(body);
    assert.deepEqual(found.reported, [name], `${name} (${found.types.get(name) ?? 'untyped'}): ${body}`);
  }
  for (const [name, body] of conditions) assert.deepEqual(undefinedIn(body, {}), [name], `${name} untyped`);
  const cohorts: [string, string][] = [
    ['ADNI', String.raw`We analysed ADNI~\cite{adni} subjects.`],
    ['PPMI', String.raw`We included 400 PPMI~\cite{ppmi} subjects.`],
    ['SEER', String.raw`We identified 3,000 SEER~\cite{seer} cases of melanoma.`],
    ['UKB', String.raw`We included UKB~\cite{ukb} subjects aged 40 to 69.`],
    ['HCP', String.raw`We selected 1,000 unrelated HCP~\cite{hcp} subjects.`],
    ['UKB', String.raw`UKB~\cite{ukb} participants and ADNI~\cite{adni} individuals were compared with PPMI~\cite{ppmi} controls.`],
  ];
  for (const [name, body] of cohorts) {
    const found = await tagged(body);
    assert.deepEqual(found.reported, [], `${name} (${found.types.get(name) ?? 'untyped'}): ${body}`);
  }
});

test('the cues of a condition: who has it, what of it, a stage, a list, the noun after it', () => {
  const words = (body: string) => [...wordsWrittenAsConditions(segmentsOf(body).segments)].filter((w) => /\p{Lu}/u.test(w));
  assert.deepEqual(words(String.raw`Patients with relapsed or refractory AML~\cite{a} and subjects without CKD were seen.`), ['AML', 'CKD']);
  assert.deepEqual(words(String.raw`Treatment of PD improved; the risk of AD fell; people diagnosed with ALS and infected with HBV.`), ['PD', 'AD', 'ALS', 'HBV']);
  assert.deepEqual(words(String.raw`Patients with stage IV NSCLC~\cite{n}, COPD~\cite{c} or CKDs were compared with and without MS.`), ['NSCLC', 'COPD', 'CKD', 'MS']);
  assert.deepEqual(words(String.raw`HCC~\cite{h} patients and COPD exacerbations.`), ['HCC', 'COPD']);
  // a preposition ends the words between a cue and its condition; "with" alone is no cue
  assert.deepEqual(words(String.raw`Treatment of samples with OMIM~\cite{o}; patients with sepsis in MIMIC; annotated with ICD.`), []);
});

test('a data set or classification written attributively is no condition: "patients with ICD codes", "TCGA patients" of a TCGA cited after "from"', () => {
  const words = (body: string) => [...wordsWrittenAsConditions(segmentsOf(body).segments)].filter((w) => /\p{Lu}/u.test(w));
  assert.deepEqual(words(String.raw`Expression data were downloaded from TCGA~\cite{tcga}, and survival of TCGA patients was compared.`), []);
  assert.deepEqual(words(String.raw`Diagnoses were coded with ICD~\cite{icd} codes, and patients with ICD codes for sepsis were selected.`), []);
  assert.deepEqual(words(String.raw`Patients with OMIM entries, subjects with UKB~\cite{u} records and those with SOFA scores were excluded.`), []);
  // a condition keeps its cues: a noun of the disease after it, a citation without a data set's preposition
  assert.deepEqual(words(String.raw`Patients with COPD exacerbations and NSCLC~\cite{n} patients; HCC~\cite{h} patients from TCGA~\cite{t}.`), ['COPD', 'NSCLC', 'HCC']);
  assert.deepEqual(words(String.raw`We enrolled patients with COPD~\cite{g}. COPD~\cite{w} patients were followed.`), ['COPD']);
  const icd = String.raw`Diagnoses were coded with ICD~\cite{icd} codes, and patients with ICD~\cite{icd} codes for sepsis were selected.`;
  assert.deepEqual(undefinedIn(icd, { ICD: 'Disease' }), []);
  const tcga = String.raw`Expression data were downloaded from TCGA~\cite{tcga}, and survival of TCGA~\cite{tcga} patients was compared.`;
  assert.deepEqual(undefinedIn(tcga, { TCGA: 'Disease' }), []);
  assert.deepEqual(undefinedIn(String.raw`NSCLC~\cite{nsclc} patients received chemotherapy.`, { NSCLC: 'Cancer' }), ['NSCLC']);
});
