// What the taggers may not call an entity (spans cut at a stray bracket, panel letters, figure words, organisations),
// which paragraphs they do not read (back matter), and undefined reference macros (`\FIG{validation}`)
// read as references rather than prose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plausibleSpan } from '../../extension/core/entities/plausible.ts';
import { backMatterParagraphs, isBackMatterTitle } from '../../extension/core/prose/back-matter.ts';
import { DocumentSegmenter, segmentDocument } from '../../extension/core/prose/segmenter.ts';
import { EntityScheduler, type EntityTagger, type PassProgress } from '../../extension/analysis/editor/index.ts';
import type { ProseEntity } from '../../extension/core/entities/types.ts';

const kept = (text: string, phrase: string): string | undefined => {
  const start = text.indexOf(phrase);
  assert.notEqual(start, -1, `"${phrase}" is in the text`);
  const span = plausibleSpan(text, start, start + phrase.length);
  return span && text.slice(span.start, span.end);
};

test('a span is cut before a bracket whose partner lies outside it, and dropped when nothing is left', () => {
  const text = 'The SNP false negative rate (FNR) and mapping accuracy (Fig. 2) of (B) (left) panels.';
  assert.equal(kept(text, 'SNP false negative rate (FNR'), 'SNP false negative rate');
  assert.equal(kept(text, 'mapping accuracy (Fig'), 'mapping accuracy');
  assert.equal(kept(text, 'SNP false negative rate (FNR)'), 'SNP false negative rate (FNR)', 'balanced brackets stay');
  assert.equal(kept(text, 'B) (left'), undefined, 'a panel letter and a stray bracket');
  assert.equal(kept(text, ') and'), undefined, 'nothing before the stray bracket');
});

test('a span never ends or starts inside a number: the number is left out, or made whole when it runs into letters', () => {
  const text = "reads simulated with option 'illumina-prob-mismatch-scale 2.5' and 1,000 cells of 0.5 mM IL-2, 3.5 kb TP53.";
  assert.equal(kept(text, 'illumina-prob-mismatch-scale 2'), 'illumina-prob-mismatch-scale');
  assert.equal(kept('clustered with VSEARCH v2.15.2 and mothur.', 'VSEARCH v2'), 'VSEARCH', 'the version prefix goes with its number');
  assert.equal(kept(text, 'illumina-prob-mismatch-scale 2.'), 'illumina-prob-mismatch-scale');
  assert.equal(kept(text, '000 cells'), 'cells', 'the start of "1,000" is outside');
  assert.equal(kept(text, '5 kb TP53'), 'kb TP53', 'the start of "3.5" is outside');
  assert.equal(kept(text, 'IL-2'), 'IL-2', 'a number that ends before the punctuation stays');
  assert.equal(kept(text, 'TP53'), 'TP53');
  assert.equal(kept('the 2.5D setup and a 1.5T scanner.', '5D setup'), '2.5D setup', 'a number glued to letters is one word: made whole');
  assert.equal(kept('the 2.5D setup and a 1.5T scanner.', '5T scanner'), '1.5T scanner');
});

test('panel letters, numbers and figure words are not entities; names and formulas are', () => {
  const text = 'B and C; A-D; 12; solid lines; Blue; black crosses; left graph; STAR; H2O; T4; white matter; red blood cells; green subunits.';
  for (const junk of ['B and C', 'A-D', '12', 'solid lines', 'Blue', 'black crosses', 'left graph']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['STAR', 'H2O', 'T4', 'white matter', 'red blood cells', 'green subunits']) assert.equal(kept(text, real), real, real);
});

test('one adverb is no entity (the thesis\'s "instantaneously" was a chemical); words ending so inside a name are', () => {
  const text = 'The filter adapts instantaneously to the head of the listener; the fully convolutional network.';
  assert.equal(kept(text, 'instantaneously'), undefined);
  assert.equal(kept(text, 'fully convolutional network'), 'fully convolutional network');
});

