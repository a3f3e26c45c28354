// The Crossref client (DOI lookups for "Add by DOI").
export * from './client.ts';
