// The Semantic Scholar (and Crossref) client.
export * from './cache.ts';
export * from './client.ts';
export * from './convert.ts';
export * from './types.ts';