test('words of a URL or a command-line option are not entities; hyphenated names are (minimap2\'s table note)', () => {
  const text = "SpAln ('-Q7 -LS -S3'); STARlong (according to http://bit.ly/star-pb), GMAP --cross-species, N-acetylcysteine, IL-2 and www.ncbi.nlm.nih.gov/gene.";
  for (const junk of ["'-Q7 -LS -S3", '-Q7', 'star-pb', 'cross-species', 'ncbi']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['SpAln', 'STARlong', 'GMAP', 'N-acetylcysteine', 'IL-2']) assert.equal(kept(text, real), real, real);
});

test('words of an e-mail address or a bare web address are not entities (minimap2\'s "hengli@broadinstitute.org" was a chemical)', () => {
  const text = 'Contact: hengli@broadinstitute.org; code at github.com/lh3/minimap2 and (bit.ly/SmartDenovo); Minimap2 aligns DNA.';
  for (const junk of ['hengli', 'broadinstitute', 'lh3', 'SmartDenovo']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['Minimap2', 'DNA']) assert.equal(kept(text, real), real, real);
});

test('names of code and data files are not entities (the thesis\'s margin notes "dietz2011.m" were chemicals); a chemical before a full stop is', () => {
  const text = 'See dietz2011.m and (run_model.py), counts.tsv, fit.R; we added NaCl. Then CaCl2, HLA-B.C and Fgf.C were used.';
  for (const junk of ['dietz2011', 'run_model', 'counts', 'fit']) assert.equal(kept(text, junk), undefined, junk);
  for (const real of ['NaCl', 'CaCl2', 'HLA-B', 'Fgf']) assert.equal(kept(text, real), real, real);
});

test('accessions, file formats named as such and units after a number are not entities; the same words as names are', () => {
  const text = 'Reads of ERR1341796 (GSE12345, NC_000913.3) were aligned as the SAM spec says and written to BAM files, with a spacing of 1 ERB and a 10 kDa cutoff. SAM was added, and the ERB receptor bound it.';
  for (const junk of ['ERR1341796', 'GSE12345', 'NC_000913.3']) assert.equal(kept(text, junk), undefined, junk);
  assert.equal(kept(text, 'SAM'), undefined, 'SAM before "spec"');
  assert.equal(kept(text, 'BAM'), undefined, 'BAM before "files"');
  assert.equal(kept(text, 'ERB'), undefined, 'ERB after "1 "');
  assert.equal(kept(text, 'kDa'), undefined);
  assert.equal(kept('filters with a distance of x ERB. The next', 'ERB'), undefined, 'after math standing for a number');
  assert.equal(kept('We recorded from 15 DA neurons.', 'DA'), 'DA', 'dopamine, not daltons');
  assert.equal(kept('Arabidopsis has 16 SPL genes.', 'SPL'), 'SPL', 'a gene family, not a sound pressure level');
  const later = text.indexOf('SAM was');
  assert.deepEqual(plausibleSpan(text, later, later + 3), { start: later, end: later + 3 }, 'S-adenosylmethionine is a chemical');
  const receptor = text.indexOf('ERB receptor');
  assert.deepEqual(plausibleSpan(text, receptor, receptor + 3), { start: receptor, end: receptor + 3 }, 'a name, not a unit, without a number before it');
});

test('organisations are not entities; resources and methods named like them are', () => {
  // the SciPy paper and donor-responses: each of these was a Material
  const text = 'Mayo Clinic; Harvard Medical School; Lawrence Livermore National Laboratory; UN Human Rights Council; Amnesty International; '
    + 'World Health Organization; Protein Data Bank; Convolutional Neural Network; Human Genome Project; the laboratory; Society for Neuroscience members; '
    + 'World Bank; Tissue Bank; Bangladesh Rural Advancement Committee (BRAC).';
  for (const organisation of ['Mayo Clinic', 'Harvard Medical School', 'Lawrence Livermore National Laboratory', 'UN Human Rights Council', 'Amnesty International', 'World Health Organization',
    'World Bank', 'Bangladesh Rural Advancement Committee (BRAC)']) {
    assert.equal(kept(text, organisation), undefined, organisation);
  }
  for (const real of ['Protein Data Bank', 'Tissue Bank', 'Convolutional Neural Network', 'Human Genome Project', 'laboratory', 'Society for Neuroscience members']) assert.equal(kept(text, real), real, real);
});

