// The taxonomy's types by field (models/taxonomy.json's `domain`, checked by a unit test): the types
// a biomedical reading gives, and those a computer-science reading gives.
export const BIOMEDICAL_TYPES: ReadonlySet<string> = new Set([
  'GeneProtein', 'Chemical', 'Disease', 'Cancer', 'PathologicalFormation', 'Cell', 'Anatomy', 'CellularComponent',
  'OrganismSubstance', 'Organism',
]);

export const COMPUTER_SCIENCE_TYPES: ReadonlySet<string> = new Set(['Task', 'Method', 'Metric', 'Material']);
