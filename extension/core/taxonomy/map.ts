// Mapping dataset and model labels onto taxonomy types, and taxonomy types onto a dataset's types.
import type { EntityType, Taxonomy } from './types.ts';

/** Strips IOB/BIOES prefixes: "B-Chemical" → "Chemical". */
export function bareLabel(label: string): string {
  return label.replace(/^[BIESLU][-_]/, '');
}

/**
 * The taxonomy type a label maps to: the model's own table when `model` is given and has one,
 * then an exact label match, then a case-insensitive one. `null` for dropped labels (e.g. SciERC's
 * Generic) and labels the taxonomy does not know.
 */
export function mapLabel(taxonomy: Taxonomy, label: string, model?: string): string | null {
  const bare = bareLabel(label);
  const table = model === undefined ? undefined : taxonomy.models[model];
  if (table && table[bare] !== undefined) return table[bare];
  if (taxonomy.byId.has(bare)) return bare;
  if (taxonomy.dropped.some((d) => d.label === bare)) return null;
  for (const t of taxonomy.types) if (t.labels.some((l) => l.label === bare)) return t.id;
  const lower = bare.toLowerCase();
  if (taxonomy.dropped.some((d) => d.label.toLowerCase() === lower)) return null;
  for (const t of taxonomy.types) if (t.id.toLowerCase() === lower || t.labels.some((l) => l.label.toLowerCase() === lower)) return t.id;
  return null;
}

/** The type itself and its ancestors, nearest first. */
export function lineage(taxonomy: Taxonomy, id: string): string[] {
  const out: string[] = [];
  let t: EntityType | undefined = taxonomy.byId.get(id);
  while (t && !out.includes(t.id)) {
    out.push(t.id);
    t = t.parent === undefined ? undefined : taxonomy.byId.get(t.parent);
  }
  return out;
}

/**
 * Projects a predicted type onto the types a dataset annotates: the type if the dataset has it,
 * else its nearest ancestor the dataset has (Cancer counts as Disease on BC5CDR), else null.
 */
export function projectType(taxonomy: Taxonomy, id: string, allowed: ReadonlySet<string>): string | null {
  for (const t of lineage(taxonomy, id)) if (allowed.has(t)) return t;
  return null;
}

/** Every type whose projection onto `allowed` is not null: what a tagger should be asked for. */
export function typesProjectingOnto(taxonomy: Taxonomy, allowed: ReadonlySet<string>): Set<string> {
  return new Set(taxonomy.types.filter((t) => projectType(taxonomy, t.id, allowed) !== null).map((t) => t.id));
}

/** The hover links of a type for one mention. */
export function linksFor(taxonomy: Taxonomy, id: string, text: string): { name: string; url: string }[] {
  const t = taxonomy.byId.get(id);
  if (!t) return [];
  return t.links.map((l) => ({ name: l.name, url: l.url.replaceAll('{text}', encodeURIComponent(text)) }));
}
