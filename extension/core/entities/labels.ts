// A model's entity labels onto the taxonomy. Every type SciWrite shows is a taxonomy type: a label the
// taxonomy does not know is reported (`known: false`), and its entities are not shown.
import { bareLabel, mapLabel } from '../taxonomy/map.ts';
import type { Taxonomy } from '../taxonomy/types.ts';

export interface MappedLabel {
  type: string;
  /** False when the taxonomy does not know the label (the type is the label itself). */
  known: boolean;
}

/** `null` when the taxonomy deliberately drops the label (e.g. SciERC's Generic) or it is "O". */
export function mapEntityLabel(taxonomy: Taxonomy, label: string, model?: string): MappedLabel | null {
  const bare = bareLabel(label);
  if (bare === 'O' || bare === '') return null;
  const type = mapLabel(taxonomy, bare, model);
  if (type !== null) return { type, known: true };
  if (taxonomy.dropped.some((d) => d.label.toLowerCase() === bare.toLowerCase())) return null;
  return { type: bare, known: false };
}
