// What the server shows after a series of edits equals what a fresh server shows for the final texts:
// entity highlights, diagnostics of the manuscript and its .bib, hovers on citations and entities,
// citation intents and the analysis (test/helpers/incremental-session.ts). Real papers of the corpus,
// seeded random edits as an editor sends them (test/helpers/random-edits.ts): typing and deleting in
// words, citation keys, math and comments, headings, pasted paragraphs and CRLF text, deleted lines,
// the preamble or front matter, and the .bib rewritten on disk or edited, saved and closed in the
// editor. SCIWRITE_DIFF_SEED and SCIWRITE_DIFF_EDITS replay another run; the divergences such runs
// found are reduced to their causes in incremental-divergences.test.ts.
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EditingSession, type Paper } from '../helpers/incremental-session.ts';
import { bibEdit, manuscriptEdit, seededRandom, type TextEditor } from '../helpers/random-edits.ts';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

interface CorpusPaper extends Paper {
  language: 'latex' | 'markdown';
  /** Edits start after this (the preamble or front matter is left alone). */
  body: RegExp;
}

const MINIMAP2: CorpusPaper = {
  name: 'minimap2', folder: `${corpus}minimap2`, manuscript: 'minimap2.tex', bib: 'minimap2.bib', languageId: 'latex', language: 'latex',
  body: /\\section\{Introduction\}/, citation: /\\cite[a-z]*\{([^}]+)\}/g,
};
const DONOR_RESPONSES: CorpusPaper = {
  name: 'donor-responses', folder: `${corpus}donor-responses`, manuscript: 'index.qmd', bib: 'references.bib', languageId: 'quarto', language: 'markdown',
  body: /# Introduction/, citation: /@([A-Za-z][\w:-]*\w)/g,
};

function keysOf(bib: TextEditor): string[] {
  return [...bib.text.matchAll(/@\w+\s*\{\s*([^,\s]+)\s*,/g)].map((m) => m[1]);
}

async function randomSession(paper: CorpusPaper, seed: number, count: number, signal: AbortSignal): Promise<void> {
  const random = seededRandom(seed);
  const session = await EditingSession.open(paper, random, signal);
  const bodyStart = session.manuscript.text.search(paper.body);
  try {
    for (let step = 0; step < count; step++) {
      if (random() < 0.8) {
        await session.editManuscript(manuscriptEdit(session.manuscript, { language: paper.language, bodyStart, keys: keysOf(session.bib) }));
        // now and then the server finishes before the next edit: its caches then serve the next pass
        if (random() < 0.5) await session.settled();
      } else if (random() < 0.15) await session.saveCloseAndReopen();
      else if (!session.bibIsOpen && random() < 0.5) await session.rewriteBib(bibEdit(session.bib, keysOf(session.bib)));
      else if (!session.bibIsOpen) await session.openBib();
      else if (random() < 0.75) await session.editBib(bibEdit(session.bib, keysOf(session.bib)));
      else await session.saveAndCloseBib();
    }
    await session.compareWithFresh(`${paper.name}, seed ${seed}, ${count} edits`);
  } finally {
    await session.close();
  }
  session.dispose();
}

const seed = Number(process.env.SCIWRITE_DIFF_SEED ?? 20250301);
const edits = Number(process.env.SCIWRITE_DIFF_EDITS ?? 30);

for (const paper of [MINIMAP2, DONOR_RESPONSES]) {
  test(`${paper.name}: after ${edits} random edits (seed ${seed}) the server shows what a fresh one shows`, { timeout: 120_000 }, async (t) => {
    await randomSession(paper, seed, edits, t.signal);
  });
}
