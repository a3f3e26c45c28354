// The package.json `contributes` that puts the related-work view in the activity bar: what
// SciWrite's own manifest must hold (the probe extension in webview-vscode.test.ts uses this copy).
export const relatedViewContributes = {
  viewsContainers: {
    activitybar: [{ id: 'sciwrite', title: 'SciWrite', icon: 'media/sciwrite.svg' }],
  },
  views: {
    sciwrite: [{ type: 'webview', id: 'sciwrite.related', name: 'Related Work', contextualTitle: 'SciWrite' }],
  },
};
