// Zotero's local connector server (saving papers into the user's Zotero library).
export * from './connector.ts';
export * from './item.ts';