test('countries and world regions are not entities, as Node\'s ICU names them; a gene spelled like one is', () => {
  // donor-responses: each of these was a Material
  const text = 'Uganda, Russia, the United States, Bosnia and Herzegovina, Burma, Sub-Saharan Africa, Latin America; the AsiA protein; Uganda cohort; Russian.';
  for (const place of ['Uganda', 'Russia', 'the United States', 'Bosnia and Herzegovina', 'Burma', 'Sub-Saharan Africa', 'Latin America']) assert.equal(kept(text, place), undefined, place);
  for (const real of ['AsiA', 'Uganda cohort', 'Russian']) assert.equal(kept(text, real), real, real);
});

test('back-matter headings, and only whole headings of that kind', () => {
  for (const title of ['Acknowledgements', 'Acknowledgments', 'ACKNOWLEDGMENTS', 'Funding:', 'Author Contributions', 'Author Contributions Statement',
    'Competing interests', 'Conflict of Interest', 'Declaration of competing interest', 'CRediT authorship contribution statement']) assert.ok(isBackMatterTitle(title), title);
  for (const title of ['Acknowledging uncertainty in models', 'Funding rates of NIH grants', 'Results', 'Methods', 'Authorship attribution in code']) assert.ok(!isBackMatterTitle(title), title);
});

/** Capitalised words are entities; records the paragraphs it was asked to read. */
function ruleTagger(): EntityTagger & { seen: string[] } {
  const seen: string[] = [];
  return {
    id: 'rule',
    seen,
    async tag(texts) {
      seen.push(...texts);
      return texts.map((t) => [...t.matchAll(/\b[A-Z][a-z]+\b/g)].map((m): ProseEntity => ({ start: m.index, end: m.index + m[0].length, type: 'Method', score: 0.9, model: 'rule' })));
    },
    release: async () => undefined,
  };
}

async function tagAll(file: string, text: string, languageId: 'latex' | 'markdown') {
  const { segments } = segmentDocument({ file, text, languageId });
  const tagger = ruleTagger();
  let last: PassProgress | undefined;
  await new EntityScheduler().run(file, segments, tagger, { isCurrent: () => true, report: (p) => (last = p), reportEvery: Infinity });
  assert.ok(last, 'the pass reported');
  return { segments, tagged: last.tagged, seen: tagger.seen };
}

test('paragraphs under Acknowledgements, Funding or (Springer\'s \\bmhead) Author contributions are not tagged, up to the next heading (LaTeX)', async () => {
  const text = `\\begin{document}
\\section{Results}
Kinase Alpha binds Beta.

\\section*{Acknowledgements}
We thank Marcus Benna and Stefano Fusi for discussions.

This work was funded by NCBS.

\\paragraph{Funding:} NHGRI Grant.

\\bmhead{Author contributions}
Ada Lovelace wrote the paper.

\\section{Methods}
We used Gillespie sampling.
\\end{document}
`;
  const { segments, tagged, seen } = await tagAll('/p.tex', text, 'latex');
  assert.deepEqual(segments.filter((_, i) => backMatterParagraphs(segments).has(i)).map((s) => s.prose.text),
    ['We thank Marcus Benna and Stefano Fusi for discussions.', 'This work was funded by NCBS.', 'NHGRI Grant.', 'Ada Lovelace wrote the paper.']);
  assert.ok(!seen.some((t) => t.includes('Marcus') || t.includes('NHGRI')), `back matter was not read: ${JSON.stringify(seen)}`);
  assert.ok(seen.includes('We used Gillespie sampling.'), 'the section after it is read again');
  const entities = segments.flatMap((s, i) => (tagged[i] ?? []).map((e) => s.prose.text.slice(e.start, e.end)));
  assert.deepEqual(entities.sort(), ['Acknowledgements', 'Alpha', 'Author', 'Beta', 'Funding', 'Gillespie', 'Kinase', 'Methods', 'Results', 'We'].sort(), 'headings and the other sections are tagged');
});

