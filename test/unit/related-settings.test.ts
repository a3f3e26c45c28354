// The related-work settings: every field the server reads is declared in package.json with a
// description, a scope and the same default; malformed values fall back to the defaults, and the
// switches that decide whether anything leaves the machine cannot be set by a workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeRelatedSettings } from '../../extension/protocol/index.ts';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { markdownDescription?: string; scope?: string; default?: unknown }> } };
};

const NAMES: Record<string, (s: ReturnType<typeof normalizeRelatedSettings>) => unknown> = {
  'sciwrite.related.semanticScholar.enabled': (s) => s.semanticScholar.enabled,
  'sciwrite.related.semanticScholar.baseUrl': (s) => s.semanticScholar.baseUrl,
  'sciwrite.related.libraries': (s) => s.libraries,
  'sciwrite.bibliography.writeTarget': (s) => s.writeTarget,
  'sciwrite.related.crossrefBaseUrl': (s) => s.crossref.baseUrl,
  'sciwrite.related.crossrefMailto': (s) => s.crossref.mailto,
  'sciwrite.related.zoteroConnectorUrl': (s) => s.zotero.connectorUrl,
};

test('each related setting is declared with a description, a scope and the default the server uses', () => {
  const defaults = normalizeRelatedSettings({});
  for (const [name, read] of Object.entries(NAMES)) {
    const property = manifest.contributes.configuration.properties[name];
    assert.ok(property, `${name} is declared`);
    assert.ok(property.markdownDescription, `${name} has a description`);
    assert.ok(property.scope, `${name} has a scope`);
    assert.deepEqual(property.default, read(defaults), `${name}'s default`);
  }
  // A cloned repository's .vscode/settings.json must not turn on sending, nor redirect it.
  assert.equal(manifest.contributes.configuration.properties['sciwrite.related.semanticScholar.enabled'].scope, 'application');
  assert.equal(manifest.contributes.configuration.properties['sciwrite.related.semanticScholar.baseUrl'].scope, 'application');
  assert.equal(manifest.contributes.configuration.properties['sciwrite.related.crossrefBaseUrl'].scope, 'application');
  assert.equal(manifest.contributes.configuration.properties['sciwrite.related.zoteroConnectorUrl'].scope, 'application');
});

test('Semantic Scholar is off unless the setting is literally true; junk is ignored', () => {
  assert.equal(normalizeRelatedSettings(undefined).semanticScholar.enabled, false);
  assert.equal(normalizeRelatedSettings({ related: { semanticScholar: { enabled: 'true' } } }).semanticScholar.enabled, false);
  const read = normalizeRelatedSettings({
    related: { semanticScholar: { enabled: true, baseUrl: ' http://127.0.0.1:9/ ' }, libraries: ['a.bib', 3, '', ' b.json '] },
    bibliography: { writeTarget: 'refs.bib' },
  });
  assert.deepEqual(read, {
    semanticScholar: { enabled: true, baseUrl: 'http://127.0.0.1:9/' }, libraries: ['a.bib', 'b.json'], writeTarget: 'refs.bib',
    crossref: { baseUrl: '', mailto: '' }, zotero: { connectorUrl: '' },
  });
});
