// The editor features of the language server (issue 5). server.ts hooks them in; see features.ts.
export { EDITOR_COMMANDS, EditorFeatures, editorFeaturesOf, installEditorFeatures, type EditorFeatureOptions } from './features.ts';
export { citationIntentMarkdown, editorHover, entityHover, entityMarkdown } from './hover.ts';
export { entityCodeActions } from './code-actions.ts';