test('an acknowledgments environment (revtex, svjour3) or MDPI\'s back-matter commands are not tagged; an edit inside keeps that', async () => {
  const text = `\\begin{document}
Kinase Alpha binds Beta.

\\begin{acknowledgments}
We thank Marcus Benna for discussions.

Funded by NCBS.
\\end{acknowledgments}

Gillespie sampling again.
\\end{document}
`;
  const { segments, seen } = await tagAll('/p.tex', text, 'latex');
  assert.deepEqual(segments.map((s) => [s.role, s.prose.text]), [
    ['paragraph', 'Kinase Alpha binds Beta.'], ['acknowledgements', 'We thank Marcus Benna for discussions. Funded by NCBS.'], ['paragraph', 'Gillespie sampling again.'],
  ]);
  assert.ok(!seen.some((t) => t.includes('Marcus') || t.includes('NCBS')), `acknowledgements were not read: ${JSON.stringify(seen)}`);
  assert.ok(seen.includes('Gillespie sampling again.'), 'the text after the environment is read');
  const segmenter = new DocumentSegmenter('/p.tex', 'latex');
  segmenter.update(text);
  const edited = segmenter.update(text.replace('Funded by NCBS.', 'Funded by NCBS and DBT.')).segments;
  assert.deepEqual(edited.map((s) => s.role), ['paragraph', 'acknowledgements', 'paragraph'], 'an edit inside keeps the roles');
  const mdpi = await tagAll('/m.tex', '\\begin{document}\nAlpha binds Beta.\n\n\\funding{This research was funded by NIH grant R01.}\n\n\\authorcontributions{Ada Lovelace wrote it.}\n\\end{document}\n', 'latex');
  assert.deepEqual(mdpi.segments.map((s) => s.role), ['paragraph', 'acknowledgements', 'acknowledgements'], 'MDPI\'s \\funding and \\authorcontributions');
  assert.ok(!mdpi.seen.some((t) => /NIH|Lovelace/.test(t)), `MDPI back matter was not read: ${JSON.stringify(mdpi.seen)}`);
  const others = await tagAll('/a.tex', '\\begin{document}\nAlpha binds Beta.\n\n\\begin{acks}\nWe thank Grace Hopper.\n\\end{acks}\n\n\\acknow{Supported by NSF.}\n\\end{document}\n', 'latex');
  assert.deepEqual(others.segments.map((s) => s.role), ['paragraph', 'acknowledgements', 'acknowledgements'], 'ACM\'s acks, PNAS\'s \\acknow');
  assert.ok(!others.seen.some((t) => /Hopper|NSF/.test(t)), `ACM/PNAS back matter was not read: ${JSON.stringify(others.seen)}`);
  const journals = await tagAll('/n.tex', '\\begin{document}\nAlpha binds Beta.\n\n\\begin{addendum}\n\\item[Acknowledgements] We thank Grace Hopper.\n\\item[Competing Interests] None.\n\\end{addendum}\n'
    + '\\begin{scilastnote}\n\\item Supported by NSF.\n\\end{scilastnote}\n\\begin{IEEEbiography}[photo.png]{Ada Lovelace}\nreceived her degree from the University of London.\n\\end{IEEEbiography}\n\\end{document}\n', 'latex');
  assert.deepEqual([...new Set(journals.segments.slice(1).map((s) => s.role))], ['acknowledgements'], 'Nature\'s addendum, Science\'s scilastnote, IEEE\'s biographies');
  assert.ok(!journals.seen.some((t) => /Hopper|NSF|London/.test(t)), `journal back matter was not read: ${JSON.stringify(journals.seen)}`);
});

test('a hand-written reference list is back matter: the usual bibliography headings, and only whole headings of that kind', () => {
  for (const title of ['References', 'REFERENCES', 'References:', 'Bibliography', 'Literature Cited', 'Works Cited', 'Reference List', 'Cited Literature',
    'References and Notes', 'Literatur', 'Literaturverzeichnis', 'Références', 'Bibliographie', 'Bibliografía', 'Referencias']) assert.ok(isBackMatterTitle(title), title);
  for (const title of ['References to prior work', 'Bibliographic coupling', 'Related work', 'Literature review', 'Citation analysis']) assert.ok(!isBackMatterTitle(title), title);
});

