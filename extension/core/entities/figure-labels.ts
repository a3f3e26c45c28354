// The labels of figures, tables and supplementary files ("Table S1", "Fig. S2", "Figures S1 and S2",
// "Data S3"): no mention of a protein "S1" or a strain "S2", whatever a tagger says or a name's other
// mentions settle. Read by the tagger's span rules (`plausible.ts`) and by the mentions added where it
// missed a name (`missed-mentions.ts`).

/** Nouns a label follows: "Table S1", "Fig. S1", "Data S1", "Video S2", "Panel A2". */
const LABELLED: ReadonlySet<string> = new Set([
  'figure', 'figures', 'fig', 'figs', 'table', 'tables', 'tab', 'tabs', 'panel', 'panels', 'data', 'dataset', 'datasets',
  'video', 'videos', 'movie', 'movies', 'file', 'files', 'text', 'note', 'notes', 'appendix', 'appendices', 'section',
  'sections', 'sec', 'secs', 'box', 'boxes', 'scheme', 'schemes', 'algorithm', 'algorithms', 'listing', 'listings', 'eq', 'eqs', 'equation', 'equations',
]);
/** The nouns a full stop may follow as an abbreviation's ("Fig. S2"); after any other it ends a sentence ("… the Methods section. CD4 …"). */
const ABBREVIATED: ReadonlySet<string> = new Set(['fig', 'figs', 'tab', 'tabs', 'sec', 'secs', 'eq', 'eqs']);
/** A label: "S1", "B2", "3", "S1a". */
const LABEL = /^(\p{Lu}{0,2})\p{N}+\p{L}?$/u;
/** A noun and the labels listed after it, before the name, the last label and its joiner apart: "Table ", "Fig. ", "Figures S1 and ", "Tables S1–". */
const LABELS_BEFORE = /(\p{L}+)(\.?)\s+(?:(?:\p{Lu}{0,2}\p{N}+\p{L}?\s*(?:,|and|or|&|[–—-])\s*)*(\p{Lu}{0,2})\p{N}+\p{L}?\s*(,|and|or|&|[–—-])\s*)?$/u;

/**
 * How the name `name` at `start` labels a figure, table or supplementary file: `'label'` right after
 * its noun or a list's "and" or dash ("Table S1", "Figures S1 and S2", "Tables S1–S2"); `'after a comma'`
 * going on a list of labels like it ("Figures S1, S2"; which may also be a reference before a clause,
 * "In Figure S3, S1 binds"); none after a comma and a label unlike it ("In Figure 2, S1 binds").
 */
export function figureLabel(text: string, start: number, name: string): 'label' | 'after a comma' | undefined {
  const label = LABEL.exec(name);
  const before = label && LABELS_BEFORE.exec(text.slice(Math.max(0, start - 60), start));
  if (!label || !before) return undefined;
  const noun = before[1].toLowerCase();
  if (!LABELLED.has(noun) || (before[2] === '.' && !ABBREVIATED.has(noun))) return undefined;
  if (before[4] !== ',') return 'label';
  return before[3] === label[1] ? 'after a comma' : undefined;
}
