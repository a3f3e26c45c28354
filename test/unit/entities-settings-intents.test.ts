import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEditorSettings, normalizeEditorSettings } from '../../extension/protocol/editor.ts';
import { parseJsonc, readWorkspaceSection, referenceSummaries, summaryLine, type CitationIntentRecord } from '../../extension/analysis/editor/index.ts';

test('editor settings: defaults, malformed values ignored, Hub ids kept', () => {
  assert.deepEqual(normalizeEditorSettings(undefined).models, { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin', embeddings: 'builtin', quantization: 'int8' });
  const s = normalizeEditorSettings({ entities: { enabled: false, minScore: 7, hiddenTypes: ['Chemical', 3] }, models: { entities: ' fran-martinez/scibert_scivocab_cased_ner_jnlpba ', scicite: '', quantization: 'none' }, abbreviations: { diagnostics: false } });
  assert.equal(s.entities.enabled, false);
  assert.equal(s.entities.minScore, defaultEditorSettings.entities.minScore);
  assert.deepEqual(s.entities.hiddenTypes, ['Chemical']);
  assert.equal(s.models.entities, 'fran-martinez/scibert_scivocab_cased_ner_jnlpba');
  assert.equal(s.models.scicite, 'builtin');
  assert.equal(s.models.quantization, 'none');
  assert.equal(s.abbreviations.diagnostics, false);
});

test('workspace settings.json with comments and trailing commas, dotted and nested keys', async () => {
  assert.deepEqual(parseJsonc('{ // c\n "a": "http://x//y", /* b */ "b": [1,2,], }'), { a: 'http://x//y', b: [1, 2] });
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-ws-'));
  await mkdir(join(dir, '.vscode'));
  await writeFile(join(dir, '.vscode', 'settings.json'), '{\n  // the paper\'s models\n  "sciwrite.models.entities": "org/ner",\n  "editor.tabSize": 2,\n  "sciwrite.entities.minScore": 0.5,\n}\n');
  const s = normalizeEditorSettings(readWorkspaceSection(dir));
  assert.equal(s.models.entities, 'org/ner');
  assert.equal(s.entities.minScore, 0.5);
});

test('reference summaries: "cited 4×: 3 background, 1 method (SciCite) · …", keys matched case-insensitively', () => {
  const r = (keys: string[], scicite: string, aclarc: string): CitationIntentRecord => ({
    file: '/p.tex', span: { start: 0, end: 1 }, keys, sentence: 's', english: true,
    scicite: { label: scicite, scores: { [scicite]: 1 }, model: 'm' }, aclarc: { label: aclarc, scores: { [aclarc]: 1 }, model: 'm' },
  });
  const s = referenceSummaries([r(['Smith2020'], 'background', 'Background'), r(['smith2020', 'doe'], 'method', 'Uses'), r(['SMITH2020'], 'background', 'Background'), r(['smith2020'], 'background', 'Motivation')]);
  const smith = s.get('smith2020')!;
  assert.equal(smith.key, 'Smith2020');
  assert.equal(summaryLine(smith), 'cited 4×: 3 background, 1 method (SciCite) · 2 Background, 1 Motivation, 1 Uses (ACL-ARC)');
  assert.equal(summaryLine(smith, ['aclarc']), 'cited 4×: 2 Background, 1 Motivation, 1 Uses (ACL-ARC)');
  assert.equal(summaryLine(s.get('doe')!, ['scicite']), 'cited 1×: 1 method (SciCite)');
});
