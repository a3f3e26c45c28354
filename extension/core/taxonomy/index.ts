export type { EntityType, Taxonomy, TaxonomyLabel, TaxonomyLink } from './types.ts';
export { loadTaxonomy, parseTaxonomy } from './load.ts';
export { findModelsDir } from './models-dir.ts';
export { bareLabel, lineage, linksFor, mapLabel, projectType, typesProjectingOnto } from './map.ts';
