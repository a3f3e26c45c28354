// Protein names typed as computer science: retyped by their head word, checked against the gold
// entities of SciERC (where no entity ends with such a head) and BioNLP13CG (where they are proteins).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PROTEIN_HEADS, proteinHeadReason } from '../../extension/core/entities/protein-heads.ts';
import { readNer } from '../../extension/core/eval/readers.ts';

test('a Method or Material ending with a protein head word is a protein; one word alone, other heads and biomedical types are left', () => {
  assert.equal(proteinHeadReason('NMDA receptor', 'Method'), 'its head word “receptor” names a protein');
  assert.equal(proteinHeadReason('camkii holoenzymes', 'Method'), 'its head word “holoenzymes” names a protein');
  assert.equal(proteinHeadReason('protein kinase', 'Material'), 'its head word “kinase” names a protein');
  assert.equal(proteinHeadReason('receptors', 'Method'), undefined);
  assert.equal(proteinHeadReason('protein structure prediction', 'Task'), undefined);
  assert.equal(proteinHeadReason('NMDA receptor (NMDAR)', 'Method'), 'its head word “receptor” names a protein');
  assert.equal(proteinHeadReason('prediction of proteins', 'Task'), undefined, 'the head comes before "of"');
  assert.equal(proteinHeadReason('classification of enzymes', 'Method'), undefined);
  assert.equal(proteinHeadReason('LSTM cells', 'Method'), undefined);
  assert.equal(proteinHeadReason('NMDA receptor', 'Chemical'), undefined);
});

const data = (f: string) => new URL(`../../../shared/datasets/ner/${f}`, import.meta.url);
const SCIERC = [data('sciie/train.conll'), data('sciie/dev.conll')];
const BIONLP = [data('BioNLP13CG/train.tsv'), data('BioNLP13CG/devel.tsv')];

function goldEndingWithHeads(urls: URL[]): { total: number; byLabel: Map<string, number> } {
  const byLabel = new Map<string, number>();
  let total = 0;
  for (const url of urls) {
    for (const s of readNer(readFileSync(url, 'utf8'))) {
      for (const e of s.entities) {
        total++;
        if (e.end - e.start < 2 || !PROTEIN_HEADS.has(s.tokens[e.end - 1].toLowerCase())) continue;
        byLabel.set(e.label, (byLabel.get(e.label) ?? 0) + 1);
      }
    }
  }
  return { total, byLabel };
}

test('the head words end no SciERC entity, and BioNLP13CG names proteins with them', { skip: ![...SCIERC, ...BIONLP].every(existsSync) && 'shared/datasets is not on this machine' }, () => {
  const scierc = goldEndingWithHeads(SCIERC);
  assert.ok(scierc.total > 6000, `${scierc.total} SciERC entities read`);
  assert.deepEqual([...scierc.byLabel], [], 'no SciERC entity of two words or more ends with a protein head');
  const bionlp = goldEndingWithHeads(BIONLP);
  const proteins = bionlp.byLabel.get('Gene_or_gene_product') ?? 0;
  const all = [...bionlp.byLabel.values()].reduce((a, b) => a + b, 0);
  assert.ok(all > 100 && proteins / all >= 0.95, `BioNLP13CG: ${proteins} of ${all} such entities are genes or gene products (${JSON.stringify([...bionlp.byLabel])})`);
});
