// Project discovery: the root file, the files of a project and its bibliographies.
export { collectProject, isMarkdownFile, type Project, type ProjectKind, type BibliographyReference, type MissingInclude, type CollectOptions } from './collect.ts';
export { findRootFile, findRootFileDetail, type RootFile, type RootReason } from './root.ts';
export { memoryProjectFileSystem, nodeProjectFileSystem, listManuscriptFiles, type ProjectFileSystem } from './file-system.ts';
