// Planning .bib insertions that never touch existing bytes: style and key detection, escaping,
// duplicate detection, S2 BibTeX cleaning.
export * from './clean-s2.ts';
export * from './engine.ts';
export * from './escape.ts';
export * from './format.ts';
export * from './key-style.ts';
export * from './metadata.ts';
export * from './plan.ts';
export * from './style.ts';
