// Command identifiers shared by the client (package.json `contributes.commands`) and the server.
export const Commands = {
  /** Client command: show the uncited-entries report. */
  showUncitedEntries: 'sciwrite.showUncitedEntries',
  /** Client command: restart the language server. */
  restartServer: 'sciwrite.restartServer',
  /** Client command: store (or, left empty, remove) the Semantic Scholar API key in secret storage. */
  setSemanticScholarApiKey: 'sciwrite.setSemanticScholarApiKey',
  /** Client command: download SPECTER2 for the related-work ranking (asks first, once). */
  downloadSpecter2: 'sciwrite.downloadSpecter2',
} as const;

/** The settings section every SciWrite setting lives under. */
export const SettingsSection = 'sciwrite';
