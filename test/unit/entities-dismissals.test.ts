import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dismissalMatcher, readDismissals, recordDismissal } from '../../extension/core/entities/dismissals.ts';
import { entityLinks, otherMentions } from '../../extension/core/entities/mentions.ts';
import { mapEntityLabel } from '../../extension/core/entities/labels.ts';
import { loadTaxonomy } from '../../extension/core/taxonomy/load.ts';

test('dismissals are written to .vscode/sciwrite.json, keep other keys, and match case- and space-insensitively', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sciwrite-dismiss-'));
  await mkdir(join(folder, '.vscode'));
  await writeFile(join(folder, '.vscode', 'sciwrite.json'), JSON.stringify({ related: { notRelevant: ['x'] }, entities: { comment: 'team list' } }));
  await recordDismissal(folder, { kind: 'notType', text: 'Heat  shock', type: 'Disease' });
  await recordDismissal(folder, { kind: 'never', text: 'GR' });
  await recordDismissal(folder, { kind: 'never', text: 'gr' });
  const doc = JSON.parse(await readFile(join(folder, '.vscode', 'sciwrite.json'), 'utf8'));
  assert.deepEqual(doc.related, { notRelevant: ['x'] });
  assert.equal(doc.entities.comment, 'team list');
  assert.deepEqual(doc.entities.never, ['GR']);
  assert.deepEqual(doc.entities.notType, [{ text: 'Heat shock', type: 'Disease' }]);
  assert.deepEqual((await readdir(join(folder, '.vscode'))).sort(), ['sciwrite.json']);
  const dismissed = dismissalMatcher(await readDismissals(folder));
  assert.equal(dismissed('heat\nshock', 'Disease'), true);
  assert.equal(dismissed('heat shock', 'GeneProtein'), false);
  assert.equal(dismissed('Gr', 'Chemical'), true);
  assert.equal(dismissed('GRs', 'Chemical'), false);
});

test('a missing or malformed file dismisses nothing, and recording into a malformed file refuses rather than overwrite it', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sciwrite-dismiss-'));
  assert.deepEqual(await readDismissals(folder), { never: [], notType: [] });
  await mkdir(join(folder, '.vscode'));
  await writeFile(join(folder, '.vscode', 'sciwrite.json'), '{ "entities": ');
  assert.deepEqual(await readDismissals(folder), { never: [], notType: [] });
  await assert.rejects(recordDismissal(folder, { kind: 'never', text: 'x' }), /not valid JSON/);
  assert.equal(await readFile(join(folder, '.vscode', 'sciwrite.json'), 'utf8'), '{ "entities": ');
});

test('other mentions: same text in any case, and an abbreviation with its long form', () => {
  const e = (start: number, prose: string, longForm?: string) => ({ span: { start, end: start + prose.length }, prose, longForm });
  const all = [e(0, 'glucocorticoid receptor'), e(40, 'GR', 'glucocorticoid receptor'), e(80, 'Glucocorticoid  receptor'), e(120, 'insulin'), e(160, 'GR', 'glucocorticoid receptor')];
  assert.deepEqual(otherMentions(all, all[0]).map((x) => x.span.start), [40, 80, 160]);
  assert.deepEqual(otherMentions(all, all[1]).map((x) => x.span.start), [0, 80, 160]);
  assert.deepEqual(otherMentions(all, all[3]), []);
});

test('taxonomy links and Hub labels', () => {
  const taxonomy = loadTaxonomy();
  const links = entityLinks(taxonomy, { type: 'GeneProtein', prose: 'GR', longForm: 'glucocorticoid receptor' });
  assert.ok(links.some((l) => l.name === 'UniProt' && l.url.includes('glucocorticoid%20receptor')), 'a UniProt search link');
  assert.ok(entityLinks(taxonomy, { type: 'Organism', prose: 'E. coli' }).some((l) => l.name === 'NCBI Taxonomy'), 'an NCBI Taxonomy link');
  // Papers with Code closed in 2025 (its domain redirects to Hugging Face): no link may point there
  assert.ok(entityLinks(taxonomy, { type: 'Method', prose: 'BERT' }).some((l) => l.url === 'https://www.semanticscholar.org/search?q=BERT'), 'a Semantic Scholar search');
  for (const type of taxonomy.types) for (const link of type.links) assert.ok(!link.url.includes('paperswithcode.com'), `${type.id}: ${link.url}`);
  assert.deepEqual(mapEntityLabel(taxonomy, 'B-protein', 'fran-martinez/scibert_scivocab_cased_ner_jnlpba'), { type: 'GeneProtein', known: true });
  assert.deepEqual(mapEntityLabel(taxonomy, 'cell_line', 'fran-martinez/scibert_scivocab_cased_ner_jnlpba'), { type: 'Cell', known: true });
  assert.deepEqual(mapEntityLabel(taxonomy, 'I-Chemical'), { type: 'Chemical', known: true });
  assert.deepEqual(mapEntityLabel(taxonomy, 'Weird_Label'), { type: 'Weird_Label', known: false });
  assert.equal(mapEntityLabel(taxonomy, 'Generic'), null);
  assert.equal(mapEntityLabel(taxonomy, 'O'), null);
});
