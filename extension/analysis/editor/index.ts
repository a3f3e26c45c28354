// The editor features' analysis: entities paragraph by paragraph, abbreviations, citation intents.
export * from './models.ts';
export * from './scheduler.ts';
export * from './compose.ts';
export * from './intents.ts';
export * from './document-entities.ts';
export * from './abbreviation-findings.ts';
export * from './definition-votes.ts';
export * from './analyze-extras.ts';
export * from './workspace-files.ts';
export * from './downloaded-models.ts';
