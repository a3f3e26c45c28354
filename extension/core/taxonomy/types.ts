// SciWrite's entity taxonomy (models/taxonomy.json): the only entity types SciWrite shows or prints.

export interface TaxonomyLink {
  name: string;
  /** URL template; `{text}` is replaced by the URL-encoded mention. */
  url: string;
}

export interface TaxonomyLabel {
  /** Dataset or model family the label comes from ("BC5CDR", "generic", ...). */
  source: string;
  label: string;
}

export interface EntityType {
  id: string;
  /** Human-readable name, e.g. "Gene/Protein". */
  label: string;
  /** Theme-neutral semantic colour name the editor maps to theme colours. */
  colorRole: string;
  /** A coarser type this one counts as when a dataset has only the coarser label (Cancer → Disease). */
  parent?: string;
  domain: 'biomedical' | 'computer-science';
  links: TaxonomyLink[];
  labels: TaxonomyLabel[];
}

export interface Taxonomy {
  types: EntityType[];
  byId: Map<string, EntityType>;
  /** Dataset labels deliberately not shown (e.g. SciERC's Generic). */
  dropped: TaxonomyLabel[];
  /** Per Hub model id: its own entity labels → taxonomy type ids. */
  models: Record<string, Record<string, string>>;
}
