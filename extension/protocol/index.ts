// The typed custom messages between the SciWrite client and server. Every method is `sciwrite/...`.
// Room for the editor features (issue 5): `entities.ts` (entities of a document, pushed per paragraph)
// and `intents.ts` (citation intents), each a file here re-exported below.
export * from './messages.ts';
export * from './ranges.ts';
export * from './bibliography.ts';
export * from './analysis.ts';
export * from './client-info.ts';
export * from './commands.ts';
export * from './settings.ts';
export * from './related.ts';
