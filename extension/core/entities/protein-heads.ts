// Protein names that a computer-science reading typed as methods or materials: "NMDA receptor", "CaMKII
// subunit", "CaMKII holoenzymes". The domain gate reads a modelling paper's paragraph as computer
// science, and the Task/Method/Metric/Material head then types the biology in it by its syntax.
import { COMPUTER_SCIENCE_TYPES } from './domain-types.ts';

/**
 * Head nouns that end Gene/Protein names in BioNLP13CG's annotations and end no entity in SciERC's
 * (a unit test counts both), so in computer science they would be out of place.
 */
export const PROTEIN_HEADS: ReadonlySet<string> = new Set([
  'receptor', 'receptors', 'kinase', 'kinases', 'phosphatase', 'phosphatases', 'holoenzyme', 'holoenzymes', 'enzyme', 'enzymes',
  'subunit', 'subunits', 'protein', 'proteins', 'antibody', 'antibodies', 'hormone', 'hormones', 'transporter', 'transporters',
  'oxidase', 'oxidases', 'synthase', 'synthases',
]);


const PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'on', 'with', 'by', 'from', 'to', 'between', 'among']);

/** The type such a name takes. */
export const PROTEIN_TYPE = 'GeneProtein';

/** Why a span typed as computer science names a protein (its head word), or undefined. */
export function proteinHeadReason(text: string, type: string): string | undefined {
  if (!COMPUTER_SCIENCE_TYPES.has(type)) return undefined;
  // the head of "NMDA receptor (NMDAR)" is "receptor"; in "prediction of proteins" it comes before "of"
  const words = text.replace(/\s*\([^()]*\)\s*$/u, '').match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  // a lone "receptor" or "proteins" names no particular protein
  if (words.length < 2 || words.some((w) => PREPOSITIONS.has(w.toLowerCase()))) return undefined;
  const head = words[words.length - 1].toLowerCase();
  return PROTEIN_HEADS.has(head) ? `its head word “${head}” names a protein` : undefined;
}
