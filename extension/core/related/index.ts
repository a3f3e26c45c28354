// Related work, the pure part: query from a scope's prose, lexical and embedding rankers, merging and flags.
export * from './bm25.ts';
export * from './cite-text.ts';
export * from './cosine.ts';
export * from './identity.ts';
export * from './key-terms.ts';
export * from './merge.ts';
export * from './not-relevant.ts';
export * from './rank.ts';
export * from './scope.ts';
export * from './terms.ts';
export * from './types.ts';
