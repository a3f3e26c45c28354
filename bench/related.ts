// Related-work evaluation and speed. Run: `node --import tsx bench/related.ts [--json]`.
//
// 1. Hidden-reference recall: for each corpus manuscript, for each paragraph that cites entries of its
//    own .bib, hide the citations (the query is the paragraph's prose with every citation removed, as the
//    panel builds it) and rank all of the .bib's entries with the lexical ranker (BM25 over title +
//    abstract + keywords). For each cited key, its rank gives recall@5, recall@10 and MRR, next to the
//    expected values of a random ranking over the same candidates. Two settings:
//      strict      - every entry competes, the paragraph's other cited papers included;
//      co-cited    - the paragraph's other cited papers are left out (the panel flags them "cited here").
// 2. Speed: ranking 5,000 library entries that already have vectors (BM25 + cosine + combination), with
//    the lexical index built per call and prebuilt (the panel keeps it per library).
// 3. Indexing 5,000 entries: the BM25 index built in one blocking pass, and sliced as the server builds it
//    (turns of the event loop between slices): total time, and the longest the event loop was held.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createWorkspace } from '../extension/analysis/index.ts';
import { libraryCandidates } from '../extension/analysis/related/library.ts';
import { normalize } from '../extension/core/related/cosine.ts';
import { buildLexicalIndex, lexicalIndex, rankCandidates } from '../extension/core/related/rank.ts';
import { proseWithoutCitations } from '../extension/core/related/scope.ts';
import type { RelatedCandidate } from '../extension/core/related/types.ts';

const corpus = fileURLToPath(new URL('../test/fixtures/corpus/', import.meta.url));
const MANUSCRIPTS = [
  'minimap2/minimap2.tex',
  'camkii-subunit-exchange/CaMKII_Paper_2018-elife.tex',
  'donor-responses/index.qmd',
  'optifit/paper.Rmd',
  'scipy-1.0/paper.tex',
  'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.tex',
];

export interface RecallRow {
  paper: string;
  setting: 'strict' | 'co-cited';
  queries: number;
  candidates: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
  randomRecallAt5: number;
  randomRecallAt10: number;
  randomMrr: number;
}

function harmonic(n: number): number {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  return h;
}

