// Related work, the orchestration: sources → candidates → ranking; .bib writing on disk; SPECTER2.
export * from './add-paper.ts';
export * from './bib-engine.ts';
export * from './bib-file.ts';
export * from './embedding-cache.ts';
export * from './embedder-pick.ts';
export * from './embedding-choice.ts';
export * from './encoder-embedder.ts';
export * from './find-related.ts';
export * from './library.ts';
export * from './not-relevant-store.ts';
export * from './related-folders.ts';
export * from './settings.ts';
export * from './specter2.ts';
export * from './write-target.ts';
export * from './zotero.ts';
