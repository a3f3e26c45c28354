import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { loadTaxonomy, parseTaxonomy } from '../../extension/core/taxonomy/load.ts';
import { linksFor, mapLabel, projectType, typesProjectingOnto } from '../../extension/core/taxonomy/map.ts';
import { readNer } from '../../extension/core/eval/readers.ts';

const taxonomy = loadTaxonomy();
const data = new URL('../../../shared/datasets/ner/', import.meta.url);

test('every label of every shipped NER dataset maps to a taxonomy type or is deliberately dropped', { skip: !existsSync(data) && 'shared/datasets is not on this machine' }, () => {
  const files = ['BC5CDR/devel.tsv', 'BioNLP13CG/devel.tsv', 'BC2GM/devel.tsv', 'linnaeus/devel.tsv', 'NCBI-disease/devel.tsv', 'JNLPBA/devel.tsv', 'sciie/dev.conll'];
  for (const f of files) {
    const labels = new Set(readNer(readFileSync(new URL(f, data), 'utf8')).flatMap((s) => s.entities.map((e) => e.label)));
    assert.ok(labels.size > 0, f);
    for (const l of labels) {
      const t = mapLabel(taxonomy, l);
      const dropped = taxonomy.dropped.some((d) => d.label === l);
      assert.ok(t !== null || dropped, `${f}: ${l} maps nowhere`);
      if (t !== null) assert.ok(taxonomy.byId.has(t), 'the mapped type is in the taxonomy');
    }
  }
});

test('label mapping: datasets, BIO prefixes, case, Hub model tables, dropped labels', () => {
  assert.equal(mapLabel(taxonomy, 'B-Chemical'), 'Chemical');
  assert.equal(mapLabel(taxonomy, 'Simple_chemical'), 'Chemical');
  assert.equal(mapLabel(taxonomy, 'Species'), 'Organism');
  assert.equal(mapLabel(taxonomy, 'I-cell_line'), 'Cell');
  assert.equal(mapLabel(taxonomy, 'gene'), 'GeneProtein');
  assert.equal(mapLabel(taxonomy, 'protein', 'fran-martinez/scibert_scivocab_cased_ner_jnlpba'), 'GeneProtein');
  assert.equal(mapLabel(taxonomy, 'Generic'), null);
  assert.equal(mapLabel(taxonomy, 'OtherScientificTerm'), null);
  assert.equal(mapLabel(taxonomy, 'NoSuchLabel'), null);
});

test('projection onto a dataset’s types follows parents', () => {
  const bc5 = new Set(['Chemical', 'Disease']);
  assert.equal(projectType(taxonomy, 'Cancer', bc5), 'Disease');
  assert.equal(projectType(taxonomy, 'Chemical', bc5), 'Chemical');
  assert.equal(projectType(taxonomy, 'GeneProtein', bc5), null);
  assert.equal(projectType(taxonomy, 'Cancer', new Set(['Cancer', 'Disease'])), 'Cancer');
  const wanted = typesProjectingOnto(taxonomy, bc5);
  assert.ok(wanted.has('Cancer') && wanted.has('PathologicalFormation') && !wanted.has('Method'), 'the wanted types, not Method');
});

test('every type has a colour role and links whose template takes the mention', () => {
  for (const t of taxonomy.types) {
    assert.ok(t.colorRole.length > 0, 'every type has a colour role');
    assert.ok(t.links.length > 0, t.id);
  }
  const [uniprot] = linksFor(taxonomy, 'GeneProtein', 'TGF-β 1');
  assert.equal(uniprot.url, 'https://www.uniprot.org/uniprotkb?query=TGF-%CE%B2%201');
});

test('validation rejects broken taxonomies', () => {
  const good = JSON.parse(readFileSync(new URL('../../models/taxonomy.json', import.meta.url), 'utf8')) as { types: { id: string; parent?: string; labels: { source: string; label: string }[] }[] };
  assert.doesNotThrow(() => parseTaxonomy(good));
  const badParent = structuredClone(good);
  badParent.types[0].parent = 'Nope';
  assert.throws(() => parseTaxonomy(badParent), /parent/);
  const clash = structuredClone(good);
  clash.types[1].labels.push({ source: 'x', label: 'Gene_or_gene_product' });
  assert.throws(() => parseTaxonomy(clash), /maps to both/);
  assert.throws(() => parseTaxonomy({ format: 'other', types: [] }), /format/);
});