export async function hiddenReferenceEval(): Promise<RecallRow[]> {
  const rows: RecallRow[] = [];
  const totals = new Map<string, { n: number; r5: number; r10: number; mrr: number; x5: number; x10: number; xm: number; candidates: number }>();
  for (const name of MANUSCRIPTS) {
    const file = join(corpus, name);
    const workspace = createWorkspace();
    const project = await workspace.project(file, { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
    const library = libraryCandidates(project.bibliography.entries.values());
    const index = lexicalIndex(library);
    const byKey = new Map(library.map((c) => [c.key?.toLowerCase(), c]));
    for (const setting of ['strict', 'co-cited'] as const) {
      let n = 0, r5 = 0, r10 = 0, mrr = 0, x5 = 0, x10 = 0, xm = 0;
      for (const analysis of await project.files()) {
        for (const segment of analysis.segments) {
          const keys = [...new Set(segment.citations.flatMap((c) => c.occurrence.keys.map((k) => k.key.toLowerCase())))].filter((k) => byKey.has(k));
          if (keys.length === 0) continue;
          const query = proseWithoutCitations(segment);
          if (query.split(/\s+/).length < 5) continue;
          const ranked = rankCandidates(library, { query, index }).papers.map((p) => p.key?.toLowerCase());
          for (const key of keys) {
            const others = setting === 'co-cited' ? new Set(keys.filter((k) => k !== key)) : new Set<string>();
            const order = ranked.filter((k) => k !== undefined && !others.has(k));
            const pool = library.length - others.size;
            const position = order.indexOf(key);
            // Unscored entries tie at the bottom: the expected rank among them is the middle of the tail.
            const rank = position >= 0 ? position + 1 : order.length + (pool - order.length + 1) / 2;
            n++;
            if (rank <= 5) r5++;
            if (rank <= 10) r10++;
            mrr += position >= 0 ? 1 / rank : (harmonic(pool) - harmonic(order.length)) / (pool - order.length);
            x5 += Math.min(5, pool) / pool;
            x10 += Math.min(10, pool) / pool;
            xm += harmonic(pool) / pool;
          }
        }
      }
      if (n === 0) continue;
      rows.push({ paper: name.split('/')[0], setting, queries: n, candidates: library.length, recallAt5: r5 / n, recallAt10: r10 / n, mrr: mrr / n, randomRecallAt5: x5 / n, randomRecallAt10: x10 / n, randomMrr: xm / n });
      const t = totals.get(setting) ?? { n: 0, r5: 0, r10: 0, mrr: 0, x5: 0, x10: 0, xm: 0, candidates: 0 };
      totals.set(setting, { n: t.n + n, r5: t.r5 + r5, r10: t.r10 + r10, mrr: t.mrr + mrr, x5: t.x5 + x5, x10: t.x10 + x10, xm: t.xm + xm, candidates: t.candidates + library.length });
    }
  }
  for (const [setting, t] of totals) {
    rows.push({ paper: 'ALL (micro)', setting: setting as RecallRow['setting'], queries: t.n, candidates: t.candidates, recallAt5: t.r5 / t.n, recallAt10: t.r10 / t.n, mrr: t.mrr / t.n, randomRecallAt5: t.x5 / t.n, randomRecallAt10: t.x10 / t.n, randomMrr: t.xm / t.n });
  }
  return rows;
}

/** 5,000 library entries from the corpus .bib files (repeated with distinct keys), each with a 768-d unit vector. */
async function bigLibrary(size: number): Promise<RelatedCandidate[]> {
  const base: RelatedCandidate[] = [];
  for (const name of MANUSCRIPTS) {
    const project = await createWorkspace().project(join(corpus, name), { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [] });
    base.push(...libraryCandidates(project.bibliography.entries.values()));
  }
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const out: RelatedCandidate[] = [];
  for (let i = 0; i < size; i++) {
    const c = base[i % base.length];
    out.push({ ...c, id: `bib:${c.key}_${i}`, key: `${c.key}_${i}`, vector: normalize(Array.from({ length: 768 }, random)) });
  }
  return out;
}

export async function rankingSpeed(size = 5000, runs = 20): Promise<{ entries: number; msWithIndexBuild: number; msWithPrebuiltIndex: number }> {
  const library = await bigLibrary(size);
  const query = 'Long reads from single molecule sequencing are aligned to a reference genome with minimizers and chaining, much faster than earlier aligners at similar accuracy.';
  const queryVector = normalize(Array.from({ length: 768 }, (_, i) => Math.cos(i)));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const full: number[] = [];
  const prebuilt: number[] = [];
  const index = lexicalIndex(library);
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    rankCandidates(library, { query, queryVector, limit: 20 });
    full.push(performance.now() - t);
    t = performance.now();
    rankCandidates(library, { query, queryVector, limit: 20, index });
    prebuilt.push(performance.now() - t);
  }
  return { entries: size, msWithIndexBuild: median(full), msWithPrebuiltIndex: median(prebuilt) };
}

export async function indexingSpeed(size = 5000, runs = 5): Promise<{ entries: number; msBlocking: number; msSliced: number; msLongestSlice: number; slices: number }> {
  const library = await bigLibrary(size);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const blocking: number[] = [];
  const sliced: number[] = [];
  const longest: number[] = [];
  let slices = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    lexicalIndex(library);
    blocking.push(performance.now() - t);
    let held = 0;
    let sliceStart = performance.now();
    slices = 0;
    t = performance.now();
    await buildLexicalIndex(library, {
      pause: () => new Promise<void>((done) => {
        held = Math.max(held, performance.now() - sliceStart);
        slices++;
        setImmediate(() => {
          sliceStart = performance.now();
          done();
        });
      }),
    });
    held = Math.max(held, performance.now() - sliceStart);
    sliced.push(performance.now() - t);
    longest.push(held);
  }
  return { entries: size, msBlocking: median(blocking), msSliced: median(sliced), msLongestSlice: median(longest), slices };
}

async function main(): Promise<void> {
  const rows = await hiddenReferenceEval();
  const speed = await rankingSpeed();
  const indexing = await indexingSpeed();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ recall: rows, speed, indexing }, null, 2)}\n`);
    return;
  }
  const f = (x: number) => x.toFixed(3);
  console.log('Hidden-reference evaluation, lexical ranker (BM25) vs random, over each paper\'s own .bib');
  console.log('paper                       setting   queries  cands  R@5    R@10   MRR    | rnd R@5  rnd R@10  rnd MRR');
  for (const r of rows) console.log(`${r.paper.padEnd(27)} ${r.setting.padEnd(9)} ${String(r.queries).padStart(7)} ${String(r.candidates).padStart(6)}  ${f(r.recallAt5)}  ${f(r.recallAt10)}  ${f(r.mrr)}  | ${f(r.randomRecallAt5)}    ${f(r.randomRecallAt10)}     ${f(r.randomMrr)}`);
  const all = rows.find((r) => r.paper.startsWith('ALL') && r.setting === 'strict');
  if (all) console.log(`target recall@10 >= 0.5 (strict): ${all.recallAt10 >= 0.5 ? 'met' : 'NOT met'} (${f(all.recallAt10)})`);
  console.log(`\nRanking ${speed.entries} embedded entries (BM25 + cosine, median of 20): ${speed.msWithIndexBuild.toFixed(1)} ms with the BM25 index built per call, ${speed.msWithPrebuiltIndex.toFixed(1)} ms with it prebuilt (target < 100 ms)`);
  console.log(`Indexing ${indexing.entries} entries for BM25 (median of 5): ${indexing.msBlocking.toFixed(0)} ms in one blocking pass; ${indexing.msSliced.toFixed(0)} ms sliced as the server does it, in ${indexing.slices} slices, the event loop held at most ${indexing.msLongestSlice.toFixed(1)} ms at a time`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