test('entries under a References heading are not tagged, in Markdown ({-} unnumbered included) and LaTeX; ::: {#refs} stays harmless', async () => {
  const md = '# Introduction\n\nKinase Alpha binds Beta.\n\n# References {-}\n\n1. Smith J. Cisplatin nephrotoxicity in Rats. J Biol. 2020.\n2. Doe A. The p53 protein in HeLa cells. Cell. 2019.\n\n::: {#refs}\n:::\n\n# Appendix\n\nGillespie sampling.\n';
  const a = await tagAll('/p.md', md, 'markdown');
  assert.ok(!a.seen.some((t) => /Smith|Cisplatin|Cell/.test(t)), `the reference list was not read: ${JSON.stringify(a.seen)}`);
  assert.ok(a.seen.includes('Gillespie sampling.') && a.seen.includes('Kinase Alpha binds Beta.'), 'the sections around it are read');
  const ack = await tagAll('/a.md', '# Acknowledgements {-}\n\nWe thank Marcus Benna.\n\n# Results\n\nAlpha binds.\n', 'markdown');
  assert.ok(!ack.seen.some((t) => t.includes('Marcus')), `unnumbered acknowledgements were not read: ${JSON.stringify(ack.seen)}`);
  const tex = '\\begin{document}\nKinase Alpha binds Beta.\n\\section*{References}\nSmith J. Cisplatin nephrotoxicity in Rats. J Biol. 2020.\n\n\\begin{thebibliography}{9}\n\\bibitem{a} Doe A. Cell. 2019.\n\\end{thebibliography}\n\\end{document}\n';
  const b = await tagAll('/p.tex', tex, 'latex');
  assert.ok(!b.seen.some((t) => /Smith|Cisplatin|Cell/.test(t)), `the reference list was not read: ${JSON.stringify(b.seen)}`);
  assert.ok(b.seen.includes('Kinase Alpha binds Beta.'), 'the body is read');
});

test('paragraphs under a Markdown "Author Contributions" heading are not tagged', async () => {
  const text = '# Results\n\nKinase Alpha binds Beta.\n\n## Author Contributions\n\nSLW designed the OptiFit algorithm.\n\n# Discussion\n\nAlpha matters.\n';
  const { seen } = await tagAll('/p.md', text, 'markdown');
  assert.ok(!seen.some((t) => t.includes('OptiFit')), `contributions were not read: ${JSON.stringify(seen)}`);
  assert.ok(seen.includes('Alpha matters.'), 'the next section is read');
});

const proseOf = (text: string) => segmentDocument({ file: '/p.tex', text, languageId: 'latex' }).segments.map((s) => s.prose.text);

test('a macro no file defines whose argument is a label reads as a reference, not as prose', () => {
  const text = `\\begin{document}
Increased \\SUB{N}{PP1} shut off the switch (\\FIG{tolerance_pp1}B) as in \\EQ{losegainx} and \\FIG{validation}, \\FIGSUPP[validation]{tolerance_pp1}D.
We \\hl{highlight this} and \\hl{validation} here; \\todo{fix}.
\\begin{figure}\\caption{Validation.}\\label{fig:validation}\\end{figure}
\\begin{figure}\\caption{Tolerance.}\\label{fig:tolerance_pp1}\\end{figure}
\\begin{equation}\\label{eq:losegainx} x \\end{equation}
\\end{document}
`;
  const prose = proseOf(text);
  assert.ok(prose[0].startsWith('Increased NPP1 shut off the switch (1 B) as in 1 and 1, 1 D. '), JSON.stringify(prose));
  assert.ok(prose[0].includes('We highlight this and validation here;'), `a macro that also takes prose stays text: ${JSON.stringify(prose)}`);
  assert.ok(prose.includes('fix'), `a \\todo note is a segment of its own: ${JSON.stringify(prose)}`);
  assert.ok(!prose.some((p) => /tolerance|losegainx|\[validation\]/.test(p)), 'no label key is prose, nor a figure named in an optional argument');
});

