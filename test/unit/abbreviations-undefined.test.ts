// Which abbreviation-like words a manuscript reports as undefined, after the false reports found on
// the six corpus papers: definitions the finder missed, words shaped like abbreviations that are not
// (panels, quantities, identifiers), words placed where they cannot be (versions, options, a cited
// tool's name), back matter and affiliation lists, glossary entries. Real segmenter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAbbreviations, findDefinitions, looksLikeAbbreviation } from '../../extension/core/abbreviations/index.ts';
import { segmentDocument } from '../../extension/core/prose/segmenter.ts';

function undefinedIn(body: string, languageId: 'latex' | 'markdown' = 'latex'): string[] {
  const text = languageId === 'latex' ? `\\begin{document}\n${body}\n\\end{document}\n` : `${body}\n`;
  const doc = segmentDocument({ file: languageId === 'latex' ? '/p/a.tex' : '/p/a.md', text, languageId });
  return analyzeAbbreviations(doc.segments, text).undefined.map((u) => u.text);
}

test('a long form may hold the short form\'s letters inside a word ("coordinate (COO)") and a comma', () => {
  const defs = (t: string) => findDefinitions(t).map((d) => [d.short, d.long]);
  assert.deepEqual(defs('converts coordinate (COO) and diagonal (DIA) formats'), [['COO', 'coordinate'], ['DIA', 'diagonal']]);
  assert.deepEqual(defs('Line-search (LS) or trust-region (TR) methods'), [['LS', 'Line-search'], ['TR', 'trust-region']]);
  assert.deepEqual(defs('the Ambassador to the United Nations (UN) said'), [['UN', 'United Nations']]);
  assert.deepEqual(defs("the United Kingdom's Foreign, Commonwealth and Development Office (FCDO), channel"), [['FCDO', 'Foreign, Commonwealth and Development Office']]);
  // still refused: a long form holding the short form as a word of its own
  assert.deepEqual(defs('the GR gene (GR) binds'), []);
});

test('shapes that are not abbreviations: a leading digit, a single capital, a run of four digits', () => {
  for (const w of ['2C', '3D', '8GB', '16S', '8030A', '3QD']) assert.equal(looksLikeAbbreviation(w), false, `${w}: panel, dimension, quantity, model number`);
  for (const w of ['V4', 'L2', 'M87', 'Ca2', 'T32']) assert.equal(looksLikeAbbreviation(w), false, `${w}: one capital`);
  for (const w of ['SRR5286959', 'GM070449']) assert.equal(looksLikeAbbreviation(w), false, `${w}: an identifier`);
  for (const w of ['PP1', 'IL6', 'CD4', 'CHM13', 'GRCh38']) assert.equal(looksLikeAbbreviation(w), true, w);
});

test('no report where the word is part of a version, an identifier, an option, or the name a citation follows', () => {
  assert.deepEqual(undefinedIn(String.raw`Reads were sequenced with R9.4 chemistry, mapped with 6.8GB of memory.`), []);
  assert.deepEqual(undefinedIn(String.raw`We aligned the assembly (AC:GCA\_001297185.1) with options -Q7 and -LS.`), ['AC']);
  assert.deepEqual(undefinedIn(String.raw`Hits were found with BLAST~\cite{altschul} and QUADPACK\cite{piessens}.`), []);
  // the last word of a longer name: the citation names the whole of it
  assert.deepEqual(undefinedIn(String.raw`We followed the Schloss Lab MiSeq SOP \cite{schloss}.`), ['SOP']);
});

test('compounds, plurals and prefixes of defined or well-known abbreviations; one report for a plural and its singular', () => {
  assert.deepEqual(undefinedIn(String.raw`Non-governmental organizations (NGOs) face anti-NGO laws. Anti-NGO laws spread. Spliced mRNAs (RNA-seq) and rRNA genes.`), []);
  assert.deepEqual(undefinedIn(String.raw`We called SNPs and small indels. The SNP false negative rate was low. Panels (A-E) show DAC-EU members.`), ['SNPs', 'DAC-EU']);
});

test('acknowledgements, funding and lists of affiliations are not read for undefined abbreviations', () => {
  const affiliations = String.raw`Department of Physics, University of Washington, Seattle, WA 98105, USA, Datadog Inc., New York, NY 10018, USA, Emory University, Atlanta, GA 30322, USA, University of Oxford, Parks Road, OX1 3QD Oxford, UK`;
  assert.deepEqual(undefinedIn(String.raw`The NMDA receptor binds.

\section*{Acknowledgments}
This work was funded by NCBS/TIFR and SERB grant \texttt{SB/S2/JCB-023/2016} to USB.

${affiliations}`), ['NMDA']);
  assert.deepEqual(undefinedIn('The NMDA receptor binds.\n\n# Acknowledgements\n\nKLS received support from the NIH (T32 GM070449). PDS and SLW wrote it.', 'markdown'), ['NMDA']);
});

test('a glossary entry used with \\gls is defined from that use on; written plainly before it, it is not', () => {
  assert.deepEqual(undefinedIn(String.raw`The NMDA receptor binds \gls{camkii}. After \gls{ltp}, CaMKII and LTP decay; \gls{nmda} receptors open.`), ['NMDA']);
});
