import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, normalizeSettings } from '../../extension/protocol/settings.ts';

test('missing or malformed settings fall back to the defaults', () => {
  assert.deepEqual(normalizeSettings(undefined), defaultSettings);
  assert.deepEqual(normalizeSettings({ citations: { hover: { enabled: 'yes' } }, diagnostics: { delay: -5 } }), defaultSettings);
});

test('values are read and command names lose their backslash', () => {
  const settings = normalizeSettings({
    citations: { hover: { enabled: false, deferToLatexWorkshop: false }, completion: { enabled: false }, extraCommands: ['\\mycite', ' footfullcite ', 3, ''] },
    diagnostics: { enabled: false, delay: 0 },
    bibliography: { extraFiles: ['~/zotero.bib', null] },
    latex: { skipCommands: ['\\todo'], skipEnvironments: ['comment'] },
  });
  assert.equal(settings.citations.hover.enabled, false);
  assert.equal(settings.citations.hover.deferToLatexWorkshop, false);
  assert.equal(settings.citations.completion.enabled, false);
  assert.deepEqual(settings.citations.extraCommands, ['mycite', 'footfullcite']);
  assert.deepEqual(settings.diagnostics, { enabled: false, delay: 0 });
  assert.deepEqual(settings.bibliography.extraFiles, ['~/zotero.bib']);
  assert.deepEqual(settings.latex, { skipCommands: ['todo'], skipEnvironments: ['comment'] });
});

test('every setting the server reads is declared in package.json with a description and a scope', async () => {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { markdownDescription?: string; description?: string; scope?: string; default?: unknown }> } };
  };
  const declared = manifest.contributes.configuration.properties;
  const flatten = (value: unknown, prefix: string): [string, unknown][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.entries(value).flatMap(([key, inner]) => flatten(inner, `${prefix}.${key}`))
      : [[prefix, value]];
  for (const [name, value] of flatten(defaultSettings, 'sciwrite')) {
    const property = declared[name];
    assert.ok(property, `${name} is declared`);
    assert.ok(property.markdownDescription ?? property.description, `${name} has a description`);
    assert.ok(property.scope, `${name} has a scope`);
    assert.deepEqual(property.default, value, `${name}'s default matches`);
  }
});