test('a reference macro the project defines keeps its own reading; without labels nothing is inferred', () => {
  const defined = `\\newcommand{\\FIG}[1]{Figure~\\ref{fig:#1}}\n\\begin{document}\nSee \\FIG{a}.\n\\begin{figure}\\caption{A.}\\label{fig:a}\\end{figure}\n\\end{document}\n`;
  assert.ok(proseOf(defined).includes('See 1.'), JSON.stringify(proseOf(defined)));
  const unlabelled = `\\begin{document}\nSee \\FIG{validation}.\n\\end{document}\n`;
  assert.deepEqual(proseOf(unlabelled), ['See validation.']);
});

test('a user macro that puts an index on a symbol reads as a variable, a numeric index as a formula', () => {
  const text = `\\newcommand\\SUB[2]{#1\\textsubscript{#2}}
\\newcommand{\\SUP}[2]{{#1\\textsuperscript{#2}}}
\\begin{document}
When \\SUB{N}{PP1} exceeds \\SUB{v}{t}, \\SUB{CO}{2} and \\SUP{Ca}{2+} rise.
\\end{document}
`;
  assert.deepEqual(proseOf(text), ['When x exceeds x, CO2 and Ca2+ rise.'], 'N_PP1 and v_t are symbols, CO₂ and Ca²⁺ formulas');
});

test('a parameterless user macro whose body is text in braces, \\text boxes or with \\xspace reads as that text', () => {
  const text = `\\def \\twohalfD {{2.5\\text{D}}\\xspace}
\\def \\etal {{et al.}}
\\newcommand{\\ie}{\\textit{i.e.}\\@\\xspace}
\\newcommand{\\ft}{\\footnotesize}
\\begin{document}
In the \\twohalfD case, as Spors \\etal showed, {\\ft small}, \\ie linear.
\\end{document}
`;
  assert.deepEqual(proseOf(text), ['In the 2.5D case, as Spors et al. showed, small, i.e. linear.'], 'a style macro still prints nothing');
});

test('the first word of a fixed phrase is no organism or device: "human rights", "mouse click"; "human cells" and "mouse liver" are', () => {
  const text = 'Responses to human rights violations, a mouse click; human cells and mouse liver.';
  assert.equal(kept(text, 'human'), undefined);
  assert.equal(kept('Human error matters.', 'Human'), undefined);
  assert.equal(kept('human resources for genomics', 'human'), 'human', 'biomedical text means the organism\'s resources');
  assert.equal(kept(text, 'mouse'), undefined);
  assert.equal(kept('in human cells', 'human'), 'human');
  assert.equal(kept('in mouse liver', 'mouse'), 'mouse');
});

test('a figure\'s, table\'s or supplement\'s label right after its noun, or its list\'s "and", is no entity ("Table S1", "Fig. S2"); one after a comma stays', () => {
  const text = 'Primers are in Table S1 and Fig. S2 shows Data S3; Figures S4 and S5 agree; in Figure S3, S1 binds.';
  for (const label of ['S1', 'S2', 'S3', 'S4', 'S5']) assert.equal(kept(text, label), undefined, label);
  const start = text.indexOf('S1 binds');
  assert.deepEqual(plausibleSpan(text, start, start + 2), { start, end: start + 2 }, 'the tagger read a mention there');
});

test('a name after a sentence that ends in a label\'s noun is no label ("… the Methods section. CD4 …"); an abbreviation\'s full stop is no sentence\'s end ("Fig. S2", "Sec. 3")', () => {
  for (const text of ['Cells were sorted as described in the Methods section. CD4 and CD8 T cells were stimulated.',
    'We summarise the flow cytometry data. CD4 counts were lower.', 'Details are given in the main text. IL6 levels rose.', 'See the table. IL6 rose.']) {
    const name = /CD4|IL6/u.exec(text)?.[0] ?? '';
    assert.equal(kept(text, name), name, text);
  }
  assert.equal(kept('As Figs. S2 and S3 show, Eq. 4 and Sec. S5 hold.', 'S3'), undefined);
  assert.equal(kept('As Figs. S2 and S3 show, Eq. 4 and Sec. S5 hold.', 'S5'), undefined);
});
