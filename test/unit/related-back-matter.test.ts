// The acknowledgements, funding and contributions of a manuscript are no topic to search related work
// for, and their words (initials, grant numbers, funders) must never reach Semantic Scholar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';

const MARKDOWN = `---
title: Clustering marker genes
bibliography: refs.bib
---

# Introduction

Amplicon sequences are clustered into operational taxonomic units by their marker genes [@smith2020].

## Acknowledgements

KLS received support from the NIH Training Program in Bioinformatics (T32 GM070449).
`;

const BIB = `@article{smith2020, author = {Smith, Jane}, title = {Clustering amplicon sequences into operational taxonomic units}, journal = {Microbiome}, year = {2020}}
@article{doe2019, author = {Doe, John}, title = {Training programs in bioinformatics supported by the NIH}, journal = {Educ.}, year = {2019}}
`;

test('no related work is searched for from the acknowledgements; the paragraph before them still is', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sciwrite-related-back-matter-'));
  try {
    const file = join(dir, 'paper.md');
    await writeFile(file, MARKDOWN);
    await writeFile(join(dir, 'refs.bib'), BIB);
    const lines = MARKDOWN.split('\n');
    const workspace = createWorkspace();
    const thanks = await findRelated({ workspace }, { file, line: lines.findIndex((l) => l.startsWith('KLS')), scope: 'paragraph', offline: true, citedHere: 'last' });
    assert.equal(thanks.query, '', 'nothing of the acknowledgements is a query');
    assert.deepEqual(thanks.papers, []);
    assert.ok(thanks.status.messages.some((m) => /acknowledgements/i.test(m)), thanks.status.messages.join(' | '));
    const intro = await findRelated({ workspace }, { file, line: lines.findIndex((l) => l.startsWith('Amplicon')), scope: 'paragraph', offline: true, citedHere: 'last' });
    assert.match(intro.query, /operational taxonomic units/);
    const section = await findRelated({ workspace }, { file, line: lines.findIndex((l) => l.startsWith('Amplicon')), scope: 'document', offline: true, citedHere: 'last' });
    assert.doesNotMatch(section.query, /GM070449|KLS/, 'a document scope leaves them out too');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
